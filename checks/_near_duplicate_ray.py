"""The near-duplicate candidate step on Ray Data: pairs found and confirmed where the sketches are.

The Ray engine leaves each document's signature, containment sample and band keys on the workers
(``SketchStore.splitter``); this module turns those rows into the confirmed pairs the driver needs to
build clusters, the same pairs ``SketchStore.finish`` finds in one process:

1. band rows ``(band, key, document)`` and sample rows ``(hash, document)`` are grouped by key with
   ``groupby(...).map_groups(...)``. A group is a coarse bucket (the key modulo a few thousand), and
   inside it NumPy sorts the rows by their exact key: one Python call per few hundred rows instead of
   one per key. A band bucket links its ``bucket_cap`` earliest documents pairwise; a sampled hash
   shared by at most ``common`` documents links them and counts one shared sample per pair.
2. the pair mentions are grouped by the sketch block of their first document; each group sums its
   shared samples per pair, fetches that block and the blocks of the other documents straight from the
   object store (a broadcast join by block), scores the pairs and keeps the confirmed ones.
3. against a reference index, each block of documents is searched and scored on a worker as a whole.

Only the confirmed pairs reach the driver. Scoring reuses ``checks._candidates.score``, so the numbers are
the single-process ones, bit for bit.
"""

from __future__ import annotations

import logging
import pickle
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from checks._candidates import Pairs, ScoredPairs, score
from checks._minhash import ShingleSketch, SketchMatrix
from checks._near_duplicate_store import confirmed_pairs
from checks.near_duplicate import NearDuplicateSettings, is_duplicate

if TYPE_CHECKING:
    from audit.collectors import SketchRows
    from checks.near_duplicate import NearDuplicateCheck

log = logging.getLogger("textaudit.near_duplicate")

ROWS_PER_GROUP = 256  # rows of a coarse bucket handled by one map_groups call, on average
_NO_SIGNATURE = 0xFFFFFFFF
_SCORED = ("query", "target", "jaccard", "query_in_target", "target_in_query")


