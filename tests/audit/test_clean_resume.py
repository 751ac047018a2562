"""``textaudit clean`` killed mid-run: no final file is ever half-written, and ``--resume`` ends with the
very bytes of a run that was never interrupted.

The real command runs as a subprocess on a generated corpus with the corpus checks (near-duplicates and
boilerplate templates see the whole corpus, also on resume) and is sent SIGKILL once its checkpoint
shows the progress wanted. The process is paused while its checkpoint is read, so it cannot finish
between the look and the kill.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")

Run = Callable[..., subprocess.CompletedProcess[str]]
COMMAND = Path(sys.executable).parent / "textaudit"
CHECKS = 'checks = ["encoding", "boilerplate", "near_duplicate"]\n'
MIN_TRUST = "80"  # near-duplicates and pages heavy with debris fall below it: both outputs get documents
JSONL_DOCUMENTS = 1200
FOLDER_DOCUMENTS = 800
JSONL_ARGS = ["../crawl.jsonl", "--out", "clean.jsonl", "-c", "../checks.toml", "--min-trust", MIN_TRUST]
FOLDER_OPTIONS = ["-c", "checks.toml", "--min-trust", MIN_TRUST]
WORDS = (
    "the council met on tuesday to discuss a budget for roads schools and the harbour while residents "
    "asked about water prices winter heating new housing river bridge museum library station election "
    "report village market farmers league court doctors nurses hospital rail line tram"
).split()


def texts(count: int, seed: int) -> list[str]:
    """Short articles with debris lines (some recurring, as a site's template does) and exact copies."""
    rng = random.Random(seed)
    made = []
    for number in range(count):
        lines = [" ".join(rng.choices(WORDS, k=rng.randint(10, 22))).capitalize() + "." for _ in range(3)]
        if number % 3 == 0:
            lines.append("Leave a Reply")
        if number % 5 == 0:
            lines.insert(0, "Share on Facebook")
        made.append("\n".join(lines) + "\n")
    for number in range(9, count, 40):
        made[number] = made[number - 9]
    return made


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def visible(files: dict[str, bytes]) -> dict[str, bytes]:
    """The final outputs, as a reader of the folder sees them (temporaries and the work folder are hidden)."""
    return {name: data for name, data in files.items() if not any(p.startswith(".") for p in name.split("/"))}


def checkpointed_documents(work: Path) -> int | None:
    try:
        return json.loads((work / "checkpoint.json").read_text(encoding="utf-8"))["progress"]["documents"]
    except FileNotFoundError:
        return None


def kill_when(process: subprocess.Popen[str], ready: Callable[[], bool]) -> None:
    """SIGKILL ``process`` as soon as ``ready()``; it is stopped while ``ready`` looks."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        os.kill(process.pid, signal.SIGSTOP)
        if ready():
            process.kill()
            process.wait()
            return
        os.kill(process.pid, signal.SIGCONT)
        if process.poll() is not None:
            pytest.fail(f"the run ended before it could be killed: {process.stderr.read()}")  # type: ignore[union-attr]
        time.sleep(0.002)
    process.kill()
    pytest.fail("the run never got far enough to be killed")


def start_clean(*args: str, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(COMMAND), "clean", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.fixture(scope="module")
def jsonl_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A JSONL corpus (with a malformed line) and the outputs of an uninterrupted run over it."""
    folder = tmp_path_factory.mktemp("jsonl")
    lines = [
        json.dumps({"id": f"doc-{n}", "text": text, "url": f"https://site{n % 4}.example/{n}"})
        for n, text in enumerate(texts(JSONL_DOCUMENTS, seed=1))
    ]
    lines.insert(JSONL_DOCUMENTS // 3, '{"id": "broken", "text": ')
    (folder / "crawl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "checks.toml").write_text(CHECKS)
    reference = folder / "reference"
    reference.mkdir()
    result = subprocess.run(
        [str(COMMAND), "clean", *JSONL_ARGS, "--workers", "1"],
        cwd=reference,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outputs = files_under(reference)
    assert set(outputs) == {"clean.jsonl", "clean.rejected.jsonl"}
    return folder, outputs


@pytest.fixture(scope="module")
def folder_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes]]:
    """A folder of text files in sub-folders (with an empty one) and an uninterrupted run's outputs."""
    folder = tmp_path_factory.mktemp("folder")
    corpus = folder / "corpus"
    for number, text in enumerate(texts(FOLDER_DOCUMENTS - 1, seed=2)):
        path = corpus / f"site{number % 3}" / f"{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (corpus / "site0" / "empty.txt").write_text("")
    (folder / "checks.toml").write_text(CHECKS)
    reference = folder / "reference"
    result = subprocess.run(
        [str(COMMAND), "clean", "corpus", "--out", str(reference), *FOLDER_OPTIONS, "--workers", "1"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    outputs = files_under(reference)
    assert "rejected.jsonl" in outputs and len(outputs) > FOLDER_DOCUMENTS // 2
    return folder, outputs


def test_a_killed_jsonl_run_leaves_no_final_file_and_resumes_to_the_same_bytes(
    jsonl_case: tuple[Path, dict[str, bytes]], tmp_path: Path
) -> None:
    folder, expected = jsonl_case
    args = JSONL_ARGS
    run_folder = folder / "killed"
    run_folder.mkdir()
    work = run_folder / ".clean.jsonl.textaudit-clean"
    process = start_clean(*args, "--workers", "1", "--checkpoint-every", "20", cwd=run_folder)
    kill_when(process, lambda: (checkpointed_documents(work) or 0) >= JSONL_DOCUMENTS // 2)

    left = files_under(run_folder)
    written = checkpointed_documents(work)
    assert written is not None and JSONL_DOCUMENTS // 2 <= written <= JSONL_DOCUMENTS
    assert visible(left) == {}, "no final output before the run completes"
    partials = [name for name in left if name.endswith(".textaudit-partial")]
    assert len(partials) == 2  # the kept and the rejected JSONL, still under their temporary names
    recorded = json.loads((work / "checkpoint.json").read_text())["progress"]["partials"]
    assert set(recorded) == {"clean.jsonl", "clean.rejected.jsonl"}

    resumed = subprocess.run(
        [str(COMMAND), "clean", *args, "--resume"],
        cwd=run_folder,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"resuming an interrupted run after its first {written} documents" in resumed.stderr
    assert f"{JSONL_DOCUMENTS + 1} documents:" in resumed.stderr
    assert files_under(run_folder) == expected  # byte for byte, and nothing else left behind


def test_a_killed_folder_run_keeps_only_whole_files_and_resumes_to_the_same_bytes(
    folder_case: tuple[Path, dict[str, bytes]],
) -> None:
    folder, expected = folder_case
    out = folder / "killed"
    work = out / ".textaudit-clean"
    args = ["corpus", "--out", str(out), *FOLDER_OPTIONS]
    process = start_clean(*args, "--workers", "1", "--checkpoint-every", "20", cwd=folder)
    kill_when(process, lambda: (checkpointed_documents(work) or 0) >= FOLDER_DOCUMENTS // 2)

    written = checkpointed_documents(work)
    assert written is not None and FOLDER_DOCUMENTS // 2 <= written < FOLDER_DOCUMENTS
    finals = visible(files_under(out))
    assert len(finals) >= written // 2  # the kept documents' files, each renamed into place when complete
    assert "rejected.jsonl" not in finals
    for name, data in finals.items():
        assert data == expected[name], f"{name} is not whole"

    resumed = subprocess.run(
        [str(COMMAND), "clean", *args, "--resume"], cwd=folder, capture_output=True, text=True, timeout=300
    )
    assert resumed.returncode == 0, resumed.stderr
    assert f"{FOLDER_DOCUMENTS} documents:" in resumed.stderr
    assert files_under(out) == expected


def test_a_run_killed_before_writing_leaves_no_final_file_and_a_fresh_run_clears_what_it_left(
    jsonl_case: tuple[Path, dict[str, bytes]], run_textaudit: Run
) -> None:
    folder, expected = jsonl_case
    run_folder = folder / "early"
    run_folder.mkdir()
    work = run_folder / ".clean.jsonl.textaudit-clean"
    args = JSONL_ARGS
    process = start_clean(*args, "--workers", "1", cwd=run_folder)
    kill_when(process, lambda: checkpointed_documents(work) == 0)
    assert visible(files_under(run_folder)) == {}

    other_options = run_textaudit("clean", *args[:-1], "70", "--resume", cwd=run_folder)
    assert other_options.returncode == 2
    assert other_options.stderr.count("\n") == 1
    assert (
        "cannot resume" in other_options.stderr and "min_trust was 80.0, is now 70.0" in other_options.stderr
    )

    fresh = run_textaudit("clean", *args, cwd=run_folder)
    assert fresh.returncode == 0, fresh.stderr
    assert "an interrupted run left a checkpoint" in fresh.stderr and "starting afresh" in fresh.stderr
    assert files_under(run_folder) == expected
