"""Repetition inside one document: Gopher's repetition rules, and paragraphs that repeat another.

The Gopher rules (Rae et al. 2021, "Scaling Language Models", Appendix A, Table A1; the same rules and
thresholds datatrove's ``GopherRepetitionFilter`` applies) measure exact repetition: duplicated lines and
paragraphs, the character share of the most frequent 2-, 3- and 4-gram, and the character share of
5- to 10-grams that occur more than once. They catch spam and generation loops, but not a scraper or a
spinner that repeats a paragraph with a few words changed. For that, every paragraph (line) is compared
with the others through the word 5-grams they share: when most of the shorter one's 5-grams are in the
other, the later one is a repeat.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from audit.document import Span
from audit.text import Segment
from checks._shingles import ngram_hashes

# Rae et al. 2021, Table A1: a document above any of these is removed.
GOPHER_LIMITS: dict[str, float] = {
    "dup_line_frac": 0.30,
    "dup_para_frac": 0.30,
    "dup_line_char_frac": 0.20,
    "dup_para_char_frac": 0.20,
    "top_2gram_char_frac": 0.20,
    "top_3gram_char_frac": 0.18,
    "top_4gram_char_frac": 0.16,
    "dup_5gram_char_frac": 0.15,
    "dup_6gram_char_frac": 0.14,
    "dup_7gram_char_frac": 0.13,
    "dup_8gram_char_frac": 0.12,
    "dup_9gram_char_frac": 0.11,
    "dup_10gram_char_frac": 0.10,
}
GOPHER_MIN_WORDS = 50  # Gopher's own minimum document length; below it the ratios mean little
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_MAX_LINES_PER_SHINGLE = 20
HEADLINE_MAX_WORDS = 15  # news headlines run 6-14 words; a longer unpunctuated first line is a lede
_MIX = np.uint64(0x9E3779B97F4A7C15)  # a 5-gram in more lines than this is a template phrase, not a repeat


@dataclass(frozen=True)
class RepetitionSettings:
    shingle: int = 5
    paragraph_overlap: float = 0.5
    min_paragraph_shingles: int = 8
    min_line_words: int = 5
    scale: float = 0.1


@dataclass
class Repetition:
    """What repeats inside one document, and how much that should cost."""

    risk: float = 0.0
    spans: list[Span] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)


def find_repetition(
    text: str,
    lines: list[Segment],
    words: list[Segment],
    normalised: list[str],
    hashed_words: np.ndarray,
    settings: RepetitionSettings,
) -> Repetition:
    """Gopher's repetition features and repeated paragraphs of one document, with a risk."""
    grams = ngram_hashes(hashed_words, settings.shingle, mix=False)
    features = gopher_features(text, lines, normalised, hashed_words)
    # Without a single repeated shingle no paragraph can repeat another: the common case, made cheap.
    ordered = np.sort(grams)
    repeated = int(np.count_nonzero(ordered[1:] == ordered[:-1])) if ordered.size > 1 else 0
    # A repeated paragraph shares at least this many shingles with another; most texts have fewer.
    needed = math.ceil(settings.paragraph_overlap * settings.min_paragraph_shingles)
    repeats = repeated_paragraphs(lines, words, grams, settings) if repeated >= needed else []
    repeats = _merge(repeats, duplicated_lines(lines, settings.min_line_words))
    # A near repeat counts for the share of it that repeats; an exact one counts whole.
    repeated_chars = sum((span.end - span.start) * overlap for span, overlap in repeats)
    share = repeated_chars / max(len(text), 1)
    long_enough = len(words) >= GOPHER_MIN_WORDS
    gopher_risk = 0.0
    if long_enough:
        worst = max(value / GOPHER_LIMITS[name] for name, value in features.items())
        # Half the risk at Gopher's limit, all of it a quarter above; nothing under three quarters of it.
        gopher_risk = min(max(2.0 * (worst - 0.75), 0.0), 1.0)
    paragraph_risk = 1.0 - math.exp(-share / settings.scale)
    details: dict[str, Any] = {name: round(value, 4) for name, value in features.items()}
    failed = [name for name, value in features.items() if value > GOPHER_LIMITS[name]]
    details["gopher_rules_failed"] = failed if long_enough else []
    details["repeated_paragraphs"] = len(repeats)
    details["repeated_paragraph_char_frac"] = round(share, 4)
    return Repetition(max(gopher_risk, paragraph_risk), [span for span, _ in repeats], details)


