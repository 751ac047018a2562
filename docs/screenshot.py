"""Regenerate the README's screenshots of the HTML report: ``.venv/bin/python docs/screenshot.py``.

Audits the five sample articles plus three damaged copies made here (decoded with the wrong codec,
sprinkled with replacement and invisible characters) with the installed ``textaudit`` and every check
it has, and photographs the report in Debian's chromium (``apt-get install chromium``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).resolve().parent
SAMPLES = DOCS.parent / "samples"
COMMAND = Path(sys.executable).parent / "textaudit"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
FLAGS += ["--disable-sync", "--no-first-run"]


def damaged_copies(folder: Path) -> None:
    article = sorted(SAMPLES.glob("*.txt"))[4].read_text(encoding="utf-8")
    first_paragraphs = "\n".join(article.splitlines()[:6])
    wrong_codec = first_paragraphs.encode("utf-8").decode("cp1252", errors="replace")
    (folder / "wrong-codec.txt").write_text(wrong_codec, encoding="utf-8")
    words = first_paragraphs.split(" ")
    (folder / "replacement-chars.txt").write_text(
        " ".join(w + "\ufffd" if i % 9 == 4 else w for i, w in enumerate(words)), encoding="utf-8"
    )
    (folder / "invisible-chars.txt").write_text(
        " ".join(w + "\u200b" if i % 40 == 7 else w for i, w in enumerate(words)), encoding="utf-8"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for sample in SAMPLES.glob("*.txt"):
            (corpus / sample.name).write_bytes(sample.read_bytes())
        damaged_copies(corpus)
        report = Path(tmp) / "report.html"
        scan = [str(COMMAND), "scan", "corpus", "--format", "html", "--output", str(report)]
        subprocess.run(scan, check=True, cwd=tmp)
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"),
                executable_path="/usr/bin/chromium",
                headless=True,
                args=FLAGS,
                viewport={"width": 1280, "height": 1040},
            )
            page = context.new_page()
            page.goto(report.as_uri())
            page.wait_for_selector("body[data-ready]")
            page.click("button[data-sort=trust]")
            page.screenshot(path=DOCS / "report.png")
            section = page.locator("article.doc", has=page.locator("h3", has_text="wrong-codec.txt"))
            section.scroll_into_view_if_needed()
            section.locator("mark").nth(1).hover()
            box = section.bounding_box()
            top = box["y"] + page.evaluate("window.scrollY") - 8
            page.screenshot(
                path=DOCS / "report-document.png",
                clip={"x": 0, "y": top, "width": 1280, "height": min(box["height"] + 16, 620)},
                full_page=True,
            )
            context.close()


if __name__ == "__main__":
    main()
