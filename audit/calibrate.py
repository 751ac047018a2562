"""Fit the trust score's weights and floors to labeled documents, on the scale its thresholds set.

The labeled documents say whether a careful editor would keep each one: ``trust_label`` is ``clean`` or
``damaged``, and a damaged document names its ``damage`` (``filler``, ``mojibake``, ``debris``…). The
thresholds (``keep`` 70, ``review`` 40 by default) give trust its meaning — keep without reading, read
before keeping, throw away — so the fit holds them and chooses, on a grid, the weights that

* keep at least ``clean_kept`` (90%) of clean documents and reject at most ``clean_rejected`` (2%), and
* within that, flag (trust below keep) and reject (below review) as many more damaged documents than
  clean ones as possible (Youden's J at both thresholds, averaged over damage kinds so that a kind with
  many examples does not drown the others), choosing for each check a weight and a floor (the risk it may
  show on clean text without cost); the mean ROC-AUC of trust (damaged below clean) breaks ties.

A check whose risk is rarely high on clean text earns a weight that lets it reject on its own; a noisy
one is held back to what the clean documents allow.
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
FLOOR_GRID = tuple(round(step / 10, 1) for step in range(9))


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
    floors: dict[str, float]
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
    lines += ["", "[floors]", *(f"{name} = {floor}" for name, floor in sorted(calibration.floors.items()))]
    lines += [
        "",
        "[verdicts]",
        f"keep = {calibration.thresholds.keep}",
        f"review = {calibration.thresholds.review}",
    ]
    return "\n".join(lines) + "\n"


def fit(
    samples: Sequence[Sample],
    checks: Sequence[str],
    thresholds: Thresholds,
    clean_kept: float = 0.9,
    clean_rejected: float = 0.02,
) -> Calibration:
    """Weights by coordinate ascent over the grid, from every weight at 1, for fixed thresholds."""
    kinds = sorted({s.damage for s in samples if s.damage is not None})
    if not kinds or all(s.damage is not None for s in samples):
        raise ValueError("calibration needs clean documents and at least one kind of damaged document")
    goal = _Goal(samples, kinds, thresholds, clean_kept, clean_rejected)
    weights = dict.fromkeys(checks, 1.0)
    floors = dict.fromkeys(checks, 0.0)
    best = goal.score(weights, floors)
    improved = True
    while improved:
        improved = False
        for name in checks:
            for weight in GRID:
                for floor in FLOOR_GRID:
                    trial_weights, trial_floors = {**weights, name: weight}, {**floors, name: floor}
                    score = goal.score(trial_weights, trial_floors)
                    if score > best + 1e-9:
                        best, weights, floors, improved = score, trial_weights, trial_floors, True
    return Calibration(weights, floors, thresholds, best, figures(samples, weights, thresholds, floors))


@dataclass(frozen=True)
class _Goal:
    samples: Sequence[Sample]
    kinds: Sequence[str]
    thresholds: Thresholds
    clean_kept: float
    clean_rejected: float

    def score(self, weights: Mapping[str, float], floors: Mapping[str, float]) -> float:
        """Damage flagged and rejected, less clean documents flagged and rejected (so noise gains nothing),
        less a steep penalty for going beyond the clean allowances; the mean ROC-AUC breaks ties."""
        scorer = Scorer(weights, self.thresholds, floors)
        trust = [scorer.trust(s.risks) for s in self.samples]
        clean = [t for t, s in zip(trust, self.samples, strict=True) if s.damage is None]
        kept = sum(t >= self.thresholds.keep for t in clean) / len(clean)
        rejected = sum(t < self.thresholds.review for t in clean) / len(clean)
        penalty = max(0.0, self.clean_kept - kept) + max(0.0, rejected - self.clean_rejected)
        caught, aucs = [], []
        for kind in self.kinds:
            own = [t for t, s in zip(trust, self.samples, strict=True) if s.damage == kind]
            flagged = sum(t < self.thresholds.keep for t in own) / len(own)
            thrown = sum(t < self.thresholds.review for t in own) / len(own)
            caught.append((flagged + thrown) / 2)
            aucs.append(_auc_below(own, clean) or 0.0)
        clean_cost = ((1 - kept) + rejected) / 2
        return sum(caught) / len(caught) - clean_cost - 10 * penalty + 0.001 * sum(aucs) / len(aucs)


def figures(
    samples: Sequence[Sample],
    weights: Mapping[str, float],
    thresholds: Thresholds,
    floors: Mapping[str, float] | None = None,
) -> list[KindFigures]:
    """How trust treats each kind of document under these weights and thresholds ("clean" first)."""
    scorer = Scorer(weights, thresholds, floors or {})
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


def _auc_below(damaged: Sequence[float], clean: Sequence[float]) -> float | None:
    """How often a damaged document's trust is below a clean one's (ties count half)."""
    scores = [-t for t in damaged] + [-t for t in clean]
    return roc_auc(scores, [True] * len(damaged) + [False] * len(clean))
