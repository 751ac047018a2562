"""HTML pages: the main text as trafilatura extracts it, and the whole visible text beside it.

The document's ``text`` is trafilatura's main text (the article without menus, sidebars and footers),
which is what users who audit pages want judged. ``meta["visible_text"]`` keeps every visible line of the
page, one block element per line, as a naive scraper would see it: the boilerplate check counts those
lines across the corpus, so a site's template is recognised even on a page where trafilatura let a piece
of it into the main text. When trafilatura finds no main text, the visible text is the document.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
import trafilatura
from lxml import etree

from audit.document import Document
from audit.readers.decode import decode_bytes
from audit.readers.options import blank_text_error

# Elements whose text a reader never sees.
_INVISIBLE = frozenset(
    "script style noscript template svg iframe head select option object embed canvas math".split()
)
# Elements that start a new line of visible text.
_BLOCKS = frozenset(
    (
        "address article aside blockquote body dd details dialog div dl dt fieldset figcaption figure "
        "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead "
        "tfoot tr td th ul caption button label legend"
    ).split()
)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def read_html(data: bytes, doc_id: str, source: str) -> Document:
    html, encoding = decode_bytes(data)
    meta: dict[str, Any] = {"format": "html", "encoding": encoding}
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        return Document(doc_id, "", source, meta, f"unreadable HTML: {exc}")
    visible = visible_text(tree)
    extracted = trafilatura.bare_extraction(tree, with_metadata=True, include_comments=False)
    main = (extracted.text or "").strip() if extracted is not None else ""
    if extracted is not None:
        for key in ("title", "url", "date", "author", "sitename"):
            value = getattr(extracted, key, None)
            if isinstance(value, str) and value:
                meta[key] = value
    meta["visible_text"] = visible
    meta["extraction"] = "trafilatura main text" if main else "visible text (trafilatura found no main text)"
    text = main or visible
    return Document(doc_id, text, source, meta, blank_text_error(text))


def visible_text(tree: lxml.html.HtmlElement) -> str:
    """The page's visible text, one block element (or ``<br>``) per line, blank lines dropped."""
    pieces: list[str] = []
    _walk(tree, pieces)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)


def _walk(element: etree._Element, pieces: list[str], preformatted: bool = False) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    name = tag.lower().rpartition("}")[2]
    keep_newlines = preformatted or name == "pre"
    if name in _INVISIBLE or not tag:  # comments and processing instructions have no string tag
        _append(pieces, element.tail, preformatted)
        return
    block = name in _BLOCKS
    if block or name == "br":
        pieces.append("\n")
    if name != "br":
        _append(pieces, element.text, keep_newlines)
    for child in element:
        _walk(child, pieces, keep_newlines)
    if block:
        pieces.append("\n")
    _append(pieces, element.tail, preformatted)


def _append(pieces: list[str], text: str | None, keep_newlines: bool) -> None:
    if text:
        pieces.append(text if keep_newlines else text.replace("\n", " "))