def gopher_features(
    text: str, lines: list[Segment], normalised: list[str], hashed_words: np.ndarray
) -> dict[str, float]:
    features: dict[str, float] = {}
    features["dup_line_frac"], features["dup_line_char_frac"] = _duplicate_share(
        [line.text.strip() for line in lines]
    )
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    features["dup_para_frac"], features["dup_para_char_frac"] = _duplicate_share(paragraphs)
    lengths = np.fromiter(map(len, normalised), dtype=np.int64, count=len(normalised))
    features.update(_ngram_features(hashed_words, lengths))
    return features


def _duplicate_share(items: list[str]) -> tuple[float, float]:
    """Share of items, and of their characters, that repeat an earlier item exactly."""
    seen: set[str] = set()
    duplicates = duplicate_chars = total_chars = 0
    for item in items:
        total_chars += len(item)
        if item in seen:
            duplicates += 1
            duplicate_chars += len(item)
        seen.add(item)
    if not items:
        return 0.0, 0.0
    return duplicates / len(items), duplicate_chars / max(total_chars, 1)


def _ngram_features(hashed_words: np.ndarray, lengths: np.ndarray) -> dict[str, float]:
    features = {f"top_{n}gram_char_frac": 0.0 for n in (2, 3, 4)}
    features.update({f"dup_{n}gram_char_frac": 0.0 for n in range(5, 11)})
    total = int(lengths.sum())
    if total == 0:
        return features
    for n in (2, 3, 4):
        share = _top_ngram_share(hashed_words, lengths, total, n)
        if share == 0.0:
            break  # no n-gram repeats, so no longer one does either
        features[f"top_{n}gram_char_frac"] = share
    # An n-gram (n > 5) can only repeat where its first five words repeat: look only there.
    positions = (
        _repeated_positions(ngram_hashes(hashed_words, 5, mix=False)) if hashed_words.size >= 5 else None
    )
    if positions is None or positions.size == 0:
        return features
    for n in range(5, 11):
        starts = positions[positions + n <= hashed_words.size]
        share = _duplicate_ngram_share(hashed_words, lengths, total, starts, n)
        if share == 0.0:
            break  # no n-gram repeats, so no longer one does either
        features[f"dup_{n}gram_char_frac"] = share
    return features


def _top_ngram_share(hashed_words: np.ndarray, lengths: np.ndarray, total: int, n: int) -> float:
    """Character share of the most frequent n-gram (when it occurs more than once)."""
    if hashed_words.size < n:
        return 0.0
    grams = ngram_hashes(hashed_words, n, mix=False)
    ordered = np.sort(grams)
    bounds = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1, [ordered.size]))
    runs = np.diff(bounds)
    top = int(runs.argmax())
    if runs[top] < 2:
        return 0.0
    start = int(np.flatnonzero(grams == ordered[bounds[top]])[0])
    return min(float(runs[top] * lengths[start : start + n].sum()) / total, 1.0)


def _repeated_positions(grams: np.ndarray) -> np.ndarray:
    """Sorted positions of the n-grams that occur more than once."""
    order = np.argsort(grams, kind="stable")
    ordered = grams[order]
    same = ordered[1:] == ordered[:-1]
    in_group = np.zeros(grams.size, dtype=bool)
    in_group[1:] |= same
    in_group[:-1] |= same
    return np.sort(order[in_group])


def _duplicate_ngram_share(
    hashed_words: np.ndarray, lengths: np.ndarray, total: int, starts: np.ndarray, n: int
) -> float:
    """Character share of words inside an n-gram that already occurred earlier in the text."""
    if starts.size < 2:
        return 0.0
    with np.errstate(over="ignore"):
        grams = hashed_words[starts].copy()
        for offset in range(1, n):
            grams = grams * _MIX + hashed_words[starts + offset]
    order = np.argsort(grams, kind="stable")
    ordered = grams[order]
    # After a stable sort the first of equal n-grams is the earliest; every later one is a repeat.
    repeats = starts[order[1:][ordered[1:] == ordered[:-1]]]
    if repeats.size == 0:
        return 0.0
    size = hashed_words.size + 1
    cover = np.bincount(repeats, minlength=size) - np.bincount(repeats + n, minlength=size)
    covered = np.cumsum(cover[:-1]) > 0
    return float(lengths[covered].sum()) / total


