"""The vectorised repetition rules agree with the plain, loop-by-loop versions they replaced.

The plain versions below sort each n-gram length apart with stable sorts and count line pairs in a
dictionary; the check's versions share sorts between lengths, use unstable sorts and count pairs with
arrays. They must give the same features and spans on any text, above all on very repetitive ones.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import Document, Span
from audit.text import Segment
from checks._repetition import (
    HEADLINE_MAX_WORDS,
    RepetitionSettings,
    Words,
    _ngram_features,
    repeated_paragraphs,
)
from checks._shingles import ngram_hashes, plain_words, word_hashes

_MIX = np.uint64(0x9E3779B97F4A7C15)


def reference_ngram_features(hashed: np.ndarray, lengths: np.ndarray) -> dict[str, float]:
    features = {f"top_{n}gram_char_frac": 0.0 for n in (2, 3, 4)}
    features.update({f"dup_{n}gram_char_frac": 0.0 for n in range(5, 11)})
    total = int(lengths.sum())
    if total == 0:
        return features
    for n in (2, 3, 4):
        if hashed.size < n:
            break
        grams = ngram_hashes(hashed, n, mix=False)
        ordered = np.sort(grams)
        bounds = np.concatenate(([0], np.flatnonzero(ordered[1:] != ordered[:-1]) + 1, [ordered.size]))
        runs = np.diff(bounds)
        top = int(runs.argmax())
        if runs[top] < 2:
            break
        start = int(np.flatnonzero(grams == ordered[bounds[top]])[0])
        features[f"top_{n}gram_char_frac"] = min(
            float(runs[top] * lengths[start : start + n].sum()) / total, 1.0
        )
    if hashed.size < 5:
        return features
    grams5 = ngram_hashes(hashed, 5, mix=False)
    order = np.argsort(grams5, kind="stable")
    same = grams5[order][1:] == grams5[order][:-1]
    in_group = np.zeros(grams5.size, dtype=bool)
    in_group[1:] |= same
    in_group[:-1] |= same
    positions = np.sort(order[in_group])
    for n in range(5, 11):
        starts = positions[positions + n <= hashed.size]
        if starts.size < 2:
            break
        grams = hashed[starts].copy()
        for offset in range(1, n):
            grams = grams * _MIX + hashed[starts + offset]
        by_gram = np.argsort(grams, kind="stable")
        ordered = grams[by_gram]
        repeats = starts[by_gram[1:][ordered[1:] == ordered[:-1]]]
        if repeats.size == 0:
            break
        size = hashed.size + 1
        cover = np.bincount(repeats, minlength=size) - np.bincount(repeats + n, minlength=size)
        features[f"dup_{n}gram_char_frac"] = float(lengths[np.cumsum(cover[:-1]) > 0].sum()) / total
    return features


def reference_repeated_paragraphs(
    lines: list[Segment], word_starts: np.ndarray, grams: np.ndarray, settings: RepetitionSettings
) -> list[tuple[Span, float]]:
    size = settings.shingle
    if len(lines) < 2 or word_starts.size < size:
        return []
    line_starts = np.array([line.start for line in lines], dtype=np.int64)
    line_of_word = np.searchsorted(line_starts, word_starts, side="right") - 1
    inside = np.flatnonzero(line_of_word[: grams.size] == line_of_word[size - 1 : size - 1 + grams.size])
    grams, line_of_gram = grams[inside], line_of_word[inside]
    order = np.lexsort((line_of_gram, grams))
    grams, line_of_gram = grams[order], line_of_gram[order]
    distinct = np.ones(grams.size, dtype=bool)
    distinct[1:] = (grams[1:] != grams[:-1]) | (line_of_gram[1:] != line_of_gram[:-1])
    grams, line_of_gram = grams[distinct], line_of_gram[distinct]
    per_line = np.bincount(line_of_gram, minlength=len(lines))
    starts = np.concatenate(([0], np.flatnonzero(np.diff(grams) != 0) + 1))
    sizes = np.diff(np.concatenate((starts, [grams.size])))
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for group in np.flatnonzero((sizes >= 2) & (sizes <= 20)).tolist():
        owners = line_of_gram[starts[group] : starts[group] + sizes[group]].tolist()
        for i, first in enumerate(owners):
            for second in owners[i + 1 :]:
                shared[(first, second)] += 1
    headline = lines[0].text.strip()
    is_headline = len(headline.split()) <= HEADLINE_MAX_WORDS and not headline.endswith((".", "!", "?", "…"))
    repeats: dict[int, tuple[int, float]] = {}
    for (first, second), count in shared.items():
        if first == 0 and is_headline:
            continue
        smaller = int(min(per_line[first], per_line[second]))
        if smaller < settings.min_paragraph_shingles:
            continue
        overlap = count / smaller
        if overlap >= settings.paragraph_overlap and (second not in repeats or overlap > repeats[second][1]):
            repeats[second] = (first, overlap)
    spans = []
    for line, (original, overlap) in sorted(repeats.items()):
        segment = lines[line]
        reason = (
            f"repeats line {original + 1}"
            if overlap >= 1.0 and segment.text.strip() == lines[original].text.strip()
            else f"repeats {overlap:.0%} of line {original + 1}"
        )
        spans.append((Span(segment.start, segment.end, f"repeated paragraph: {reason}"), min(overlap, 1.0)))
    return spans


# Lines made of a few stock phrases and stray words: texts full of repeated n-grams, repeated lines and
# lines that repeat most of another.
_PIECES = [
    "the cat sat on the mat",
    "one two three four five six",
    "Buy cheap watches online",
    "a",
    "é",
    "b.",
]
_LINE = st.lists(st.sampled_from(_PIECES), max_size=8).map(" ".join)
_REPETITIVE = st.tuples(st.lists(_LINE, max_size=12), st.sampled_from(["\n", "\n\n", " \n "])).map(
    lambda parts: parts[1].join(parts[0])
)


@settings(max_examples=300, deadline=None)
@given(_REPETITIVE)
def test_ngram_features_and_repeated_paragraphs_match_the_plain_versions(text: str) -> None:
    doc = Document("d", text, "d")
    normalised = plain_words(doc.lowered_words)
    hashed = word_hashes(normalised)
    grams = ngram_hashes(hashed, 5, mix=False)
    starts = np.array(doc.word_columns.starts, dtype=np.int64)
    words = Words(normalised, hashed, starts, grams, grams)
    lengths = np.array([len(word) for word in normalised], dtype=np.int64)
    order = grams.argsort()
    same = grams[order][1:] == grams[order][:-1]
    assert _ngram_features(words, lengths, order, same) == reference_ngram_features(hashed, lengths)
    settings = RepetitionSettings()
    expected = reference_repeated_paragraphs(doc.lines, starts, grams, settings)
    assert repeated_paragraphs(doc.lines, words, settings) == expected


# Word hashes from a small alphabet, half of them above 2**63, so that n-grams repeat, ties between
# equally frequent n-grams are common and are broken by unsigned order. Words have at least one letter.
_HASHES = st.lists(st.sampled_from([0, 1, 7, 2**63, 2**63 + 5, 2**64 - 1]), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_HASHES, st.data())
def test_ngram_features_of_any_hashes_match_the_plain_version(hashes: list[int], data: st.DataObject) -> None:
    hashed = np.array(hashes, dtype=np.uint64)
    lengths = np.array(data.draw(st.lists(st.integers(1, 9), min_size=len(hashes), max_size=len(hashes))))
    lengths = lengths.astype(np.int64)
    grams = ngram_hashes(hashed, 5, mix=False)
    words = Words(["w"] * len(hashes), hashed, np.arange(len(hashes), dtype=np.int64), grams, grams)
    order = grams.argsort()
    same = grams[order][1:] == grams[order][:-1]
    assert _ngram_features(words, lengths, order, same) == reference_ngram_features(hashed, lengths)
