"""The progress display shows on a terminal, and does not stop the engine from forking its workers."""

from __future__ import annotations

import contextlib
import os
import pty
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest


def drain(fd: int, into: bytearray) -> None:
    """Read a terminal until its other end closes, so the writer never blocks on a full terminal."""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            return
        if not chunk:
            return
        into.extend(chunk)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked only on Linux")
def test_a_scan_on_a_terminal_shows_progress_and_forks_its_workers(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    lines = (f'{{"text": "Report {i} says the river rose by {i} cm on Monday."}}\n' for i in range(5000))
    corpus.write_text("".join(lines))
    terminal, stderr_end = pty.openpty()
    command = [sys.executable, "-m", "audit", "scan", str(corpus), *"-f jsonl -o /dev/null -w 2".split()]
    scan = psutil.Popen(command, stderr=stderr_end, env={**os.environ, "COLUMNS": "120", "TERM": "xterm"})
    os.close(stderr_end)
    shown = bytearray()
    reader = threading.Thread(target=drain, args=(terminal, shown))
    reader.start()
    forked: set[int] = set()
    while scan.poll() is None:
        with contextlib.suppress(psutil.Error):  # a process ended between listing and reading it
            forked |= {p.pid for p in scan.children() if p.cmdline() == scan.cmdline()}
        time.sleep(0.02)
    reader.join(timeout=10)
    os.close(terminal)
    assert scan.returncode == 0, bytes(shown).decode(errors="replace")
    # The two pool workers and a helper for each of the two built-in corpus checks.
    assert len(forked) == 4, "workers and helpers are the scan's own children, forked with its command line"
    assert b"auditing" in shown
