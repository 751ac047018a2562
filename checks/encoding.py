"""Broken Unicode: mojibake, replacement characters, stray control and invisible characters.

Mojibake is found with ftfy's badness expression, which matches the character sequences that UTF-8
decoded as Windows-1252 or Latin-1 leaves behind ("cafÃ©", "isnâ€™t") and almost never matches real
text. Risk grows with the density of incidents, so one stray character in a long article costs little
while a page garbled throughout approaches 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby

from ftfy import fix_encoding_and_explain
from ftfy.badness import BADNESS_RE

from audit.document import CheckResult, Document, Span

# C0 and C1 controls except tab, newline, carriage return, vertical tab and form feed; lone surrogates;
# the noncharacters U+FFFE and U+FFFF.
_CONTROL = "\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_REPLACEMENT = "\ufffd"
# Zero-width space, word joiner and a byte-order mark inside the text: scraping leftovers. ZWJ and ZWNJ
# are left alone because Persian, Indic scripts and emoji need them.
_INVISIBLE = "\u200b\u2060\ufeff"
# One character class finds all three kinds in one fast pass; runs are then split by kind.
_SUSPECT = re.compile(f"[{_CONTROL}{_REPLACEMENT}{_INVISIBLE}]+")
_KIND_OF = {
    **{c: "replacement" for c in _REPLACEMENT},
    **{c: "invisible" for c in _INVISIBLE},
}


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
        mojibake = _mojibake(text)
        found = _findings(text, mojibake)
        spans = [span for _, span in found]
        counts = dict.fromkeys(_KINDS, 0)
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
            "ftfy_badness": len(mojibake),
        }
        if "encoding" in doc.meta:
            details["decoded_as"] = doc.meta["encoding"]
        return CheckResult(min(risk, 1.0), spans[: self.settings.max_spans], details)


_KINDS: tuple[str, ...] = ("replacement", "control", "invisible", "mojibake")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# Every alternative of ftfy's badness expression has a non-ASCII character and at most a few characters
# of context around it, so it only needs to run near non-ASCII text: 3 MB/s becomes ~100 MB/s on English.
_CONTEXT = 4


def _mojibake(text: str) -> list[re.Match[str]]:
    """BADNESS_RE's matches, searched only in windows around non-ASCII runs (same matches, faster)."""
    matches: list[re.Match[str]] = []
    if text.isascii():  # a flag of the string, read without a scan
        return matches
    window_start = window_end = -1
    for run in _NON_ASCII.finditer(text):
        start, end = max(run.start() - _CONTEXT, 0), run.end() + _CONTEXT
        if start <= window_end + _CONTEXT:
            window_end = end
            continue
        if window_end > 0:
            matches += BADNESS_RE.finditer(text, window_start, window_end)
        window_start, window_end = start, end
    if window_end > 0:
        matches += BADNESS_RE.finditer(text, window_start, window_end)
    return matches


def _findings(text: str, mojibake: list[re.Match[str]]) -> list[tuple[str, Span]]:
    """Damaged stretches in text order, given the text's ``_mojibake`` matches; a mojibake match overlapping
    a character finding is dropped."""
    found = list(_character_runs(text))
    taken = bytearray(len(text))
    for _, start, end in found:
        taken[start:end] = b"\x01" * (end - start)
    found += [("mojibake", m.start(), m.end()) for m in mojibake if not any(taken[m.start() : m.end()])]
    spans = [(kind, Span(start, end, _reason(kind, text[start:end]))) for kind, start, end in found]
    return sorted(spans, key=lambda item: item[1].start)


def _character_runs(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) for each run of one kind of suspect character; a leading BOM is not damage."""
    for match in _SUSPECT.finditer(text):
        start = match.start()
        for kind, chars in groupby(match.group(), key=lambda c: _KIND_OF.get(c, "control")):
            end = start + len(list(chars))
            if not (kind == "invisible" and start == 0 and text[0] == "\ufeff" and end == 1):
                yield kind, start, end
            start = end


def _reason(kind: str, found: str) -> str:
    if kind == "mojibake":
        return f"mojibake: {found!r}"
    if kind == "replacement":
        return "replacement character (U+FFFD)"
    return f"{kind} character {_codepoints(found)}"


def _codepoints(chars: str) -> str:
    shown = " ".join(f"U+{ord(c):04X}" for c in chars[:3])
    return shown + (f" ×{len(chars)}" if len(chars) > 3 else "")
