"""HTML pages: trafilatura's main text is the document, the whole visible text rides along in meta."""

from __future__ import annotations

import gzip
from pathlib import Path

import lxml.html
import pytest

from audit.readers import ReadOptions, read_inputs
from audit.readers.html import visible_text

PARAGRAPHS = [
    "The ministers met in Brussels on Tuesday to discuss the future of the alliance and its budget.",
    "Officials said that the talks had been difficult, but that both sides wanted to reach a deal soon.",
    "The agreement would set out how much each member pays for the mission over the next five years.",
    "Several countries have asked for more time, and a decision is not expected before the summer.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><title>Allies meet in Brussels | Example News</title>
<meta charset="utf-8"><link rel="canonical" href="https://www.example.com/world/allies-meet">
<style>body {{ color: red }}</style><script>var tracking = "Home";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Allies meet in Brussels</h1>
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
<pre>line one
line two</pre>
</article>
<aside><h2>Related stories</h2><a href="/a">Markets fall</a><br><a href="/b">Storm hits coast</a></aside>
<footer><p>© 2021 Example News</p><p><a href="/privacy">Privacy Policy</a></p><!-- hidden --></footer>
</body></html>
"""


def read(*paths: Path | str) -> list:
    return list(read_inputs([str(p) for p in paths], ReadOptions()))


def test_an_html_page_is_read_as_its_main_text_with_the_visible_text_in_meta(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    [doc] = read(path)
    assert doc.error is None
    for paragraph in PARAGRAPHS:
        assert paragraph in doc.text
    assert "Privacy Policy" not in doc.text and "Sport" not in doc.text
    visible = doc.meta["visible_text"].splitlines()
    assert visible[:3] == ["Home", "World", "Sport"]
    assert {"Markets fall", "Storm hits coast", "© 2021 Example News", "Privacy Policy"} <= set(visible)
    assert "tracking" not in doc.meta["visible_text"] and "color: red" not in doc.meta["visible_text"]
    assert [line for line in visible if line.startswith("line ")] == ["line one", "line two"]
    assert doc.meta["format"] == "html"
    assert doc.meta["url"] == "https://www.example.com/world/allies-meet"
    assert doc.meta["extraction"] == "trafilatura main text"


@pytest.mark.parametrize("name", ["page.htm", "page.xhtml", "page"])
def test_html_is_recognised_by_extension_or_by_its_first_bytes(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(PAGE, encoding="utf-8")
    [doc] = read(path)
    assert doc.meta.get("format") == "html"
    assert PARAGRAPHS[0] in doc.text


def test_a_gzipped_page_is_read(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(PAGE.encode("utf-8")))
    [doc] = read(path)
    assert PARAGRAPHS[1] in doc.text


def test_a_page_without_main_text_is_its_visible_text(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text("<html><body><footer><p>Home</p><p>Contact</p></footer></body></html>")
    [doc] = read(path)
    assert doc.text == "Home\nContact"
    assert doc.meta["extraction"].startswith("visible text")


@pytest.mark.parametrize("content", [b"", b"<html></html>", b"<html><body>   </body></html>"])
def test_an_empty_page_is_an_error_document(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(content)
    [doc] = read(path)
    assert doc.text == "" and doc.error is not None


def test_a_windows_1252_page_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "legacy.html"
    body = "".join(f"<p>{p} Caf\u00e9 cr\u00e8me.</p>" for p in PARAGRAPHS)
    path.write_bytes(f"<html><body>{body}</body></html>".encode("cp1252"))
    [doc] = read(path)
    assert "Café crème" in doc.text
    assert doc.meta["encoding"] == "cp1252"


def test_visible_text_puts_each_block_and_break_on_its_own_line() -> None:
    tree = lxml.html.document_fromstring(
        "<html><body><div>One <b>bold</b> line</div>two<br>three<table><tr><td>a</td><td>b</td></tr></table>"
        "<noscript>hidden</noscript><p>  spaced \n  out  </p></body></html>"
    )
    assert visible_text(tree).splitlines() == ["One bold line", "two", "three", "a", "b", "spaced out"]
