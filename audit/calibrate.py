"""Fit the trust score's weights and verdict thresholds to labeled documents.

The labeled documents say whether a careful editor would keep each one: ``trust_label`` is ``clean`` or
``damaged``, and a damaged document names its ``damage`` (``filler``, ``mojibake``, ``debris``…). The fit
chooses, on a grid, the weights that make trust rank every kind of damaged document below the clean ones
(the mean over damage kinds of the ROC-AUC of trust, each kind against all clean documents, so a kind
with many examples does not drown the others), then places the thresholds:

* ``keep`` — the trust that best separates clean from damaged documents (Youden's J: the share of clean
  documents kept minus the share of damaged ones kept is largest);
* ``review`` — the highest trust below which at most ``clean_rejected`` (2%) of clean documents fall, so
  that ``reject`` is a verdict an editor can act on without reading.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from audit.config import Thresholds
from audit.document import Document
from audit.engine import Auditor
from audit.metrics import roc_auc
from audit.scoring import Scorer

GRID = tuple(round(step / 20, 2) for step in range(21))


@dataclass(frozen=True)
class Sample:
    """One audited labeled document: its damage kind (None when clean) and each check's risk."""

    damage: str | None
    risks: Mapping[str, float]


@dataclass(frozen=True)
class KindFigures:
    kind: str
    documents: int
    auc: float | None
    kept: float  # share with trust >= keep
    rejected: float  # share with trust < review


@dataclass
class Calibration:
    weights: dict[str, float]
    thresholds: Thresholds
    objective: float
    figures: list[KindFigures] = field(default_factory=list)


def samples_from(auditor: Auditor, docs: Iterable[Document]) -> tuple[list[Sample], int]:
    """Audit labeled documents; the samples, and how many documents had no usable label or text."""
    samples: list[Sample] = []
    skipped = 0
    for report_doc, report in auditor.audit_documents(docs):
        label = report_doc.meta.get("trust_label")
        if report.error is not None or label not in ("clean", "damaged"):
            skipped += 1
            continue
        damage = None if label == "clean" else str(report_doc.meta.get("damage") or "damaged")
        samples.append(Sample(damage, {name: result.risk for name, result in report.checks.items()}))
    return samples, skipped


def as_toml(calibration: Calibration, note: str) -> str:
    """The fitted weights and thresholds as a config file (also the format of ``audit/defaults.toml``)."""
    lines = [f"# {line}" for line in note.splitlines()]
    lines += ["[weights]", *(f"{name} = {weight}" for name, weight in sorted(calibration.weights.items()))]
    lines += [
        "",
        "[verdicts]",
        f"keep = {calibration.thresholds.keep}",
        f"review = {calibration.thresholds.review}",
    ]
    return "\n".join(lines) + "\n"


def fit(samples: Sequence[Sample], checks: Sequence[str], clean_rejected: float = 0.02) -> Calibration:
    """Weights by coordinate ascent over the grid (from all weights 1), then thresholds."""
    kinds = sorted({s.damage for s in samples if s.damage is not None})
    if not kinds or all(s.damage is not None for s in samples):
        raise ValueError("calibration needs clean documents and at least one kind of damaged document")
    weights = dict.fromkeys(checks, 1.0)
    best = _objective(samples, weights, kinds)
    improved = True
    while improved:
        improved = False
        for name in checks:
            for weight in GRID:
                trial = {**weights, name: weight}
                score = _objective(samples, trial, kinds)
                if score > best + 1e-9:
                    best, weights, improved = score, trial, True
    thresholds = _thresholds(samples, weights, clean_rejected)
    return Calibration(weights, thresholds, best, figures(samples, weights, thresholds))


def figures(
    samples: Sequence[Sample], weights: Mapping[str, float], thresholds: Thresholds
) -> list[KindFigures]:
    """How trust treats each kind of document under these weights and thresholds ("clean" first)."""
    scorer = Scorer(weights, thresholds)
    trust = [scorer.trust(s.risks) for s in samples]
    clean = [t for t, s in zip(trust, samples, strict=True) if s.damage is None]
    rows = []
    for kind in ["clean", *sorted({s.damage for s in samples if s.damage is not None})]:
        own = (
            clean if kind == "clean" else [t for t, s in zip(trust, samples, strict=True) if s.damage == kind]
        )
        auc = None if kind == "clean" else _auc_below(own, clean)
        kept = sum(t >= thresholds.keep for t in own) / len(own)
        rejected = sum(t < thresholds.review for t in own) / len(own)
        rows.append(KindFigures(kind, len(own), auc, kept, rejected))
    return rows


def _objective(samples: Sequence[Sample], weights: Mapping[str, float], kinds: Iterable[str]) -> float:
    scorer = Scorer(weights, Thresholds())
    trust = [scorer.trust(s.risks) for s in samples]
    clean = [t for t, s in zip(trust, samples, strict=True) if s.damage is None]
    aucs = [
        _auc_below([t for t, s in zip(trust, samples, strict=True) if s.damage == kind], clean) or 0.0
        for kind in kinds
    ]
    return sum(aucs) / len(aucs)


def _auc_below(damaged: Sequence[float], clean: Sequence[float]) -> float | None:
    """How often a damaged document's trust is below a clean one's (ties count half)."""
    scores = [-t for t in damaged] + [-t for t in clean]
    return roc_auc(scores, [True] * len(damaged) + [False] * len(clean))


def _thresholds(samples: Sequence[Sample], weights: Mapping[str, float], clean_rejected: float) -> Thresholds:
    scorer = Scorer(weights, Thresholds())
    clean = sorted(scorer.trust(s.risks) for s in samples if s.damage is None)
    damaged = [scorer.trust(s.risks) for s in samples if s.damage is not None]
    candidates = sorted(set(clean) | set(damaged))

    def youden(threshold: float) -> float:
        kept_clean = sum(t >= threshold for t in clean) / len(clean)
        kept_damaged = sum(t >= threshold for t in damaged) / len(damaged)
        return kept_clean - kept_damaged

    keep = max(candidates, key=youden)
    allowed = int(clean_rejected * len(clean))
    review = clean[allowed] if allowed < len(clean) else clean[-1]
    return Thresholds(keep=keep, review=min(review, keep))
