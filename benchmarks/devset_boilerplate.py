"""Line-level precision and recall of the boilerplate check on the development set.

    .venv/bin/python benchmarks/devset_boilerplate.py [--devset PATH] [--margin M] [--per-page] [--fragments]

Each page of ``devset/boilerplate/readability_testpages_debris_lines.jsonl`` is one document; all pages
are audited together, as ``textaudit scan`` would audit the file, so template lines are counted across
them. A line counts as flagged when a boilerplate span lies on it. ``meta`` lines (page title, byline)
are left out. Figures are given over the whole page and inside ``content_line_range`` (the article body,
where a main-content extractor would already have cut the page down), with the share of content lines
that would be removed.

The shipped main-text model was fitted on these same pages, so these figures are in-sample; the
cross-validated figures (grouped by page) are printed by ``training/train_boilerplate.py`` and stored in
``checks/data/boilerplate_model.json``.

``--fragments`` counts the debris lines that are pieces of the article's own sentences, split off by a
link or other inline element ("to the", "and inspecting them."): the labels call them debris, but a
check that never cuts words out of a sentence cannot remove them, which bounds its recall.
"""

from __future__ import annotations

import argparse
import bisect
import dataclasses
import json
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks.boilerplate import BoilerplateCheck, BoilerplateSettings  # noqa: E402

DEVSET = REPO.parent / "shared" / "devset" / "boilerplate" / "readability_testpages_debris_lines.jsonl"


@dataclass(frozen=True)
class Page:
    name: str
    text: str
    labels: list[str]  # one per line of text: content, debris or meta
    body: tuple[int, int]  # content_line_range, inclusive
    document: Document
    gold: str = ""  # gold_text: the article as Readability extracts it


@dataclass(frozen=True)
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn, self.tn + other.tn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def content_removed(self) -> float:
        return self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0

    def line(self) -> str:
        return (
            f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"content lines removed={100 * self.content_removed:.2f}% ({self.fp} of {self.fp + self.tn})"
        )

    def to_dict(self) -> dict[str, float]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "content_removed": round(self.content_removed, 4),
        }


