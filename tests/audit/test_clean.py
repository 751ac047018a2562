"""``textaudit clean``: debris lines removed, the input's shape kept, and every document accounted for."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from audit.clean import CleanError, CleanPlan, remove_lines
from audit.document import Span

Run = Callable[..., subprocess.CompletedProcess[str]]


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_folder_is_written_back_as_the_same_tree_with_debris_lines_removed(
    run_textaudit: Run, samples: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(samples, corpus / "news")
    out = tmp_path / "cleaned"
    result = run_textaudit("clean", str(corpus), "--out", str(out))
    assert result.returncode == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(f"news/{p.name}" for p in samples.glob("*.txt"))
    original = (samples / "003_3e86b8626a521b8a.txt").read_text(encoding="utf-8")
    cleaned = (out / "news" / "003_3e86b8626a521b8a.txt").read_text(encoding="utf-8")
    assert "Leave a Reply" not in cleaned and "Read this also" not in cleaned
    kept_lines = [line for line in original.split("\n") if line not in cleaned.split("\n")]
    assert len(kept_lines) == 4
    untouched = samples / "000_697af04f2c1ac178.txt"
    assert (out / "news" / untouched.name).read_text(encoding="utf-8") == untouched.read_text(
        encoding="utf-8"
    )
    assert "5 documents: 5 kept (11 debris lines removed), 0 rejected" in result.stderr


def test_jsonl_stays_jsonl_with_its_fields_and_failing_records_are_set_aside(
    run_textaudit: Run, samples: Path, tmp_path: Path
) -> None:
    source = tmp_path / "crawl.jsonl"
    lines = []
    for number, path in enumerate(sorted(samples.glob("*.txt"))):
        record = {"text": path.read_text(encoding="utf-8"), "url": f"https://example.org/{number}"}
        if number != 2:
            record["id"] = path.stem[:3]
        lines.append(json.dumps(record))
    lines.append('{"id": "broken", "text": ')
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "clean.jsonl"
    only_debris = tmp_path / "debris-only.toml"  # trust from the checks this test is about
    only_debris.write_text('checks = ["encoding", "boilerplate"]\n')
    result = run_textaudit(
        "clean", str(source), "--out", str(out), "--min-trust", "95", "--config", str(only_debris)
    )
    assert result.returncode == 0, result.stderr

    kept = records(out)
    rejected = records(tmp_path / "clean.rejected.jsonl")
    assert len(kept) + len(rejected) == 6
    assert {r.get("id") for r in kept} | {r.get("id") for r in rejected} == {
        "000",
        "001",
        None,
        "003",
        "004",
        f"{source}:6",
    }
    by_id = {r.get("id"): r for r in kept}
    assert by_id["000"]["url"] == "https://example.org/0"
    assert by_id["000"]["text"] == (samples / "000_697af04f2c1ac178.txt").read_text(encoding="utf-8")
    failing = {r.get("id"): r for r in rejected}
    assert "004" in failing  # its debris costs it more than 5 points of trust
    assert failing["004"]["text"].rstrip().endswith("Click the Upload button above to add an update.")
    assert failing["004"]["textaudit"]["reasons"][0].startswith("trust ")
    assert any(reason.startswith("boilerplate risk") for reason in failing["004"]["textaudit"]["reasons"])
    assert failing[f"{source}:6"]["textaudit"]["reasons"] == [
        "line 6 is not valid JSON (Expecting value at column 26)"
    ]
    assert f"6 documents: {len(kept)} kept" in result.stderr and f"{len(rejected)} rejected" in result.stderr


def test_html_pages_are_written_as_their_cleaned_main_text(run_textaudit: Run, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    paragraphs = "".join(
        f"<p>Paragraph {i}: the ministers met in Brussels on Tuesday to discuss the alliance budget.</p>"
        for i in range(6)
    )
    (pages / "a.html").write_text(f"<html><body><nav>Home</nav><article>{paragraphs}</article></body></html>")
    out = tmp_path / "out"
    result = run_textaudit("clean", str(pages), "--out", str(out))
    assert result.returncode == 0, result.stderr
    text = (out / "a.html.txt").read_text(encoding="utf-8")
    assert text.count("Paragraph") == 6 and "Home" not in text


def test_unreadable_and_empty_documents_go_to_the_rejected_file(run_textaudit: Run, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (folder / "only-debris.txt").write_text("Leave a Reply\nShare on Facebook\n")
    (folder / "good.txt").write_text("A sentence that is fine.\n")
    out = tmp_path / "out"
    result = run_textaudit("clean", str(folder), "--out", str(out))
    assert result.returncode == 0, result.stderr
    rejected = {r["id"]: r["textaudit"]["reasons"] for r in records(out / "rejected.jsonl")}
    assert rejected == {
        "empty.txt": ["empty document: no text to audit"],
        "image.png": ["binary file (PNG image), not text"],
        "only-debris.txt": ["no text left once the debris lines are removed"],
    }
    assert (out / "good.txt").read_text() == "A sentence that is fine.\n"
    assert "4 documents: 1 kept (0 debris lines removed), 3 rejected" in result.stderr


def test_an_output_inside_the_input_folder_is_a_usage_error(
    run_textaudit: Run, samples: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(samples, corpus)
    result = run_textaudit("clean", str(corpus), "--out", str(corpus / "cleaned"))
    assert result.returncode == 2
    assert "is inside input" in result.stderr
    with pytest.raises(CleanError):
        CleanPlan.for_inputs([str(corpus)], corpus)


def test_the_plan_is_a_folder_for_folders_and_a_file_for_one_jsonl(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    assert CleanPlan.for_inputs([str(tmp_path / "in")], tmp_path / "out").folder
    plan = CleanPlan.for_inputs(["crawl.jsonl.gz"], tmp_path / "clean.jsonl")
    assert not plan.folder and plan.rejected == tmp_path / "clean.rejected.jsonl"
    assert CleanPlan.for_inputs(["a.txt", "b.txt"], tmp_path / "out").folder


def test_remove_lines_drops_only_lines_a_span_covers_whole() -> None:
    text = "Keep me\n  Leave a Reply  \r\nPartly debris here\nLast\n"
    start = text.index("Leave")
    partial = text.index("debris")
    spans = [Span(start, start + len("Leave a Reply"), "comment prompt"), Span(partial, partial + 6, "x")]
    cleaned, removed = remove_lines(text, spans)
    assert (cleaned, removed) == ("Keep me\nPartly debris here\nLast\n", 1)
    assert remove_lines(text, []) == (text, 0)


def test_jsonl_on_stdin_is_written_as_jsonl(run_textaudit: Run, tmp_path: Path) -> None:
    body = "A first sentence of the article, long enough to be prose.\nLeave a Reply"
    stdin = json.dumps({"id": "a", "text": body}) + "\n" + json.dumps({"text": "Second record."}) + "\n"
    out = tmp_path / "out.jsonl"
    result = run_textaudit("clean", "-", "--out", str(out), stdin=stdin)
    assert result.returncode == 0, result.stderr
    assert records(out) == [
        {"id": "a", "text": "A first sentence of the article, long enough to be prose."},
        {"text": "Second record."},
    ]