def confirmed_on_ray(check: NearDuplicateCheck, rows: SketchRows) -> tuple[ScoredPairs, ScoredPairs | None]:
    """Confirmed pairs within the corpus (query < target) and against the reference, if any."""
    nothing = ScoredPairs.joined([])
    if rows.dataset is None or rows.count == 0:
        return nothing, (nothing if check.reference is not None else None)
    settings = check.settings
    n, per_block = rows.count, rows.per_block
    coarse = max(1, min(rows.count * settings.bands // ROWS_PER_GROUP, 1 << 20))
    shuffle = {"num_partitions": max(1, min(2 * rows.workers, coarse))}
    mentions = {"count": n, "per_block": per_block}
    by_band = (
        rows.dataset.map_batches(_band_rows, batch_format="numpy", fn_kwargs={"coarse": coarse})
        .groupby("coarse", **shuffle)
        .map_groups(_bucket_pairs, batch_format="numpy", fn_kwargs={"cap": settings.bucket_cap, **mentions})
    )
    by_sample = (
        rows.dataset.map_batches(_sample_rows, batch_format="numpy", fn_kwargs={"coarse": coarse})
        .groupby("coarse", **shuffle)
        .map_groups(_shared_pairs, batch_format="numpy", fn_kwargs={"common": settings.common, **mentions})
    )
    confirm = {
        "blocks": list(rows.blocks),
        "settings": replace(settings, against=""),
        "num_perm": check.params.num_perm,
        **mentions,
    }
    within = _collected(
        by_band.union(by_sample)
        .groupby("part", **shuffle)
        .map_groups(_confirm_block, batch_format="numpy", fn_kwargs=confirm)
    )
    against = None
    if check.reference is not None:
        import ray

        against = _collected(
            rows.dataset.map_batches(
                _AgainstReference,
                batch_format="pyarrow",
                fn_constructor_kwargs={"check": check},
                compute=ray.data.ActorPoolStrategy(min_size=1, max_size=rows.workers),
            )
        )
    log.info(
        "near_duplicate: %d sketches stayed in %d blocks on the Ray workers; %d confirmed pairs came back",
        n,
        len(rows.blocks),
        len(within) + (len(against) if against is not None else 0),
    )
    return within, against


def _collected(dataset: Any) -> ScoredPairs:
    parts = [
        ScoredPairs(*(batch[column] for column in _SCORED))
        for batch in dataset.iter_batches(batch_format="numpy", batch_size=None)
        if batch[_SCORED[0]].size
    ]
    return ScoredPairs.joined(parts)


def _decoded(blobs: Any) -> list[tuple[ShingleSketch | None, np.ndarray | None]]:
    return [pickle.loads(blob) or (None, None) for blob in blobs]


def _band_rows(batch: dict[str, np.ndarray], coarse: int) -> dict[str, np.ndarray]:
    """A row per band of every document with shingles: its key, the band and the document."""
    keyed = [
        (index, keys)
        for index, (_, keys) in zip(batch["index"], _decoded(batch["row"]), strict=True)
        if keys is not None
    ]
    if not keyed:
        empty = np.zeros(0, dtype=np.int64)
        return {"coarse": empty, "band": empty, "key": empty, "index": empty}
    keys = np.stack([keys for _, keys in keyed])
    bands = keys.shape[1]
    flat = keys.ravel()
    return {
        "coarse": (flat % np.uint64(coarse)).astype(np.int64),
        "band": np.tile(np.arange(bands, dtype=np.int64), len(keyed)),
        "key": flat.view(np.int64),
        "index": np.repeat(np.array([index for index, _ in keyed], dtype=np.int64), bands),
    }


def _sample_rows(batch: dict[str, np.ndarray], coarse: int) -> dict[str, np.ndarray]:
    """A row per sampled shingle hash of every document."""
    samples = [sketch.sample if sketch is not None else None for sketch, _ in _decoded(batch["row"])]
    sizes = np.array([0 if sample is None else sample.size for sample in samples], dtype=np.int64)
    present = [sample for sample in samples if sample is not None and sample.size]
    hashes = np.concatenate(present).astype(np.int64) if present else np.zeros(0, dtype=np.int64)
    return {
        "coarse": hashes % coarse,
        "hash": hashes,
        "index": np.repeat(batch["index"].astype(np.int64), sizes),
    }


def _runs(*keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where each run of equal keys starts and ends, for rows sorted by those keys."""
    size = keys[0].size
    change = np.zeros(size + 1, dtype=bool)
    change[0] = change[size] = True
    for key in keys:
        change[1:size] |= key[1:] != key[:-1]
    bounds = np.flatnonzero(change)
    return bounds[:-1], bounds[1:]


def _mentions(groups: list[np.ndarray], shared: int, count: int, per_block: int) -> dict[str, np.ndarray]:
    """Every pair (a < b) inside each sorted group of documents, as ``a * count + b``."""
    firsts, seconds = [], []
    for members in groups:
        first, second = np.triu_indices(members.size, k=1)
        firsts.append(members[first])
        seconds.append(members[second])
    a = np.concatenate(firsts) if firsts else np.zeros(0, dtype=np.int64)
    b = np.concatenate(seconds) if seconds else np.zeros(0, dtype=np.int64)
    return {"part": a // per_block, "code": a * count + b, "shared": np.full(a.size, shared, dtype=np.int64)}


def _bucket_pairs(
    group: dict[str, np.ndarray], cap: int, count: int, per_block: int
) -> dict[str, np.ndarray]:
    """A band bucket links its ``cap`` earliest documents pairwise, as the single-process index does."""
    order = np.lexsort((group["index"], group["key"], group["band"]))
    band, key, index = group["band"][order], group["key"][order], group["index"][order]
    starts, ends = _runs(band, key)
    shared = ends - starts >= 2
    members = [
        index[start : min(end, start + cap)] for start, end in zip(starts[shared], ends[shared], strict=True)
    ]
    return _mentions(members, 0, count, per_block)


def _shared_pairs(
    group: dict[str, np.ndarray], common: int, count: int, per_block: int
) -> dict[str, np.ndarray]:
    """A sampled hash links the documents that share it, unless it is template text (too common)."""
    order = np.lexsort((group["index"], group["hash"]))
    hashes, index = group["hash"][order], group["index"][order]
    starts, ends = _runs(hashes)
    sizes = ends - starts
    kept = (sizes >= 2) & (sizes <= common)
    return _mentions(
        [index[start:end] for start, end in zip(starts[kept], ends[kept], strict=True)], 1, count, per_block
    )


def _matrix(table: Any, num_perm: int) -> SketchMatrix:
    """A sketch block as the arrays ``score`` reads (the store's placeholder for a failed sketch)."""
    sketches = [sketch for sketch, _ in _decoded(table.column("row").to_pylist())]
    signatures = np.full((len(sketches), num_perm), _NO_SIGNATURE, dtype=np.uint32)
    empty = np.zeros(0, dtype=np.uint32)
    for row, sketch in enumerate(sketches):
        if sketch is not None:
            signatures[row] = sketch.signature
    return SketchMatrix(
        signatures,
        [empty if sketch is None else sketch.sample for sketch in sketches],
        np.array([0 if sketch is None else sketch.limit for sketch in sketches], dtype=np.int64),
        np.array([0 if sketch is None else sketch.size for sketch in sketches], dtype=np.int64),
    )


def _confirm_block(
    group: dict[str, np.ndarray],
    blocks: list[Any],
    settings: NearDuplicateSettings,
    num_perm: int,
    count: int,
    per_block: int,
) -> dict[str, np.ndarray]:
    """Scores the pairs whose first document is in one sketch block, fetching the blocks they need."""
    import ray

    codes, inverse = np.unique(group["code"], return_inverse=True)
    shared = np.bincount(inverse, weights=group["shared"], minlength=codes.size).astype(np.int64)
    a, b = codes // count, codes % count
    part = int(a[0] // per_block)
    queries = _matrix(ray.get(blocks[part]), num_perm)
    found = []
    target_parts = b // per_block
    for target_part in np.unique(target_parts).tolist():
        same = target_parts == target_part
        targets = queries if target_part == part else _matrix(ray.get(blocks[target_part]), num_perm)
        local = score(
            queries,
            targets,
            Pairs(a[same] - part * per_block, b[same] - target_part * per_block, shared[same]),
        )
        scored = ScoredPairs(a[same], b[same], local.jaccard, local.query_in_target, local.target_in_query)
        found.append(scored.where(is_duplicate(scored, settings)))
    return _columns(ScoredPairs.joined(found))


def _columns(pairs: ScoredPairs) -> dict[str, np.ndarray]:
    return {column: getattr(pairs, column) for column in _SCORED}


class _AgainstReference:
    """A worker holding the reference index; it searches and scores whole blocks of documents."""

    def __init__(self, check: NearDuplicateCheck) -> None:
        self.check = check

    def __call__(self, table: Any) -> dict[str, np.ndarray]:
        check = self.check
        reference, indexes = check.reference, check.reference_indexes
        if reference is None or indexes is None or table.num_rows == 0:
            return _columns(ScoredPairs.joined([]))
        queries = _matrix(table, check.params.num_perm)
        index = np.asarray(table.column("index").to_numpy(), dtype=np.int64)
        keys = check.band_keys(queries)
        found = confirmed_pairs(check, queries, keys, *indexes, reference.sketches, within=False)
        return _columns(
            ScoredPairs(
                index[found.query], found.target, found.jaccard, found.query_in_target, found.target_in_query
            )
        )
