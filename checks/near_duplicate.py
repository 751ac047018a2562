"""Near-duplicates across the corpus (and a reference index), and repetition inside each document.

Each document is reduced, in the same pass as the other checks, to a sketch of its 5-word shingles: a
128-value MinHash signature (datasketch's scheme) and a FracMinHash sample for containment. Once the pass
is over, candidate pairs come from MinHash LSH (bands of the signatures) and from the shared samples,
and a pair is a duplicate when its estimated Jaccard or its estimated containment (the share of one
document found in the other: an excerpt, or an article padded with extra text) reaches its threshold.
Duplicates are joined into clusters by union-find.

Each cluster keeps one **representative**, the copy to keep: a document of the reference index if the
cluster has one (it was collected first), else the document with the most distinct shingles (it holds
the most of the shared content; an excerpt is contained in it), else the earliest in input order. The
representative is not punished for its copies; every other member's risk is the share of it found in
another member. Repetition inside a document (Gopher's rules, repeated paragraphs) adds its own risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from audit.document import CheckResult, Document
from audit.reference_index import ReferenceIndex
from checks._candidates import BandIndex, SampleIndex, ScoredPairs, band_keys, candidates, score
from checks._minhash import MinHasher, ShingleSketch, SketchMatrix, SketchParams
from checks._repetition import Repetition, RepetitionSettings, Words, find_repetition
from checks._shingles import fmix64, ngram_hashes, plain_words, shingle_hashes, word_hashes


@dataclass(frozen=True)
class NearDuplicateSettings:
    num_perm: int = field(default=128, metadata={"help": "MinHash permutations per signature"})
    bands: int = field(
        default=16,
        metadata={
            "help": "LSH bands (rows = num_perm // bands); 16 x 8 finds Jaccard >= 0.8 pairs 95% of the time"
        },
    )
    shingle: int = field(default=5, metadata={"help": "words per shingle"})
    jaccard: float = field(
        default=0.5, metadata={"help": "estimated Jaccard that makes two documents duplicates"}
    )
    containment: float = field(
        default=0.2,
        metadata={"help": "share of a document found in another that makes it a copy (excerpts, padding)"},
    )
    sample_every: int = field(
        default=2, metadata={"help": "keep 1 shingle hash in this many for containment"}
    )
    max_sample: int = field(default=4096, metadata={"help": "most sampled shingle hashes kept per document"})
    common: int = field(
        default=100, metadata={"help": "a shingle sampled in more documents than this is template text"}
    )
    bucket_cap: int = field(
        default=100, metadata={"help": "most documents an LSH bucket links each document to"}
    )
    seed: int = field(default=1, metadata={"help": "seed of the MinHash permutations (datasketch's)"})
    against: str = field(
        default="", metadata={"help": "reference index to check against (`textaudit index build`)"}
    )
    max_listed: int = field(default=10, metadata={"help": "most duplicates listed per document"})
    paragraph_overlap: float = field(
        default=0.5, metadata={"help": "share of a paragraph's 5-grams in another that makes it a repeat"}
    )
    repetition_scale: float = field(
        default=0.1,
        metadata={"help": "share of the text in repeated paragraphs at which repetition risk is 0.63"},
    )


@dataclass(frozen=True, slots=True)
class DocumentSketch:
    """What ``resolve`` needs of one document: its id, shingle sketch and repetition findings."""

    id: str
    shingles: ShingleSketch
    repetition: Repetition


class NearDuplicateCheck:
    name = "near_duplicate"
    description = "Copies and excerpts of other documents (MinHash LSH, containment), repetition inside one."
    Settings = NearDuplicateSettings
    default_weight = 0.6

    def __init__(self, settings: NearDuplicateSettings | None = None) -> None:
        self.settings = s = settings or NearDuplicateSettings()
        if s.num_perm < 2 or not 1 <= s.bands <= s.num_perm:
            raise ValueError("near_duplicate needs num_perm >= 2 and 1 <= bands <= num_perm")
        if s.shingle < 1 or s.sample_every < 1 or s.max_sample < 1:
            raise ValueError("near_duplicate needs shingle, sample_every and max_sample >= 1")
        self.params = SketchParams(s.num_perm, s.seed, s.shingle, s.sample_every, s.max_sample)
        self.rows = s.num_perm // s.bands
        self._hasher = MinHasher(self.params)
        self._repetition = RepetitionSettings(
            shingle=s.shingle, paragraph_overlap=s.paragraph_overlap, scale=s.repetition_scale
        )
        self.reference: ReferenceIndex | None = None
        if s.against:
            self.reference = ReferenceIndex.load(Path(s.against))
            self.reference.require(self.params)
        self._reference_indexes = self._indexes(self.reference.sketches) if self.reference else None

    def shingle_sketch(self, doc: Document) -> ShingleSketch:
        """The sketch a reference index stores for ``doc``."""
        return self._hasher.sketch(
            shingle_hashes(word_hashes(plain_words(doc.lowered_words)), self.params.shingle)
        )

    def sketch(self, doc: Document) -> DocumentSketch:
        normalised = plain_words(doc.lowered_words)
        hashed = word_hashes(normalised)
        # The shingles' hashes and the repetition rules' n-grams are one computation, mixed or not.
        grams = ngram_hashes(hashed, self.params.shingle, mix=False)
        shingles = self._hasher.sketch((fmix64(grams) >> np.uint64(32)).astype(np.uint32))
        five_grams = grams if self.params.shingle == 5 else ngram_hashes(hashed, 5, mix=False)
        starts = doc.word_columns.starts
        words = Words(normalised, hashed, np.fromiter(starts, np.int64, len(starts)), grams, five_grams)
        repetition = find_repetition(doc.text, doc.lines, words, self._repetition)
        return DocumentSketch(doc.id, shingles, repetition)

    def resolve(self, sketches: Sequence[DocumentSketch | None]) -> list[CheckResult]:
        present = [s if s is not None else _EMPTY_DOCUMENT for s in sketches]
        corpus = SketchMatrix.of([s.shingles for s in present], self.params.num_perm)
        keys = self._keys(corpus)
        bands, samples = self._indexes(corpus, keys)
        within = score(corpus, corpus, candidates(corpus, keys, bands, samples))
        within = within.where((within.query < within.target) & self._confirmed(within))
        against = None
        if self.reference is not None and self._reference_indexes is not None:
            ref_bands, ref_samples = self._reference_indexes
            found = score(corpus, self.reference.sketches, candidates(corpus, keys, ref_bands, ref_samples))
            against = found.where(self._confirmed(found))
        return _Clusters(present, within, against, self.reference, self.settings).results()

    def _keys(self, sketches: SketchMatrix) -> np.ndarray:
        keys = band_keys(sketches.signatures, self.settings.bands, self.rows)
        # Documents without shingles all have the empty signature; they must not share buckets.
        empty = np.flatnonzero(sketches.sizes == 0)
        keys[empty] = np.arange(1, empty.size + 1, dtype=np.uint64)[:, None] * np.uint64(0x9E3779B97F4A7C15)
        return keys

    def _indexes(
        self, sketches: SketchMatrix, keys: np.ndarray | None = None
    ) -> tuple[BandIndex, SampleIndex]:
        keys = self._keys(sketches) if keys is None else keys
        return BandIndex(keys, self.settings.bucket_cap), SampleIndex(sketches.samples, self.settings.common)

    def _confirmed(self, pairs: ScoredPairs) -> np.ndarray:
        contained = np.maximum(pairs.query_in_target, pairs.target_in_query)
        return (pairs.jaccard >= self.settings.jaccard) | (contained >= self.settings.containment)


_EMPTY_DOCUMENT = DocumentSketch(
    "",
    ShingleSketch(np.full(1, 0xFFFFFFFF, dtype=np.uint32), np.zeros(0, dtype=np.uint32), 0, 0),
    Repetition(),
)


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

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
    """Union-find over confirmed pairs, the representative of each cluster, and each document's result."""

    def __init__(
        self,
        docs: list[DocumentSketch],
        within: ScoredPairs,
        against: ScoredPairs | None,
        reference: ReferenceIndex | None,
        settings: NearDuplicateSettings,
    ) -> None:
        self.docs = docs
        self.reference = reference
        self.settings = settings
        n = len(docs)
        self.links: list[list[_Link]] = [[] for _ in range(n)]
        self.sets = _UnionFind(n + (len(reference) if reference else 0))
        for q, t, j, qt, tq in _rows(within):
            self.links[q].append(_Link(t, j, qt, tq))
            self.links[t].append(_Link(q, j, tq, qt))
            self.sets.union(q, t)
        if against is not None:
            for q, t, j, qt, tq in _rows(against):
                self.links[q].append(_Link(n + t, j, qt, tq))
                self.sets.union(q, n + t)

    def results(self) -> list[CheckResult]:
        n = len(self.docs)
        members: dict[int, list[int]] = {}
        for node in range(n):
            if self.links[node]:
                members.setdefault(self.sets.find(node), []).append(node)
        for node in range(n):
            for link in self.links[node]:
                if link.other >= n:
                    root = self.sets.find(link.other)
                    if link.other not in members[root]:
                        members[root].append(link.other)
        names = {
            root: f"c{number}" for number, root in enumerate(sorted(members, key=lambda r: min(members[r])))
        }
        keep = {root: self._representative(nodes) for root, nodes in members.items()}
        return [self._result(node, members, names, keep) for node in range(n)]

    def _representative(self, nodes: list[int]) -> int:
        n = len(self.docs)
        in_reference = [node for node in nodes if node >= n]
        if in_reference:
            return min(in_reference)
        return min(nodes, key=lambda node: (-self.docs[node].shingles.size, node))

    def _name(self, node: int) -> str:
        n = len(self.docs)
        if node >= n and self.reference is not None:
            return self.reference.ids[node - n]
        return self.docs[node].id

    def _result(
        self, node: int, members: dict[int, list[int]], names: dict[int, str], keep: dict[int, int]
    ) -> CheckResult:
        doc = self.docs[node]
        links = sorted(self.links[node], key=lambda link: (-link.containment, -link.similarity, link.other))
        root = self.sets.find(node)
        in_cluster = bool(links)
        representative = not in_cluster or keep[root] == node
        found_elsewhere = max((max(link.containment, link.similarity) for link in links), default=0.0)
        copy_risk = 0.0 if representative else min(found_elsewhere, 1.0)
        risk = 1.0 - (1.0 - copy_risk) * (1.0 - doc.repetition.risk)
        n = len(self.docs)
        details: dict[str, Any] = {
            "cluster": names[root] if in_cluster else None,
            "cluster_size": len(members[root]) if in_cluster else 1,
            "representative": representative,
            "representative_id": self._name(keep[root]) if in_cluster else doc.id,
            "found_elsewhere": round(found_elsewhere, 4),
            "duplicates": [
                {
                    "id": self._name(link.other),
                    "similarity": round(link.similarity, 4),
                    "containment": round(link.containment, 4),
                    "contains": round(link.contains, 4),
                    "in_reference": link.other >= n,
                }
                for link in links[: self.settings.max_listed]
            ],
            "duplicates_found": len(links),
            "shingles": doc.shingles.size,
            "sketch_bytes": doc.shingles.nbytes,
            **doc.repetition.details,
        }
        return CheckResult(min(max(risk, 0.0), 1.0), list(doc.repetition.spans), details)


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
