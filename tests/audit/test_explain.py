"""``textaudit explain``: one document in the terminal, its evidence in colour, nothing it says obeyed."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

Run = Callable[..., subprocess.CompletedProcess[str]]
COLOR = {**os.environ, "FORCE_COLOR": "1", "COLORTERM": "truecolor", "COLUMNS": "120"}
ENCODING_BACKGROUND = "48;2;78;121;167m"  # the encoding check's colour, as in the HTML report


def test_a_file_is_explained_with_trust_risks_features_and_evidence(
    run_textaudit: Run, tmp_path: Path
) -> None:
    page = tmp_path / "garbled.txt"
    page.write_text("The caf\u00c3\u00a9 isn\u00e2\u20ac\u2122t open today.\n", encoding="utf-8")
    result = run_textaudit("explain", str(page), env={**os.environ, "COLUMNS": "120"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Encoding's calibrated weight is 1: text this garbled can be rejected on that check alone.
    assert str(page) in out and "trust 0.0" in out and "reject" in out
    assert "encoding" in out and "1.00" in out
    for feature in ("mojibake", "incidents_per_1k_chars", "ftfy_repair"):
        assert feature in out
    assert "The cafÃ© isnâ€™t open today." in out
    assert "mojibake: 'fÃ©'" in out and "6–9" in out


def test_spans_are_coloured_per_check_with_a_legend(run_textaudit: Run, tmp_path: Path) -> None:
    page = tmp_path / "garbled.txt"
    page.write_text("The caf\u00c3\u00a9 is open.", encoding="utf-8")
    out = run_textaudit("explain", str(page), "--max-spans", "0", "--check", "encoding", env=COLOR).stdout
    legend = next(line for line in out.splitlines() if "highlights:" in line)
    assert f"{ENCODING_BACKGROUND} encoding " in legend
    assert f"The ca\x1b[37;{ENCODING_BACKGROUND}fÃ©\x1b[0m is open." in out


def test_text_that_looks_like_terminal_codes_or_markup_is_shown_not_obeyed(
    run_textaudit: Run, tmp_path: Path
) -> None:
    page = tmp_path / "tricky.txt"
    page.write_text("Clear \x1b[2J now [bold]loud[/bold] [/oops] done\r\nnext", encoding="utf-8")
    result = run_textaudit("explain", str(page), "--max-spans", "0", "--check", "encoding", env=COLOR)
    assert result.returncode == 0, result.stderr
    assert "\x1b[2J" not in result.stdout
    assert (
        f"Clear \x1b[37;{ENCODING_BACKGROUND}\u241b\x1b[0m[2J now [bold]loud[/bold] [/oops] done\u240d"
        in (result.stdout)
    )


def test_an_id_is_found_in_a_corpus(run_textaudit: Run, samples: Path, tmp_path: Path) -> None:
    by_prefix = run_textaudit("explain", "003", str(samples), "--no-text")
    assert by_prefix.returncode == 0, by_prefix.stderr
    assert "003_3e86b8626a521b8a.txt" in by_prefix.stdout and "features behind the risks" in by_prefix.stdout
    corpus = tmp_path / "crawl.jsonl"
    records = [{"id": "page-1", "text": "First page."}, {"text": "A record without an id, caf\u00c3\u00a9."}]
    corpus.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    by_line = run_textaudit("explain", "crawl.jsonl:2", cwd=tmp_path)  # the id names its own file
    assert by_line.returncode == 0, by_line.stderr
    assert "A record without an id" in by_line.stdout and "mojibake" in by_line.stdout
    by_id = run_textaudit("explain", "page-1", "crawl.jsonl", cwd=tmp_path)
    assert by_id.returncode == 0 and "First page." in by_id.stdout


def test_a_name_that_matches_nothing_or_many_is_a_usage_error(run_textaudit: Run, samples: Path) -> None:
    missing = run_textaudit("explain", "nope", str(samples))
    assert missing.returncode == 2
    assert missing.stderr.startswith(
        "textaudit: error: no document 'nope' among 5 documents (ids look like: 000_"
    )
    many = run_textaudit("explain", str(samples))
    assert many.returncode == 2 and "holds 5 documents: name one" in many.stderr
    no_file = run_textaudit("explain", "not-a-file.txt")
    assert no_file.returncode == 2 and "textaudit explain not-a-file.txt corpus.jsonl" in no_file.stderr


def test_an_unreadable_file_is_explained_by_its_error(run_textaudit: Run, tmp_path: Path) -> None:
    image = tmp_path / "image.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = run_textaudit("explain", str(image))
    assert result.returncode == 0
    assert "binary file (PNG image), not text" in result.stdout and "trust 0.0" in result.stdout


def test_help_shows_how_ids_are_found(run_textaudit: Run) -> None:
    result = run_textaudit("explain", "--help", env={**os.environ, "COLUMNS": "200"})
    assert result.returncode == 0
    assert "Examples" in result.stdout and "unique start of an id" in result.stdout
