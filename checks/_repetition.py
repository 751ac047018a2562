"""Repetition inside one document: Gopher's repetition rules, and paragraphs that repeat another.

The Gopher rules (Rae et al. 2021, "Scaling Language Models", Appendix A, Table A1; the same rules and
thresholds datatrove's ``GopherRepetitionFilter`` applies) measure exact repetition: duplicated lines and
paragraphs, the character share of the most frequent 2-, 3- and 4-gram, and the character share of
5- to 10-grams that occur more than once. They catch spam and generation loops, but not a scraper or a
spinner that repeats a paragraph with a few words changed. For that, every paragraph (line) is compared
with the others through the word 5-grams they share: when most of the shorter one's 5-grams are in the
other, the later one is a repeat.

The n-gram shares are counted in compiled hash tables (``_repetition_kernels.pyx``); the rest with sorted
arrays, never with stable sorts: NumPy's stable sort of 64-bit keys is several times slower than its
default one, and where the first of equal n-grams matters it is found as the smallest position among
them instead.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from itertools import compress, count
from operator import itemgetter, ne
from typing import Any

import numpy as np

from audit.document import Span
from audit.text import Segment
from checks._repetition_kernels import duplicate_ngram_shares, top_ngram_shares

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
_MAX_LINES_PER_SHINGLE = 20  # a 5-gram in more lines than this is a template phrase, not a repeat
HEADLINE_MAX_WORDS = 15  # news headlines run 6-14 words; a longer unpunctuated first line is a lede
_TOP_NGRAMS = (2, 3, 4)
_DUPLICATE_NGRAMS = (5, 6, 7, 8, 9, 10)
_START, _TEXT = itemgetter(0), itemgetter(2)
# For each group size k, every pair (i, j), i < j < k, of its members, in the order two nested loops visit
# them.
_PAIRS = tuple(np.triu_indices(k, 1) for k in range(_MAX_LINES_PER_SHINGLE + 1))


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


@dataclass(frozen=True)
class Words:
    """A document's words as the repetition rules need them: normalised, hashed, where they start, the
    unmixed hashes of their ``settings.shingle``-word n-grams (``ngram_hashes(hashed, shingle,
    mix=False)``), and of their 5-grams, which Gopher's rules use whatever the shingle."""

    normalised: list[str]
    hashed: np.ndarray
    starts: np.ndarray
    grams: np.ndarray
    five_grams: np.ndarray


def find_repetition(
    text: str, lines: list[Segment], words: Words, settings: RepetitionSettings
) -> Repetition:
    """Gopher's repetition features and repeated paragraphs of one document, with a risk."""
    order = words.five_grams.argsort()
    ordered = words.five_grams[order]
    same = ordered[1:] == ordered[:-1]  # each sorted 5-gram equals the one before
    line_texts = _LineTexts.of(lines)
    features = gopher_features(text, line_texts, words, order, same)
    if words.grams is not words.five_grams:
        ordered = np.sort(words.grams)
        same = ordered[1:] == ordered[:-1]
    # Without a single repeated shingle no paragraph can repeat another: the common case, made cheap.
    repeated = int(np.count_nonzero(same))
    # A repeated paragraph shares at least this many shingles with another; most texts have fewer.
    needed = math.ceil(settings.paragraph_overlap * settings.min_paragraph_shingles)
    repeats = repeated_paragraphs(lines, words, settings) if repeated >= needed else []
    repeats = _merge(repeats, duplicated_lines(lines, line_texts, settings.min_line_words))
    # A near repeat counts for the share of it that repeats; an exact one counts whole.
    repeated_chars = sum((span.end - span.start) * overlap for span, overlap in repeats)
    share = repeated_chars / max(len(text), 1)
    long_enough = len(words.normalised) >= GOPHER_MIN_WORDS
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


@dataclass(frozen=True)
class _LineTexts:
    """Each line's stripped text, and the number of the first line with each text."""

    texts: list[str]
    first_seen: dict[str, int]

    @classmethod
    def of(cls, lines: list[Segment]) -> _LineTexts:
        texts = list(map(str.strip, map(_TEXT, lines)))
        # Built backwards, so that each text keeps the number of its first line.
        return cls(texts, dict(zip(reversed(texts), range(len(texts) - 1, -1, -1), strict=True)))


