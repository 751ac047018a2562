"""Processes that exist to audit collect cycles less often; a library caller's process is left alone."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from audit.cli import app
from audit.config import Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor
from audit.gc_policy import AUDIT_THRESHOLDS
from audit.parallel import BATCH_DOCUMENTS
from audit.scoring import Scorer


class CollectorThresholdsCheck:
    name = "gc_thresholds"
    description = "Reports the cycle collector's thresholds in the process that runs it."

    def run(self, doc: Document) -> CheckResult:
        return CheckResult(0.0, [], {"thresholds": list(gc.get_threshold())})


@pytest.fixture
def restored_thresholds() -> Iterator[None]:
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


def test_the_textaudit_command_collects_less_often(restored_thresholds: None) -> None:
    gc.set_threshold(700, 10, 10)
    result = CliRunner().invoke(app, ["checks"])
    assert result.exit_code == 0, result.output
    assert gc.get_threshold() == AUDIT_THRESHOLDS


def test_pool_workers_collect_less_often_and_the_callers_process_is_left_alone(
    restored_thresholds: None,
) -> None:
    gc.set_threshold(700, 10, 10)
    docs = [Document(f"d{i}", f"document {i}", "src") for i in range(2 * BATCH_DOCUMENTS + 1)]
    auditor = Auditor([CollectorThresholdsCheck()], Scorer({"gc_thresholds": 0.5}, Thresholds()), workers=2)
    seen = {tuple(report.checks["gc_thresholds"].details["thresholds"]) for report in auditor.audit(docs)}
    assert seen == {AUDIT_THRESHOLDS}
    assert gc.get_threshold() == (700, 10, 10)