def load_pages(path: Path = DEVSET) -> list[Page]:
    pages = []
    with open(path, encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            record = json.loads(raw)
            text = record["text"]
            doc = Document(record["page_name"], text, f"{path}:{number}", {})
            start, end = record["content_line_range"]
            labels, gold = record["line_labels"], record["gold_text"]
            pages.append(Page(record["page_name"], text, labels, (start, end), doc, gold))
    return pages


def flagged_lines(page: Page, span_starts: Iterable[int]) -> list[bool]:
    """Which lines of the page (split on newlines, as the labels are) carry a span."""
    line_starts = [0]
    for index, char in enumerate(page.text):
        if char == "\n":
            line_starts.append(index + 1)
    flags = [False] * len(line_starts)
    for start in span_starts:
        flags[bisect.bisect_right(line_starts, start) - 1] = True
    return flags


def count(page: Page, flags: Sequence[bool], inside_body: bool) -> Counts:
    tp = fp = fn = tn = 0
    lo, hi = page.body
    for index, (label, flag) in enumerate(zip(page.labels, flags, strict=True)):
        if label == "meta" or (inside_body and not lo <= index <= hi):
            continue
        debris = label == "debris"
        tp += flag and debris
        fp += flag and not debris
        fn += debris and not flag
        tn += not debris and not flag
    return Counts(tp, fp, fn, tn)


def audit_pages(pages: Sequence[Page], check: BoilerplateCheck) -> list[list[bool]]:
    return resolve_pages(pages, check, [check.sketch(page.document) for page in pages])


def resolve_pages(
    pages: Sequence[Page], check: BoilerplateCheck, sketches: Sequence[Any]
) -> list[list[bool]]:
    """Flagged lines of every page from sketches already taken (one pass can then try many settings)."""
    results = check.resolve(sketches)
    return [
        flagged_lines(page, (span.start for span in result.spans))
        for page, result in zip(pages, results, strict=True)
    ]


def sentence_fragments(page: Page) -> list[bool]:
    """Which debris lines are pieces of the article's own sentences: a line of under 4 words that, joined
    with the line before or after it, reads as a stretch of at least 4 words of the gold text ("to the",
    "and inspecting them." where a link split a sentence). The labels call them debris, since only lines
    of 4 or more words are matched against the gold by substring, but removing one cuts words out of a
    sentence."""
    gold = _plain(page.gold)
    lines = page.text.split("\n")
    fragments = [False] * len(lines)
    for i, (label, line) in enumerate(zip(page.labels, lines, strict=True)):
        if label != "debris" or len(_plain(line).split()) >= 4:
            continue
        before = _plain(f"{lines[i - 1]} {line}") if i else ""
        after = _plain(f"{line} {lines[i + 1]}") if i + 1 < len(lines) else ""
        fragments[i] = any(len(joined.split()) >= 4 and joined in gold for joined in (before, after))
    return fragments


def _plain(text: str) -> str:
    """The dev set's normalisation: NFKC, plain quotes and dashes, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_PLAIN_MARKS)
    return " ".join(text.lower().split())


_PLAIN_MARKS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def fragment_report(pages: Sequence[Page], flags: Sequence[Sequence[bool]]) -> list[str]:
    """How many debris lines are sentence fragments, the best F1 a check that never cuts a sentence can
    reach, and this check's figures with the fragments counted as content."""
    rows = []
    each_page = [sentence_fragments(page) for page in pages]
    for inside_body, where in ((False, "whole page"), (True, "article body")):
        debris = fragments = 0
        relabelled = Counts()
        for page, page_flags, is_fragment in zip(pages, flags, each_page, strict=True):
            lo, hi = page.body
            for index, label in enumerate(page.labels):
                if label == "debris" and (not inside_body or lo <= index <= hi):
                    debris += 1
                    fragments += is_fragment[index]
            labels = ["content" if f else label for label, f in zip(page.labels, is_fragment, strict=True)]
            relabelled += count(dataclasses.replace(page, labels=labels), page_flags, inside_body)
        recall = 1 - fragments / debris if debris else 0.0
        rows.append(
            f"{where}: {fragments} of {debris} debris lines are sentence fragments; never cutting a "
            f"sentence, recall <= {recall:.3f} and F1 <= {2 * recall / (1 + recall):.3f}"
        )
        rows.append(f"  fragments counted as content: {relabelled.line()}")
    return rows


def figures(pages: Sequence[Page], flags: Sequence[Sequence[bool]]) -> tuple[Counts, Counts]:
    whole, body = Counts(), Counts()
    for page, page_flags in zip(pages, flags, strict=True):
        whole += count(page, page_flags, inside_body=False)
        body += count(page, page_flags, inside_body=True)
    return whole, body


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--margin", type=float, default=BoilerplateSettings().margin)
    parser.add_argument("--per-page", action="store_true", help="also print each page's counts")
    parser.add_argument(
        "--fragments",
        action="store_true",
        help="also count the debris lines that are pieces of the article's sentences, and their ceiling",
    )
    args = parser.parse_args()
    pages = load_pages(args.devset)
    check = BoilerplateCheck(BoilerplateSettings(margin=args.margin))
    flags = audit_pages(pages, check)
    whole, body = figures(pages, flags)
    print(f"{len(pages)} pages, margin {args.margin} (in-sample: the model was fitted on these pages)")
    print(f"whole page:   {whole.line()}")
    print(f"article body: {body.line()}")
    if args.fragments:
        for row in fragment_report(pages, flags):
            print(row)
    if args.per_page:
        for page, page_flags in zip(pages, flags, strict=True):
            print(f"  {page.name:28s} {count(page, page_flags, inside_body=False).line()}")


if __name__ == "__main__":
    main()
