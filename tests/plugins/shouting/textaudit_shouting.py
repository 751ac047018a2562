"""An example third-party check, installed as its own distribution and found through its entry point."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.document import CheckResult, Document, Span


@dataclass(frozen=True)
class ShoutingSettings:
    min_letters: int = field(default=3, metadata={"help": "shortest capitalised word that counts"})


class ShoutingCheck:
    name = "shouting"
    description = "Words written in capitals, as spam and clickbait write them."
    Settings = ShoutingSettings
    default_weight = 0.3

    def __init__(self, settings: ShoutingSettings | None = None) -> None:
        self.settings = settings or ShoutingSettings()

    def run(self, doc: Document) -> CheckResult:
        words = [w for w in doc.words if sum(c.isalpha() for c in w.text) >= self.settings.min_letters]
        loud = [w for w in words if w.text.isupper()]
        share = len(loud) / len(words) if words else 0.0
        spans = [Span(w.start, w.end, "word in capitals") for w in loud]
        return CheckResult(share, spans, {"words": len(words), "capitalised_words": len(loud)})
