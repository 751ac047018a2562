"""The near-duplicate check's corpus state: sketches as arrays, results built one document at a time.

A million documents must fit as one corpus-level index, not as a million objects and then a million
results. While the pass runs, each sketch's signature, containment sample and counts are appended to
temporary files, and each document's id and repetition findings are pickled to another; when the pass
ends the arrays are read back once at their exact size (about 4 × num_perm + 4 × sample + 40 bytes a
document), candidate pairs and clusters are computed, and each result is built when the engine asks for
it, in input order, reading that document's findings back from disk.

On the Ray engine the store is a ``SpreadCollector`` (see ``audit/collectors.py``): its ``splitter`` runs
on the Ray workers and sends the driver only each document's id, repetition findings and sizes, while the
signature, the containment sample and the band keys stay on the workers as ``SketchRows``.
``finish_rows`` then finds and confirms the pairs there (``checks/_near_duplicate_ray.py``) and receives
only the confirmed links; clusters and results are built from them exactly as in ``finish``.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from audit.document import CheckResult
from audit.spool import Spool
from checks._candidates import BandIndex, SampleIndex, ScoredPairs, band_keys, candidates, score
from checks._components import smallest_members
from checks._minhash import PackedSamples, SketchMatrix
from checks._repetition import Repetition

if TYPE_CHECKING:
    from audit.collectors import SketchRows
    from checks.near_duplicate import DocumentSketch, NearDuplicateCheck

QUERY_CHUNK = 1024
_NO_SIGNATURE = 0xFFFFFFFF  # the signature of a document without shingles (or whose sketch failed)
_EMPTY_REPETITION = Repetition()


@dataclass(frozen=True, slots=True)
class KeptSketch:
    """What the driver keeps of a sketch whose signature and sample stay on the Ray workers."""

    id: str
    repetition: Repetition
    size: int  # distinct shingles
    sample_size: int


@dataclass(frozen=True)
class SketchSplitter:
    """Runs where each sketch is made: the driver's part, and the workers' row (shingle sketch and band
    keys; no band keys for a document without shingles, which must share no bucket)."""

    bands: int
    rows: int

    def __call__(self, sketch: DocumentSketch | None) -> tuple[KeptSketch | None, bytes]:
        if sketch is None:
            return None, pickle.dumps(None)
        shingles = sketch.shingles
        keys = band_keys(shingles.signature[None, :], self.bands, self.rows)[0] if shingles.size else None
        kept = KeptSketch(sketch.id, sketch.repetition, shingles.size, int(shingles.sample.size))
        return kept, pickle.dumps((shingles, keys), protocol=pickle.HIGHEST_PROTOCOL)


class _Column:
    """A column of one dtype appended to a temporary file, read back once at its exact size."""

    def __init__(self, dtype: type) -> None:
        self.dtype = np.dtype(dtype)
        self.file = tempfile.TemporaryFile(prefix="textaudit-sketches-")  # noqa: SIM115 - closed in read()
        self.count = 0

    def append(self, values: np.ndarray) -> None:
        self.file.write(np.ascontiguousarray(values, dtype=self.dtype).tobytes())
        self.count += values.size

    def read(self) -> np.ndarray:
        self.file.seek(0)
        data = np.fromfile(self.file, dtype=self.dtype, count=self.count)
        self.close()
        return data

    def close(self) -> None:
        self.file.close()


class SketchStore:
    """The ``collector`` of the near-duplicate check (see ``audit/collectors.py``)."""

    def __init__(self, check: NearDuplicateCheck) -> None:
        self.check = check
        self.num_perm = check.params.num_perm
        self.signatures = _Column(np.uint32)
        self.samples = _Column(np.uint32)
        self.sample_ends = _Column(np.int64)
        self.limits = _Column(np.int64)
        self.sizes = _Column(np.int64)
        self.sample_sizes = _Column(np.int64)
        self.records = Spool()
        self.record_ends = array("q")
        self.sampled = 0
        self.clusters: _Clusters | None = None

    def add(self, sketch: DocumentSketch | KeptSketch | None) -> None:
        if isinstance(sketch, KeptSketch):
            self._add_kept(sketch)
            return
        if sketch is None:
            signature = np.full(self.num_perm, _NO_SIGNATURE, dtype=np.uint32)
            sample, limit, size, record = np.zeros(0, dtype=np.uint32), 0, 0, ("", _EMPTY_REPETITION)
        else:
            shingles = sketch.shingles
            signature, sample, limit, size = (
                shingles.signature,
                shingles.sample,
                shingles.limit,
                shingles.size,
            )
            record = (sketch.id, sketch.repetition)
        self.signatures.append(signature)
        self.samples.append(sample)
        self.sampled += sample.size
        self.sample_ends.append(np.array([self.sampled]))
        self.limits.append(np.array([limit]))
        self.sizes.append(np.array([size]))
        self.sample_sizes.append(np.array([sample.size]))
        self._record(record)

    def _add_kept(self, sketch: KeptSketch) -> None:
        self.sizes.append(np.array([sketch.size]))
        self.sample_sizes.append(np.array([sketch.sample_size]))
        self._record((sketch.id, sketch.repetition))

    def _record(self, record: tuple[str, Repetition]) -> None:
        self.record_ends.append(self.records.append(record))

    def splitter(self) -> SketchSplitter:
        return SketchSplitter(self.check.settings.bands, self.check.rows)

    def finish_rows(self, rows: SketchRows) -> None:
        """``finish`` for sketches left on the Ray workers: only the confirmed links come back."""
        from checks._near_duplicate_ray import confirmed_on_ray

        within, against = confirmed_on_ray(self.check, rows)
        for unused in (self.signatures, self.samples, self.sample_ends, self.limits):
            unused.close()
        self._clusters(self.sizes.read(), self.sample_sizes.read(), within, against)

    def read_sketches(self) -> tuple[SketchMatrix, np.ndarray]:
        """Every sketch added, read back once at its exact size, and each one's sample size."""
        count = len(self.record_ends)
        corpus = SketchMatrix(
            self.signatures.read().reshape(count, self.num_perm),
            PackedSamples(self.samples.read(), self.sample_ends.read()),
            self.limits.read(),
            self.sizes.read(),
        )
        return corpus, self.sample_sizes.read()

    def finish(self) -> None:
        check = self.check
        corpus, sample_sizes = self.read_sketches()
        keys = check.band_keys(corpus)
        bands, samples = check.indexes(corpus, keys)
        within = confirmed_pairs(check, corpus, keys, bands, samples, corpus, within=True)
        against = None
        if check.reference is not None and check.reference_indexes is not None:
            ref_bands, ref_samples = check.reference_indexes
            against = confirmed_pairs(
                check, corpus, keys, ref_bands, ref_samples, check.reference.sketches, within=False
            )
        self._clusters(corpus.sizes, sample_sizes, within, against)

    def _clusters(
        self, sizes: np.ndarray, sample_sizes: np.ndarray, within: ScoredPairs, against: ScoredPairs | None
    ) -> None:
        self.clusters = _Clusters(sizes, sample_sizes, within, against, self.check, self._ids_of)

    def result(self, index: int) -> CheckResult:
        if self.clusters is None:
            raise RuntimeError("near_duplicate results are built after finish()")
        doc_id, repetition = self.records.take(index)
        return self.clusters.result(index, doc_id, repetition)

    def _ids_of(self, nodes: set[int]) -> dict[int, str]:
        """The ids of some documents, read from the records file (only duplicates need names)."""
        ids = {}
        for node in sorted(nodes):
            ids[node] = self.records.load_at(self.record_ends[node - 1] if node else 0)[0]
        return ids


