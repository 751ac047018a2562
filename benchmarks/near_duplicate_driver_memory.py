"""Peak memory of the driver process for the near-duplicate step: Ray engine against local engine.

    .venv/bin/pip install -e '.[dev]'
    .venv/bin/python benchmarks/near_duplicate_driver_memory.py --documents 50000

Builds (once) million_docs.py's corpus of short documents, one in ten a copy, then runs
`textaudit scan --check near_duplicate` on it with each engine and samples the resident memory of the
`textaudit` process alone (not its pool workers, not Ray's processes) every 50 ms. On the local engine that
process holds every signature and sample; on the Ray engine it holds ids, repetition findings and sizes,
plus the confirmed pairs. Ray's own import and client cost a fixed amount, so the figure that grows with the
corpus is the difference between a small and a large run (``--documents``), printed per document.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil
from million_docs import build

HERE = Path(__file__).resolve().parent


def driver_peak(command: list[str], interval: float = 0.05) -> tuple[float, int]:
    """Wall time and peak RSS of the command's own process."""
    start = time.perf_counter()
    env = {**os.environ, "RAY_AUTH_MODE": "disabled"}
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak = 0
    while process.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, process.memory_info().rss)
        time.sleep(interval)
    if process.returncode != 0:
        stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise SystemExit(f"scan failed: {stderr[-2000:]}")
    return time.perf_counter() - start, peak


def corpus_of(documents: int) -> Path:
    corpus = HERE / ".cache" / f"short-{documents}.jsonl"
    if not corpus.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        build(corpus, documents)
    return corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=50_000)
    parser.add_argument("--small", type=int, default=5_000, help="the small run the growth is measured from")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    print(f"near_duplicate only, {args.workers} workers; peak RSS of the driver process")
    for engine in ("local", "ray"):
        peaks = []
        for documents in (args.small, args.documents):
            command = [sys.executable, "-m", "audit", "scan", str(corpus_of(documents)), "-f", "jsonl"]
            command += ["-o", "/dev/null", "--check", "near_duplicate", "--no-progress"]
            command += ["--workers", str(args.workers), "--engine", engine]
            seconds, peak = driver_peak(command)
            peaks.append(peak)
            print(f"  {engine:5} {documents:>9,} documents: {peak / 1e6:7.0f} MB, {seconds:5.0f} s")
        growth = (peaks[1] - peaks[0]) / (args.documents - args.small)
        print(f"  {engine:5} growth: {growth:,.0f} bytes per document")


if __name__ == "__main__":
    main()
