"""Renders an evaluation for people (a table) or machines (JSON)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from audit.evaluate import Evaluation
from audit.metrics import Counts


def evaluation_json(evaluation: Evaluation, out: TextIO) -> None:
    data = asdict(evaluation)
    for row in data["binary"]:
        row["at_threshold"] = _counts(row["at_threshold"])
        row["best"] = (
            None if row["best"] is None else {"threshold": row["best"][0], **_counts(row["best"][1])}
        )
    for row in data["counted"]:
        row["counts"] = _counts(row["counts"])
    json.dump(data, out, indent=2, default=_plain)
    out.write("\n")


def evaluation_table(evaluation: Evaluation, out: TextIO) -> None:
    console = Console(file=out, width=None if out.isatty() else 140, highlight=False)
    positive = f", positive label {evaluation.positive!r}" if evaluation.positive else ""
    console.print(
        f"{evaluation.documents} documents ({evaluation.unreadable} unreadable), "
        f"{evaluation.mode} labels{positive}"
    )
    if evaluation.binary:
        table = Table(header_style="bold")
        for column in (
            "check",
            "group",
            "pos",
            "neg",
            "ROC-AUC",
            "P@t",
            "R@t",
            "t",
            "best t",
            "P",
            "R",
            "F1",
        ):
            table.add_column(column, justify="left" if column in ("check", "group") else "right")
        for row in evaluation.binary:
            best_t, best = row.best if row.best is not None else (None, Counts(0, 0, 0))
            table.add_row(
                row.check,
                row.group,
                str(row.positives),
                str(row.negatives),
                _num(row.auc),
                _num(row.at_threshold.precision),
                _num(row.at_threshold.recall),
                _num(row.threshold, 2),
                _num(best_t, 3),
                _num(best.precision),
                _num(best.recall),
                _num(best.f1),
            )
        console.print(table)
    if evaluation.counted:
        unit = "pairs" if evaluation.mode == "clusters" else "lines"
        table = Table(header_style="bold")
        for column in ("check", "scope", "precision", "recall", "F1", f"true {unit}", "false +", "missed"):
            table.add_column(column, justify="left" if column in ("check", "scope") else "right")
        for row in evaluation.counted:
            c = row.counts
            table.add_row(
                row.check,
                row.group,
                _num(c.precision),
                _num(c.recall),
                _num(c.f1),
                str(c.true_positives),
                str(c.false_positives),
                str(c.false_negatives),
            )
        console.print(table)
    if evaluation.not_applicable:
        console.print(f"not applicable to {evaluation.mode} labels: {', '.join(evaluation.not_applicable)}")


def _counts(counts: dict[str, int]) -> dict[str, Any]:
    c = Counts(**counts)
    return {**counts, "precision": c.precision, "recall": c.recall, "f1": c.f1}


def _num(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _plain(value: object) -> object:
    return str(value)
