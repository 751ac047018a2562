"""Retrain the machine_translation check's translationese model from the trainset.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/train_machine_translation.py [TRAINSET.jsonl] [--out checks/data/...json]

Reads `../shared/trainset/machine_translation/*.jsonl` (WMT21 cs/de/ha/zh→en: one human reference and
two MT outputs per source document), measures every document with the check's own feature extractor,
and fits a standardised logistic regression on the document statistics (the artifacts are scored
separately by the check, not learned: on this data the human references carry more typos than the MT).

Model selection is by cross-validation that keeps each source document's three versions together, and
by leave-one-language-pair-out, which is the honest estimate for a language pair the model never saw
(the dev set is ru→en). Class weights are balanced (the trainset is 1 human : 2 MT). The figures are
printed and stored in the model file. No dev-set document is read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks._mt_features import MODEL_FEATURES, extract  # noqa: E402
from checks._mt_lexicon import load_lexicon  # noqa: E402

DEFAULT_TRAINSET = REPO.parent / "shared/trainset/machine_translation/wmt21_cs_de_ha_zh_en_mt_vs_human.jsonl"
DEFAULT_OUT = REPO / "checks/data/machine_translation_model.json"
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trainset", nargs="?", type=Path, default=DEFAULT_TRAINSET)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.trainset.read_text(encoding="utf-8").splitlines() if line]
    lexicon = load_lexicon()
    features = [extract(Document(r["id"], r["text"], "trainset"), lexicon).features for r in rows]
    x = np.array([[f[name] for name in MODEL_FEATURES] for f in features], dtype=float)
    y = np.array([r["label"] == "mt" for r in rows])
    groups = np.array([r["doc_id"] for r in rows])
    pairs = np.array([r["lang_pair"] for r in rows])

    results = {
        c: (_grouped_cv_scores(x, y, groups, c), _leave_one_pair_out_scores(x, y, pairs, c)) for c in C_GRID
    }
    aucs = {c: (roc_auc_score(y, grouped), roc_auc_score(y, lopo)) for c, (grouped, lopo) in results.items()}
    for c, (grouped, lopo) in aucs.items():
        per_pair = "  ".join(
            f"{pair} {roc_auc_score(y[pairs == pair], results[c][1][pairs == pair]):.3f}"
            for pair in sorted(set(pairs))
        )
        print(f"C={c:<6} grouped 5-fold AUC {grouped:.3f}   leave-one-pair-out AUC {lopo:.3f} ({per_pair})")
    best_c = max(aucs, key=lambda c: aucs[c][1])
    print(f"chosen C={best_c} (best leave-one-pair-out AUC)")
    # Strong regularisation shrinks the scores towards 0; map them to probabilities (Platt scaling)
    # fitted on the held-out-pair scores, so the probability means the same on an unseen pair.
    held_out = results[best_c][1]
    platt = LogisticRegression(C=1e6, class_weight="balanced").fit(held_out.reshape(-1, 1), y)
    calibration = {"slope": float(platt.coef_[0][0]), "offset": float(platt.intercept_[0])}
    print(f"calibration: p = sigmoid({calibration['slope']:.3f} * score + {calibration['offset']:.3f})")

    scaler = StandardScaler().fit(x)
    model = _fit(scaler.transform(x), y, best_c)
    weights = dict(zip(MODEL_FEATURES, model.coef_[0], strict=True))
    for name, weight in sorted(weights.items(), key=lambda item: -abs(item[1])):
        print(f"  {name:32s} {weight:+.3f}")
    payload = {
        "about": "Logistic regression on standardised document statistics: MT (1) vs human translation (0). "
        "Retrain with training/train_machine_translation.py.",
        "trained_on": f"{args.trainset.name} ({int(y.sum())} mt, {int((~y).sum())} human documents)",
        "class_weight": "balanced",
        "C": best_c,
        "grouped_cv_auc": round(aucs[best_c][0], 4),
        "leave_one_pair_out_auc": round(aucs[best_c][1], 4),
        "features": list(MODEL_FEATURES),
        "mean": [round(v, 6) for v in scaler.mean_],
        "scale": [round(v, 6) for v in scaler.scale_],
        "coef": [round(v, 6) for v in model.coef_[0]],
        "intercept": round(float(model.intercept_[0]), 6),
        "calibration": {key: round(value, 6) for key, value in calibration.items()},
    }
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> LogisticRegression:
    return LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(x, y)


def _grouped_cv_scores(x: np.ndarray, y: np.ndarray, groups: np.ndarray, c: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for train, test in GroupKFold(n_splits=5).split(x, y, groups):
        scaler = StandardScaler().fit(x[train])
        scores[test] = _fit(scaler.transform(x[train]), y[train], c).decision_function(
            scaler.transform(x[test])
        )
    return scores


def _leave_one_pair_out_scores(x: np.ndarray, y: np.ndarray, pairs: np.ndarray, c: float) -> np.ndarray:
    scores = np.zeros(len(y))
    for pair in sorted(set(pairs)):
        train, test = pairs != pair, pairs == pair
        scaler = StandardScaler().fit(x[train])
        scores[test] = _fit(scaler.transform(x[train]), y[train], c).decision_function(
            scaler.transform(x[test])
        )
    return scores


if __name__ == "__main__":
    main()
