"""Runs a command and samples the resident memory of it and all its child processes."""

from __future__ import annotations

import subprocess
import time
from dataclasses import dataclass

import psutil


@dataclass(frozen=True)
class Measured:
    seconds: float
    peak_bytes: int
    returncode: int
    stderr: str


def run_measured(command: list[str], interval: float = 0.05) -> Measured:
    """Wall time and the peak of the summed RSS of the process tree, sampled every ``interval`` s."""
    start = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(interval)
    stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
    return Measured(time.perf_counter() - start, peak, process.returncode, stderr)
