"""The Ray engine: the same checks on Ray Data, for corpora that outgrow one machine.

The driver only lists the input files. Ray Data workers read them (each file on the worker that got
it), and actors that hold the checks — built once per actor, like the local engine's processes — run the
per-document pass. Rows keep their input order, so the report is the local engine's, byte for byte.

Corpus checks get their sketches in the driver as the rows stream past, as on the local engine, unless
their collector is a ``SpreadCollector`` (``audit/collectors.py``): then the actors cut each sketch with
the collector's splitter, and the driver is sent only the small part. The workers' part stays in the
object store: the driver walks the pass's blocks in order (``iter_internal_ref_bundles``), has a task cut
each block's document and pass columns for itself, and has other tasks gather the workers' rows into
blocks of ``ROWS_PER_BLOCK`` consecutive documents, which it holds by reference only. Those blocks are
the ``SketchRows`` handed to the collector's ``finish_rows``.

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
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from audit.collectors import SketchRows
from audit.document import Document
from audit.gc_policy import collect_less_often
from audit.passes import CheckRunner, PassResult, call_guarded
from audit.readers import STDIN, InputFile, ReadOptions, list_inputs, read_file

BATCH_DOCUMENTS = 64
READER_CPU = 0.1
ROWS_PER_BLOCK = 1024
_ROW = "row:"  # prefix of the columns that carry a spread collector's rows
_UNREADABLE = b""  # the row of a document that could not be read (it has no sketch)

Splitter = Callable[[Any], tuple[Any, bytes]]


class RayUnavailableError(RuntimeError):
    """Ray is not installed: the message says how to install it."""


class RayPasses:
    """Each document with its pass result, in input order, computed on Ray Data.

    A context manager: Ray stays up (and the spread rows in its object store) until it exits, so the
    corpus checks can finish on the workers after the pass. ``rows(name)`` is valid once iterated.
    """

    def __init__(
        self,
        runner: CheckRunner,
        paths: Sequence[str],
        options: ReadOptions,
        address: str | None = None,
        workers: int | None = None,
        splitters: dict[str, Splitter] | None = None,
    ) -> None:
        self.runner = runner
        self.paths = paths
        self.options = options
        self.address = address
        self.workers = workers
        self.splitters = splitters or {}
        self._stack = ExitStack()
        self._rows: dict[str, _RowBlocks] = {}

    def __enter__(self) -> RayPasses:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._rows.clear()
        self._stack.close()

    def __iter__(self) -> Iterator[tuple[Document, PassResult]]:
        ray = _import_ray()
        files = list(list_inputs(_spill_stdin(self.paths, self._stack)))
        if not files:
            return
        self._start(ray)
        rows = ray.data.from_items(
            [{"file": pickle.dumps(item)} for item in files], override_num_blocks=min(len(files), 200)
        )
        # Readers are light next to the checks: they get a slice of a CPU so the auditing actors, one per
        # CPU, never leave them unschedulable.
        audited = rows.flat_map(_Reader(self.options), num_cpus=READER_CPU).map_batches(
            _Auditor,
            fn_constructor_kwargs={"runner": self.runner, "splitters": self.splitters},
            batch_size=BATCH_DOCUMENTS,
            compute=ray.data.ActorPoolStrategy(size=self._actors(ray)),
            num_cpus=1 - READER_CPU,
        )
        if not self.splitters:
            for row in audited.iter_rows():
                yield pickle.loads(row["doc"]), pickle.loads(row["pass"])
            return
        self._rows = {name: _RowBlocks(_ROW + name) for name in self.splitters}
        front = ray.remote(_front_columns)
        for bundle in audited.iter_internal_ref_bundles():
            for entry, piece in zip(bundle.blocks, bundle.slices, strict=True):
                bounds = None if piece is None else (piece.start_offset, piece.end_offset)
                docs, passes = ray.get(front.remote(entry.ref, bounds))
                readable = 0
                for doc_blob, pass_blob in zip(docs, passes, strict=True):
                    doc = pickle.loads(doc_blob)
                    readable += doc.error is None
                    yield doc, pickle.loads(pass_blob)
                for blocks in self._rows.values():
                    blocks.add(ray, entry.ref, bounds, readable)
        for blocks in self._rows.values():
            blocks.close(ray)

    def rows(self, name: str) -> SketchRows | None:
        """The workers' part of the ``name`` collector's sketches, after the pass."""
        blocks = self._rows.get(name)
        if blocks is None:
            return None
        ray = _import_ray()
        dataset = ray.data.from_arrow_refs(list(blocks.refs)) if blocks.refs else None
        return SketchRows(dataset, list(blocks.refs), ROWS_PER_BLOCK, blocks.readable, self._actors(ray))

    def _start(self, ray: Any) -> None:
        if not ray.is_initialized():
            ray.init(
                address=self.address,
                num_cpus=None if self.address else self.workers,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
            self._stack.callback(ray.shutdown)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True
        context.enable_progress_bars = False
        context.print_on_execution_start = False
        context.enable_auto_log_stats = False

    def _actors(self, ray: Any) -> int:
        return self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))


def _import_ray() -> Any:
    try:
        import ray
    except ImportError as exc:
        raise RayUnavailableError("the Ray engine needs Ray: pip install 'textaudit[ray]'") from exc
    return ray


@dataclass
class _RowBlocks:
    """Gathers one spread collector's rows into blocks of ``ROWS_PER_BLOCK`` consecutive documents.

    The driver knows how many readable documents each pass block holds (it has just read them), so it
    knows which pass blocks a rows block needs; the tasks it starts read them where they are.
    """

    column: str
    readable: int = 0
    refs: list[Any] = field(default_factory=list)
    pending: list[tuple[Any, tuple[int, int] | None, int]] = field(default_factory=list)

    def add(self, ray: Any, block: Any, bounds: tuple[int, int] | None, readable: int) -> None:
        if readable:
            self.pending.append((block, bounds, self.readable))
            self.readable += readable
        while self.readable >= (len(self.refs) + 1) * ROWS_PER_BLOCK:
            self._cut(ray)

    def close(self, ray: Any) -> None:
        if self.readable > len(self.refs) * ROWS_PER_BLOCK:
            self._cut(ray)
        self.pending.clear()

    def _cut(self, ray: Any) -> None:
        start = len(self.refs) * ROWS_PER_BLOCK
        stop = start + ROWS_PER_BLOCK
        layout = [(bounds, first) for _, bounds, first in self.pending]
        blocks = [block for block, _, _ in self.pending]
        self.refs.append(ray.remote(_gather_rows).remote(self.column, start, stop, layout, *blocks))
        # A pass block whose last document is past ``stop`` is needed by the next rows block too.
        ends = self.pending[1:]
        self.pending = [
            item
            for item, following in zip(self.pending, [*ends, None], strict=True)
            if following is None or following[2] > stop
        ]


def _table(block: Any, bounds: tuple[int, int] | None) -> Any:
    from ray.data.block import BlockAccessor

    table = BlockAccessor.for_block(block).to_arrow()
    return table if bounds is None else table.slice(bounds[0], bounds[1] - bounds[0])


def _front_columns(block: Any, bounds: tuple[int, int] | None) -> tuple[list[bytes], list[bytes]]:
    """A pass block's documents and pass results, without the rows that stay on the workers."""
    table = _table(block, bounds)
    return table.column("doc").to_pylist(), table.column("pass").to_pylist()


