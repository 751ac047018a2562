"""A progress display on stderr for long runs; silent when stderr is not a terminal."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from audit.document import Document


@contextmanager
def progress_reading(enabled: bool) -> Iterator[_Tracker]:
    """Yields a tracker whose ``advance`` counts documents as the engine finishes their pass.

    The display (and the thread that redraws it) starts with the first document counted. By then the
    engine has started its pool, and a process that runs no other thread can fork its workers directly
    (see ``audit/parallel.py``)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield _Tracker(None, None)
        return
    progress = Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        MofNCompleteColumn(),
        TextColumn("documents · {task.fields[megabytes]:.1f} MB"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    try:
        yield _Tracker(progress, progress.add_task("auditing", total=None, megabytes=0.0))
    finally:
        if progress.live.is_started:
            progress.stop()


class _Tracker:
    def __init__(self, progress: Progress | None, task: int | None) -> None:
        self._progress = progress
        self._task = task
        self._chars = 0

    def counted(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Pass documents through, counting each as it is read (for commands that read, then audit)."""
        for doc in docs:
            self.advance(doc)
            yield doc

    def advance(self, doc: Document) -> None:
        """Count one audited document (called by the engine after each document's pass)."""
        if self._progress is None or self._task is None:
            return
        self._progress.start()
        self._chars += len(doc.text)
        self._progress.update(self._task, advance=1, megabytes=self._chars / 1e6)
