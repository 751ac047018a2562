"""The near-duplicate check's corpus state: sketches as arrays, results built one document at a time.

A million documents must fit as one corpus-level index, not as a million objects and then a million
results. While the pass runs, each sketch's signature, containment sample and counts are appended to
temporary files, and each document's id and repetition findings are pickled to another; when the pass
ends the arrays are read back once at their exact size (about 4 × num_perm + 4 × sample + 40 bytes a
document), candidate pairs and clusters are computed, and each result is built when the engine asks for
it, in input order, reading that document's findings back from disk.
"""

from __future__ import annotations

import pickle
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from audit.document import CheckResult
from checks._candidates import ScoredPairs, candidates, score
from checks._minhash import PackedSamples, SketchMatrix
from checks._repetition import Repetition

if TYPE_CHECKING:
    from checks.near_duplicate import DocumentSketch, NearDuplicateCheck

_NO_SIGNATURE = 0xFFFFFFFF  # the signature of a document without shingles (or whose sketch failed)
_EMPTY_REPETITION = Repetition()


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
        self.file.close()
        return data


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
        self.records = tempfile.TemporaryFile(prefix="textaudit-records-")  # noqa: SIM115 - closed at the end
        self.record_ends = array("q")
        self.sampled = 0
        self.clusters: _Clusters | None = None
        self._reader: Iterator[tuple[str, Repetition]] | None = None
        self._next = 0

    def add(self, sketch: DocumentSketch | None) -> None:
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
        pickle.dump(record, self.records, protocol=pickle.HIGHEST_PROTOCOL)
        self.record_ends.append(self.records.tell())

    def finish(self) -> None:
        check = self.check
        count = len(self.record_ends)
        corpus = SketchMatrix(
            self.signatures.read().reshape(count, self.num_perm),
            PackedSamples(self.samples.read(), self.sample_ends.read()),
            self.limits.read(),
            self.sizes.read(),
        )
        keys = check.band_keys(corpus)
        bands, samples = check.indexes(corpus, keys)
        within = score(corpus, corpus, candidates(corpus, keys, bands, samples))
        within = within.where((within.query < within.target) & check.confirmed(within))
        against = None
        if check.reference is not None and check.reference_indexes is not None:
            ref_bands, ref_samples = check.reference_indexes
            found = score(corpus, check.reference.sketches, candidates(corpus, keys, ref_bands, ref_samples))
            against = found.where(check.confirmed(found))
        self.clusters = _Clusters(corpus, within, against, check, self._ids_of)
        self.records.seek(0)
        self._reader = self._records()

    def result(self, index: int) -> CheckResult:
        if self.clusters is None or self._reader is None or index != self._next:
            raise RuntimeError("near_duplicate results are built once, in input order, after finish()")
        self._next += 1
        doc_id, repetition = next(self._reader)
        return self.clusters.result(index, doc_id, repetition)

    def _records(self) -> Iterator[tuple[str, Repetition]]:
        for _ in range(len(self.record_ends)):
            yield pickle.load(self.records)
        self.records.close()

    def _ids_of(self, nodes: set[int]) -> dict[int, str]:
        """The ids of some documents, read from the records file (only duplicates need names)."""
        ids = {}
        for node in sorted(nodes):
            start = self.record_ends[node - 1] if node else 0
            self.records.seek(start)
            ids[node] = pickle.load(self.records)[0]
        return ids


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = array("q", range(size))

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


@dataclass
class _Link:
    other: int  # a corpus index, or len(corpus) + a reference index
    similarity: float
    containment: float  # of this document in the other
    contains: float  # of the other in this document


class _Clusters:
    """Union-find over confirmed pairs and the representative of each cluster; results on demand."""

    def __init__(
        self,
        corpus: SketchMatrix,
        within: ScoredPairs,
        against: ScoredPairs | None,
        check: NearDuplicateCheck,
        ids_of: Any,
    ) -> None:
        self.corpus = corpus
        self.reference = check.reference
        self.settings = check.settings
        self.num_perm = check.params.num_perm
        n = self.size = len(corpus)
        self.links: dict[int, list[_Link]] = defaultdict(list)
        self.sets = _UnionFind(n + (len(self.reference) if self.reference else 0))
        for q, t, j, qt, tq in _rows(within):
            self.links[q].append(_Link(t, j, qt, tq))
            self.links[t].append(_Link(q, j, tq, qt))
            self.sets.union(q, t)
        if against is not None:
            for q, t, j, qt, tq in _rows(against):
                self.links[q].append(_Link(n + t, j, qt, tq))
                self.sets.union(q, n + t)
        self.members: dict[int, list[int]] = {}
        for node in sorted(self.links):
            self.members.setdefault(self.sets.find(node), []).append(node)
        for node in sorted(self.links):
            for link in self.links[node]:
                if link.other >= n:
                    root = self.sets.find(link.other)
                    if link.other not in self.members[root]:
                        self.members[root].append(link.other)
        ordered = sorted(self.members, key=lambda root: min(self.members[root]))
        self.names = {root: f"c{number}" for number, root in enumerate(ordered)}
        self.keep = {root: self._representative(nodes) for root, nodes in self.members.items()}
        linked = {link.other for links in self.links.values() for link in links}
        named = {node for node in (*linked, *self.keep.values()) if node < n}
        self.ids: dict[int, str] = ids_of(named)

    def _representative(self, nodes: list[int]) -> int:
        in_reference = [node for node in nodes if node >= self.size]
        if in_reference:
            return min(in_reference)
        return min(nodes, key=lambda node: (-int(self.corpus.sizes[node]), node))

    def _name(self, node: int) -> str:
        if node >= self.size and self.reference is not None:
            return self.reference.ids[node - self.size]
        return self.ids[node]

    def result(self, node: int, doc_id: str, repetition: Repetition) -> CheckResult:
        links = sorted(
            self.links.get(node, []), key=lambda link: (-link.containment, -link.similarity, link.other)
        )
        root = self.sets.find(node)
        in_cluster = bool(links)
        representative = not in_cluster or self.keep[root] == node
        found_elsewhere = max((max(link.containment, link.similarity) for link in links), default=0.0)
        copy_risk = 0.0 if representative else min(found_elsewhere, 1.0)
        risk = 1.0 - (1.0 - copy_risk) * (1.0 - repetition.risk)
        details: dict[str, Any] = {
            "cluster": self.names[root] if in_cluster else None,
            "cluster_size": len(self.members[root]) if in_cluster else 1,
            "representative": representative,
            "representative_id": self._name(self.keep[root]) if in_cluster else doc_id,
            "found_elsewhere": round(found_elsewhere, 4),
            "duplicates": [
                {
                    "id": self._name(link.other),
                    "similarity": round(link.similarity, 4),
                    "containment": round(link.containment, 4),
                    "contains": round(link.contains, 4),
                    "in_reference": link.other >= self.size,
                }
                for link in links[: self.settings.max_listed]
            ],
            "duplicates_found": len(links),
            "shingles": int(self.corpus.sizes[node]),
            "sketch_bytes": int(4 * self.num_perm + 4 * self.corpus.sample_sizes[node] + 16),
            **repetition.details,
        }
        return CheckResult(min(max(risk, 0.0), 1.0), list(repetition.spans), details)


def _rows(pairs: ScoredPairs) -> list[tuple[int, int, float, float, float]]:
    return list(
        zip(
            pairs.query.tolist(),
            pairs.target.tolist(),
            pairs.jaccard.tolist(),
            pairs.query_in_target.tolist(),
            pairs.target_in_query.tolist(),
            strict=True,
        )
    )
