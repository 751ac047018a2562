"""``textaudit clean`` never writes onto, into or around its inputs, never outside its output folder, never
two documents to one file, and only resumes the run its checkpoint belongs to."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from audit.clean import CleanError, CleanPlan, CleanRun, clean
from audit.config import Config
from audit.document import Document
from audit.engine import build_auditor
from audit.output_paths import relative_name
from audit.parallel import IN_PROCESS_BATCH_DOCUMENTS
from audit.readers import ReadOptions, read_inputs

Run = Callable[..., subprocess.CompletedProcess[str]]
AUDITOR = build_auditor(Config(checks=("encoding",)))  # a document check only: outputs stream as it runs
OPTIONS = ReadOptions()
ENCODING_ONLY = 'checks = ["encoding"]\n'
PATH_PIECES = st.lists(st.sampled_from(["/", ".", "..", "a", "\0", "\\", "é", " "]), max_size=12).map("".join)


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def every_file(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_ids_and_paths_with_dot_dot_or_absolute_stay_inside_the_output_folder(
    run_textaudit: Run, tmp_path: Path
) -> None:
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    (tmp_path / "x.txt").write_text("A text two folders up, given as ../../x.txt.\n")
    (tmp_path / "a" / "y.txt").write_text("A text one folder up.\n")
    hostile_ids = ["../../x", "/etc/passwd", "..", "a/../../b", "nul\u0000byte"]
    lines = [
        json.dumps({"id": i, "text": f"Record {n} has a hostile id."}) for n, i in enumerate(hostile_ids)
    ]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n")
    (tmp_path / "encoding.toml").write_text(ENCODING_ONLY)
    before = every_file(tmp_path)

    args = ["clean", "../../x.txt", "../y.txt", "../../records.jsonl", str(tmp_path / "a" / "y.txt")]
    result = run_textaudit(*args, "--out", "out/", "-c", "../../encoding.toml", cwd=deep)
    assert result.returncode == 0, result.stderr

    created = every_file(tmp_path) - before
    assert all(name.startswith("a/b/out/") for name in created), created
    out = deep / "out"
    assert every_file(out) == {"x.txt", "y.txt", "records.jsonl", "rejected.jsonl"}
    assert [r["id"] for r in records(out / "records.jsonl")] == hostile_ids
    rejected = records(out / "rejected.jsonl")  # the same y.txt by another path: its output name is taken
    assert [r["textaudit"]["reasons"] for r in rejected] == [
        ["its output y.txt is taken by document ../y.txt"]
    ]
    assert "8 documents: 7 kept" in result.stderr


@given(PATH_PIECES | st.text())
def test_any_id_gives_no_output_name_or_one_that_stays_below_the_output_folder(doc_id: str) -> None:
    name = relative_name(doc_id)
    if name is not None:
        root = Path("/out")
        assert not name.is_absolute() and ".." not in name.parts and "\0" not in str(name)
        assert Path(os.path.normpath(root / name)).is_relative_to(root) and root / name != root


def test_symlinks_in_the_output_folder_are_not_followed_out_of_it_and_names_never_collide(
    run_textaudit: Run, tmp_path: Path
) -> None:
    for site in ("d1", "d2"):
        (tmp_path / site / "news").mkdir(parents=True)
        (tmp_path / site / "same.txt").write_text(f"The same name in {site}.\n")
    (tmp_path / "d1" / "news" / "story.txt").write_text("A story whose folder is a link in the output.\n")
    (tmp_path / "d1" / "notes.jsonl").write_text('{"id": "n1", "text": "A record in a linked folder."}\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "news").symlink_to(elsewhere, target_is_directory=True)
    (out / "same.txt").symlink_to(tmp_path / "d1" / "same.txt")  # a link at a final name is replaced
    (tmp_path / "d2" / "notes.jsonl").symlink_to(tmp_path / "d1" / "notes.jsonl")

    (tmp_path / "encoding.toml").write_text(ENCODING_ONLY)
    result = run_textaudit("clean", "d1", "d2", "--out", "out", "-c", "encoding.toml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert list(elsewhere.iterdir()) == []
    assert (tmp_path / "d1" / "same.txt").read_text() == "The same name in d1.\n"
    assert not (out / "same.txt").is_symlink() and (out / "same.txt").read_text() == "The same name in d1.\n"
    reasons = {r["textaudit"]["source"]: r["textaudit"]["reasons"] for r in records(out / "rejected.jsonl")}
    assert reasons == {
        "d1/news/story.txt": [
            "its output out/news/story.txt would be written outside out (through a symlink)"
        ],
        "d2/same.txt": ["its output same.txt is taken by document d1/same.txt"],
    }
    assert [r["id"] for r in records(out / "notes.jsonl")] == ["n1", "n1"]  # two inputs, one JSONL output


@pytest.mark.parametrize(
    ("inputs", "out", "message"),
    [
        (["crawl.jsonl"], "crawl.jsonl", "is input crawl.jsonl"),
        (["crawl.jsonl"], "link.jsonl", "is input crawl.jsonl (through a symlink"),
        (["clean.rejected.jsonl"], "clean.jsonl", "output clean.rejected.jsonl is input"),
        (["corpus"], "corpus/cleaned", "is inside input corpus"),
        (["corpus"], "corpus-link/cleaned", "is inside input corpus (through a symlink"),
        (["corpus/a.txt"], "corpus", "output folder corpus contains input corpus/a.txt"),
        (["corpus"], ".", "contains input corpus"),
    ],
)
def test_outputs_that_would_overwrite_or_read_back_an_input_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inputs: list[str], out: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("crawl.jsonl").write_text('{"text": "a"}\n')
    Path("clean.rejected.jsonl").write_text('{"text": "b"}\n')
    Path("link.jsonl").symlink_to("crawl.jsonl")
    Path("corpus").mkdir()
    Path("corpus/a.txt").write_text("a")
    Path("corpus-link").symlink_to("corpus", target_is_directory=True)
    with pytest.raises(CleanError, match=message.replace("(", r"\(")):
        CleanPlan.for_inputs(inputs, Path(out))


def test_the_command_refuses_an_output_linked_to_its_input_in_one_line(
    run_textaudit: Run, tmp_path: Path
) -> None:
    (tmp_path / "crawl.jsonl").write_text('{"text": "Precious original text."}\n')
    (tmp_path / "clean.jsonl").symlink_to(tmp_path / "crawl.jsonl")
    result = run_textaudit("clean", "crawl.jsonl", "--out", "clean.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "is input crawl.jsonl (through a symlink" in result.stderr
    assert (tmp_path / "crawl.jsonl").read_text() == '{"text": "Precious original text."}\n'


def interrupted_after(docs: Iterator[Document], count: int) -> Iterator[Document]:
    """The documents, until ``count`` of them have been read: then the run is interrupted (Ctrl-C)."""
    for number, doc in enumerate(docs):
        if number == count:
            raise KeyboardInterrupt
        yield doc


# Enough records for two in-process batches and more: a run is checkpointed as batches are audited.
RECORDS = 2 * IN_PROCESS_BATCH_DOCUMENTS + 100


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    path = tmp_path / "crawl.jsonl"
    rows = ({"id": f"r{n}", "text": f"Record number {n} is a short text."} for n in range(RECORDS))
    lines = [json.dumps(row) for row in rows]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_a_run_resumes_only_with_its_inputs_and_options(crawl: Path, tmp_path: Path) -> None:
    plan = CleanPlan.for_inputs([str(crawl)], tmp_path / "clean.jsonl")
    with pytest.raises(CleanError, match="nothing to resume"):
        CleanRun.start(AUDITOR, plan, OPTIONS, resume=True)
    with pytest.raises(KeyboardInterrupt):
        docs = interrupted_after(read_inputs([str(crawl)]), RECORDS - 10)
        CleanRun.start(AUDITOR, plan, OPTIONS).run(docs, checkpoint_every=10)
    assert not (tmp_path / "clean.jsonl").exists()

    with pytest.raises(CleanError, match="min_trust was null, is now 50"):
        CleanRun.start(AUDITOR, plan, OPTIONS, min_trust=50, resume=True)
    with pytest.raises(CleanError, match='text_field was "text", is now "body"'):
        CleanRun.start(AUDITOR, plan, ReadOptions(text_field="body"), resume=True)
    with pytest.raises(CleanError, match="the inputs are not the same"):
        CleanRun.start(
            AUDITOR, CleanPlan.for_inputs([str(crawl), str(crawl)], plan.out), OPTIONS, resume=True
        )

    resumed = CleanRun.start(AUDITOR, plan, OPTIONS, resume=True)
    found = re.fullmatch(r"resuming an interrupted run after its first (\d+) documents", resumed.note or "")
    assert found and 0 < int(found[1]) < RECORDS - 10 and int(found[1]) % 10 == 0
    summary = resumed.run(read_inputs([str(crawl)]))
    assert summary.documents == RECORDS
    assert [r["id"] for r in records(plan.out)] == [f"r{n}" for n in range(RECORDS)]
    assert not plan.work.exists()

    os.utime(crawl, ns=(0, 0))
    with pytest.raises(KeyboardInterrupt):
        CleanRun.start(AUDITOR, plan, OPTIONS).run(interrupted_after(read_inputs([str(crawl)]), 5), 1)
    os.utime(crawl)
    with pytest.raises(CleanError, match=r"the inputs are not the same \(1 files then, 1 now"):
        CleanRun.start(AUDITOR, plan, OPTIONS, resume=True)


def test_two_runs_never_write_the_same_outputs_at_once(crawl: Path, tmp_path: Path) -> None:
    plan = CleanPlan.for_inputs([str(crawl)], tmp_path / "clean.jsonl")
    first = CleanRun.start(AUDITOR, plan, OPTIONS)
    with pytest.raises(CleanError, match="another textaudit clean is writing these outputs"):
        CleanRun.start(AUDITOR, plan, OPTIONS)
    assert first.run(read_inputs([str(crawl)])).documents == RECORDS
    assert clean(AUDITOR, read_inputs([str(crawl)]), plan, OPTIONS).documents == RECORDS


def test_standard_input_cannot_be_resumed(tmp_path: Path) -> None:
    plan = CleanPlan.for_inputs(["-"], tmp_path / "clean.jsonl")
    with pytest.raises(CleanError, match="--resume cannot read standard input again"):
        CleanRun.start(AUDITOR, plan, OPTIONS, resume=True)


def test_a_run_stopped_while_putting_its_outputs_in_place_is_finished_by_resume(
    run_textaudit: Run, tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "crawl.jsonl").write_text('{"id": "a", "text": "A kept record."}\n')
    (tmp_path / "in" / "empty.txt").write_text("")
    (tmp_path / "encoding.toml").write_text(ENCODING_ONLY)
    in_the_way = tmp_path / "out" / "rejected.jsonl"
    in_the_way.mkdir(parents=True)
    (in_the_way / "old.txt").write_text("a folder where the rejected file goes")

    stopped = run_textaudit("clean", "in", "--out", "out", "-c", "encoding.toml", cwd=tmp_path)
    assert stopped.returncode == 2
    assert "rejected.jsonl" in stopped.stderr and "--resume continues the run" in stopped.stderr
    assert (tmp_path / "out" / "crawl.jsonl").read_text() == '{"id": "a", "text": "A kept record."}\n'

    (in_the_way / "old.txt").unlink()
    in_the_way.rmdir()
    resumed = run_textaudit("clean", "in", "--out", "out", "-c", "encoding.toml", "--resume", cwd=tmp_path)
    assert resumed.returncode == 0, resumed.stderr
    assert "finishing an interrupted run" in resumed.stderr and "2 documents: 1 kept" in resumed.stderr
    assert [r["id"] for r in records(in_the_way)] == ["empty.txt"]
    assert every_file(tmp_path / "out") == {"crawl.jsonl", "rejected.jsonl"}
