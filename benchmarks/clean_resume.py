"""Kill ``textaudit clean`` mid-run, resume it, and compare with a run that was never interrupted.

    .venv/bin/python benchmarks/clean_resume.py [--documents 3000] [--folder] [--kill-at 0.5]

A generated corpus (short articles with debris lines and exact copies, as JSONL or as a folder of files)
is cleaned (by default with encoding, boilerplate, near_duplicate) and ``--min-trust 80`` three
times: once uninterrupted, once sent SIGKILL when its checkpoint has recorded ``--kill-at`` of the
documents, and once with ``--resume``. Prints what the kill left (checkpointed documents, bytes written
after the checkpoint that the resume cuts off, final files), the times, and whether every output file is
byte for byte the same.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COMMAND = Path(sys.executable).parent / "textaudit"
WORDS = (
    "the council met on tuesday to discuss a budget for roads schools and the harbour while residents "
    "asked about water prices winter heating new housing river bridge museum library station election"
).split()


def texts(count: int) -> list[str]:
    rng = random.Random(1)
    made = []
    for number in range(count):
        lines = [" ".join(rng.choices(WORDS, k=rng.randint(10, 22))).capitalize() + "." for _ in range(3)]
        lines += ["Leave a Reply"] if number % 3 == 0 else []
        made.append("\n".join(lines) + "\n")
    for number in range(9, count, 40):
        made[number] = made[number - 9]
    return made


def write_corpus(root: Path, count: int, folder: bool) -> str:
    if folder:
        for number, text in enumerate(texts(count)):
            path = root / "corpus" / f"site{number % 3}" / f"{number:05d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return "corpus"
    lines = [json.dumps({"id": f"doc-{n}", "text": t}) for n, t in enumerate(texts(count))]
    (root / "crawl.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "crawl.jsonl"


def files_under(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def checkpoint(work: Path) -> dict | None:
    try:
        return json.loads((work / "checkpoint.json").read_text(encoding="utf-8"))["progress"]
    except FileNotFoundError:
        return None


def timed(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--documents", type=int, default=3000)
    parser.add_argument("--folder", action="store_true", help="a folder of text files instead of JSONL")
    parser.add_argument("--kill-at", type=float, default=0.5, help="share of documents checkpointed")
    parser.add_argument(
        "--checks",
        default="encoding,boilerplate,near_duplicate",
        help="comma-separated, or 'all' (default config)",
    )
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="clean-resume-"))
    try:
        source = write_corpus(root, args.documents, args.folder)
        checks = "" if args.checks == "all" else f"checks = {json.dumps(args.checks.split(','))}\n"
        (root / "checks.toml").write_text(checks)
        common = [str(COMMAND), "clean", source, "-c", "checks.toml", "--min-trust", "80", "--workers", "1"]
        name = "out" if args.folder else "clean.jsonl"
        reference = root / "reference"
        reference.mkdir()
        uninterrupted = timed([*common, "--out", f"reference/{name}"], root)

        killed = root / "killed"
        killed.mkdir()
        work = killed / ("out/.textaudit-clean" if args.folder else ".clean.jsonl.textaudit-clean")
        process = subprocess.Popen(
            [*common, "--out", f"killed/{name}", "--checkpoint-every", "50"], cwd=root, stderr=subprocess.PIPE
        )
        target = int(args.documents * args.kill_at)
        while True:
            os.kill(process.pid, signal.SIGSTOP)
            progress = checkpoint(work)
            if progress is not None and progress["documents"] >= target:
                process.kill()
                process.wait()
                break
            os.kill(process.pid, signal.SIGCONT)
            if process.poll() is not None:
                sys.exit("the run ended before it could be killed: use more --documents")
            time.sleep(0.002)
        left = files_under(killed)
        partial_bytes = sum(len(data) for n, data in left.items() if n.endswith(".textaudit-partial"))
        finals = [n for n in left if not any(part.startswith(".") for part in n.split("/"))]
        resumed = timed([*common, "--out", f"killed/{name}", "--resume"], root)
        same = files_under(killed) == files_under(reference)

        print(
            f"corpus: {args.documents} documents as {'a folder' if args.folder else 'JSONL'}; "
            f"checks: {args.checks}"
        )
        print(f"uninterrupted run: {uninterrupted:.2f} s, {len(files_under(reference))} output files")
        print(
            f"killed with {progress['documents']} documents checkpointed; partial outputs held "
            f"{partial_bytes - sum(progress['partials'].values())} bytes written after the checkpoint; "
            f"{len(finals)} final files in place (JSONL outputs: none until the end)"
        )
        print(f"resumed run: {resumed:.2f} s")
        print(f"outputs identical byte for byte: {same}")
    finally:
        shutil.rmtree(root)


if __name__ == "__main__":
    main()
