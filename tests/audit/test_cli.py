"""The ``textaudit`` command as users run it: real files, the installed script, the report contract."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

Run = Callable[..., subprocess.CompletedProcess[str]]


def jsonl(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_scan_samples_as_jsonl_gives_one_schema_object_per_sample(
    run_textaudit: Run, samples: Path, report_schema: Callable[[dict[str, Any]], None]
) -> None:
    result = run_textaudit("scan", str(samples), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    reports = jsonl(result.stdout)
    assert [r["id"] for r in reports] == sorted(p.name for p in samples.glob("*.txt"))
    for report in reports:
        report_schema(report)
        assert report["source"] == str(samples / report["id"])
        assert "encoding" in report["checks"]
    assert "5 documents" in result.stderr


def test_the_default_table_lists_every_document_and_a_summary(run_textaudit: Run, samples: Path) -> None:
    result = run_textaudit("scan", str(samples))
    assert result.returncode == 0, result.stderr
    for path in samples.glob("*.txt"):
        assert path.name in result.stdout
    assert "5 documents:" in result.stdout


def test_bad_inputs_all_appear_with_one_line_errors_and_exit_zero(
    run_textaudit: Run, tmp_path: Path, report_schema: Callable[[dict[str, Any]], None]
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "latin1.txt").write_bytes("Café crème, naïve façade.".encode("latin-1"))
    (folder / "records.jsonl").write_text('{"id": "good", "text": "Fine."}\n{"id": "bad", "text": \n')
    (folder / "unreadable.txt").symlink_to(folder / "missing-target")
    result = run_textaudit("scan", str(folder), "--format", "jsonl")
    assert result.returncode == 0
    assert "Traceback" not in result.stderr
    reports = {r["id"]: r for r in jsonl(result.stdout)}
    for report in reports.values():
        report_schema(report)
    assert {k: v["error"] for k, v in reports.items()} == {
        "empty.txt": "empty document: no text to audit",
        "image.png": "binary file (PNG image), not text",
        "latin1.txt": None,
        "good": None,
        "records.jsonl:2": "line 2 is not valid JSON (Expecting value at column 23)",
        "unreadable.txt": "cannot read: no such file or directory",
    }
    assert reports["latin1.txt"]["checks"]["encoding"]["details"]["decoded_as"] == "cp1252"


def test_json_format_wraps_documents_with_a_summary(run_textaudit: Run, samples: Path) -> None:
    result = run_textaudit("scan", str(samples), "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["documents"] == 5
    assert sum(report["summary"]["verdicts"].values()) == 5
    assert len(report["documents"]) == 5


def test_csv_format_has_a_risk_column_per_check(run_textaudit: Run, samples: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = run_textaudit("scan", str(samples), "--format", "csv", "--output", str(out))
    assert result.returncode == 0 and result.stdout == ""
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert len(rows) == 5
    assert {"id", "trust", "verdict", "encoding.risk", "encoding.spans"} <= set(rows[0])


def test_stdin_is_read_with_a_dash(run_textaudit: Run) -> None:
    result = run_textaudit("scan", "-", "--format", "jsonl", stdin='{"id": "p1", "text": "From a pipe."}\n')
    assert [r["id"] for r in jsonl(result.stdout)] == ["p1"]


def test_fail_under_sets_exit_status_one(run_textaudit: Run, tmp_path: Path) -> None:
    (tmp_path / "garbled.txt").write_text("The cafÃ© isnâ€™t open â€” sorry.")
    (tmp_path / "fine.txt").write_text("The café is open today.")
    assert run_textaudit("scan", str(tmp_path / "fine.txt"), "--fail-under", "90").returncode == 0
    assert run_textaudit("scan", str(tmp_path), "--fail-under", "90").returncode == 1


def test_usage_errors_exit_two_with_one_line(run_textaudit: Run, samples: Path, tmp_path: Path) -> None:
    unknown = run_textaudit("scan", str(samples), "--check", "nope")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        f"textaudit: error: unknown check nope (installed: {_installed(run_textaudit)})"
    ]
    bad_config = tmp_path / "bad.toml"
    bad_config.write_text("[weights]\nencoding = 3\n")
    assert run_textaudit("scan", str(samples), "--config", str(bad_config)).returncode == 2
    assert run_textaudit("scan", str(samples), "--format", "xml").returncode == 2


def test_config_weights_change_the_trust(run_textaudit: Run, tmp_path: Path) -> None:
    (tmp_path / "garbled.txt").write_text("The cafÃ© isnâ€™t open â€” sorry.")
    config = tmp_path / "audit.toml"
    config.write_text("[weights]\nencoding = 0.0\n")
    [report] = jsonl(
        run_textaudit("scan", str(tmp_path / "garbled.txt"), "-f", "jsonl", "-c", str(config)).stdout
    )
    assert report["trust"] == 100.0 and report["checks"]["encoding"]["risk"] > 0.9


def test_checks_lists_names_descriptions_and_settings(run_textaudit: Run) -> None:
    result = run_textaudit("checks", "--format", "json")
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["encoding"]["description"].startswith("Mojibake")
    assert {s["name"] for s in rows["encoding"]["settings"]} == {"scale", "max_spans"}
    table = run_textaudit("checks")
    assert "encoding" in table.stdout and "scale" in table.stdout


def test_help_teaches_with_examples(run_textaudit: Run) -> None:
    result = run_textaudit("scan", "--help")
    assert result.returncode == 0
    assert "Examples" in result.stdout and "--fail-under" in result.stdout


def _installed(run: Run) -> str:
    return ", ".join(sorted(row["name"] for row in json.loads(run("checks", "--format", "json").stdout)))


def test_workers_option_gives_the_same_report(run_textaudit: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = [json.dumps({"id": f"n{i}", "text": f"Note {i}: caf\u00c3\u00a9 " * (i % 3)}) for i in range(300)]
    corpus.write_text("\n".join(lines) + "\n")
    one = run_textaudit("scan", str(corpus), "-f", "jsonl", "--workers", "1")
    two = run_textaudit("scan", str(corpus), "-f", "jsonl", "--workers", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(jsonl(two.stdout)) == 300
