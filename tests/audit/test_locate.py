"""Finding the one document a user names: by id, by source, by the start of an id; never guessing."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pytest

from audit.config import Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor
from audit.locate import DocumentNotFoundError, find_audited, only_document
from audit.scoring import Scorer
from checks.encoding import EncodingCheck

DOCS = [
    Document("003_3e86.txt", "Third.", "samples/003_3e86.txt"),
    Document("004_6e11.txt", "Fourth.", "samples/004_6e11.txt"),
    Document("004_7f00.txt", "Other fourth.", "samples/004_7f00.txt"),
    Document("crawl.jsonl:2", "A record without an id.", "data/crawl.jsonl:2"),
]


class CopiesCheck:
    """A corpus check: how many documents share this text."""

    name = "copies"
    description = "Exact copies in the corpus."

    def sketch(self, doc: Document) -> str:
        return doc.text

    def resolve(self, sketches: Sequence[str]) -> list[CheckResult]:
        counts = Counter(sketches)
        return [CheckResult(0.0, [], {"copies": counts[s]}) for s in sketches]


def auditor(*checks: object) -> Auditor:
    return Auditor(list(checks), Scorer({}, Thresholds()))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ("004_6e11.txt", "004_6e11.txt"),  # exact id
        ("samples/004_7f00.txt", "004_7f00.txt"),  # exact source, as a path typed in a shell
        ("003", "003_3e86.txt"),  # unique start of an id
        ("crawl.jsonl:2", "crawl.jsonl:2"),  # a record without an id field
    ],
)
def test_a_document_is_found_by_id_source_or_unique_prefix(wanted: str, found: str) -> None:
    doc, report = find_audited(auditor(EncodingCheck()), DOCS, wanted)
    assert doc.id == report.id == found
    assert "encoding" in report.checks


def test_an_exact_id_wins_over_a_longer_id_it_starts() -> None:
    docs = [Document("page-10", "Ten.", "a:1"), Document("page-1", "One.", "a:2")]
    doc, _ = find_audited(auditor(EncodingCheck()), docs, "page-1")
    assert doc.text == "One."


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        ("004", "2 documents have ids starting with '004': 004_6e11.txt, 004_7f00.txt"),
        ("nope", "no document 'nope' among 4 documents (ids look like: 003_3e86.txt, 004_6e11.txt"),
    ],
)
def test_an_ambiguous_or_unknown_name_says_what_would_match(wanted: str, message: str) -> None:
    with pytest.raises(DocumentNotFoundError, match="^" + message.replace("(", r"\(")):
        find_audited(auditor(EncodingCheck()), DOCS, wanted)


def test_with_a_corpus_check_the_whole_corpus_is_audited() -> None:
    docs = [*DOCS, Document("copy", "Fourth.", "copy.txt")]
    _, report = find_audited(auditor(CopiesCheck()), docs, "004_6e11.txt")
    assert report.checks["copies"].details == {"copies": 2}


def test_an_input_with_several_documents_asks_for_an_id() -> None:
    with pytest.raises(
        DocumentNotFoundError, match=r"holds 4 documents: .*textaudit explain 003_3e86.txt 'my dir'"
    ):
        only_document(DOCS, "my dir")
    assert only_document(DOCS[:1], "one.txt") is DOCS[0]
