"""How well the filler check separates human from GPT-written text on ../shared/devset/filler/.

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python -m benchmarks.devset_filler [--readability]

The check's model is trained on this same devset, so every ROC-AUC here is cross-validated: ten folds
grouped by source article, each fold scored by the real check with a model that never saw the article.
Printed: the headline figures, a breakdown by domain and prompt variant, the excess-vocabulary and
length-only baselines, length-matched figures (the GPT texts are shorter), operating points at the
default settings, the shipped model on human against machine translation (which is not filler) and on
the seed articles in samples/. ``--readability`` also measures what textstat's readability would add.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
import textstat
from scipy.stats import spearmanr
from sklearn.metrics import roc_auc_score

from audit.document import Document
from checks.filler import FillerCheck
from training.filler_devset import (
    MODEL_FEATURES,
    REPO,
    VARIANTS,
    Example,
    auc,
    cross_validated_risks,
    cut,
    feature_matrix,
    fit,
    folds,
    human_or,
    labels,
    load_devset,
    training_weights,
)

MT_DEVSET = REPO.parent / "shared" / "devset" / "machine_translation" / "wmt21_ruen_mt_vs_human.jsonl"
CUT_CHARACTERS = 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readability", action="store_true", help="also measure textstat's readability")
    args = parser.parse_args()

    examples = load_devset()
    x = feature_matrix([e.doc for e in examples])
    full, short = cross_validated_risks(
        examples, x, [[e.doc for e in examples], [cut(e.doc, CUT_CHARACTERS) for e in examples]]
    )
    human = [not e.is_llm for e in examples]
    from_title = human_or(examples)
    y = labels(examples)
    print(f"filler devset: {len(examples)} texts ({sum(human)} human, {int(y.sum())} GPT-3.5), news and wiki")
    articles = len({e.group for e in examples})
    print(f"cross-validated ROC-AUC of risk (10 folds grouped by source article, {articles} articles)")
    print(f"  overall (human vs all GPT)        {auc(examples, full):.3f}   target >= 0.90")
    print(f"  human vs generated_from_title*    {auc(examples, full, from_title):.3f}   target >= 0.95")

    print("\nby domain and variant (human vs that variant)")
    columns = [
        "all GPT",
        "from title*",
        *(v.replace("_from_human_text", "").replace("generated_", "") for v in VARIANTS),
    ]
    print(f"  {'domain':8s}" + "".join(f"{c:>24s}" for c in columns))
    for domain in ("news", "wiki", None):
        in_domain = [domain is None or e.domain == domain for e in examples]
        cells = [
            _masked_auc(examples, full, in_domain),
            _masked_auc(examples, full, in_domain, from_title),
            *(_masked_auc(examples, full, in_domain, human_or(examples, [v])) for v in VARIANTS),
        ]
        print(f"  {domain or 'both':8s}" + "".join(f"{c:24.3f}" for c in cells))

    print("\nbaselines (a single raw feature as the score)")
    for name, values in (
        ("overused LLM vocabulary rate", x[:, list(MODEL_FEATURES).index("llm_vocabulary_per_1k_words")]),
        (
            "excess style words rate (Kobak)",
            x[:, list(MODEL_FEATURES).index("excess_style_words_per_1k_words")],
        ),
        ("text length, shorter = GPT", -np.array([len(e.doc.text) for e in examples], float)),
    ):
        print(f"  {name:34s} {_both(examples, values, from_title)}")

    print(
        f"\nlength control: the same fold models on every text cut to its first ~{CUT_CHARACTERS} characters"
    )
    print(f"  {_both(examples, short, from_title)}")
    lengths = np.array([len(e.doc.text) for e in examples], float)
    for name, keep in (("human", ~y), ("GPT", y)):
        rho = spearmanr(lengths[keep], full[keep]).statistic
        print(f"  Spearman correlation of risk with length within {name} texts: {rho:+.2f}")

    print("\noperating points (cross-validated risks, default settings)")
    for domain in ("news", "wiki"):
        in_domain = np.array([e.domain == domain for e in examples])
        h = full[in_domain & ~y]
        t = full[in_domain & np.array(from_title) & y]
        r = full[in_domain & y & ~np.array(from_title)]
        print(
            f"  {domain}: human risk >= 0.5: {np.mean(h >= 0.5):.0%}, >= 0.3: {np.mean(h >= 0.3):.0%};"
            f"  from-title GPT >= 0.5: {np.mean(t >= 0.5):.0%}, >= 0.7: {np.mean(t >= 0.7):.0%};"
            f"  rephrased GPT >= 0.5: {np.mean(r >= 0.5):.0%}"
        )

    check = FillerCheck()
    _machine_translation(check)
    _seeds(check)
    if args.readability:
        _readability(examples, x)


def _both(examples: list[Example], scores: np.ndarray, from_title: list[bool]) -> str:
    return f"overall {auc(examples, scores):.3f}   from title {auc(examples, scores, from_title):.3f}"


def _masked_auc(examples: list[Example], risk: np.ndarray, *masks: list[bool]) -> float:
    keep = np.logical_and.reduce([np.array(m) for m in masks])
    return auc(examples, risk, keep)


def _machine_translation(check: FillerCheck) -> None:
    if not MT_DEVSET.exists():
        print(f"\n(no {MT_DEVSET}: machine-translation comparison skipped)")
        return
    rows = [json.loads(line) for line in MT_DEVSET.read_text(encoding="utf-8").splitlines()]
    risk = np.array([check.run(Document(r["id"], r["text"], r["source"])).risk for r in rows])
    mt = np.array([r["label"] == "mt" for r in rows])
    print("\nnot machine translation: the shipped model on devset/machine_translation (WMT21 ru-en news)")
    for name, keep in (("human translations", ~mt), ("machine translations", mt)):
        print(
            f"  {name:22s} mean risk {risk[keep].mean():.3f}, risk >= 0.5: {np.mean(risk[keep] >= 0.5):.1%}"
        )
    print(
        f"  ROC-AUC of filler risk, MT against human translation: {roc_auc_score(mt, risk):.3f} (0.5: blind)"
    )


def _seeds(check: FillerCheck) -> None:
    print("\nseed articles (shipped model): 002 should be >= 0.7; 000, 001, 004 <= 0.3")
    for path in sorted((REPO / "samples").glob("*.txt")):
        result = check.run(Document(path.name, path.read_text(encoding="utf-8"), str(path)))
        print(
            f"  {path.name}  risk {result.risk:.3f}  signals {', '.join(result.details.get('signals', []))}"
        )


def _readability(examples: list[Example], x: np.ndarray) -> None:
    """Would textstat's Flesch reading ease, as one more input, pay for its cost?"""
    texts = [e.doc.text for e in examples]
    textstat.flesch_reading_ease("Loads the pronouncing dictionary. Not timed.")
    start = time.thread_time()
    flesch = np.array([[textstat.flesch_reading_ease(text)] for text in texts])
    seconds = time.thread_time() - start
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    y = labels(examples)
    weight = training_weights(examples)
    from_title = human_or(examples)
    print(
        "\nreadability: textstat 0.7.8 Flesch reading ease as an extra model input (cross-validated log-odds)"
    )
    print(f"  textstat speed: {megabytes / seconds:.1f} MB/s per core, for Flesch reading ease alone")
    with_flesch = np.hstack([x, flesch])
    for name, features, columns in (
        ("without", MODEL_FEATURES, x),
        ("with Flesch, either sign", {**MODEL_FEATURES, "flesch_reading_ease": 0}, with_flesch),
        (
            "with Flesch, easier text only lowers the risk",
            {**MODEL_FEATURES, "flesch_reading_ease": -1},
            with_flesch,
        ),
    ):
        log_odds = np.zeros(len(examples))
        for train, test in folds(examples):
            model = fit(columns[train], y[train], weight[train], features)
            for i in test:
                values = dict(zip(model.features, columns[i], strict=True))
                log_odds[i] = model.log_odds(model.contributions(values))
        shown = f"  {name:46s} {_both(examples, log_odds, from_title)}"
        if "flesch_reading_ease" in features:
            shown += f"  Flesch weight {fit(columns, y, weight, features).weights[-1]:+.2f} (all data)"
        print(shown)


if __name__ == "__main__":
    main()
