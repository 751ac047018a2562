"""Generic filler: vague, fact-free, template-shaped prose, the chatbot-written SEO article.

Filler says little that could be checked: few numbers, dates or quotations with a speaker; many words
that language models overuse ("pivotal", "underscores", "landscape"); vague predictions instead of events
("in the coming years", "is poised to"); essay-template openers and headings ("However,", "Conclusion:
The Legacy of …"); and an even, metronomic sentence rhythm. Each is weak alone. A logistic regression
trained on human against GPT-written news and Wikipedia text (``training/train_filler.py``), shipped as
JSON weights, weighs them into the odds of filler; each weight may only push the way its signal means.

Plain or clumsy English (non-native writers, machine translation) keeps its facts and its uneven rhythm
and is not filler: that is the machine-translation check's business. Short texts are judged with less
certainty, and text that is not English prose is not judged at all.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from audit.document import CheckResult, Document, Span
from checks._filler_features import REASONS, Lexicon, Mark, measure
from checks._filler_model import LogisticModel, probability

# The feature each kind of mark counts towards: a mark is evidence only when its feature pushed this
# document's risk up. Filler sentences (stock phrases and no checkable detail) have no feature of their own.
_MARK_FEATURE = {
    "heading": "template_markers_per_sentence",
    "llm": "llm_vocabulary_per_1k_words",
    "prediction": "predictions_per_sentence",
    "opener": "template_markers_per_sentence",
    "clause": "participial_clauses_per_sentence",
    "cliche": "cliches_per_1k_words",
    "hedge": "hedges_per_sentence",
    "style": "excess_style_words_per_1k_words",
}
# When there is more evidence than ``max_spans``, the most telling kinds are kept.
_PRIORITY = {kind: rank for rank, kind in enumerate(("heading", "sentence", *_MARK_FEATURE))}


@dataclass(frozen=True)
class FillerSettings:
    prior: float = field(
        default=0.2,
        metadata={
            "help": "share of the corpus expected to be filler; the risk is the probability at that prior"
        },
    )
    half_evidence_sentences: int = field(
        default=4,
        metadata={
            "help": "sentences at which a text's evidence counts half: rates from a few sentences are noise"
        },
    )
    min_words: int = field(
        default=50,
        metadata={"help": "words below which the risk is scaled down in proportion (too little to judge)"},
    )
    min_function_word_share: float = field(
        default=0.2,
        metadata={
            "help": "share of English function words below which the text is not English prose (risk 0)"
        },
    )
    span_min_risk: float = field(
        default=0.3, metadata={"help": "risk from which evidence spans are reported"}
    )
    max_spans: int = field(default=100, metadata={"help": "most spans reported per document"})

    def __post_init__(self) -> None:
        if not 0.0 < self.prior < 1.0:
            raise ValueError(f"setting filler.prior must be between 0 and 1, exclusive; got {self.prior}")
        if self.min_words < 1 or self.half_evidence_sentences < 0 or self.max_spans < 0:
            raise ValueError(
                "settings filler.min_words must be >= 1, half_evidence_sentences and max_spans >= 0"
            )


class FillerCheck:
    name = "filler"
    description = "Vague, fact-free, cliché-heavy text: the chatbot-written SEO article (calibrated model)."
    Settings = FillerSettings
    default_weight = 0.6

    def __init__(self, settings: FillerSettings | None = None, model: LogisticModel | None = None) -> None:
        self.settings = settings or FillerSettings()
        self.lexicon = Lexicon.load()
        self.model = model or LogisticModel.load()

    def run(self, doc: Document) -> CheckResult:
        found = measure(doc, self.lexicon)
        features = found.features
        details: dict[str, object] = {name: round(value, 4) for name, value in features.items()}
        details.update(found.counts)
        words, sentences = found.counts["words"], found.counts["sentences"]
        if sentences == 0 or features["function_word_share"] < self.settings.min_function_word_share:
            details["skipped"] = "not English prose" if sentences else "no prose sentences"
            return CheckResult(0.0, [], details)
        contributions = self.model.contributions(features)
        log_odds = self.model.log_odds(contributions)
        certainty = sentences / (sentences + self.settings.half_evidence_sentences)
        risk = probability(certainty * log_odds, self.settings.prior) * min(
            1.0, words / self.settings.min_words
        )
        details["log_odds"] = round(log_odds, 4)
        details["certainty"] = round(certainty, 4)
        details["signals"] = [
            name for name, value in sorted(contributions.items(), key=lambda kv: -kv[1]) if value > 0
        ][:3]
        spans = (
            self._evidence(doc.text, found.marks, contributions)
            if risk >= self.settings.span_min_risk
            else []
        )
        return CheckResult(risk, spans, details)

    def _evidence(self, text: str, marks: list[Mark], contributions: dict[str, float]) -> list[Span]:
        """The marks that earned the risk, the most telling kinds first when there are too many."""
        earned: dict[tuple[int, int], Mark] = {}
        for mark in marks:
            feature = _MARK_FEATURE.get(mark.kind)
            if feature is not None and contributions.get(feature, 0.0) <= 0:
                continue
            kept = earned.get((mark.start, mark.end))
            if kept is None or _PRIORITY[mark.kind] < _PRIORITY[kept.kind]:
                earned[(mark.start, mark.end)] = mark  # "However," is an opener before a style word
        phrases = sorted((m for m in earned.values() if m.kind != "sentence"), key=lambda m: m.start)
        starts = [m.start for m in phrases]
        reasons = {}
        for mark in earned.values():
            if mark.kind != "sentence":
                reasons[mark] = f"{REASONS[mark.kind]}: {_excerpt(text[mark.start : mark.end])}"
                continue
            inside = phrases[bisect_left(starts, mark.start) : bisect_left(starts, mark.end)]
            if inside:  # a sentence is filler through phrases that count here
                quoted = ", ".join(_excerpt(text[m.start : m.end]) for m in inside[:3])
                reasons[mark] = f"{REASONS['sentence']} ({quoted})"
        shown = sorted(reasons, key=lambda mark: _PRIORITY[mark.kind])[: self.settings.max_spans]
        shown.sort(key=lambda mark: (mark.start, -mark.end))
        return [Span(mark.start, mark.end, reasons[mark]) for mark in shown]


def _excerpt(piece: str, limit: int = 60) -> str:
    return repr(piece if len(piece) <= limit else piece[: limit - 1] + "…")
