"""Throughput of textaudit next to datatrove, on the same corpus, in one run.

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/throughput.py

Builds the benchmark corpus the first time (../shared/bench/build_corpus.py: Debian's linux-doc and
python3.11-doc packages, 5,117 documents, 38 MB; needs apt-get download) and datatrove in its own virtual
environment, both under benchmarks/.cache/. Then prints, per run: documents/s, MB/s, MB/s per core and
peak memory (the whole process tree), for the full default audit on 1 and 2 workers and for each check
alone on 1 worker, datatrove's FineWeb filter pipeline and its MinHash signature stage on 1 worker, and
the ratios the speed targets are stated in. Every run, textaudit's and datatrove's alike, is one process
timed from its start to its end, so both sides pay their start-up. With ``--repeat N`` every run is
timed N times, the runs taking turns, and the fastest kept, as the least disturbed by other work on a
shared machine.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from _process_tree import run_measured

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CACHE = HERE / ".cache"
SHARED_BENCH = REPO.parent / "shared" / "bench"


@dataclass(frozen=True)
class Run:
    label: str
    seconds: float
    peak_bytes: int
    cores: int


def build_corpus() -> Path:
    """docs.jsonl from the recipe in ../shared/bench (kept in the cache once built)."""
    folder = CACHE / "debian-docs"
    corpus = folder / "docs.jsonl"
    if corpus.exists():
        return corpus
    (folder / "debs").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["apt-get", "download", "linux-doc-6.1", "python3.11-doc"], cwd=folder / "debs", check=True
    )
    for deb in sorted((folder / "debs").glob("*.deb")):
        subprocess.run(["dpkg-deb", "-x", str(deb), str(folder / "x")], check=True)
    shutil.copy(SHARED_BENCH / "build_corpus.py", folder / "build_corpus.py")
    subprocess.run([sys.executable, "build_corpus.py"], cwd=folder, check=True)
    return corpus


def datatrove_python() -> Path:
    venv = CACHE / "datatrove-venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        packages = ["datatrove[processing]==0.10.1", "spacy", "orjson", "xxhash"]
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *packages], check=True)
    return python


FILTERS = "datatrove filters (Gopher rep+qual, C4, FineWeb), 1 worker"
MINHASH = "datatrove MinHash signatures, 1 worker"


def alone(check: str) -> str:
    """The label of the run of one check on its own."""
    return f"textaudit {check} alone, 1 worker"


@dataclass(frozen=True)
class Planned:
    label: str
    command: list[str]
    cores: int


def measure_in_rounds(planned: list[Planned], repeat: int) -> list[Run]:
    """Each run timed ``repeat`` times, keeping the fastest (the least disturbed by other work on the
    machine) and the highest peak memory. The runs take turns, one of each per round, so that a slower
    spell of a shared machine touches both sides of every ratio rather than whichever ran last."""
    seconds = [float("inf")] * len(planned)
    peaks = [0] * len(planned)
    for _ in range(repeat):
        for index, run in enumerate(planned):
            measured = run_measured(run.command)
            if measured.returncode != 0:
                raise SystemExit(f"{run.label} failed: {measured.stderr[-2000:]}")
            seconds[index] = min(seconds[index], measured.seconds)
            peaks[index] = max(peaks[index], measured.peak_bytes)
    return [Run(run.label, seconds[i], peaks[i], run.cores) for i, run in enumerate(planned)]


def textaudit(corpus: Path, workers: int, check: str | None = None) -> list[str]:
    command = [sys.executable, "-m", "audit", "scan", str(corpus), "-f", "jsonl", "-o", "/dev/null"]
    command += ["--workers", str(workers), "--no-progress"]
    return command + (["--check", check] if check else [])


def corpus_size(corpus: Path) -> tuple[int, float]:
    documents, megabytes = 0, 0.0
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            documents += 1
            megabytes += len(json.loads(line)["text"].encode("utf-8")) / 1e6
    return documents, megabytes


def check_names() -> list[str]:
    listed = subprocess.run(
        [sys.executable, "-m", "audit", "checks", "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [row["name"] for row in json.loads(listed.stdout)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="a JSONL corpus instead of the Debian documentation one")
    parser.add_argument("--skip-datatrove", action="store_true", help="only time textaudit")
    parser.add_argument(
        "--repeat", type=int, default=1, help="time each run this many times and keep the fastest"
    )
    args = parser.parse_args()
    corpus = args.corpus or build_corpus()
    documents, megabytes = corpus_size(corpus)
    print(f"corpus: {corpus} — {documents:,} documents, {megabytes:.1f} MB of text")

    planned = [
        Planned("textaudit full audit, 1 worker", textaudit(corpus, 1), 1),
        Planned("textaudit full audit, 2 workers", textaudit(corpus, 2), 2),
    ]
    planned += [Planned(alone(name), textaudit(corpus, 1, name), 1) for name in check_names()]
    if not args.skip_datatrove:
        baseline = HERE / "datatrove_baseline.py"
        stage = [str(datatrove_python()), str(baseline), str(corpus.parent), corpus.name]
        planned.append(Planned(FILTERS, [*stage, "filters"], 1))
        planned.append(Planned(MINHASH, [*stage, "minhash"], 1))
    runs = measure_in_rounds(planned, args.repeat)
    times = {run.label: run.seconds for run in runs}

    print(f"{'run':<62} {'docs/s':>9} {'MB/s':>7} {'MB/s/core':>10} {'peak MB':>8}")
    for run in runs:
        peak = f"{run.peak_bytes / 1e6:8.0f}"
        rate = megabytes / run.seconds
        print(f"{run.label:<62} {documents / run.seconds:9.1f} {rate:7.2f} {rate / run.cores:10.2f} {peak}")

    one, two = runs[0], runs[1]
    print(f"scaling 1 -> 2 workers: {one.seconds / two.seconds:.2f}x")
    if FILTERS in times:
        print(f"full audit / datatrove filters (per core): {times[FILTERS] / one.seconds:.2f}x")
        print(
            "full audit / datatrove filters and MinHash signatures, one after the other "
            f"(the audit computes signatures too): {(times[FILTERS] + times[MINHASH]) / one.seconds:.2f}x"
        )
        signatures = times.get(alone("near_duplicate"))
        if signatures is not None:
            print(f"near_duplicate / datatrove MinHash signatures: {times[MINHASH] / signatures:.2f}x")


if __name__ == "__main__":
    main()
