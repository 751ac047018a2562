"""Renders a calibration: how trust treats each kind of document before and after the fit."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.table import Table

from audit.calibrate import Calibration, KindFigures


def render_calibration(
    before: list[KindFigures], after: Calibration, documents: int, skipped: int, out: TextIO
) -> None:
    console = Console(file=out, width=None if out.isatty() else 120, highlight=False)
    console.print(f"{documents} labeled documents ({skipped} without a usable label or text, left out)")
    fitted = ", ".join(
        f"{name} {after.weights[name]:g} (floor {after.floors[name]:g})" for name in sorted(after.weights)
    )
    console.print(f"fitted weights: {fitted}")
    console.print(
        f"on the thresholds: keep >= {after.thresholds.keep:g}, review >= {after.thresholds.review:g}"
    )
    aucs = [kind.auc for kind in after.figures if kind.auc is not None]
    console.print(f"mean ROC-AUC over damage kinds (damaged below clean): {sum(aucs) / len(aucs):.3f}")
    table = Table(header_style="bold")
    for column in (
        "documents",
        "n",
        "AUC before",
        "AUC after",
        "kept before",
        "kept after",
        "rejected after",
    ):
        table.add_column(column, justify="left" if column == "documents" else "right")
    for old, new in zip(before, after.figures, strict=True):
        table.add_row(
            old.kind,
            str(new.documents),
            "–" if old.auc is None else f"{old.auc:.3f}",
            "–" if new.auc is None else f"{new.auc:.3f}",
            f"{old.kept:.0%}",
            f"{new.kept:.0%}",
            f"{new.rejected:.0%}",
        )
    console.print(table)
