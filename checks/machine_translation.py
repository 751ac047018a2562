"""Machine-translated or round-trip "spun" English.

Two kinds matter, and the risk combines one score for each:

* **garbled MT** — artifacts a person rarely leaves: a function word or verb capitalised mid-sentence
  ("presidency Was"), stray or doubled sentence punctuation ("Was. ."), a clause cut off as its own
  sentence ("Get angry."), a misspelt common word, an untranslated foreign word. Their weighted count
  beyond a small allowance, per sentence, gives the *artifact score*.
* **fluent neural MT** — no single error, only statistics: MT picks the frequent word and the likely
  word pair, varies its vocabulary less, and leans on "the … of the …". A logistic model trained on the
  project's trainset (WMT21, human vs machine translation into English; `training/`) turns these
  statistics into the *translationese probability*.

``risk = 1 − (1 − artifact score) × (1 − translationese probability)``, the probability taken at a
prior of one MT document in four, and not counted for texts under 20 words (ramping up to 60).
Spans are sentences that carry artifacts (or grammar findings, when a grammar backend is on), with
each reason. Every measured feature is in ``details``.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_right
from dataclasses import dataclass, field
from importlib import resources
from operator import attrgetter

from audit.document import CheckResult, Document, Span
from checks._grammar import BACKENDS, GrammarBackend, GrammarIssue, make_backend
from checks._mt_features import ARTIFACT_KINDS, Extraction, Finding, extract
from checks._mt_lexicon import load_lexicon

# How much one artifact of each kind counts. Kinds that people also produce (typos, lower-case
# starts after a line break, names the dictionary lacks) count for less than the ones that betray a
# machine. On the trainset's WMT21 data, fragments and capitalised function words are 4-6x likelier per
# sentence in MT, stray punctuation 2x; misspellings are *rarer* in MT than in the human references
# (which were typed by people), so they count little.
ARTIFACT_WEIGHTS = {
    "capitalised_function_word": 1.0,
    "stray_punctuation": 1.0,
    "fragment": 1.0,
    "foreign_word": 0.5,
    "misspelling": 0.5,
    "doubled_word": 0.5,
    "lowercase_start": 0.25,
    "lone_unknown_capital": 0.25,
}
# Risk at which the check calls a document machine-translated (details["likely_mt"]).
THRESHOLD = 0.5
_MODEL_FILE = "data/machine_translation_model.json"


@dataclass(frozen=True)
class MachineTranslationSettings:
    grammar: str = field(
        default="off",
        metadata={"help": "grammar evidence (spans and counts, never risk): off, harper or languagetool"},
    )
    languagetool_url: str = field(
        default="", metadata={"help": "a running LanguageTool server; setting it turns grammar evidence on"}
    )
    language: str = field(default="en-US", metadata={"help": "language code sent to LanguageTool"})
    artifact_allowance: float = field(
        default=2.0, metadata={"help": "weighted artifacts a document has for free (one slip is not MT)"}
    )
    artifact_scale: float = field(
        default=0.12,
        metadata={"help": "excess weighted artifacts per sentence at which that part reaches 0.63"},
    )
    prior_mt_share: float = field(
        default=0.25, metadata={"help": "share of MT expected in the corpus (the model is calibrated at 0.5)"}
    )
    min_words: int = field(
        default=20, metadata={"help": "shorter texts get no translationese risk; full weight at 3x this"}
    )
    max_spans: int = field(default=50, metadata={"help": "most spans reported per document"})


@dataclass(frozen=True)
class TranslationeseModel:
    """The shipped logistic model: standardised features, weights, and a Platt calibration."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    slope: float
    offset: float

    @classmethod
    def load(cls) -> TranslationeseModel:
        data = json.loads(resources.files("checks").joinpath(_MODEL_FILE).read_text(encoding="utf-8"))
        return cls(
            tuple(data["features"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["coef"]),
            float(data["intercept"]),
            float(data["calibration"]["slope"]),
            float(data["calibration"]["offset"]),
        )

    def logit(self, features: dict[str, float]) -> float:
        score = self.intercept
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            score += weight * (features[name] - mean) / (scale or 1.0)
        return self.slope * score + self.offset


class MachineTranslationCheck:
    name = "machine_translation"
    description = (
        "Machine-translated or spun English: garbled-MT artifacts and the statistics of fluent MT "
        "(translationese), combined by a model trained on WMT21."
    )
    Settings = MachineTranslationSettings
    default_weight = 0.6

    def __init__(self, settings: MachineTranslationSettings | None = None) -> None:
        self.settings = settings or MachineTranslationSettings()
        if self.settings.grammar not in BACKENDS:
            raise ValueError(f"grammar must be one of {', '.join(BACKENDS)}, got {self.settings.grammar!r}")
        if not 0.0 < self.settings.prior_mt_share < 1.0:
            raise ValueError("prior_mt_share must be between 0 and 1")
        if self.settings.artifact_scale <= 0 or self.settings.artifact_allowance < 0:
            raise ValueError("artifact_scale must be positive and artifact_allowance not negative")
        self._model = TranslationeseModel.load()
        self._prior_logit = math.log(self.settings.prior_mt_share / (1.0 - self.settings.prior_mt_share))
        self._grammar: GrammarBackend | None = make_backend(
            self.settings.grammar, self.settings.languagetool_url, self.settings.language
        )

    def run(self, doc: Document) -> CheckResult:
        # Read on first use (cached per process), so a check pickled to worker processes does not carry
        # the lexicon and the process that only hands out batches never loads it.
        found = extract(doc, load_lexicon())
        features = found.features
        if features["words"] == 0:
            return CheckResult(0.0, [], {"words": 0, "sentences": int(features["sentences"])})
        counts = dict.fromkeys(ARTIFACT_KINDS, 0)
        for finding in found.findings:
            counts[finding.kind] += 1
        weighted = sum(ARTIFACT_WEIGHTS[kind] * n for kind, n in counts.items())
        excess = max(0.0, weighted - self.settings.artifact_allowance)
        per_sentence = excess / max(features["sentences"], 1.0)
        artifact_score = 1.0 - math.exp(-per_sentence / self.settings.artifact_scale)
        translationese = _sigmoid(self._model.logit(features) + self._prior_logit)
        floor = self.settings.min_words
        reliability = min(1.0, max(0.0, (features["words"] - floor) / max(2 * floor, 1)))
        risk = 1.0 - (1.0 - artifact_score) * (1.0 - reliability * translationese)
        issues = self._grammar.check(doc.text) if self._grammar is not None else []
        details = _details(found, counts, artifact_score, translationese, risk)
        if self._grammar is not None:
            details.update(_grammar_details(self._grammar.name, issues, features["words"]))
        spans = _sentence_spans(doc, found.findings, issues)[: self.settings.max_spans]
        return CheckResult(min(max(risk, 0.0), 1.0), spans, details)


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    z = math.exp(x)
    return z / (1.0 + z)


def _details(
    found: Extraction, counts: dict[str, int], artifact_score: float, translationese: float, risk: float
) -> dict[str, float | int | bool]:
    details: dict[str, float | int | bool] = {
        "likely_mt": risk >= THRESHOLD,
        "artifact_score": round(artifact_score, 4),
        "translationese_probability": round(translationese, 4),
    }
    details.update({f"{kind}s": n for kind, n in counts.items()})
    for name, value in found.features.items():
        details[name] = int(value) if name in ("words", "sentences") else round(value, 5)
    return details


def _grammar_details(backend: str, issues: list[GrammarIssue], words: float) -> dict[str, float | int | str]:
    by_category: dict[str, int] = {}
    for issue in issues:
        by_category[issue.category] = by_category.get(issue.category, 0) + 1
    details: dict[str, float | int | str] = {
        "grammar_backend": backend,
        "grammar_issues": len(issues),
        "grammar_issues_per_100_words": round(100.0 * len(issues) / max(words, 1.0), 3),
    }
    details.update({f"grammar_{category}": n for category, n in sorted(by_category.items())})
    return details


def _sentence_spans(doc: Document, findings: list[Finding], issues: list[GrammarIssue]) -> list[Span]:
    """One span per sentence that holds evidence, its reasons joined; evidence between sentences
    (a line of lone punctuation) keeps its own extent."""
    evidence = [(f.start, f.end, f.reason) for f in findings]
    evidence += [(i.start, i.end, f"grammar ({i.category}): {i.message}") for i in issues]
    if not evidence:
        return []
    evidence.sort()
    sentences = doc.sentences
    sentence_ends = [sentence[1] for sentence in sentences]
    grouped: dict[int, tuple[list[int], list[str]]] = {}  # sentence (or -1 - offset): extent, reasons
    for start, end, reason in evidence:
        s = bisect_right(sentence_ends, start)  # the first sentence that ends after the evidence starts
        inside = s < len(sentences) and sentences[s][0] <= start
        key = s if inside else -1 - start
        group = grouped.get(key)
        if group is None:
            extent = [sentences[s][0], max(sentences[s][1], end)] if inside else [start, end]
            grouped[key] = (extent, [reason])
            continue
        extent, why = group
        if end > extent[1]:
            extent[1] = end
        if reason not in why:
            why.append(reason)
    spans = [Span(extent[0], extent[1], "; ".join(why)) for extent, why in grouped.values()]
    return sorted((span for span in spans if span.end > span.start), key=attrgetter("start"))
