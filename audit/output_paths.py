"""Where ``textaudit clean`` may write: never onto, into or around its inputs, never outside its output
folder, and never two documents to one file.

Paths are compared once symlinks are resolved, so an output that reaches an input through a link is caught
as surely as one named directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePath

_UNUSABLE_PARTS = {"", ".", ".."}


def overlap(inputs: Iterable[str], outputs: Iterable[tuple[Path, bool]]) -> str | None:
    """Why writing ``outputs`` (each a path and whether it is a folder) could overwrite or read back an
    input; None when it cannot."""
    for arg in inputs:
        if arg == "-" or not os.path.lexists(arg):
            continue
        source = Path(arg).resolve()
        for out, is_folder in outputs:
            target = out.resolve()
            through = "" if target == out.absolute() else f" (through a symlink, it is {target})"
            if target == source:
                return f"output {out} is input {arg}{through}: it would be overwritten"
            if source.is_dir() and source in target.parents:
                return f"output {out} is inside input {arg}{through}: a later run would read it back"
            if is_folder and target in source.parents:
                return f"output folder {out} contains input {arg}{through}: it could be overwritten"
    return None


def relative_name(name: str) -> PurePath | None:
    """A path relative to the output folder from a document id or an input path: absolute paths and
    ``..`` keep their last part only; None when nothing usable is left (``..``, ``/``, a NUL byte)."""
    path = PurePath(name)
    if path.is_absolute() or ".." in path.parts:
        path = PurePath(path.name)
    if "\0" in name or not path.parts or any(part in _UNUSABLE_PARTS for part in path.parts):
        return None
    return path


def mirrored_name(file: str, folders: Iterable[str]) -> PurePath | None:
    """The path of a file read from the inputs relative to the input folder it was found in (symlinks in
    the folder are not resolved, so a linked file keeps its own name), else its name alone."""
    absolute = os.path.abspath(file)
    for folder in folders:
        root = os.path.abspath(folder)
        if os.path.isdir(folder) and absolute.startswith(root.rstrip(os.sep) + os.sep):
            return relative_name(os.path.relpath(absolute, root))
    return relative_name(os.path.basename(file))


class Containment:
    """Whether a path under the output folder stays in it once the symlinks on its way are followed."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._folders: dict[Path, bool] = {}

    def escapes(self, target: Path) -> bool:
        """True when writing ``target`` would follow a symlink out of the output folder. The name itself
        may be a symlink: files are renamed into place, which replaces a link instead of following it."""
        folder = target.parent
        if folder not in self._folders:
            resolved = folder.resolve()
            self._folders[folder] = resolved != self.root and self.root not in resolved.parents
        return self._folders[folder]