def confirmed_pairs(
    check: NearDuplicateCheck,
    corpus: SketchMatrix,
    keys: np.ndarray,
    bands: BandIndex,
    samples: SampleIndex,
    targets: SketchMatrix,
    within: bool,
) -> ScoredPairs:
    """Confirmed duplicate pairs, searched and scored a chunk of query documents at a time: a corpus full
    of copies yields many candidates per document, and only the confirmed ones are kept."""
    found = []
    for start in range(0, len(corpus), QUERY_CHUNK):
        stop = min(start + QUERY_CHUNK, len(corpus))
        chunk = corpus.rows(start, stop)
        scored = score(chunk, targets, candidates(chunk, keys[start:stop], bands, samples)).shifted(start)
        keep = check.confirmed(scored)
        found.append(scored.where(keep & (scored.query < scored.target) if within else keep))
    return ScoredPairs.joined(found)


@dataclass(frozen=True)
class _Links:
    """Every document's confirmed links as sorted arrays (40 bytes a link): for each document, its links
    strongest first, and where they start and end."""

    node: np.ndarray  # int64: the document the link belongs to
    other: np.ndarray  # int64: a corpus index, or len(corpus) + a reference index
    similarity: np.ndarray
    containment: np.ndarray  # of ``node`` in ``other``
    contains: np.ndarray  # of ``other`` in ``node``

    @classmethod
    def of(cls, within: ScoredPairs, against: ScoredPairs | None, size: int) -> _Links:
        parts = [
            (within.query, within.target, within.jaccard, within.query_in_target, within.target_in_query),
            (within.target, within.query, within.jaccard, within.target_in_query, within.query_in_target),
        ]
        if against is not None:
            parts.append(
                (
                    against.query,
                    against.target + size,
                    against.jaccard,
                    against.query_in_target,
                    against.target_in_query,
                )
            )
        node, other, similarity, containment, contains = (
            np.concatenate(column) for column in zip(*parts, strict=True)
        )
        order = np.lexsort((other, -similarity, -containment, node))
        return cls(node[order], other[order], similarity[order], containment[order], contains[order])

    def span(self, node: int) -> tuple[int, int]:
        return int(np.searchsorted(self.node, node, "left")), int(np.searchsorted(self.node, node, "right"))