def duplicated_lines(lines: list[Segment], min_words: int) -> list[tuple[Span, float]]:
    """Lines of at least ``min_words`` words that repeat an earlier line exactly."""
    first_seen: dict[str, int] = {}
    spans = []
    for number, line in enumerate(lines):
        key = line.text.strip()
        if key in first_seen:
            if len(key.split()) >= min_words:
                reason = f"repeated paragraph: repeats line {first_seen[key] + 1}"
                spans.append((Span(line.start, line.end, reason), 1.0))
        else:
            first_seen[key] = number
    return spans


def _is_headline(line: Segment) -> bool:
    text = line.text.strip()
    return len(text.split()) <= HEADLINE_MAX_WORDS and not text.endswith((".", "!", "?", "…"))


def _merge(near: list[tuple[Span, float]], exact: list[tuple[Span, float]]) -> list[tuple[Span, float]]:
    """Both kinds of repeat, one per line (the exact one wins)."""
    by_start = {span.start: (span, overlap) for span, overlap in near}
    by_start.update({span.start: (span, overlap) for span, overlap in exact})
    return [by_start[start] for start in sorted(by_start)]


def repeated_paragraphs(
    lines: list[Segment], words: list[Segment], grams: np.ndarray, settings: RepetitionSettings
) -> list[tuple[Span, float]]:
    """Lines most of whose shingles (of the shorter of the two) another line already has."""
    size = settings.shingle
    if len(lines) < 2 or len(words) < size:
        return []
    line_starts = np.fromiter((line.start for line in lines), dtype=np.int64, count=len(lines))
    word_starts = np.fromiter((w.start for w in words), dtype=np.int64, count=len(words))
    line_of_word = np.searchsorted(line_starts, word_starts, side="right") - 1
    inside = np.flatnonzero(line_of_word[: grams.size] == line_of_word[size - 1 : size - 1 + grams.size])
    return _pairs_to_spans(lines, grams[inside], line_of_word[inside], settings)


def _pairs_to_spans(
    lines: list[Segment], grams: np.ndarray, line_of_gram: np.ndarray, settings: RepetitionSettings
) -> list[tuple[Span, float]]:
    order = np.lexsort((line_of_gram, grams))
    grams, line_of_gram = grams[order], line_of_gram[order]
    distinct = np.ones(grams.size, dtype=bool)
    distinct[1:] = (grams[1:] != grams[:-1]) | (line_of_gram[1:] != line_of_gram[:-1])
    grams, line_of_gram = grams[distinct], line_of_gram[distinct]
    grams_per_line = np.bincount(line_of_gram, minlength=len(lines))
    # Only 5-grams found in two or more lines can make a repeat; most documents have none.
    boundaries = np.flatnonzero(np.diff(grams) != 0) + 1
    group_starts = np.concatenate(([0], boundaries))
    group_sizes = np.diff(np.concatenate((group_starts, [grams.size])))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for group in np.flatnonzero((group_sizes >= 2) & (group_sizes <= _MAX_LINES_PER_SHINGLE)).tolist():
        start, count = int(group_starts[group]), int(group_sizes[group])
        owners = line_of_gram[start : start + count].tolist()
        for i, first in enumerate(owners):
            for second in owners[i + 1 :]:
                shared[(first, second)] += 1
    repeats: dict[int, tuple[int, float]] = {}
    for (first, second), count in shared.items():
        if first == 0 and _is_headline(lines[0]):
            continue  # a story restating its headline is news style, not a repeat
        smaller = int(min(grams_per_line[first], grams_per_line[second]))
        if smaller < settings.min_paragraph_shingles:
            continue
        overlap = count / smaller
        if overlap >= settings.paragraph_overlap and (second not in repeats or overlap > repeats[second][1]):
            repeats[second] = (first, overlap)
    spans: list[tuple[Span, float]] = []
    for line, (original, overlap) in sorted(repeats.items()):
        segment = lines[line]
        reason = (
            f"repeats line {original + 1}"
            if overlap >= 1.0 and segment.text.strip() == lines[original].text.strip()
            else f"repeats {overlap:.0%} of line {original + 1}"
        )
        spans.append((Span(segment.start, segment.end, f"repeated paragraph: {reason}"), min(overlap, 1.0)))
    return spans
