"""The Ray engine: the same checks on Ray Data, for corpora that outgrow one machine.

The driver only lists the input files. Ray Data workers read them (each file on the worker that got
it), and actors that hold the checks — built once per actor, like the local engine's processes — run the
per-document pass. Rows keep their input order, so the report is the local engine's, byte for byte.
Corpus checks get their sketches in the driver as the rows stream past, as on the local engine.

    pip install 'textaudit[ray]'
    textaudit scan s3-mounted/crawl/ --engine ray                    # a local Ray instance
    textaudit scan crawl/ --engine ray --ray-address ray://head:10001  # an existing cluster
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from typing import Any

from audit.document import Document
from audit.passes import CheckRunner, PassResult
from audit.readers import STDIN, InputFile, ReadOptions, list_inputs, read_file

BATCH_DOCUMENTS = 64
READER_CPU = 0.1


class RayUnavailableError(RuntimeError):
    """Ray is not installed: the message says how to install it."""


def ray_passes(
    runner: CheckRunner,
    paths: Sequence[str],
    options: ReadOptions,
    address: str | None = None,
    workers: int | None = None,
) -> Iterator[tuple[Document, PassResult]]:
    """Each document with its pass result, in input order, computed on Ray Data."""
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailableError("the Ray engine needs Ray: pip install 'textaudit[ray]'") from exc
    with ExitStack() as stack:
        files = list(list_inputs(_spill_stdin(paths, stack)))
        if not files:
            return
        started_here = not ray.is_initialized()
        if started_here:
            ray.init(
                address=address,
                num_cpus=None if address else workers,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
            stack.callback(ray.shutdown)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False
        rows = ray.data.from_items(
            [{"file": pickle.dumps(item)} for item in files], override_num_blocks=min(len(files), 200)
        )
        actors = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        # Readers are light next to the checks: they get a slice of a CPU so the auditing actors, one per
        # CPU, never leave them unschedulable.
        audited = rows.flat_map(_Reader(options), num_cpus=READER_CPU).map_batches(
            _Auditor,
            fn_constructor_kwargs={"runner": runner},
            batch_size=BATCH_DOCUMENTS,
            compute=ray.data.ActorPoolStrategy(size=actors),
            num_cpus=1 - READER_CPU,
        )
        for row in audited.iter_rows():
            yield pickle.loads(row["doc"]), pickle.loads(row["pass"])


def _spill_stdin(paths: Sequence[str], stack: ExitStack) -> list[str]:
    """Workers cannot read the driver's stdin: it is copied to a temporary file first."""
    if STDIN not in paths:
        return list(paths)
    folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="textaudit-stdin-"))
    spilled = os.path.join(folder, "stdin")
    with open(spilled, "wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out)
    return [spilled if path == STDIN else path for path in paths]


class _Reader:
    """Reads one listed file on a worker into pickled documents."""

    def __init__(self, options: ReadOptions) -> None:
        self.options = options

    def __call__(self, row: dict[str, Any]) -> list[dict[str, bytes]]:
        item: InputFile = pickle.loads(row["file"])
        return [{"doc": pickle.dumps(doc)} for doc in read_file(item, self.options)]


class _Auditor:
    """A Ray actor holding the checks: built once, then fed batches of documents."""

    def __init__(self, runner: CheckRunner) -> None:
        self.runner = runner

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        docs = [pickle.loads(blob) for blob in batch["doc"]]
        outcomes = self.runner.run_batch(docs)
        return {"doc": list(batch["doc"]), "pass": [pickle.dumps(outcome) for outcome in outcomes]}
