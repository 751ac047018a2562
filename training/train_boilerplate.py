"""Fit the boilerplate check's main-text model and choose its margin, by cross-validation grouped by page.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/train_boilerplate.py [--devset PATH] [--folds 10] [--dry-run]

There is no training set for boilerplate, so the model is fitted on the development set
(``devset/boilerplate``, 67 pages), and every figure quoted for it is cross-validated: the pages are
split into folds, each fold is audited by a model fitted on the other folds only, and a page never
lends lines to the model that judges it. Target: whether a line lies inside the page's article body
(``content_line_range``). Both stages are L2-regularised logistic regressions (scikit-learn here; plain
NumPy at run time).

The margin is chosen on the same cross-validated predictions: the margin with the best page-level F1
among those that remove at most ``--max-content-removed`` of the content lines, because a wrongly removed
content line costs more than a missed debris line. The model, the chosen margin and the cross-validated
figures at every margin tried are written to ``checks/data/boilerplate_model.json``.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.devset_boilerplate import DEVSET, Page, figures, load_pages, resolve_pages  # noqa: E402
from checks._boilerplate_lines import CORPUS_FEATURE, FEATURE_NAMES, corpus_feature  # noqa: E402
from checks._boilerplate_model import MODEL_FILE, BodyModel  # noqa: E402
from checks.boilerplate import BoilerplateCheck, BoilerplateSettings  # noqa: E402

WINDOWS = (1, 3, 8, 20)
MARGINS = (0.0, 0.5, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0)
C = 1.0  # inverse L2 strength; the features are on similar scales (logs, shares, 0/1)


def page_matrices(check: BoilerplateCheck, pages: Sequence[Page]) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per page: the features of every described line (with the corpus feature counted over all pages, as
    a scan of the file counts it) and whether the line lies in the article body. Meta lines are dropped."""
    sketches = [check.sketch(page.document) for page in pages]
    store = check.collector()
    for sketch in sketches:
        store.add(sketch)
    store.finish()
    assert store.counts is not None
    matrices = []
    for page, sketch in zip(pages, sketches, strict=True):
        _, lines = check.describe(page.document)
        features = lines.features.copy()
        features[:, CORPUS_FEATURE] = corpus_feature(check.corpus_evidence(sketch, store.counts).counts)
        line_starts = [0] + [i + 1 for i, c in enumerate(page.text) if c == "\n"]
        lo, hi = page.body
        rows, targets = [], []
        for row, start in zip(features, lines.starts, strict=True):
            index = bisect.bisect_right(line_starts, start) - 1
            if page.labels[index] == "meta":
                continue
            rows.append(row)
            targets.append(lo <= index <= hi)
        matrices.append(
            (np.asarray(rows, dtype=float).reshape(-1, len(FEATURE_NAMES)), np.asarray(targets, dtype=bool))
        )
    return matrices


def fit(matrices: Sequence[tuple[np.ndarray, np.ndarray]]) -> BodyModel:
    features = np.vstack([m for m, _ in matrices])
    targets = np.concatenate([t for _, t in matrices])
    line = LogisticRegression(C=C, max_iter=5000).fit(features, targets)
    stage_one = BodyModel(np.concatenate([line.intercept_, line.coef_[0]]), np.zeros(0), WINDOWS, 0.0)
    inputs = np.vstack([stage_one.body_inputs(m) for m, _ in matrices])
    body = LogisticRegression(C=C, max_iter=5000).fit(inputs, targets)
    prior = float(targets.mean())
    return BodyModel(
        stage_one.line_weights,
        np.concatenate([body.intercept_, body.coef_[0]]),
        WINDOWS,
        math.log(prior / (1 - prior)),
    )


def cross_validate(pages: Sequence[Page], matrices, folds: int) -> dict[float, dict[str, dict[str, float]]]:
    """Figures at every margin, each page judged by a model that never saw it."""
    flags: dict[float, list[list[bool] | None]] = {m: [None] * len(pages) for m in MARGINS}
    groups = np.arange(len(pages))
    for train, test in GroupKFold(n_splits=folds).split(groups, groups=groups):
        model = fit([matrices[i] for i in train])
        # Every page is sketched, so template lines are counted over the whole file as in a scan; only
        # the held-out pages' verdicts are kept.
        sketcher = BoilerplateCheck(model=model)
        sketches = [sketcher.sketch(page.document) for page in pages]
        for margin in MARGINS:
            check = BoilerplateCheck(BoilerplateSettings(margin=margin), model=model)
            page_flags = resolve_pages(pages, check, sketches)
            for i in test:
                flags[margin][i] = page_flags[i]
    table = {}
    for margin in MARGINS:
        whole, body = figures(pages, flags[margin])  # type: ignore[arg-type]
        table[margin] = {"whole_page": whole.to_dict(), "article_body": body.to_dict()}
    return table


def choose_margin(table: dict[float, dict[str, dict[str, float]]], max_removed: float) -> float:
    allowed = [m for m in MARGINS if table[m]["whole_page"]["content_removed"] <= max_removed]
    if not allowed:
        return max(MARGINS)
    return max(allowed, key=lambda m: (table[m]["whole_page"]["f1"], m))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--folds", type=int, default=10)
    parser.add_argument("--max-content-removed", type=float, default=0.03)
    parser.add_argument("--dry-run", action="store_true", help="print the figures, do not write the model")
    args = parser.parse_args()

    pages = load_pages(args.devset)
    check = BoilerplateCheck(model=_blank_model())  # used for its line features only
    matrices = page_matrices(check, pages)
    table = cross_validate(pages, matrices, args.folds)
    margin = choose_margin(table, args.max_content_removed)
    print(f"{len(pages)} pages, {args.folds}-fold cross-validation grouped by page")
    for m in MARGINS:
        whole, body = table[m]["whole_page"], table[m]["article_body"]
        mark = " <- chosen" if m == margin else ""
        print(
            f"margin {m:4.2f}  page P={whole['precision']:.3f} R={whole['recall']:.3f} F1={whole['f1']:.3f} "
            f"removed={100 * whole['content_removed']:.2f}% | body P={body['precision']:.3f} "
            f"R={body['recall']:.3f} F1={body['f1']:.3f} removed={100 * body['content_removed']:.2f}%{mark}"
        )
    model = fit(matrices)
    data = {
        "about": "Main-text model of the textaudit boilerplate check (training/train_boilerplate.py).",
        "trained_on": f"{args.devset.name}: {len(pages)} pages, target: line inside content_line_range",
        **model.to_dict(),
        "margin": margin,
        "margin_rule": (
            f"best cross-validated page F1 with at most {args.max_content_removed:.1%} content lines removed"
        ),
        "cross_validated": {f"{m:.2f}": table[m] for m in MARGINS},
    }
    if args.dry_run:
        return
    out = REPO / "checks" / "data" / MODEL_FILE
    out.write_text(json.dumps(data, indent=1, default=float) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(REPO)} (margin {margin}); set BoilerplateSettings.margin to match")


def _blank_model() -> BodyModel:
    """A model of the right shape with zero weights, so the check can describe lines before any fit."""
    return BodyModel(
        np.zeros(1 + len(FEATURE_NAMES)), np.zeros(2 + len(FEATURE_NAMES) + 3 * len(WINDOWS)), WINDOWS, 0.0
    )


if __name__ == "__main__":
    main()
