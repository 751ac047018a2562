"""The checkpoint of a ``textaudit clean`` run: how far it got, so that ``--resume`` can continue it.

It lives in a hidden work folder beside the outputs, is replaced atomically (and made durable together with
the partial outputs it describes) every so many documents or seconds, and is removed when the run
completes. It carries a fingerprint of the inputs (paths, sizes, modification times) and of the options,
so that a run is only ever continued with what it was started with.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from audit.atomic import write_atomic
from audit.readers import STDIN, list_inputs

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: runs are not locked against each other
    fcntl = None  # type: ignore[assignment]

FORMAT = "textaudit clean checkpoint 1"


class CheckpointError(Exception):
    """The checkpoint cannot be used; the message says why in one line."""


@dataclass
class Progress:
    """How far a run got: the documents written, the summary counters, and the size of each output still
    being written (its path relative to the run's root folder)."""

    documents: int = 0
    counters: dict[str, int] = field(default_factory=dict)
    partials: dict[str, int] = field(default_factory=dict)
    finished: bool = False


@dataclass(frozen=True)
class Fingerprint:
    """What a run's output depends on: a digest of the input files and the options, as plain JSON."""

    inputs: str
    files: int
    options: dict[str, Any]

    @classmethod
    def of(cls, paths: Sequence[str], options: Mapping[str, Any]) -> Fingerprint:
        """The paths as given (they name the documents) and where they lead from here, and each input
        file's size and modification time."""
        digest = hashlib.sha256()
        files = 0
        for arg in paths:
            digest.update(json.dumps(["path", arg, os.path.abspath(arg)]).encode("ascii"))
            if arg == STDIN:
                continue
            for item in list_inputs([arg]):
                try:
                    found = os.stat(item.path)
                    state: list[Any] = [found.st_size, found.st_mtime_ns]
                except OSError as exc:
                    state = [exc.strerror]
                digest.update(json.dumps(["file", item.path, *state]).encode("ascii"))
                files += 1
        plain = json.loads(json.dumps(options, sort_keys=True, default=str))
        return cls(digest.hexdigest(), files, plain)

    def difference(self, earlier: Fingerprint) -> str | None:
        """How this run differs from the one that wrote ``earlier`` (None: it is the same run)."""
        if self.inputs != earlier.inputs:
            return (
                f"the inputs are not the same ({earlier.files} files then, {self.files} now: paths, sizes "
                "or modification times differ)"
            )
        return _difference(earlier.options, self.options, "")


class Checkpoint:
    """The checkpoint file in a run's work folder, and a lock so that two runs never share it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "checkpoint.json"
        self._lock: int | None = None

    def lock(self) -> None:
        """Hold the work folder for this run; another run writing the same outputs is refused."""
        self.folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.folder / "lock", os.O_RDWR | os.O_CREAT, 0o666)
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                os.close(fd)
                busy = f"another textaudit clean is writing these outputs ({self.folder})"
                raise CheckpointError(busy) from exc
        self._lock = fd

    def read(self) -> tuple[Fingerprint, Progress] | None:
        """The fingerprint and progress of the run that wrote the checkpoint, None when there is none."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}, expected {FORMAT!r}")
            return Fingerprint(**data["fingerprint"]), Progress(**data["progress"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CheckpointError(f"the checkpoint {self.path} cannot be read ({exc})") from exc

    def write(self, fingerprint: Fingerprint, progress: Progress) -> None:
        data = {"format": FORMAT, "fingerprint": asdict(fingerprint), "progress": asdict(progress)}
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), durable=True)

    def remove(self) -> None:
        """The run is complete: the work folder goes (and the lock with it)."""
        for name in (self.path, self.folder / "lock"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)
        self.release()
        with contextlib.suppress(OSError):
            self.folder.rmdir()

    def release(self) -> None:
        if self._lock is not None:
            os.close(self._lock)
            self._lock = None


def _difference(then: Any, now: Any, key: str) -> str | None:
    if isinstance(then, dict) and isinstance(now, dict):
        for name in sorted(set(then) | set(now)):
            found = _difference(then.get(name), now.get(name), f"{key}.{name}" if key else name)
            if found is not None:
                return found
        return None
    if then != now:
        return f"{key} was {json.dumps(then)}, is now {json.dumps(now)}"
    return None