def gopher_features(
    text: str, lines: _LineTexts, words: Words, order: np.ndarray, same: np.ndarray
) -> dict[str, float]:
    """Gopher's repetition features; ``order`` is an argsort of ``words.five_grams``, ``same`` whether each
    sorted 5-gram equals the one before it."""
    features: dict[str, float] = {}
    features["dup_line_frac"], features["dup_line_char_frac"] = _duplicate_share(
        lines.texts, lines.first_seen
    )
    paragraphs = list(filter(None, map(str.strip, _PARAGRAPH_BREAK.split(text))))
    features["dup_para_frac"], features["dup_para_char_frac"] = _duplicate_share(paragraphs, set(paragraphs))
    lengths = np.fromiter(map(len, words.normalised), dtype=np.int64, count=len(words.normalised))
    features.update(_ngram_features(words, lengths, order, same))
    return features


def _duplicate_share(items: list[str], distinct: Collection[str]) -> tuple[float, float]:
    """Share of items, and of their characters, that repeat an earlier item exactly.

    Every item but the first of each ``distinct`` value repeats an earlier one.
    """
    if not items:
        return 0.0, 0.0
    total_chars = sum(map(len, items))
    duplicate_chars = total_chars - sum(map(len, distinct))
    return (len(items) - len(distinct)) / len(items), duplicate_chars / max(total_chars, 1)


def _ngram_features(
    words: Words, lengths: np.ndarray, order: np.ndarray, same: np.ndarray
) -> dict[str, float]:
    features = {f"top_{n}gram_char_frac": 0.0 for n in _TOP_NGRAMS}
    features.update({f"dup_{n}gram_char_frac": 0.0 for n in _DUPLICATE_NGRAMS})
    total = int(lengths.sum())
    if total == 0:
        return features
    for n, share in zip(
        _TOP_NGRAMS, top_ngram_shares(words.hashed, lengths, total, _TOP_NGRAMS), strict=True
    ):
        if share == 0.0:
            break  # no n-gram repeats, so no longer one does either
        features[f"top_{n}gram_char_frac"] = share
    if words.hashed.size < 5:
        return features
    # An n-gram (n > 5) can only repeat where its first five words repeat: look only there.
    in_group = np.zeros(words.five_grams.size, dtype=bool)
    in_group[1:] |= same
    in_group[:-1] |= same
    positions = np.sort(order[in_group])
    if positions.size == 0:
        return features
    shares = duplicate_ngram_shares(
        words.hashed, words.five_grams, lengths, total, positions, _DUPLICATE_NGRAMS
    )
    for n, share in zip(_DUPLICATE_NGRAMS, shares, strict=True):
        if share == 0.0:
            break  # no n-gram repeats, so no longer one does either
        features[f"dup_{n}gram_char_frac"] = share
    return features


def _run_bounds(changes: np.ndarray) -> np.ndarray:
    """Where each run of a sorted array starts, then its length, given ``changes``: whether each item
    differs from the one before it (``a[1:] != a[:-1]``)."""
    bounds = np.ones(changes.size + 2, dtype=bool)
    bounds[1:-1] = changes
    return bounds.nonzero()[0]


def duplicated_lines(lines: list[Segment], texts: _LineTexts, min_words: int) -> list[tuple[Span, float]]:
    """Lines of at least ``min_words`` words that repeat an earlier line exactly."""
    first_seen = texts.first_seen
    repeats = list(compress(count(), map(ne, map(first_seen.__getitem__, texts.texts), count())))
    repeated = list(map(texts.texts.__getitem__, repeats))
    spans = []
    for number, key, n_words in zip(repeats, repeated, map(len, map(str.split, repeated)), strict=True):
        if n_words >= min_words:
            line = lines[number]
            reason = f"repeated paragraph: repeats line {first_seen[key] + 1}"
            spans.append((Span(line.start, line.end, reason), 1.0))
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
    lines: list[Segment], words: Words, settings: RepetitionSettings
) -> list[tuple[Span, float]]:
    """Lines most of whose shingles (of the shorter of the two) another line already has."""
    size = settings.shingle
    grams = words.grams
    if len(lines) < 2 or words.starts.size < size:
        return []
    line_starts = np.fromiter(map(_START, lines), dtype=np.int64, count=len(lines))
    line_of_word = line_starts.searchsorted(words.starts, side="right") - 1
    inside = (line_of_word[: grams.size] == line_of_word[size - 1 : size - 1 + grams.size]).nonzero()[0]
    return _pairs_to_spans(lines, grams[inside], line_of_word[inside], settings)


