"""The engine: one pass, document and corpus checks together, nothing lost when a check breaks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import pytest

from audit.config import Config, ConfigError, Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor, build_auditor
from audit.registry import discover
from audit.scoring import Scorer
from checks._build_cache import CACHE_ENV


class LengthCheck:
    """Short texts are risky: a document check."""

    name = "short"
    description = "Documents under 20 characters."

    def run(self, doc: Document) -> CheckResult:
        return CheckResult(1.0 if len(doc.text) < 20 else 0.0)


class RepeatedTextCheck:
    """Texts that occur more than once in the corpus: a corpus check."""

    name = "repeated"
    description = "Exact copies within the corpus."

    def sketch(self, doc: Document) -> str:
        return doc.text

    def resolve(self, sketches: Sequence[str]) -> list[CheckResult]:
        counts = Counter(sketches)
        return [CheckResult(1.0 if counts[s] > 1 else 0.0, [], {"copies": counts[s]}) for s in sketches]


class BrokenCheck:
    name = "broken"
    description = "Raises on documents that mention a word."

    def run(self, doc: Document) -> CheckResult:
        if "boom" in doc.text:
            raise RuntimeError("cannot handle boom")
        return CheckResult(0.0)


def auditor(*checks: object) -> Auditor:
    weights = {check.name: 1.0 for check in checks}  # type: ignore[attr-defined]
    return Auditor(list(checks), Scorer(weights, Thresholds()))  # type: ignore[arg-type]


DOCS = [
    Document("a", "A long enough original text.", "a.txt"),
    Document("b", "Tiny.", "b.txt"),
    Document("c", "", "c.txt", error="cannot read: permission denied"),
    Document("d", "A long enough original text.", "d.txt"),
]


def test_reports_keep_input_order_and_combine_document_and_corpus_checks() -> None:
    reports = list(auditor(LengthCheck(), RepeatedTextCheck()).audit(DOCS))
    assert [r.id for r in reports] == ["a", "b", "c", "d"]
    assert [r.checks["repeated"].details["copies"] for r in reports if r.error is None] == [2, 1, 2]
    assert [r.trust for r in reports] == [0.0, 0.0, 0.0, 0.0]
    assert reports[1].checks["short"].risk == 1.0 and reports[1].checks["repeated"].risk == 0.0


def test_unreadable_documents_are_reported_with_their_error_and_trust_zero() -> None:
    report = list(auditor(LengthCheck()).audit(DOCS))[2]
    assert (report.error, report.trust, report.verdict, report.checks) == (
        "cannot read: permission denied",
        0.0,
        "reject",
        {},
    )


def test_a_failing_check_is_reported_on_its_document_and_the_run_goes_on() -> None:
    docs = [
        Document("x", "boom goes the check, loudly", "x"),
        Document("y", "a quiet text, long enough", "y"),
    ]
    reports = list(auditor(BrokenCheck(), LengthCheck()).audit(docs))
    assert reports[0].error == "check 'broken' failed: RuntimeError: cannot handle boom"
    assert reports[0].checks["broken"].details == {"error": "RuntimeError: cannot handle boom"}
    assert reports[0].checks["short"].risk == 0.0
    assert reports[1].error is None


def test_build_auditor_takes_settings_and_weights_from_config() -> None:
    config = Config(weights={"encoding": 0.2}, settings={"encoding": {"scale": 5.0}})
    built = build_auditor(config)
    [encoding] = [c for c in built.checks if c.name == "encoding"]
    assert encoding.settings.scale == 5.0  # type: ignore[union-attr]
    assert built.scorer.weights["encoding"] == 0.2
    assert build_auditor(Config(), skip=["encoding"]).check_names == [
        name for name in discover() if name != "encoding"
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (Config(checks=("nope",)), "unknown check nope"),
        (Config(settings={"encoding": {"bogus": 1}}), "has no setting bogus"),
        (Config(settings={"encoding": {"scale": "big"}}), "encoding.scale must be float"),
    ],
)
def test_build_auditor_rejects_what_it_cannot_run(config: Config, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        build_auditor(config)


def test_thresholds_reach_the_verdicts() -> None:
    strict = Auditor([LengthCheck()], Scorer({"short": 0.5}, Thresholds(keep=99, review=50)))
    [report] = strict.audit([Document("t", "tiny", "t")])
    assert (report.trust, report.verdict) == (50.0, "review")


class ShortAndRepeatedClaimCheck:
    """Reads another check's result: a document check with ``needs``."""

    name = "claims"
    description = "Flags texts that another check found short."
    needs = ("short",)

    def run(self, doc: Document, needed: dict[str, CheckResult]) -> CheckResult:
        short = needed.get("short")
        return CheckResult(0.5 if short is not None and short.risk > 0 else 0.0, [], {"saw": sorted(needed)})


