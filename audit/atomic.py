"""Files that appear whole or not at all.

A file is written under a hidden temporary name beside its final name and renamed into place
(``os.replace``) once complete, so a run that is killed never leaves a truncated file under a final name.
Renaming also replaces a symlink found at the final name instead of writing through it. Temporary names
are fixed for a given final name, so a later run finds what an interrupted one left behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

TEMPORARY_SUFFIX = ".textaudit-tmp"
PARTIAL_SUFFIX = ".textaudit-partial"
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_EXISTING_FILE = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


class PartialFileError(Exception):
    """A partial output is not what the checkpoint describes, so the run cannot be resumed."""


def temporary_path(final: Path, suffix: str = TEMPORARY_SUFFIX) -> Path:
    """The hidden name ``final`` is written under: short whatever the length of the final name."""
    digest = hashlib.blake2b(final.name.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
    return final.with_name(f".{digest}{suffix}")


def is_temporary(name: str) -> bool:
    return name.startswith(".") and name.endswith((TEMPORARY_SUFFIX, PARTIAL_SUFFIX))


def write_atomic(path: Path, data: bytes, durable: bool = False) -> None:
    """Write ``data`` to ``path`` through a temporary file; ``durable`` also survives a power failure."""
    temporary = temporary_path(path)
    try:
        with open(_create(temporary), "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if durable:
        sync_folder(path.parent)


class PartialFile:
    """An output that grows during a run and is renamed to its final name at the end of it.

    Its size at a checkpoint is what a resumed run truncates it back to: bytes written after the
    checkpoint belong to documents the resumed run writes again.
    """

    def __init__(self, final: Path, handle: BinaryIO, size: int) -> None:
        self.final = final
        self.path = temporary_path(final, PARTIAL_SUFFIX)
        self._handle = handle
        self.size = size

    @classmethod
    def create(cls, final: Path) -> PartialFile:
        return cls(final, open(_create(temporary_path(final, PARTIAL_SUFFIX)), "wb"), 0)

    @classmethod
    def reopen(cls, final: Path, size: int) -> PartialFile:
        """The partial file of an interrupted run, cut back to the ``size`` its checkpoint recorded."""
        path = temporary_path(final, PARTIAL_SUFFIX)
        try:
            fd = os.open(path, _EXISTING_FILE)
        except OSError as exc:
            raise PartialFileError(f"{path} (the partial {final.name}): {exc.strerror}") from exc
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size < size:
            os.close(fd)
            raise PartialFileError(f"{path} (the partial {final.name}) holds less than its checkpoint says")
        os.ftruncate(fd, size)
        os.lseek(fd, size, os.SEEK_SET)
        return cls(final, open(fd, "wb"), size)

    def write(self, data: bytes) -> None:
        self._handle.write(data)
        self.size += len(data)

    def sync(self) -> None:
        """Make what was written so far durable, before a checkpoint records its size."""
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def commit(self) -> None:
        """Put the complete file in place under its final name."""
        self.sync()
        self._handle.close()
        os.replace(self.path, self.final)

    def close(self) -> None:
        """Stop writing, leaving the partial file for a resumed run."""
        self._handle.close()


def commit_left_behind(final: Path, size: int) -> bool:
    """Finish the rename of a run killed while putting its outputs in place; False when neither the partial
    file nor the final one has the recorded size."""
    partial = temporary_path(final, PARTIAL_SUFFIX)
    partial_size = _regular_size(partial)
    if partial_size is not None and partial_size >= size:
        os.truncate(partial, size)
        os.replace(partial, final)
        return True
    return _regular_size(final) == size


def remove_temporaries(folder: Path, names: Iterable[Path] = (), keep: Iterable[Path] = ()) -> None:
    """Delete what interrupted runs left: every temporary file under ``folder`` (symlinked folders are
    not followed) and the temporary ``names``, except those to ``keep``."""
    kept = {os.path.abspath(path) for path in keep}
    found = [str(path) for path in names]
    for root, _, files in os.walk(folder):
        found += [os.path.join(root, name) for name in files if is_temporary(name)]
    for path in found:
        if os.path.abspath(path) not in kept:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the system can open a folder to sync it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _create(path: Path) -> int:
    """A new regular file at ``path``: whatever an earlier run left there goes first, and a symlink
    planted at that name is replaced, never followed."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    return os.open(path, _NEW_FILE, 0o666)


def _regular_size(path: Path) -> int | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_size if stat.S_ISREG(found.st_mode) else None
