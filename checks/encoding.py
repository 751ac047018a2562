"""Broken Unicode: mojibake, replacement characters, stray control and invisible characters.

Mojibake is found with ftfy's badness expression, which matches the character sequences that UTF-8
decoded as Windows-1252 or Latin-1 leaves behind ("cafÃ©", "isnâ€™t") and almost never matches real
text. Risk grows with the density of incidents, so one stray character in a long article costs little
while a page garbled throughout approaches 1.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from ftfy import fix_encoding_and_explain
from ftfy.badness import BADNESS_RE, badness

from audit.document import CheckResult, Document, Span

# C0 and C1 controls except tab, newline, carriage return, vertical tab and form feed; lone surrogates;
# the noncharacters U+FFFE and U+FFFF.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]+")
_REPLACEMENT = re.compile("\ufffd+")
# Zero-width space, word joiner and a byte-order mark inside the text: scraping leftovers. ZWJ and ZWNJ
# are left alone because Persian, Indic scripts and emoji need them.
_INVISIBLE = re.compile(r"(?<!^)[\u200b\u2060\ufeff]+")


@dataclass(frozen=True)
class EncodingSettings:
    scale: float = field(
        default=2.0, metadata={"help": "incidents per 1,000 characters at which risk reaches 0.63"}
    )
    max_spans: int = field(default=100, metadata={"help": "most spans reported per document"})


class EncodingCheck:
    name = "encoding"
    description = "Mojibake, replacement characters and stray control characters (ftfy's badness measure)."
    Settings = EncodingSettings
    default_weight = 0.8

    def __init__(self, settings: EncodingSettings | None = None) -> None:
        self.settings = settings or EncodingSettings()

    def run(self, doc: Document) -> CheckResult:
        text = doc.text
        found = _findings(text)
        spans = [span for _, span in found]
        counts = {kind: 0 for kind, _ in _KINDS}
        for kind, _ in found:
            counts[kind] += 1
        per_kchar = 1000.0 * len(found) / max(len(text), 1)
        risk = 1.0 - math.exp(-per_kchar / self.settings.scale)
        # When ftfy can undo the mojibake by re-encoding, the whole text went through the wrong codec:
        # every non-ASCII character is suspect, however long the document is.
        repair = fix_encoding_and_explain(text)[1] if counts["mojibake"] else []
        if repair:
            risk = max(risk, min(1.0, counts["mojibake"] / 3))
        details = {
            "characters": len(text),
            "mojibake": counts["mojibake"],
            "replacement_chars": counts["replacement"],
            "control_chars": counts["control"],
            "invisible_chars": counts["invisible"],
            "incidents_per_1k_chars": round(per_kchar, 3),
            "ftfy_repair": " → ".join(f"{step} {codec}" for step, codec in repair),
            "ftfy_badness": badness(text),
        }
        if "encoding" in doc.meta:
            details["decoded_as"] = doc.meta["encoding"]
        return CheckResult(min(risk, 1.0), spans[: self.settings.max_spans], details)


_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("replacement", _REPLACEMENT),
    ("control", _CONTROL),
    ("invisible", _INVISIBLE),
    ("mojibake", BADNESS_RE),
)


def _reason(kind: str, match: re.Match[str]) -> str:
    if kind == "mojibake":
        return f"mojibake: {match.group()!r}"
    if kind == "replacement":
        return "replacement character (U+FFFD)"
    return f"{kind} character {_codepoints(match.group())}"


def _findings(text: str) -> list[tuple[str, Span]]:
    """Damaged stretches in text order; where kinds overlap, the more specific kind (listed first) wins."""
    taken = bytearray(len(text))
    found: list[tuple[str, Span]] = []
    for kind, pattern in _KINDS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append((kind, Span(start, end, _reason(kind, match))))
    return sorted(found, key=lambda item: item[1].start)


def _codepoints(chars: str) -> str:
    shown = " ".join(f"U+{ord(c):04X}" for c in chars[:3])
    return shown + (f" ×{len(chars)}" if len(chars) > 3 else "")
