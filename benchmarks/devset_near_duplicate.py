"""Pairwise precision and recall of the near_duplicate check on the labeled near-duplicate devset.

Positive pair = two documents with the same ``label`` (cluster). A reported pair is one the check lists
as a duplicate (a confirmed Jaccard or containment pair); a cluster pair is any two documents the check
puts in one cluster (union-find can join more than it confirms directly). Recall is also given on the
pairs whose exact 5-gram Jaccard is >= 0.5, on near_copy / light_revision vs original (excerpts, where
containment matters), and per relation pair. The same run is repeated with only Jaccard and only
containment confirming pairs, and over a range of thresholds, to show what each measure contributes.

    python benchmarks/devset_near_duplicate.py [../shared/devset/near_duplicate/...jsonl]
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

from audit.document import CheckResult, Document
from checks._shingles import normalised_words, shingle_hashes, word_hashes
from checks.near_duplicate import NearDuplicateCheck, NearDuplicateSettings

DEFAULT = (
    Path(__file__).resolve().parents[2]
    / "shared/devset/near_duplicate/cs_plagiarism_wmt21_ruen_llmnews_clusters.jsonl"
)
EXCERPTS = {"near_copy", "light_revision"}
OFF = 1.01  # a threshold no estimate reaches: switches a measure off


def load(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def exact_measures(docs: list[Document]) -> tuple[dict[tuple[int, int], float], dict[tuple[int, int], float]]:
    """Exact 5-gram Jaccard and containment (of the more contained document) of every overlapping pair."""
    sets = [set(shingle_hashes(word_hashes(normalised_words(d.words)), 5).tolist()) for d in docs]
    jaccard, containment = {}, {}
    for i, j in itertools.combinations(range(len(docs)), 2):
        inter = len(sets[i] & sets[j])
        if inter:
            jaccard[(i, j)] = inter / len(sets[i] | sets[j])
            containment[(i, j)] = inter / min(len(sets[i]), len(sets[j]))
    return jaccard, containment


def run(docs: list[Document], settings: NearDuplicateSettings) -> list[CheckResult]:
    check = NearDuplicateCheck(settings)
    return check.resolve([check.sketch(d) for d in docs])


def reported_pairs(docs: list[Document], results: list[CheckResult]) -> tuple[set, set]:
    index = {d.id: i for i, d in enumerate(docs)}
    direct = set()
    clusters: dict[str, list[int]] = defaultdict(list)
    for i, result in enumerate(results):
        for dup in result.details["duplicates"]:
            j = index[dup["id"]]
            direct.add((min(i, j), max(i, j)))
        if result.details["cluster"] is not None:
            clusters[result.details["cluster"]].append(i)
    in_clusters = {
        pair for members in clusters.values() for pair in itertools.combinations(sorted(members), 2)
    }
    return direct, in_clusters


def figures(rows: list[dict], reported: set, jaccard: dict) -> dict[str, float | str]:
    labels = [r["label"] for r in rows]
    positives = {p for p in itertools.combinations(range(len(rows)), 2) if labels[p[0]] == labels[p[1]]}
    true = reported & positives
    high = {p for p in positives if jaccard.get(p, 0.0) >= 0.5}
    excerpt = {
        p
        for p in positives
        if {rows[p[0]]["relation"], rows[p[1]]["relation"]} & EXCERPTS
        and "original" in {rows[p[0]]["relation"], rows[p[1]]["relation"]}
    }
    return {
        "reported": len(reported),
        "precision": _ratio(len(true), len(reported)),
        "recall": _ratio(len(true), len(positives)),
        "recall_j>=0.5": f"{_ratio(len(high & reported), len(high))} ({len(high)})",
        "recall_excerpt_vs_original": f"{_ratio(len(excerpt & reported), len(excerpt))} ({len(excerpt)})",
    }


def excerpt_pairs(rows: list[dict]) -> set[tuple[int, int]]:
    """near_copy / light_revision answers paired with their original."""
    pairs = set()
    for i, j in itertools.combinations(range(len(rows)), 2):
        relations = {rows[i]["relation"], rows[j]["relation"]}
        if rows[i]["label"] == rows[j]["label"] and relations & EXCERPTS and "original" in relations:
            pairs.add((i, j))
    return pairs


def per_relation(rows: list[dict], reported: set) -> dict[str, str]:
    labels = [r["label"] for r in rows]
    total: Counter = Counter()
    found: Counter = Counter()
    for i, j in itertools.combinations(range(len(rows)), 2):
        if labels[i] != labels[j]:
            continue
        key = " / ".join(sorted((rows[i]["relation"], rows[j]["relation"])))
        total[key] += 1
        found[key] += (i, j) in reported
    return {key: f"{found[key]}/{total[key]} = {_ratio(found[key], total[key])}" for key in sorted(total)}


def false_pairs_by_relation(rows: list[dict], reported: set) -> Counter:
    wrong: Counter = Counter()
    for i, j in reported:
        if rows[i]["label"] != rows[j]["label"]:
            wrong[" / ".join(sorted((rows[i]["relation"], rows[j]["relation"])))] += 1
    return wrong


def _ratio(a: int, b: int) -> str:
    return f"{a / b:.3f}" if b else "n/a"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    rows = load(path)
    docs = [Document(r["id"], r["text"], str(path)) for r in rows]
    jaccard, containment = exact_measures(docs)
    base = NearDuplicateSettings(max_listed=len(docs))
    print(f"{path.name}: {len(docs)} documents, default settings {dataclasses.asdict(base)}\n")
    variants = {
        "both (default)": base,
        "jaccard only": dataclasses.replace(base, containment=OFF),
        "containment only": dataclasses.replace(base, jaccard=OFF),
    }
    for name, settings in variants.items():
        direct, clustered = reported_pairs(docs, run(docs, settings))
        print(f"== {name}")
        print("  reported pairs:", figures(rows, direct, jaccard))
        print("  cluster pairs: ", figures(rows, clustered, jaccard))
        if name == "both (default)":
            print("  recall per relation (reported pairs):")
            for key, value in per_relation(rows, direct).items():
                print(f"    {key:50s} {value}")
            print("  false pairs by relation:", dict(false_pairs_by_relation(rows, direct)) or "none")
    print("\n== sweep (reported pairs): containment threshold, Jaccard off")
    for threshold in (0.05, 0.1, 0.15, 0.2, 0.3, 0.5):
        direct, _ = reported_pairs(
            docs, run(docs, dataclasses.replace(base, jaccard=OFF, containment=threshold))
        )
        print(f"  containment >= {threshold:<5} {figures(rows, direct, jaccard)}")
    print("== sweep (reported pairs): Jaccard threshold, containment off")
    for threshold in (0.1, 0.2, 0.3, 0.5, 0.7):
        direct, _ = reported_pairs(
            docs, run(docs, dataclasses.replace(base, containment=OFF, jaccard=threshold))
        )
        print(f"  jaccard >= {threshold:<9} {figures(rows, direct, jaccard)}")
    true_j = np.array(sorted(jaccard.values()))
    print(f"\nexact 5-gram Jaccard over overlapping pairs: {true_j.size} pairs, max {true_j.max():.3f}")
    excerpts = excerpt_pairs(rows)
    for threshold in (0.1, 0.2):
        reachable = sum(containment.get(p, 0.0) >= threshold for p in excerpts)
        print(f"excerpt/original pairs, exact 5-gram containment >= {threshold}: {reachable}/{len(excerpts)}")


if __name__ == "__main__":
    main()
