"""The filler devset, the model fit and the grouped cross-validation shared by training and benchmarks.

The devset is the only labelled filler data, so the figures quoted for the check are cross-validated:
folds are drawn by source article, so the four GPT texts written from or about one article are always in
the same fold as the article (a model never sees the topic it is scored on). Each fold's model is turned
into the check's own JSON model and the real ``FillerCheck`` scores the held-out fold, so the figures are
those of the shipped code, including its short-text and non-English rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from audit.document import Document
from checks._filler_features import Lexicon, measure
from checks._filler_model import LogisticModel
from checks.filler import FillerCheck

REPO = Path(__file__).resolve().parent.parent
DEVSET = REPO.parent / "shared" / "devset" / "filler"
FROM_TITLE = ("generated_from_title", "generated_from_title_humanlike")
VARIANTS = (
    "rephrased_from_human_text",
    "rephrased_from_human_text_humanlike",
    "generated_from_title",
    "generated_from_title_humanlike",
)

# The model's inputs, each with the direction it may push the risk: +1 only up (evidence of filler), -1
# only down (checkable detail, human rhythm), 0 either way. Fitting under these signs keeps the model
# explainable: more LLM vocabulary never lowers the risk, more facts never raise it; a signal the data does
# not support in its direction gets weight 0 instead of a confusing reversed one. They also keep plain,
# simple English (short words, short sentences, as non-native writers and MT write) from looking like
# filler: free, the fit used short words as a sign of GPT. The function-word share is not an input: it
# only tells English prose from other text (the check's guard).
MODEL_FEATURES: dict[str, int] = {
    "llm_vocabulary_per_1k_words": +1,
    "excess_style_words_per_1k_words": +1,
    "cliches_per_1k_words": +1,
    "hedges_per_sentence": +1,
    "predictions_per_sentence": +1,
    "template_markers_per_sentence": +1,
    "participial_clauses_per_sentence": +1,
    "vague_sentence_share": +1,
    "numbers_per_100_words": -1,
    "dates_per_100_words": -1,
    "names_per_100_words": -1,
    "quotations_per_sentence": -1,
    "attributed_quotations_per_sentence": -1,
    "attributions_per_sentence": -1,
    "sentence_length_sd": -1,
    "long_sentence_share": -1,
    "short_sentence_share": -1,
    "mean_word_length": +1,
    "lexical_diversity": 0,
}
# Rephrased texts are written by GPT but keep the human article's facts: they are evidence of provenance
# more than of filler, and count half as much as the texts GPT wrote from a title alone.
REPHRASED_WEIGHT = 0.5
# L2 strength: fixed in advance rather than searched, so the cross-validated figure is not optimistic.
C = 0.5
FOLDS = 10
SEED = 0


@dataclass
class Example:
    doc: Document
    is_llm: bool
    variant: str
    domain: str
    group: str


def load_devset(folder: Path = DEVSET) -> list[Example]:
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            group = row["id"].rsplit("-", 1)[0]  # "news-7cb7615bd6-human" → the source article
            doc = Document(row["id"], row["text"], str(path))
            examples.append(Example(doc, row["label"] == "llm", row["variant"], row["domain"], group))
    if not examples:
        raise SystemExit(f"no devset files in {folder}")
    return examples


def feature_matrix(docs: Sequence[Document], names: Sequence[str] = MODEL_FEATURES) -> np.ndarray:
    lexicon = Lexicon.load()
    rows = [measure(doc, lexicon).features for doc in docs]
    return np.array([[row[name] for name in names] for row in rows])


def fit(
    x: np.ndarray,
    y: np.ndarray,
    weight: np.ndarray | None = None,
    features: dict[str, int] = MODEL_FEATURES,
    about: dict | None = None,
) -> LogisticModel:
    """L2-regularised logistic regression over the columns ``features`` (name → allowed sign) of ``x``.

    Balanced class weights: log-odds 0 means even odds for a corpus with as much filler as not; the check
    shifts them to its ``prior``.
    """
    weight = np.ones(len(y)) if weight is None else weight
    sample_weight = weight * np.where(y, len(y) / (2 * weight[y].sum()), len(y) / (2 * weight[~y].sum()))
    # Centred between the classes (each weighs half), so a document with no evidence either way sits at
    # log-odds 0, and shrinking the evidence of a short text moves it towards the prior, not towards GPT.
    center = np.average(x, axis=0, weights=sample_weight)
    scale = np.sqrt(np.average((x - center) ** 2, axis=0, weights=sample_weight))
    scale[scale == 0] = 1.0
    z = (x - center) / scale
    target = y.astype(float)

    def loss(params: np.ndarray) -> tuple[float, np.ndarray]:
        weights, intercept = params[:-1], params[-1]
        logit = z @ weights + intercept
        probability = 1 / (1 + np.exp(-logit))
        nll = np.sum(sample_weight * (np.logaddexp(0, logit) - target * logit))
        residual = sample_weight * (probability - target)
        gradient = np.append(z.T @ residual + weights / C, residual.sum())
        return nll + weights @ weights / (2 * C), gradient

    signs = list(features.values())
    bounds = [(0, None) if s > 0 else (None, 0) if s < 0 else (None, None) for s in signs] + [(None, None)]
    result = minimize(loss, np.zeros(len(signs) + 1), jac=True, method="L-BFGS-B", bounds=bounds)
    if not result.success:
        raise RuntimeError(f"the model fit did not converge: {result.message}")
    return LogisticModel.from_dict(
        {
            "features": list(features),
            "means": center.tolist(),
            "scales": scale.tolist(),
            "weights": result.x[:-1].tolist(),
            "intercept": float(result.x[-1]),
            "about": about or {},
        }
    )


def training_weights(examples: Sequence[Example]) -> np.ndarray:
    return np.array([REPHRASED_WEIGHT if e.variant.startswith("rephrased") else 1.0 for e in examples])


def folds(examples: Sequence[Example]) -> list[tuple[np.ndarray, np.ndarray]]:
    groups = [e.group for e in examples]
    splitter = GroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(examples)), groups=groups))


def cross_validated_risks(
    examples: Sequence[Example], x: np.ndarray, scored: Sequence[Sequence[Document]] | None = None
) -> list[np.ndarray]:
    """The check's risk for every example, each from the fold model that did not see its article.

    ``scored`` lists versions of the documents to score (the full texts by default; e.g. cut texts too),
    each in the order of ``examples``; one array of risks comes back per version.
    """
    versions = scored or [[e.doc for e in examples]]
    y = labels(examples)
    weight = training_weights(examples)
    risks = [np.zeros(len(examples)) for _ in versions]
    for train, test in folds(examples):
        check = FillerCheck(model=fit(x[train], y[train], weight=weight[train]))
        for out, docs in zip(risks, versions, strict=True):
            for i in test:
                out[i] = check.run(docs[i]).risk
    return risks


def human_or(examples: Sequence[Example], variants: Sequence[str] = FROM_TITLE) -> list[bool]:
    """Which examples are human or of one of ``variants``: the pairs a filler figure compares."""
    return [not e.is_llm or e.variant in variants for e in examples]


def labels(examples: Sequence[Example]) -> np.ndarray:
    return np.array([e.is_llm for e in examples])


def auc(examples: Sequence[Example], risk: np.ndarray, keep: Sequence[bool] | None = None) -> float:
    """ROC-AUC of ``risk`` for GPT against human text, over the examples where ``keep`` is true."""
    mask = np.ones(len(examples), bool) if keep is None else np.array(keep)
    return float(roc_auc_score(labels(examples)[mask], risk[mask]))


def cut(doc: Document, characters: int) -> Document:
    """The document's first sentences, up to about ``characters``: both classes at one length."""
    end = 0
    for sentence in doc.sentences:
        end = sentence.end
        if end >= characters:
            break
    return Document(doc.id, doc.text[:end], doc.source)
