"""The per-document pass over a batch: each check takes the whole batch in turn, and every document
gets what it would get alone."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import ClassVar

from audit.config import load_config
from audit.document import CheckResult, Document, Span
from audit.engine import build_auditor
from audit.passes import CheckRunner, PassResult
from audit.truncation import truncate_long_lines


class Recording:
    """Writes down which document each check saw, in the order it saw them."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []


class LengthCheck:
    name: ClassVar[str] = "length"
    description: ClassVar[str] = "Risk grows with the text's length."

    def __init__(self, log: Recording) -> None:
        self.log = log

    def run(self, doc: Document) -> CheckResult:
        self.log.calls.append((self.name, doc.id))
        return CheckResult(min(len(doc.text) / 100, 1.0), [], {})


class HalfOfLengthCheck:
    name: ClassVar[str] = "half_of_length"
    description: ClassVar[str] = "Half the length check's risk."
    needs: ClassVar[tuple[str, ...]] = ("length",)

    def __init__(self, log: Recording) -> None:
        self.log = log

    def run(self, doc: Document, needed: dict[str, CheckResult]) -> CheckResult:
        self.log.calls.append((self.name, doc.id))
        if "boom" in doc.text:
            raise RuntimeError("cannot read this one")
        return CheckResult(needed["length"].risk / 2, [], {})


def test_each_check_takes_the_whole_batch_before_the_next_check_starts() -> None:
    log = Recording()
    runner = CheckRunner([HalfOfLengthCheck(log), LengthCheck(log)])
    runner.run_batch([Document("a", "x" * 10, "s"), Document("b", "y" * 40, "s")])
    assert log.calls == [("length", "a"), ("length", "b"), ("half_of_length", "a"), ("half_of_length", "b")]


def test_needed_results_failures_and_unreadable_documents_stay_with_their_own_document() -> None:
    log = Recording()
    runner = CheckRunner([LengthCheck(log), HalfOfLengthCheck(log)])
    unreadable = Document("c", "", "s", error="not UTF-8")
    outcomes = runner.run_batch([Document("a", "x" * 10, "s"), unreadable, Document("b", "boom " * 8, "s")])
    assert outcomes[0].results["half_of_length"].risk == 0.05 and not outcomes[0].failures
    assert outcomes[1].results == {} and outcomes[1].failures == []
    assert outcomes[2].results["length"].risk == 0.4
    assert outcomes[2].failures == ["check 'half_of_length' failed: RuntimeError: cannot read this one"]
    assert ("length", "c") not in log.calls


def test_a_batch_of_the_samples_gives_each_document_what_it_gets_alone(samples: Path) -> None:
    runner = CheckRunner(build_auditor(load_config()).checks)
    docs = [
        Document(path.name, path.read_text(encoding="utf-8"), str(path)) for path in sorted(samples.iterdir())
    ]
    together = runner.run_batch(docs)
    for doc, outcome in zip(docs, together, strict=True):
        alone = runner.run(doc)
        assert outcome.results == alone.results and outcome.failures == alone.failures
        assert outcome.sketches.keys() == alone.sketches.keys()
        assert repr(outcome.sketches) == repr(alone.sketches)


def test_a_pickled_pass_result_passes_through_a_spool_as_the_bytes_that_came() -> None:
    long_line = "x" * 50 + "\nshort line\n"
    _, truncation = truncate_long_lines(Document("d", long_line, "src"), 20)
    outcome = PassResult(sketches={"corpus": [1, 2]}, truncation=truncation)
    outcome.record("length", CheckResult(0.5, [Span(0, 3, "first")], {"n": 1}))
    outcome.record("broken", None, "ValueError: no")
    sent = pickle.dumps(outcome)
    received = pickle.loads(sent)
    assert received.sketches == {"corpus": [1, 2]}
    assert pickle.dumps(received) == sent  # stored again without being unpickled and pickled anew
    received.record("late", CheckResult(0.0, [Span(30, 40, "after the cut")]))
    assert received.results["length"] == outcome.results["length"]
    assert received.failures == ["check 'broken' failed: ValueError: no"]
    assert received.results["late"].spans == [Span(60, 70, "after the cut")]  # in original offsets
