"""The Ray engine gives the local engine's report, byte for byte, on a real local Ray instance."""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

pytest.importorskip("ray", reason="the Ray engine is an extra: pip install 'textaudit[ray]'")

Run = Callable[..., subprocess.CompletedProcess[str]]
QUIET_RAY = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def corpus_of_1000(samples: Path, folder: Path) -> Path:
    """1,000 documents cut from the samples' sentences, some of them repeated, in two JSONL shards."""
    sentences = [s for path in sorted(samples.glob("*.txt")) for s in path.read_text().split(". ") if s]
    rng = random.Random(5)
    docs = [{"id": f"doc-{i}", "text": ". ".join(rng.sample(sentences, 6)) + "."} for i in range(900)]
    docs += [{"id": f"copy-{i}", "text": docs[i * 9]["text"]} for i in range(100)]
    folder.mkdir()
    for shard in range(2):
        lines = [json.dumps(doc) for doc in docs[shard::2]]
        (folder / f"shard-{shard}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


@pytest.mark.parametrize("corpus", ["samples", "1000 documents"])
def test_ray_and_local_engines_write_the_same_report(
    run_textaudit: Run, samples: Path, tmp_path: Path, corpus: str
) -> None:
    path = samples if corpus == "samples" else corpus_of_1000(samples, tmp_path / "corpus")
    local = run_textaudit("scan", str(path), "-f", "jsonl", "--workers", "2")
    ray = run_textaudit("scan", str(path), "-f", "jsonl", "--engine", "ray", "--workers", "2", env=QUIET_RAY)
    assert local.returncode == 0, local.stderr
    assert ray.returncode == 0, ray.stderr[-3000:]
    assert ray.stdout == local.stdout
    assert len(ray.stdout.splitlines()) == (5 if corpus == "samples" else 1000)