def _pairs_to_spans(
    lines: list[Segment], grams: np.ndarray, line_of_gram: np.ndarray, settings: RepetitionSettings
) -> list[tuple[Span, float]]:
    # Sorted by gram, then by line (``line_of_gram`` does not decrease): by gram, then by position.
    by_gram = grams.argsort()
    ordered = grams[by_gram]
    run = np.zeros(grams.size, dtype=np.int64)
    np.cumsum(ordered[1:] != ordered[:-1], out=run[1:])
    order = by_gram[(run * grams.size + by_gram).argsort()]
    grams, line_of_gram = grams[order], line_of_gram[order]
    distinct = np.ones(grams.size, dtype=bool)
    distinct[1:] = (grams[1:] != grams[:-1]) | (line_of_gram[1:] != line_of_gram[:-1])
    grams, line_of_gram = grams[distinct], line_of_gram[distinct]
    grams_per_line = np.bincount(line_of_gram, minlength=len(lines))
    first, second, shared = _shared_shingles(grams, line_of_gram, len(lines))
    # The pairs that can make a repeat, in the order they were first met; the rest are left out here.
    keep = np.minimum(grams_per_line[first], grams_per_line[second]) >= settings.min_paragraph_shingles
    if _is_headline(lines[0]):
        keep &= first != 0  # a story restating its headline is news style, not a repeat
    first, second, shared = first[keep], second[keep], shared[keep]
    repeats: dict[int, tuple[int, float]] = {}
    for one, other, count_shared in zip(first.tolist(), second.tolist(), shared.tolist(), strict=True):
        smaller = int(min(grams_per_line[one], grams_per_line[other]))
        overlap = count_shared / smaller
        if overlap >= settings.paragraph_overlap and (other not in repeats or overlap > repeats[other][1]):
            repeats[other] = (one, overlap)
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


def _shared_shingles(
    grams: np.ndarray, line_of_gram: np.ndarray, n_lines: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pair of lines (first < second) sharing shingles, with how many, in the order in which nested
    loops over the groups of equal shingles (2 to 20 lines each) would first meet the pair.

    ``grams`` are sorted, with ``line_of_gram`` ascending within equal grams and no (gram, line) twice.
    """
    bounds = _run_bounds(grams[1:] != grams[:-1])
    group_starts = bounds[:-1]
    group_sizes = bounds[1:] - group_starts
    chosen = ((group_sizes >= 2) & (group_sizes <= _MAX_LINES_PER_SHINGLE)).nonzero()[0]
    empty = np.zeros(0, dtype=np.int64)
    if chosen.size == 0:
        return empty, empty, empty
    sizes = group_sizes[chosen]
    # Every group's pairs, as pairs of member indices (i, j) of the largest group, valid where j is
    # below the group's size.
    pair_first, pair_second = _PAIRS[int(sizes.max())]
    valid = pair_second[None, :] < sizes[:, None]
    base = group_starts[chosen][:, None]
    first = line_of_gram[(base + pair_first[None, :])[valid]]
    second = line_of_gram[(base + pair_second[None, :])[valid]]
    # Row-major order of (group, pair) is the order of the nested loops: each pair counts as met at
    # the smallest index of its code.
    codes = first.astype(np.int64) * n_lines + second
    order = codes.argsort()
    ordered = codes[order]
    bounds = _run_bounds(ordered[1:] != ordered[:-1])
    first_met = np.minimum.reduceat(order, bounds[:-1])
    met = first_met.argsort()
    unique, counts = ordered[bounds[:-1]][met], (bounds[1:] - bounds[:-1])[met]
    return unique // n_lines, unique % n_lines, counts
