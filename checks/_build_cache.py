"""Tables a check derives from installed data, built once per machine and read back on later runs.

Building the machine-translation lexicon from wordfreq and symspellpy takes about a second, and every
process pays it: each worker of every scan. Reading the finished tables back takes a quarter of that.
The file name carries a digest of everything the tables are built from (the building code, the data
packages' versions), so a changed input builds afresh and nothing stale is ever read. Files are written
whole under a unique temporary name and renamed into place, so workers starting together cannot read a
half-written one. Without a writable cache directory the tables are simply built every time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
CACHE_ENV = "TEXTAUDIT_CACHE_DIR"


def cache_directory() -> Path:
    """``$TEXTAUDIT_CACHE_DIR``, else ``$XDG_CACHE_HOME/textaudit``, else ``~/.cache/textaudit``."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "textaudit"


def build_inputs(sources: Sequence[bytes], packages: Sequence[str]) -> bytes:
    """What a table is built from, for ``built_once``: the building code and data files (``sources``),
    the versions of the installed ``packages`` it reads, and Python's version (which pickles it)."""
    versions = " ".join([*(version(package) for package in packages), sys.version])
    return b"\0".join([*sources, versions.encode()])


def built_once(
    name: str, inputs: bytes, build: Callable[[], T], kind: type[T], directory: Path | None = None
) -> T:
    """``build()``, or the copy a previous build with the same ``inputs`` left in the cache directory."""
    folder = cache_directory() if directory is None else directory
    path = folder / f"{name}-{hashlib.blake2b(inputs, digest_size=12).hexdigest()}.pickle"
    with contextlib.suppress(OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        with path.open("rb") as cached:
            found = pickle.load(cached)  # written by this function only, under the user's own cache directory
        if isinstance(found, kind):
            return found
    built = build()
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{name}-", delete=False) as out:
            temporary = Path(out.name)
            pickle.dump(built, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        for older in folder.glob(f"{name}-*.pickle"):  # built from inputs that have since changed
            if older != path:
                older.unlink(missing_ok=True)
    except OSError:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
    return built