def _gather_rows(
    column: str, start: int, stop: int, layout: list[tuple[tuple[int, int] | None, int]], *blocks: Any
) -> Any:
    """The rows of the readable documents ``start`` to ``stop``, from the pass blocks that hold them."""
    import pyarrow as pa

    indexes: list[int] = []
    rows: list[bytes] = []
    for (bounds, first), block in zip(layout, blocks, strict=True):
        index = first
        for row in _table(block, bounds).column(column).to_pylist():
            if row == _UNREADABLE:
                continue
            if start <= index < stop:
                indexes.append(index)
                rows.append(row)
            index += 1
    return pa.table({"index": pa.array(indexes, pa.int64()), "row": pa.array(rows, pa.binary())})


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

    def __init__(self, runner: CheckRunner, splitters: dict[str, Splitter]) -> None:
        self.runner = runner
        self.splitters = splitters
        collect_less_often()

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        docs = [pickle.loads(blob) for blob in batch["doc"]]
        outcomes = self.runner.run_batch(docs)
        out: dict[str, list[bytes]] = {"doc": list(batch["doc"])}
        for name, split in self.splitters.items():
            out[_ROW + name] = [
                _UNREADABLE if doc.error is not None else self._split(split, outcome, name)
                for doc, outcome in zip(docs, outcomes, strict=True)
            ]
        out["pass"] = [pickle.dumps(outcome) for outcome in outcomes]
        return out

    @staticmethod
    def _split(split: Splitter, outcome: PassResult, name: str) -> bytes:
        """Leaves the driver's part of the sketch in the pass result; returns the workers' part."""
        parts, failure = call_guarded(lambda: split(outcome.sketches.get(name)))
        if failure is not None:
            outcome.failures.append(f"check {name!r} failed: {failure}")
            parts = (None, pickle.dumps(None))
        outcome.sketches[name] = parts[0]
        return parts[1]
