"""Corpus collectors run in helper processes give the results they give in-process, failures included."""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil
import pytest

from audit.check import CorpusCheck
from audit.collector_process import ADD_BATCH, CollectorProcess
from audit.collectors import collector_for
from audit.config import Config, Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor, build_auditor
from audit.parallel import BATCH_DOCUMENTS
from audit.scoring import Scorer
from checks.boilerplate import BoilerplateCheck
from checks.near_duplicate import NearDuplicateCheck

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FORK = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="test checks reach helpers by fork")


def crawl() -> list[Document]:
    """The samples, each also copied with a changed ending, under a shared site template."""
    template = "Leave a Reply\nShare on Facebook\nPlease log in to upload a file.\n"
    docs = []
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append(Document(path.stem, template + text, "crawl/a"))
        docs.append(Document(path.stem + "-copy", template + text + "\nUpdated at noon.", "crawl/b"))
    return docs


def in_process(check: CorpusCheck, docs: Sequence[Document], first: int = 0) -> list[dict[str, Any]]:
    collector = collector_for(check)
    for doc in docs:
        collector.add(check.sketch(doc))
    collector.finish()
    return [collector.result(i).to_dict() for i in range(first, len(docs))]


def in_helper(
    check: CorpusCheck, docs: Sequence[Document], context: str, first: int = 0
) -> list[dict[str, Any]]:
    helper = CollectorProcess(check, multiprocessing.get_context(context))
    try:
        for doc in docs:
            helper.add(check.sketch(doc))
        helper.finish(first)
        return [helper.result(i).to_dict() for i in range(first, len(docs))]
    finally:
        helper.close()


@pytest.mark.parametrize("check", [BoilerplateCheck(), NearDuplicateCheck()], ids=lambda c: c.name)
def test_a_built_in_check_gives_the_same_results_in_a_spawned_helper(check: CorpusCheck) -> None:
    docs = crawl()
    expected = in_process(check, docs)
    assert in_helper(check, docs, "spawn") == expected
    assert any(result["spans"] for result in expected)  # the crawl gives the checks something to find


@FORK
def test_a_resumed_run_gets_the_results_from_its_first_new_document_on() -> None:
    check, docs = NearDuplicateCheck(), crawl()
    assert in_helper(check, docs, "fork", first=3) == in_process(check, docs)[3:]


class Rank:
    """The rank of each document's length, with the process that ranked it."""

    def __init__(self, fail_on: int | None = None, fail_in: str = "") -> None:
        self.fail_on = fail_on
        self.fail_in = fail_in
        self.lengths: list[int] = []
        self.order: list[int] = []

    def add(self, sketch: int) -> None:
        if self.fail_in == "add" and sketch == self.fail_on:
            raise ValueError(f"cannot add {sketch}")
        self.lengths.append(sketch)

    def finish(self) -> None:
        if self.fail_in == "finish":
            raise OverflowError("ranks do not fit")
        if self.fail_in == "hang":
            time.sleep(60)
        self.order = sorted(self.lengths)

    def result(self, index: int) -> CheckResult:
        if self.fail_in == "result" and self.lengths[index] == self.fail_on:
            raise KeyError(index)
        if self.fail_in == "unpicklable" and self.lengths[index] == self.fail_on:
            return CheckResult(0.0, [], {"rank": lambda: 0})
        rank = self.order.index(self.lengths[index])
        return CheckResult(0.0, [], {"rank": rank, "pid": os.getpid()})


class RankCheck:
    name = "rank"
    description = "Each document's length rank in the corpus."

    def __init__(self, fail_on: int | None = None, fail_in: str = "") -> None:
        self.fail_on = fail_on
        self.fail_in = fail_in

    def sketch(self, doc: Document) -> int:
        return len(doc.text)

    def resolve(self, sketches: Sequence[int]) -> list[CheckResult]:
        raise AssertionError("a check with a collector is never resolved from a list")

    def collector(self) -> Rank:
        return Rank(self.fail_on, self.fail_in)


def docs_of_lengths(*lengths: int) -> list[Document]:
    return [Document(f"d{i}", "x" * n, "src") for i, n in enumerate(lengths)]


def helper_outcomes(check: RankCheck, docs: Sequence[Document]) -> list[Any]:
    """Each document's rank, or the exception its result raised, as the engine's guard would see it."""
    helper = CollectorProcess(check, multiprocessing.get_context("fork"))
    outcomes: list[Any] = []
    try:
        for doc in docs:
            helper.add(check.sketch(doc))
        helper.finish()
        for index in range(len(docs)):
            try:
                outcomes.append(helper.result(index).details["rank"])
            except Exception as exc:  # noqa: BLE001 - what the test looks at
                outcomes.append(f"{type(exc).__name__}: {exc}")
    finally:
        helper.close()
    return outcomes


