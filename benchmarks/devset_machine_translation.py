"""How well the machine_translation check separates MT from human translation on the dev set.

    .venv/bin/python benchmarks/devset_machine_translation.py [DEVSET.jsonl] [--grammar harper]

Prints ROC-AUC of the check's risk over all documents, for the clumsy tail (MT with WMT direct
assessment da_mean < 60) against every human document, and per da_mean band; precision and recall at
the check's threshold; and the same for each of the risk's two parts. The dev set (WMT21 ru→en) is never
trained on.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks.machine_translation import THRESHOLD, MachineTranslationCheck, MachineTranslationSettings  # noqa: E402

DEFAULT_DEVSET = REPO.parent / "shared/devset/machine_translation/wmt21_ruen_mt_vs_human.jsonl"
BANDS = (
    (None, None, "da unknown"),
    (0, 50, "da < 50"),
    (50, 60, "50 <= da < 60"),
    (60, 70, "60 <= da < 70"),
    (70, 80, "70 <= da < 80"),
    (80, 101, "da >= 80"),
)


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float:
    """Probability that a random positive outscores a random negative (ties count half)."""
    if not positives or not negatives:
        return float("nan")
    ranked = sorted([(v, 1) for v in positives] + [(v, 0) for v in negatives])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        mean_rank = (i + j + 1) / 2  # 1-based ranks i+1 .. j
        rank_sum += mean_rank * sum(label for _, label in ranked[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET)
    parser.add_argument("--grammar", default="off", help="grammar backend to run as well (off, harper)")
    args = parser.parse_args()

    check = MachineTranslationCheck(MachineTranslationSettings(grammar=args.grammar))
    rows = [json.loads(line) for line in args.devset.read_text(encoding="utf-8").splitlines() if line]
    scored = []
    for row in rows:
        result = check.run(Document(row["id"], row["text"], str(args.devset)))
        scored.append((row, result.risk, result.details))

    human = [s for s in scored if s[0]["label"] == "human"]
    mt = [s for s in scored if s[0]["label"] == "mt"]
    print(f"{args.devset.name}: {len(mt)} mt, {len(human)} human documents")
    for part in ("risk", "translationese_probability", "artifact_score"):

        def value(item: tuple, part: str = part) -> float:
            return item[1] if part == "risk" else item[2].get(part, 0.0)

        all_auc = roc_auc([value(s) for s in mt], [value(s) for s in human])
        tail = [s for s in mt if s[0]["da_mean"] is not None and s[0]["da_mean"] < 60]
        tail_auc = roc_auc([value(s) for s in tail], [value(s) for s in human])
        print(
            f"ROC-AUC of {part:28s} all {all_auc:.3f}   "
            f"clumsy tail (mt da_mean < 60, n={len(tail)}) {tail_auc:.3f}"
        )

    flagged = [s for s in scored if s[1] >= THRESHOLD]
    true_pos = sum(1 for s in flagged if s[0]["label"] == "mt")
    precision = true_pos / len(flagged) if flagged else float("nan")
    recall = true_pos / len(mt) if mt else float("nan")
    print(
        f"at the check's threshold risk >= {THRESHOLD}: precision {precision:.3f}, recall {recall:.3f}, "
        f"{len(flagged)} flagged"
    )

    print("by da_mean band (mt of the band vs all human):")
    human_risks = [s[1] for s in human]
    for low, high, label in BANDS:
        if low is None:
            band = [s for s in mt if s[0]["da_mean"] is None]
        else:
            band = [s for s in mt if s[0]["da_mean"] is not None and low <= s[0]["da_mean"] < high]
        if not band:
            continue
        recall_band = sum(1 for s in band if s[1] >= THRESHOLD) / len(band)
        print(
            f"  {label:15s} n={len(band):3d}  AUC {roc_auc([s[1] for s in band], human_risks):.3f}  "
            f"recall {recall_band:.3f}  mean risk {sum(s[1] for s in band) / len(band):.3f}"
        )
    print(f"  {'human':15s} n={len(human):3d}  mean risk {sum(human_risks) / len(human):.3f}")


if __name__ == "__main__":
    main()