def test_a_check_that_needs_another_runs_after_it_and_reads_its_result() -> None:
    reports = list(auditor(ShortAndRepeatedClaimCheck(), LengthCheck()).audit(DOCS[:2]))
    assert [r.checks["claims"].risk for r in reports] == [0.0, 0.5]
    assert reports[0].checks["claims"].details == {"saw": ["short"]}
    assert list(reports[0].checks) == ["claims", "short"]


def test_a_needed_check_that_is_not_enabled_is_simply_absent() -> None:
    [report] = auditor(ShortAndRepeatedClaimCheck()).audit(DOCS[:1])
    assert report.checks["claims"].details == {"saw": []}


def test_audit_documents_pairs_each_document_with_its_report() -> None:
    pairs = list(auditor(RepeatedTextCheck()).audit_documents(DOCS))
    assert [(doc.id, report.id) for doc, report in pairs] == [(d.id, d.id) for d in DOCS]
    assert pairs[0][0].text == DOCS[0].text


class LengthRankCollector:
    """Keeps only one number per document and ranks them once the corpus is in."""

    def __init__(self) -> None:
        self.lengths: list[int] = []
        self.ranks: list[int] = []
        self.asked: list[int] = []

    def add(self, sketch: int) -> None:
        self.lengths.append(sketch)

    def finish(self) -> None:
        order = sorted(range(len(self.lengths)), key=lambda i: self.lengths[i])
        self.ranks = [0] * len(order)
        for rank, index in enumerate(order):
            self.ranks[index] = rank

    def result(self, index: int) -> CheckResult:
        self.asked.append(index)
        return CheckResult(0.0, [], {"rank": self.ranks[index]})


class LengthRankCheck:
    name = "rank"
    description = "Each document's length rank in the corpus, kept in a compact collector."

    def __init__(self) -> None:
        self.made: list[LengthRankCollector] = []

    def sketch(self, doc: Document) -> int:
        return len(doc.text)

    def resolve(self, sketches: Sequence[int]) -> list[CheckResult]:
        raise AssertionError("a check with a collector is never resolved from a list")

    def collector(self) -> LengthRankCollector:
        self.made.append(LengthRankCollector())
        return self.made[-1]


def test_a_corpus_check_may_collect_its_sketches_itself_and_answer_one_document_at_a_time() -> None:
    check = LengthRankCheck()
    reports = list(auditor(check).audit(DOCS))
    assert [r.checks["rank"].details["rank"] for r in reports if r.error is None] == [1, 0, 2]
    assert check.made[0].asked == [0, 1, 2]


def test_skipped_documents_are_sketched_for_the_corpus_but_not_reported_again() -> None:
    full = list(auditor(RepeatedTextCheck(), LengthCheck()).audit_documents(DOCS))
    resumed = list(auditor(RepeatedTextCheck(), LengthCheck()).audit_documents(DOCS, skip=2))
    assert [report.id for _, report in resumed] == ["c", "d"]
    assert [r.to_dict() for _, r in resumed] == [r.to_dict() for _, r in full[2:]]
    assert resumed[1][1].checks["repeated"].details["copies"] == 2  # "a" was skipped but still counted


def test_a_resumed_run_reports_the_built_in_corpus_checks_as_the_full_run_does() -> None:
    template = "Leave a Reply\nShare on Facebook\n"
    story = "The council met on Tuesday to agree a budget for the harbour, the schools and the new bridge.\n"
    docs = [
        Document(f"d{n}", template + story.replace("Tuesday", day) + "Residents asked about it.\n", "crawl")
        for n, day in enumerate(["Monday", "Tuesday", "Monday", "Friday", "Tuesday", "Sunday"])
    ]
    docs.insert(2, Document("unreadable", "", "crawl", error="cannot read it"))
    auditor = build_auditor(Config(), only=["boilerplate", "near_duplicate"])
    full = [report.to_dict() for _, report in auditor.audit_documents(docs)]
    resumed = [report.to_dict() for _, report in auditor.audit_documents(docs, skip=4)]
    assert resumed == full[4:]
    assert all(report["error"] is None for report in full if report["id"] != "unreadable")
    assert full[-1]["checks"]["near_duplicate"]["details"]["cluster_size"] >= 2


def test_a_default_audit_imports_none_of_the_packages_only_a_build_needs(
    samples: Path, tmp_path: Path
) -> None:
    # scipy (through datasketch), datasketch and wordfreq cost every scan over half a second of imports;
    # what the checks take from them is kept in the build cache after the first run.
    script = (
        "import sys; from audit.config import load_config; from audit.engine import build_auditor; "
        "from audit.readers import ReadOptions; "
        "auditor = build_auditor(load_config(), workers=1); "
        f"reports = list(auditor.audit_paths([{str(samples)!r}], ReadOptions())); "
        "print(len(reports), sorted(m for m in ('scipy', 'datasketch', 'wordfreq') if m in sys.modules))"
    )
    environment = {**os.environ, CACHE_ENV: str(tmp_path)}
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)
    assert first.returncode == 0, first.stderr
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)
    assert again.stdout.split(maxsplit=1) == ["5", "[]\n"], again.stderr