class _Clusters:
    """Union-find over confirmed pairs and the representative of each cluster; results on demand."""

    def __init__(
        self,
        sizes: np.ndarray,
        sample_sizes: np.ndarray,
        within: ScoredPairs,
        against: ScoredPairs | None,
        check: NearDuplicateCheck,
        ids_of: Any,
    ) -> None:
        self.sizes = sizes
        self.sample_sizes = sample_sizes
        self.reference = check.reference
        self.settings = check.settings
        self.num_perm = check.params.num_perm
        n = self.size = len(sizes)
        self.links = _Links.of(within, against, n)
        self.roots = smallest_members(
            n + (len(self.reference) if self.reference else 0), self.links.node, self.links.other
        )
        self.members: dict[int, list[int]] = {}
        for node in np.unique(self.links.node).tolist():
            self.members.setdefault(int(self.roots[node]), []).append(node)
        for other in np.unique(self.links.other[self.links.other >= n]).tolist():
            self.members[int(self.roots[other])].append(other)
        ordered = sorted(self.members, key=lambda root: min(self.members[root]))
        self.names = {root: f"c{number}" for number, root in enumerate(ordered)}
        self.keep = {root: self._representative(nodes) for root, nodes in self.members.items()}
        others = np.unique(self.links.other[self.links.other < n]).tolist()
        self.ids: dict[int, str] = ids_of({*others, *(node for node in self.keep.values() if node < n)})

    def _representative(self, nodes: list[int]) -> int:
        in_reference = [node for node in nodes if node >= self.size]
        if in_reference:
            return min(in_reference)
        return min(nodes, key=lambda node: (-int(self.sizes[node]), node))

    def _name(self, node: int) -> str:
        if node >= self.size and self.reference is not None:
            return self.reference.ids[node - self.size]
        return self.ids[node]

    def result(self, node: int, doc_id: str, repetition: Repetition) -> CheckResult:
        first, last = self.links.span(node)
        links = self.links
        root = int(self.roots[node])
        in_cluster = last > first
        representative = not in_cluster or self.keep[root] == node
        found_elsewhere = (
            float(np.maximum(links.containment[first:last], links.similarity[first:last]).max())
            if in_cluster
            else 0.0
        )
        copy_risk = 0.0 if representative else min(found_elsewhere, 1.0)
        risk = 1.0 - (1.0 - copy_risk) * (1.0 - repetition.risk)
        listed = range(first, min(last, first + self.settings.max_listed))
        details: dict[str, Any] = {
            "cluster": self.names[root] if in_cluster else None,
            "cluster_size": len(self.members[root]) if in_cluster else 1,
            "representative": representative,
            "representative_id": self._name(self.keep[root]) if in_cluster else doc_id,
            "found_elsewhere": round(found_elsewhere, 4),
            "duplicates": [
                {
                    "id": self._name(int(links.other[i])),
                    "similarity": round(float(links.similarity[i]), 4),
                    "containment": round(float(links.containment[i]), 4),
                    "contains": round(float(links.contains[i]), 4),
                    "in_reference": bool(links.other[i] >= self.size),
                }
                for i in listed
            ],
            "duplicates_found": last - first,
            "shingles": int(self.sizes[node]),
            "sketch_bytes": int(4 * self.num_perm + 4 * self.sample_sizes[node] + 16),
            **repetition.details,
        }
        return CheckResult(min(max(risk, 0.0), 1.0), list(repetition.spans), details)
