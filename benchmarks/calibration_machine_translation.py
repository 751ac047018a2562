"""What holds machine_translation's calibrated weight down, and what clumsier real MT does to the fit.

    .venv/bin/python training/build_calibration_set.py calibration/ --trainset-mt
    .venv/bin/python benchmarks/calibration_machine_translation.py [calibration/]

Audits every file of the labeled set as one corpus (as `textaudit calibrate` does), then prints:

1. the clean documents on which the check's risk is 0.6 or more, per file, and which of its two parts
   (artifacts or translationese) drives it: a weight high enough to reject garbled text costs these;
2. the check's risk on the trainset's machine translations that WMT raters scored under 60 (the dev
   rule for clumsy MT, applied to the documents that carry a score);
3. the fit as shipped (the dev-set files) and with ``weak-translations.jsonl`` (ha-en MT, see
   `training/build_calibration_set.py`) added: weights, floors, per-kind figures, and what each gives
   the samples in `samples/`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.calibrate import Sample, fit  # noqa: E402
from audit.config import Config  # noqa: E402
from audit.document import Document  # noqa: E402
from audit.engine import Auditor, build_auditor  # noqa: E402
from audit.parallel import default_workers  # noqa: E402
from audit.readers import ReadOptions, read_inputs  # noqa: E402
from audit.scoring import Scorer  # noqa: E402
from training.build_calibration_set import TRAINSET_MT  # noqa: E402

CHECK = "machine_translation"
HIGH = 0.6
EXPERIMENT = "weak-translations.jsonl"


def audit_file(auditor: Auditor, path: Path) -> tuple[list[Sample], Counter[str]]:
    """The file's samples, and its clean documents at high risk counted by the part that drives it."""
    samples, high = [], Counter[str]()
    for doc, report in auditor.audit_documents(read_inputs([str(path)])):
        label = doc.meta.get("trust_label")
        if report.error is not None or label not in ("clean", "damaged"):
            continue
        damage = None if label == "clean" else str(doc.meta.get("damage") or "damaged")
        samples.append(Sample(damage, {name: result.risk for name, result in report.checks.items()}))
        result = report.checks[CHECK]
        if damage is None and result.risk >= HIGH:
            artifacts = result.details.get("artifact_score", 0.0)
            translationese = result.details.get("translationese_probability", 0.0)
            high["artifacts" if artifacts >= translationese else "translationese"] += 1
    return samples, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("calibration", nargs="?", type=Path, default=REPO / "calibration")
    args = parser.parse_args()
    files = sorted(args.calibration.glob("*.jsonl"))
    if not any(path.name == EXPERIMENT for path in files):
        sys.exit(f"no {EXPERIMENT} in {args.calibration}: build the set with --trainset-mt")
    auditor = build_auditor(Config(), workers=default_workers())

    print(f"1. clean documents with {CHECK} risk >= {HIGH}")
    by_file: dict[str, list[Sample]] = {}
    for path in files:
        by_file[path.name], high = audit_file(auditor, path)
        clean = sum(s.damage is None for s in by_file[path.name])
        parts = ", ".join(f"{part} {n}" for part, n in sorted(high.items())) or "-"
        print(f"   {path.name:28s} {sum(high.values()):3d} of {clean:3d} clean  ({parts})")
    shipped = [s for name, found in by_file.items() if name != EXPERIMENT for s in found]
    clean = [s for s in shipped if s.damage is None]
    high_share = sum(s.risks[CHECK] >= HIGH for s in clean) / len(clean)
    print(f"   shipped set: {high_share:.1%} of {len(clean)} clean documents")

    print(f"2. {CHECK} risk of trainset MT with WMT DA under 60")
    only = build_auditor(Config(), [CHECK])
    low = [json.loads(line) for line in TRAINSET_MT.read_text(encoding="utf-8").splitlines()]
    low = [r for r in low if r["label"] == "mt" and r["da_mean"] is not None and r["da_mean"] < 60]
    docs = [Document(r["id"], r["text"], str(TRAINSET_MT)) for r in low]
    for r, (_, report) in zip(low, only.audit_documents(docs), strict=True):
        print(f"   {r['id']:45s} DA {r['da_mean']:5.1f}  risk {report.checks[CHECK].risk:.2f}")

    samples_dir = REPO / "samples"
    seeds = [report for _, report in auditor.audit_paths([str(samples_dir)], ReadOptions())]
    for title, samples in (
        ("as shipped (dev set)", shipped),
        (f"with {EXPERIMENT}", shipped + by_file[EXPERIMENT]),
    ):
        result = fit(samples, auditor.check_names, auditor.scorer.thresholds)
        print(f"3. fit {title}: {len(samples)} documents")
        print(
            "   "
            + ", ".join(f"{n} {result.weights[n]:g} (floor {result.floors[n]:g})" for n in result.weights)
        )
        for row in result.figures:
            auc = "-" if row.auc is None else f"{row.auc:.3f}"
            print(
                f"   {row.kind:10s} n={row.documents:4d}  AUC {auc:>5s}  "
                f"kept {row.kept:4.0%}  rejected {row.rejected:4.0%}"
            )
        scorer = Scorer(result.weights, result.thresholds, result.floors)
        verdicts = []
        for report in seeds:
            trust = scorer.trust({name: check.risk for name, check in report.checks.items()})
            verdicts.append(f"{report.id[:3]} {trust:.1f} {scorer.verdict(trust)}")
        print("   samples: " + "; ".join(verdicts))


if __name__ == "__main__":
    main()
