"""The process-pool engine gives the same reports as the in-process one, and survives a dying worker."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import psutil
import pytest

from audit.config import Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor
from audit.parallel import BATCH_DOCUMENTS, IN_PROCESS_BATCH_DOCUMENTS, batches, run_passes
from audit.passes import CheckRunner
from audit.scoring import Scorer


class VowelShareCheck:
    name = "vowels"
    description = "Share of vowels among letters."

    def __init__(self) -> None:
        self.parent_pid = os.getpid()  # pickled along to worker processes

    def run(self, doc: Document) -> CheckResult:
        letters = [c for c in doc.text.lower() if c.isalpha()]
        share = sum(c in "aeiou" for c in letters) / len(letters) if letters else 0.0
        return CheckResult(share, [], {"pid_is_worker": os.getpid() != self.parent_pid})


class ParentCheck:
    name = "parent"
    description = "Says whether the process that runs the check was forked by the auditing process itself."

    def __init__(self) -> None:
        self.auditor_pid = os.getpid()

    def run(self, doc: Document) -> CheckResult:
        return CheckResult(0.0, [], {"forked_by_auditor": os.getppid() == self.auditor_pid})


class SameLengthCheck:
    name = "same_length"
    description = "How many other documents have exactly this length."

    def sketch(self, doc: Document) -> int:
        return len(doc.text)

    def resolve(self, sketches: Sequence[int]) -> list[CheckResult]:
        counts = Counter(sketches)
        return [CheckResult(min(1.0, (counts[n] - 1) / 10), [], {"same": counts[n] - 1}) for n in sketches]


class CrashingCheck:
    name = "crashing"
    description = "Kills its process on one document, as a segfaulting extension would."

    def __init__(self) -> None:
        self.parent_pid = os.getpid()

    def run(self, doc: Document) -> CheckResult:
        if doc.text == "poison" and os.getpid() != self.parent_pid:
            os._exit(1)
        return CheckResult(0.0)


def corpus(n: int) -> list[Document]:
    docs = [Document(f"d{i}", f"document {i} " + "word " * (i % 17), f"src{i}") for i in range(n)]
    docs[5] = Document("d5", "", "src5", error="cannot read: permission denied")
    return docs


def reports_of(auditor: Auditor, docs: list[Document]) -> list[dict]:
    reports = [r.to_dict() for r in auditor.audit(docs)]
    for report in reports:
        report["checks"].get("vowels", {}).get("details", {}).pop("pid_is_worker", None)
    return reports


def make(workers: int, *checks: object) -> Auditor:
    weights = {c.name: 0.5 for c in checks}  # type: ignore[attr-defined]
    return Auditor(list(checks), Scorer(weights, Thresholds()), workers)  # type: ignore[arg-type]


def test_two_workers_give_the_same_reports_in_the_same_order_as_one() -> None:
    docs = corpus(3 * BATCH_DOCUMENTS + 7)
    serial = reports_of(make(1, VowelShareCheck(), SameLengthCheck()), docs)
    parallel = reports_of(make(2, VowelShareCheck(), SameLengthCheck()), docs)
    assert parallel == serial
    assert [r["id"] for r in parallel] == [d.id for d in docs]
    assert parallel[5]["error"] == "cannot read: permission denied"


def test_the_work_really_runs_in_worker_processes() -> None:
    docs = corpus(2 * BATCH_DOCUMENTS + 1)
    reports = list(make(2, VowelShareCheck()).audit(docs))
    assert all(r.checks["vowels"].details["pid_is_worker"] for r in reports if r.error is None)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked only on Linux")
def test_a_process_running_no_other_thread_forks_its_workers_directly() -> None:
    assert threading.active_count() == 1, [thread.name for thread in threading.enumerate()]
    reports = list(make(2, ParentCheck()).audit(corpus(2 * BATCH_DOCUMENTS + 1)))
    assert {r.checks["parent"].details["forked_by_auditor"] for r in reports if r.error is None} == {True}


def test_a_process_running_other_threads_starts_its_workers_from_a_fork_server() -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait, name="other work")
    other.start()
    try:
        reports = list(make(2, ParentCheck()).audit(corpus(2 * BATCH_DOCUMENTS + 1)))
    finally:
        stop.set()
        other.join()
    assert {r.checks["parent"].details["forked_by_auditor"] for r in reports if r.error is None} == {False}


def test_a_small_corpus_stays_in_process() -> None:
    reports = list(make(2, VowelShareCheck()).audit(corpus(10)))
    assert not any(r.checks["vowels"].details["pid_is_worker"] for r in reports if r.error is None)


def test_a_worker_killed_by_one_document_costs_only_that_document() -> None:
    docs = corpus(2 * BATCH_DOCUMENTS + 1)
    docs[40] = Document("d40", "poison", "src40")
    reports = list(make(2, CrashingCheck(), VowelShareCheck()).audit(docs))
    assert len(reports) == len(docs)
    assert reports[40].error == "a check crashed the worker process on this document"
    assert [r.id for r in reports if r.error is not None] == ["d5", "d40"]
    assert all("vowels" in r.checks for r in reports if r.error is None)


def test_documents_come_back_with_their_text_through_the_spool() -> None:
    docs = corpus(20)
    pairs = list(make(1, SameLengthCheck()).audit_documents(docs))
    assert [doc.text for doc, _ in pairs] == [d.text for d in docs]
    assert [report.id for _, report in pairs] == [d.id for d in docs]


def test_workers_and_helpers_end_when_the_process_that_started_them_is_killed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(f'{{"text": "Document number {i} of a long run."}}\n' for i in range(200_000)))
    command = [
        sys.executable,
        "-m",
        "audit",
        "scan",
        str(corpus),
        "-f",
        "jsonl",
        "-o",
        "/dev/null",
        "-w",
        "2",
    ]
    scan = psutil.Popen(command, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    # Two pool workers and a helper process for each of the two built-in corpus checks.
    while time.monotonic() < deadline and len(workers := _pool_workers(scan)) < 4:
        time.sleep(0.2)
    assert len(workers) >= 4, "the scan started its worker and helper processes"
    scan.send_signal(signal.SIGKILL)
    scan.wait()
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert not alive, [p.pid for p in alive]


def _pool_workers(scan: psutil.Process) -> list[psutil.Process]:
    """The scan's children that hold the built checks: its pool workers and corpus-check helpers, forked
    or started by a fork server (which holds them too). Waiting for a number of children instead would
    wait for a fork server that a forking scan never starts."""
    workers = []
    for child in scan.children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):
            if child.memory_info().rss > 50e6:  # a bare interpreter holds 10-20 MB
                workers.append(child)
    return workers


PROBE_MODULE = """
import os

