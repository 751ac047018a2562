"""Runs the per-document pass over a stream of documents, in-process or on a pool of processes.

Order is kept, input is consumed lazily (at most a few batches per worker are in flight, so memory does
not grow with the corpus), and a worker that dies on a document costs that document only: its batch is
retried one document at a time on a fresh pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from audit.document import Document
from audit.gc_policy import collect_less_often
from audit.passes import CheckRunner, PassResult

BATCH_DOCUMENTS = 128
BATCH_CHARACTERS = 250_000
# In-process there are no workers to keep evenly loaded, so batches are larger: each check then takes
# more documents in turn while its tables are in the processor's caches (3% less CPU per MB on the
# Debian-docs corpus than with the pool's batches).
IN_PROCESS_BATCH_DOCUMENTS = 512
IN_PROCESS_BATCH_CHARACTERS = 1_000_000
IN_FLIGHT_PER_WORKER = 3
PARENT_CHECK_SECONDS = 1.0

# The runner a worker process was started with: set once per process by the pool's initializer, so the
# checks (and any model they load) reach each worker once (inherited or unpickled), not with every batch.
_worker_runner: CheckRunner | None = None


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_passes(
    runner: CheckRunner, docs: Iterable[Document], workers: int
) -> Iterator[tuple[Document, PassResult]]:
    """Each document with its pass result, in input order.

    A corpus that fits in one batch is audited in-process: starting workers would cost more than it saves.
    """
    if workers <= 1:
        yield from _in_process(runner, batches(docs, IN_PROCESS_BATCH_DOCUMENTS, IN_PROCESS_BATCH_CHARACTERS))
        return
    pending = batches(docs)
    first = next(pending, None)
    if first is None:
        return
    second = next(pending, None)
    if second is None:
        yield from _in_process(runner, [first])
        return
    with _Pool(runner, workers) as pool:
        yield from pool.map(chain([first, second], pending))


def _in_process(
    runner: CheckRunner, pending: Iterable[list[Document]]
) -> Iterator[tuple[Document, PassResult]]:
    for batch in pending:
        yield from zip(batch, runner.run_batch(batch), strict=True)


class _Pool:
    def __init__(self, runner: CheckRunner, workers: int) -> None:
        self.runner = runner
        self.workers = workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=process_context(_modules_of(self.runner)),
            initializer=_init_worker,
            initargs=(self.runner, os.getpid()),
        )

    def map(self, batches: Iterable[list[Document]]) -> Iterator[tuple[Document, PassResult]]:
        window: deque[tuple[list[Document], ProcessPoolExecutor, Future[list[PassResult]]]] = deque()
        limit = self.workers * IN_FLIGHT_PER_WORKER
        for batch in batches:
            window.append((batch, *self._submit(batch)))
            if len(window) >= limit:
                yield from self._collect(*window.popleft())
        while window:
            yield from self._collect(*window.popleft())

    def _submit(self, batch: list[Document]) -> tuple[ProcessPoolExecutor, Future[list[PassResult]]]:
        try:
            return self.executor, self.executor.submit(_run_batch, batch)
        except BrokenProcessPool:
            self._restart(self.executor)
            return self.executor, self.executor.submit(_run_batch, batch)

    def _collect(
        self, batch: list[Document], executor: ProcessPoolExecutor, future: Future[list[PassResult]]
    ) -> Iterator[tuple[Document, PassResult]]:
        try:
            results = future.result()
        except BrokenProcessPool:
            self._restart(executor)
            results = [self._isolated(doc) for doc in batch]
        yield from zip(batch, results, strict=True)

    def _isolated(self, doc: Document) -> PassResult:
        """One document on its own, so a crash is pinned on the document that causes it."""
        executor = self.executor
        try:
            return executor.submit(_run_batch, [doc]).result()[0]
        except BrokenProcessPool:
            self._restart(executor)
            return PassResult(failures=["a check crashed the worker process on this document"])

    def _restart(self, broken: ProcessPoolExecutor) -> None:
        """Replace the pool, unless it was already replaced after the same crash."""
        if broken is self.executor:
            self.executor.shutdown(wait=False, cancel_futures=True)
            self.executor = self._start()

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def process_context(modules: list[str]) -> multiprocessing.context.BaseContext:
    """How worker processes start; ``modules`` are what a fork server should import once for them.

    A forked worker starts at once with the parent's checks already built, where a fork server's worker
    must import the checks' modules and unpickle the checks (about 1 s before two workers are running).
    Forking a process that runs other threads can leave a lock held forever in the child, so it is used
    only while this thread is the only one (the progress display starts after the pool; a pool restarted
    after a crash has the old one's manager thread beside it) and only on Linux (macOS system libraries
    are not safe to fork)."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if os.name != "posix":
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Imported once by the fork server rather than by every worker it forks: the workers start together,
    # so each import would hold up the first batches for as long as one import takes.
    context.set_forkserver_preload(modules)
    return context


def _init_worker(runner: CheckRunner, parent: int) -> None:
    global _worker_runner
    _worker_runner = runner
    collect_less_often()
    exit_with(parent)


def exit_with(parent: int) -> None:
    """Ends this helper process once the process that started it is gone: a killed ``textaudit``
    (SIGKILL, OOM) cannot shut its helpers down, and they would otherwise wait forever, holding their
    memory."""
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _watch(parent: int) -> None:
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            os._exit(1)


def _modules_of(runner: CheckRunner) -> list[str]:
    return sorted({__name__, *(type(check).__module__ for check in runner.checks)})


def _run_batch(batch: list[Document]) -> list[PassResult]:
    assert _worker_runner is not None, "worker started without its checks"
    return _worker_runner.run_batch(batch)


def batches(
    docs: Iterable[Document], documents: int = BATCH_DOCUMENTS, characters: int = BATCH_CHARACTERS
) -> Iterator[list[Document]]:
    """The documents in the batches the pass takes them in: at most ``documents`` documents, and no more
    once they hold ``characters`` characters."""
    batch: list[Document] = []
    held = 0
    for doc in docs:
        batch.append(doc)
        held += len(doc.text)
        if len(batch) >= documents or held >= characters:
            yield batch
            batch, held = [], 0
    if batch:
        yield batch
