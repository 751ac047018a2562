"""The Ray engine gives the local engine's report, byte for byte, on a real local Ray instance.

The command-line test starts its own Ray (as a user would); the others share one local instance for the
module, since starting Ray costs seconds on a small machine.
"""

from __future__ import annotations

import io
import json
import logging
import os
import random
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ray = pytest.importorskip("ray", reason="the Ray engine is an extra: pip install 'textaudit[ray]'")

from audit.config import load_config  # noqa: E402 - only once Ray is known to be installed
from audit.document import Document  # noqa: E402
from audit.engine import Auditor, build_auditor  # noqa: E402
from audit.readers import ReadOptions  # noqa: E402
from audit.reference_index import build_index  # noqa: E402
from audit.writers.machine import write_jsonl  # noqa: E402
from checks.near_duplicate import NearDuplicateCheck  # noqa: E402

Run = Callable[..., subprocess.CompletedProcess[str]]
QUIET_RAY = {**os.environ, "RAY_AUTH_MODE": "disabled"}


def corpus_of_1000(samples: Path, folder: Path) -> Path:
    """1,000 documents cut from the samples' sentences, some of them repeated, in two JSONL shards."""
    sentences = [s for path in sorted(samples.glob("*.txt")) for s in path.read_text().split(". ") if s]
    rng = random.Random(5)
    docs = [{"id": f"doc-{i}", "text": ". ".join(rng.sample(sentences, 6)) + "."} for i in range(900)]
    docs += [{"id": f"copy-{i}", "text": docs[i * 9]["text"]} for i in range(100)]
    return _sharded(docs, folder)


def near_duplicate_corpus(samples: Path, folder: Path) -> Path:
    """1,200 documents with real clusters: originals of words drawn from the samples, then verbatim copies,
    copies with a few words changed, excerpts and padded copies of them, plus empty and tiny ones. 1,200
    readable documents make two sketch blocks on the Ray workers, so pairs cross blocks."""
    vocabulary = sorted({w for path in sorted(samples.glob("*.txt")) for w in path.read_text().split()})
    rng = random.Random(11)
    originals = [" ".join(rng.choices(vocabulary, k=rng.randint(40, 160))) for _ in range(700)]
    docs = [{"id": f"orig-{i}", "text": text} for i, text in enumerate(originals)]
    for i in range(480):
        source = rng.randrange(len(originals))
        words = originals[source].split(" ")
        kind = i % 4
        if kind == 1:
            for _ in range(3):
                words[rng.randrange(len(words))] = rng.choice(["river", "market", "seven", "quietly"])
        elif kind == 2:
            start = rng.randrange(max(1, len(words) // 2))
            words = words[start : start + max(12, len(words) // 3)]
        elif kind == 3:
            words = words + rng.choices(vocabulary, k=30)
        docs.append({"id": f"copy-{i}-of-{source}", "text": " ".join(words)})
    docs += [{"id": f"empty-{i}", "text": ""} for i in range(10)]
    docs += [{"id": f"short-{i}", "text": "tiny text"} for i in range(10)]
    rng.shuffle(docs)
    folder = _sharded(docs, folder)
    (folder / "shard-9.jsonl").write_text('{"id": "broken", "text": \n')  # an unreadable record
    return folder


def _sharded(docs: list[dict[str, str]], folder: Path) -> Path:
    folder.mkdir()
    for shard in range(2):
        lines = [json.dumps(doc) for doc in docs[shard::2]]
        (folder / f"shard-{shard}.jsonl").write_text("\n".join(lines) + "\n")
    return folder


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, logging_level=logging.ERROR)
    yield
    ray.shutdown()


def jsonl_of(auditor: Auditor, path: Path) -> str:
    out = io.StringIO()
    reports = (report for _, report in auditor.audit_paths([str(path)], ReadOptions()))
    write_jsonl(reports, out, auditor.check_names)
    return out.getvalue()


def engines(engine: str, against: Path | None = None) -> Auditor:
    config = load_config(None)
    if against is not None:
        config = config.with_setting("near_duplicate", "against", str(against))
    return build_auditor(config, ["near_duplicate", "encoding"], workers=2, engine=engine)


def test_ray_and_local_engines_write_the_same_report_from_the_command_line(
    run_textaudit: Run, samples: Path
) -> None:
    local = run_textaudit("scan", str(samples), "-f", "jsonl", "--workers", "2")
    ray_run = run_textaudit(
        "scan", str(samples), "-f", "jsonl", "--engine", "ray", "--workers", "2", env=QUIET_RAY
    )
    assert local.returncode == 0, local.stderr
    assert ray_run.returncode == 0, ray_run.stderr[-3000:]
    assert ray_run.stdout == local.stdout
    assert len(ray_run.stdout.splitlines()) == 5


def test_every_check_gives_the_same_report_on_1000_documents(
    local_ray: None, samples: Path, tmp_path: Path
) -> None:
    corpus = corpus_of_1000(samples, tmp_path / "corpus")
    config = load_config(None)
    local = build_auditor(config, workers=2)
    on_ray = build_auditor(config, workers=2, engine="ray")
    assert jsonl_of(on_ray, corpus) == jsonl_of(local, corpus)


def test_near_duplicate_clusters_are_found_on_the_workers_and_match_the_local_engine(
    local_ray: None, samples: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = near_duplicate_corpus(samples, tmp_path / "corpus")
    reference = tmp_path / "reference.idx"
    check = NearDuplicateCheck()
    kept = [json.loads(line) for line in (corpus / "shard-0.jsonl").read_text().splitlines()[:200]]
    docs = (Document(doc["id"], doc["text"], "reference") for doc in kept)
    build_index(docs, reference, check.params, check.shingle_sketch)
    local = jsonl_of(engines("local", reference), corpus)
    with caplog.at_level(logging.INFO, logger="textaudit.near_duplicate"):
        on_ray = jsonl_of(engines("ray", reference), corpus)
    assert on_ray == local
    details = [
        json.loads(line)["checks"]["near_duplicate"]["details"]
        for line in local.splitlines()
        if json.loads(line)["error"] is None
    ]
    clustered = [d for d in details if d["cluster"] is not None]
    assert len(clustered) > 400 and len({d["cluster"] for d in clustered}) > 100
    assert any(d["duplicates"] and d["duplicates"][0]["containment"] < 0.9 for d in clustered)
    assert '"in_reference": true' in local and '"in_reference": false' in local
    # The distributed step ran: every readable document's sketch stayed on the workers, in two blocks.
    spread = [r.getMessage() for r in caplog.records if "stayed in" in r.getMessage()]
    assert len(spread) == 1
    assert spread[0].startswith(
        f"near_duplicate: {len(details)} sketches stayed in 2 blocks on the Ray workers"
    )