@FORK
def test_results_are_computed_in_the_helper_and_cover_more_than_one_batch_of_sketches() -> None:
    lengths = [(i * 7919) % 1000 for i in range(ADD_BATCH + 50)]
    ranks = [sorted(lengths).index(n) for n in lengths]
    assert helper_outcomes(RankCheck(), docs_of_lengths(*lengths)) == ranks


@FORK
@pytest.mark.parametrize(
    ("fail_in", "expected"),
    [
        ("add", ["ValueError: cannot add 2"] * 3),
        ("finish", ["OverflowError: ranks do not fit"] * 3),
        ("result", [2, "KeyError: 1", 0]),
    ],
)
def test_a_collector_failure_is_raised_again_for_the_documents_it_concerns(
    fail_in: str, expected: list[object]
) -> None:
    assert helper_outcomes(RankCheck(fail_on=2, fail_in=fail_in), docs_of_lengths(3, 2, 1)) == expected


@FORK
def test_a_result_that_cannot_be_pickled_fails_its_own_document_with_the_reason() -> None:
    ranks = helper_outcomes(RankCheck(fail_on=2, fail_in="unpicklable"), docs_of_lengths(3, 2, 1))
    assert ranks[0] == 2 and ranks[2] == 0
    assert ranks[1].startswith("RuntimeError: ") and "Can't pickle" in ranks[1]


@FORK
@pytest.mark.parametrize("dies", ["before finish", "while finishing"])
def test_a_helper_that_dies_fails_with_a_clear_error(dies: str) -> None:
    me = psutil.Process()
    before = {child.pid for child in me.children()}
    helper = CollectorProcess(RankCheck(fail_in="hang"), multiprocessing.get_context("fork"))
    try:
        (started,) = [child for child in me.children() if child.pid not in before]
        helper.add(1)
        if dies == "while finishing":
            helper.finish()
        started.kill()
        started.wait(10)
        with pytest.raises(RuntimeError, match=r"^the process of the rank check ended unexpectedly$"):
            helper.finish() if dies == "before finish" else helper.result(0)
    finally:
        helper.close()


def auditor(workers: int, *checks: object) -> Auditor:
    weights = {check.name: 0.5 for check in checks}  # type: ignore[attr-defined]
    return Auditor(list(checks), Scorer(weights, Thresholds()), workers)  # type: ignore[arg-type]


@FORK
def test_on_a_pool_each_corpus_check_runs_in_a_helper_and_reports_as_in_process() -> None:
    docs = [Document(f"d{i}", "word " * ((i * 31) % 200 + 1), "src") for i in range(2 * BATCH_DOCUMENTS + 5)]
    docs[7] = Document("d7", "", "src", error="cannot read: permission denied")
    serial = [r.to_dict() for r in auditor(1, RankCheck()).audit(docs)]
    pooled = [r.to_dict() for r in auditor(2, RankCheck()).audit(docs)]
    pids = {r["checks"]["rank"]["details"].pop("pid") for r in pooled if r["error"] is None}
    for report in serial:
        report["checks"].get("rank", {}).get("details", {}).pop("pid", None)
    assert pooled == serial
    assert len(pids) == 1 and os.getpid() not in pids


@FORK
def test_on_a_pool_a_failing_corpus_check_is_reported_as_in_process() -> None:
    docs = docs_of_lengths(*range(1, 2 * BATCH_DOCUMENTS + 2))
    failing = RankCheck(fail_in="finish")
    serial = [r.to_dict() for r in auditor(1, failing).audit(docs)]
    pooled = [r.to_dict() for r in auditor(2, failing).audit(docs)]
    assert pooled == serial
    assert {r["error"] for r in pooled} == {"check 'rank' failed: OverflowError: ranks do not fit"}


def test_the_built_in_corpus_checks_report_the_same_with_helpers_as_without() -> None:
    docs = crawl() * (BATCH_DOCUMENTS // 10 + 1)
    docs = [Document(f"{doc.id}-{i}", doc.text, doc.source) for i, doc in enumerate(docs)]
    checks = ["boilerplate", "near_duplicate"]
    serial = [r.to_dict() for r in build_auditor(Config(), only=checks, workers=1).audit(docs)]
    pooled = [r.to_dict() for r in build_auditor(Config(), only=checks, workers=2).audit(docs)]
    assert pooled == serial
