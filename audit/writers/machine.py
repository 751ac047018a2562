"""Machine-readable reports: JSON Lines, one JSON document, CSV."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from typing import TextIO

from audit.document import DocumentReport
from audit.summary import Summary


def write_jsonl(reports: Iterable[DocumentReport], out: TextIO, check_names: Sequence[str]) -> None:
    """One object per document, in input order, flushed as each document is done."""
    for report in reports:
        out.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")
        out.flush()


def write_json(reports: Iterable[DocumentReport], out: TextIO, check_names: Sequence[str]) -> None:
    """``{"summary": {...}, "documents": [...]}``."""
    summary = Summary()
    documents = [report.to_dict() for report in summary.track(reports)]
    json.dump({"summary": summary.to_dict(), "documents": documents}, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_csv(reports: Iterable[DocumentReport], out: TextIO, check_names: Sequence[str]) -> None:
    """A flat table for spreadsheets: one row per document, a risk and a span count per check."""
    writer = csv.writer(out, lineterminator="\n")
    per_check = [f"{name}.{column}" for name in check_names for column in ("risk", "spans")]
    writer.writerow(["id", "source", "trust", "verdict", "error", *per_check])
    for report in reports:
        cells: list[object] = []
        for name in check_names:
            result = report.checks.get(name)
            cells += ["", ""] if result is None else [round(result.risk, 4), len(result.spans)]
        writer.writerow([report.id, report.source, report.trust, report.verdict, report.error or "", *cells])
        out.flush()