from audit.document import CheckResult

IMPORTED_BY = os.getpid()


class ImportProbe:
    name = "probe"
    description = "Says whether this module was imported by the process that runs the check."

    def run(self, doc):
        return CheckResult(0.0, [], {"imported_here": IMPORTED_BY == os.getpid()})
"""

PROBE_RUN = """
import sys
import threading

from audit.config import Thresholds
from audit.document import Document
from audit.engine import Auditor
from audit.parallel import BATCH_DOCUMENTS, IN_PROCESS_BATCH_DOCUMENTS, batches, run_passes
from audit.passes import CheckRunner
from audit.scoring import Scorer
from import_probe import ImportProbe

if __name__ == "__main__":
    # A second thread, so that the workers come from the fork server rather than from a plain fork.
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    docs = [Document(f"d{i}", f"document {i}", "src") for i in range(4 * BATCH_DOCUMENTS)]
    checks = [ImportProbe()]
    if sys.argv[1:] == ["with-corpus-check"]:  # its helper starts the fork server, before the pool
        from checks.near_duplicate import NearDuplicateCheck

        checks.append(NearDuplicateCheck())
    auditor = Auditor(checks, Scorer({check.name: 0.5 for check in checks}, Thresholds()), workers=2)
    print(sorted({r.checks["probe"].details["imported_here"] for r in auditor.audit(docs)}))
"""


@pytest.mark.parametrize("corpus_check", ["", "with-corpus-check"])
def test_workers_find_the_checks_already_imported_by_the_fork_server(
    tmp_path: Path, corpus_check: str
) -> None:
    (tmp_path / "import_probe.py").write_text(PROBE_MODULE, encoding="utf-8")
    (tmp_path / "run_probe.py").write_text(PROBE_RUN, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    command = [sys.executable, str(tmp_path / "run_probe.py"), *filter(None, [corpus_check])]
    run = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    assert run.stdout.strip() == "[False]", run.stderr


class FirstCheck:
    """Writes down, in this process, each document it is given."""

    name = "first"
    description = "Records its documents."

    def __init__(self, seen: list[str]) -> None:
        self.seen = seen

    def run(self, doc: Document) -> CheckResult:
        self.seen.append(f"{self.name} {doc.id}")
        return CheckResult(0.0, [], {})


class SecondCheck(FirstCheck):
    name = "second"


def test_one_worker_takes_larger_batches_than_a_pool_worker() -> None:
    """In-process, each check takes up to IN_PROCESS_BATCH_DOCUMENTS documents before the next check
    starts; pool batches stay smaller, so that workers finish together."""
    seen: list[str] = []
    docs = [doc for doc in corpus(BATCH_DOCUMENTS + 10) if doc.error is None]
    list(run_passes(CheckRunner([FirstCheck(seen), SecondCheck(seen)]), docs, workers=1))
    assert seen == [f"first {doc.id}" for doc in docs] + [f"second {doc.id}" for doc in docs]
    in_process = batches(corpus(IN_PROCESS_BATCH_DOCUMENTS + 1), IN_PROCESS_BATCH_DOCUMENTS)
    assert [len(batch) for batch in in_process] == [IN_PROCESS_BATCH_DOCUMENTS, 1]
    assert [len(batch) for batch in batches(corpus(BATCH_DOCUMENTS + 1))] == [BATCH_DOCUMENTS, 1]


def test_a_batch_ends_once_it_holds_its_characters() -> None:
    docs = [Document(str(i), "x" * 40, "s") for i in range(10)]
    assert [len(batch) for batch in batches(docs, documents=100, characters=100)] == [3, 3, 3, 1]
