"""A persisted reference index of MinHash sketches: check a new crawl against what was already collected.

The file is written as a stream, one record per document, so building an index holds one document's
sketch in memory at a time; loading it reads the records back into arrays from which the candidate
indexes are rebuilt in a few array operations. No pickle: the format is plain bytes, safe to load.

Layout: a magic line, a JSON header line (the sketch parameters, which must match the check's), then
per document ``<IIIQ`` (id length, sample length, distinct shingles, sample limit), the UTF-8 id, the
signature (``num_perm`` little-endian uint32) and the sorted sample (uint32).
"""

from __future__ import annotations

import dataclasses
import json
import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from audit.check import instantiate
from audit.config import Config, ConfigError
from audit.document import Document
from audit.registry import discover
from checks._minhash import ShingleSketch, SketchMatrix, SketchParams

NEAR_DUPLICATE = "near_duplicate"
MAGIC = b"TEXTAUDIT-MINHASH-INDEX\n"
VERSION = 1
_RECORD = struct.Struct("<IIIQ")


class ReferenceIndexError(ValueError):
    """The file is not a reference index, or not one these settings can be compared with."""


@dataclass(frozen=True)
class BuildStats:
    documents: int
    skipped: int
    bytes: int

    @property
    def bytes_per_document(self) -> float:
        return self.bytes / self.documents if self.documents else 0.0


class IndexWriter:
    """Appends one record per document to an index file."""

    def __init__(self, out: BinaryIO, params: SketchParams) -> None:
        self._out = out
        self.params = params
        self.documents = 0
        header = {"version": VERSION, **dataclasses.asdict(params)}
        out.write(MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n")

    def add(self, doc_id: str, sketch: ShingleSketch) -> None:
        if sketch.signature.size != self.params.num_perm:
            raise ValueError(
                f"signature has {sketch.signature.size} values, index wants {self.params.num_perm}"
            )
        encoded = doc_id.encode("utf-8", "surrogatepass")
        self._out.write(_RECORD.pack(len(encoded), sketch.sample.size, sketch.size, sketch.limit))
        self._out.write(encoded)
        self._out.write(sketch.signature.astype("<u4").tobytes())
        self._out.write(sketch.sample.astype("<u4").tobytes())
        self.documents += 1


def build_index(
    docs: Iterable[Document],
    out_path: Path,
    params: SketchParams,
    sketch_of: Callable[[Document], ShingleSketch],
) -> BuildStats:
    """Streams ``docs`` into an index at ``out_path``; unreadable documents are skipped and counted."""
    skipped = 0
    with open(out_path, "wb") as out:
        writer = IndexWriter(out, params)
        for doc in docs:
            if doc.error is not None:
                skipped += 1
                continue
            writer.add(doc.id, sketch_of(doc))
    return BuildStats(writer.documents, skipped, out_path.stat().st_size)


@dataclass(frozen=True)
class ReferenceIndex:
    """The documents of a reference index: their ids and sketches as arrays."""

    params: SketchParams
    ids: list[str]
    sketches: SketchMatrix
    path: str

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def load(cls, path: Path) -> ReferenceIndex:
        try:
            with open(path, "rb") as source:
                return cls._read(source, str(path))
        except OSError as exc:
            raise ReferenceIndexError(f"cannot read reference index {path}: {exc.strerror or exc}") from exc

    @classmethod
    def _read(cls, source: BinaryIO, name: str) -> ReferenceIndex:
        if source.read(len(MAGIC)) != MAGIC:
            raise ReferenceIndexError(
                f"{name} is not a textaudit reference index (build one with `textaudit index build`)"
            )
        try:
            header = json.loads(source.readline())
            version = header.pop("version")
            params = SketchParams(**header)
        except (ValueError, TypeError, KeyError) as exc:
            raise ReferenceIndexError(f"{name}: unreadable index header: {exc}") from exc
        if version != VERSION:
            raise ReferenceIndexError(
                f"{name}: index format version {version}, this textaudit reads {VERSION}"
            )
        ids: list[str] = []
        signatures: list[np.ndarray] = []
        samples: list[np.ndarray] = []
        limits: list[int] = []
        sizes: list[int] = []
        signature_bytes = 4 * params.num_perm
        while head := source.read(_RECORD.size):
            if len(head) < _RECORD.size:
                raise ReferenceIndexError(f"{name}: truncated after {len(ids)} documents")
            id_length, sample_length, size, limit = _RECORD.unpack(head)
            body = source.read(id_length + signature_bytes + 4 * sample_length)
            if len(body) < id_length + signature_bytes + 4 * sample_length:
                raise ReferenceIndexError(f"{name}: truncated after {len(ids)} documents")
            ids.append(body[:id_length].decode("utf-8", "surrogatepass"))
            signatures.append(np.frombuffer(body, "<u4", params.num_perm, id_length).astype(np.uint32))
            samples.append(
                np.frombuffer(body, "<u4", sample_length, id_length + signature_bytes).astype(np.uint32)
            )
            limits.append(limit)
            sizes.append(size)
        matrix = SketchMatrix(
            np.stack(signatures) if signatures else np.zeros((0, params.num_perm), dtype=np.uint32),
            samples,
            np.array(limits, dtype=np.int64),
            np.array(sizes, dtype=np.int64),
        )
        return cls(params, ids, matrix, name)

    def require(self, params: SketchParams) -> None:
        """Raise unless sketches made with ``params`` can be compared with this index."""
        if params != self.params:
            mine = dataclasses.asdict(self.params)
            theirs = dataclasses.asdict(params)
            differ = ", ".join(
                f"{k}={mine[k]} (settings say {theirs[k]})" for k in mine if mine[k] != theirs[k]
            )
            raise ReferenceIndexError(
                f"reference index {self.path} was built with {differ}; rebuild it or match them"
            )


def index_sketcher(config: Config) -> Any:
    """The near_duplicate check set up from ``config`` (its own ``against`` left out), to sketch with."""
    registry = discover()
    if NEAR_DUPLICATE not in registry:
        raise ConfigError("the near_duplicate check is not installed")
    options = dict(config.settings.get(NEAR_DUPLICATE, {}))
    options.pop("against", None)
    try:
        return instantiate(registry[NEAR_DUPLICATE].check_class, options)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{config.origin}: {exc}") from exc
