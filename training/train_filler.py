"""Retrain the filler check's model on the whole filler devset and write checks/data/filler_model.json.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m training.train_filler

Prints the cross-validated ROC-AUC (grouped by source article) that is recorded in the model file, then
fits on every document. `python -m benchmarks.devset_filler` gives the full breakdown.
"""

from __future__ import annotations

import json
import sys

from training.filler_devset import (
    FOLDS,
    MODEL_FEATURES,
    REPHRASED_WEIGHT,
    REPO,
    C,
    auc,
    cross_validated_risks,
    feature_matrix,
    fit,
    human_or,
    labels,
    load_devset,
    training_weights,
)

OUTPUT = REPO / "checks" / "data" / "filler_model.json"


def main() -> None:
    examples = load_devset()
    x = feature_matrix([e.doc for e in examples])
    y = labels(examples)
    (risk,) = cross_validated_risks(examples, x)
    from_title = human_or(examples)
    figures = {
        "overall": round(auc(examples, risk), 4),
        "human_vs_from_title": round(auc(examples, risk, from_title), 4),
    }
    print(f"cross-validated ROC-AUC ({FOLDS} folds grouped by source article): {figures}")
    about = {
        "what": "sign-constrained logistic regression; features centred and scaled with each class weighing "
        "half (means, scales); intercept + weights · z are the log-odds of filler at a 1:1 prior, which the "
        "check shifts to its prior setting",
        "trained_on": f"../shared/devset/filler: {int((~y).sum())} human and {int(y.sum())} GPT-3.5 texts "
        "(news and Wikipedia, four prompt variants)",
        "regularisation": f"L2, C={C}, balanced class weights, rephrased texts weighted {REPHRASED_WEIGHT}",
        "cross_validated_roc_auc": figures,
        "retrain": "python -m training.train_filler",
    }
    model = fit(x, y, training_weights(examples), about=about)
    data = {
        "features": list(MODEL_FEATURES),
        "means": [round(v, 6) for v in model.means],
        "scales": [round(v, 6) for v in model.scales],
        "weights": [round(v, 6) for v in model.weights],
        "intercept": round(model.intercept, 6),
        "about": about,
    }
    OUTPUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(map(len, MODEL_FEATURES))
    for name, weight in sorted(zip(MODEL_FEATURES, model.weights, strict=True), key=lambda kv: kv[1]):
        print(f"  {name:{width}s} {weight:+.3f}")
    print(f"wrote {OUTPUT.relative_to(REPO)}", file=sys.stderr)


if __name__ == "__main__":
    main()
