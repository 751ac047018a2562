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

import numpy as np

from audit.document import CheckResult, Document
from audit.reference_index import ReferenceIndex
from checks._candidates import BandIndex, SampleIndex, ScoredPairs, band_keys
from checks._minhash import MinHasher, ShingleSketch, SketchMatrix, SketchParams
from checks._near_duplicate_store import SketchStore
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

    def __reduce__(self) -> tuple[type[DocumentSketch], tuple[str, ShingleSketch, Repetition]]:
        return DocumentSketch, (self.id, self.shingles, self.repetition)  # see ShingleSketch.__reduce__


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
        self.reference_indexes = self.indexes(self.reference.sketches) if self.reference else None

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
        store = self.collector()
        for sketch in sketches:
            store.add(sketch)
        store.finish()
        return [store.result(index) for index in range(len(sketches))]

    def collector(self) -> SketchStore:
        """Keeps the corpus's sketches as arrays and builds each result on demand (a million documents
        take about 4 × num_perm + 4 × sample + 40 bytes each in memory)."""
        return SketchStore(self)

    def band_keys(self, sketches: SketchMatrix) -> np.ndarray:
        keys = band_keys(sketches.signatures, self.settings.bands, self.rows)
        # Documents without shingles all have the empty signature; they must not share buckets.
        empty = np.flatnonzero(sketches.sizes == 0)
        keys[empty] = np.arange(1, empty.size + 1, dtype=np.uint64)[:, None] * np.uint64(0x9E3779B97F4A7C15)
        return keys

    def indexes(
        self, sketches: SketchMatrix, keys: np.ndarray | None = None
    ) -> tuple[BandIndex, SampleIndex]:
        keys = self.band_keys(sketches) if keys is None else keys
        return BandIndex(keys, self.settings.bucket_cap), SampleIndex(sketches.samples, self.settings.common)

    def confirmed(self, pairs: ScoredPairs) -> np.ndarray:
        return is_duplicate(pairs, self.settings)


def is_duplicate(pairs: ScoredPairs, settings: NearDuplicateSettings) -> np.ndarray:
    """Which scored pairs are duplicates (a function of the settings alone, for the Ray workers)."""
    contained = np.maximum(pairs.query_in_target, pairs.target_in_query)
    return (pairs.jaccard >= settings.jaccard) | (contained >= settings.containment)
