"""The filler features mapped over whole lists agree with the plain, word-by-word versions they replaced."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import Document
from checks._filler_features import _ATTRIBUTION_WORDS, _DATE_WORDS, VOCABULARY_KINDS, Lexicon, measure

LEXICON = Lexicon.load()
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSING = re.compile(r"[.!?…:;,\"'”’)\]]$")


def reference(doc: Document) -> dict[str, object]:
    """Headings, phrases and checkable detail, one line, sentence and word at a time."""
    words = doc.words
    low = [w.text.lower() for w in words]
    starts = [w.start for w in words]
    headings = []
    for raw in doc.lines if len(doc.lines) > 1 else []:
        stripped = raw.text.strip()
        if not stripped or not stripped[0].isupper() or _CLOSING.search(stripped):
            continue
        offset = raw.start + raw.text.index(stripped[0])
        n_words = bisect_left(starts, offset + len(stripped)) - bisect_left(starts, offset)
        if 0 < n_words <= 14:
            headings.append(offset)
    sentences = [s for s in doc.sentences if s.start not in set(headings) and _LETTER.search(s.text)]
    bounds = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in sentences]
    initial = {begin for begin, _ in bounds}
    longest = max(map(len, LEXICON.phrases))
    phrases, free = [], 0
    for i in range(len(low)):
        if i < free or (i not in initial and words[i].text[0].isupper()):
            continue
        for size in range(min(longest, len(low) - i), 0, -1):
            kind = LEXICON.phrases.get(tuple(low[i : i + size]))
            if kind:
                phrases.append((kind, words[i].start, words[i + size - 1].end))
                free = i + size
                break
    sentence_starts = [s.start for s in sentences]
    numbers = 0
    for m in _NUMBER.finditer(doc.text):
        k = bisect_right(sentence_starts, m.start()) - 1
        numbers += k >= 0 and m.start() < sentences[k].end
    texts = [w.text for w in words]
    names = sum(
        len(_CAPITALISED.findall(s.text)) - (begin < end and texts[begin][0].isupper())
        for (begin, end), s in zip(bounds, sentences, strict=True)
    )
    return {
        "headings": len(headings),
        "phrases": phrases,
        "numbers": numbers,
        "names": names,
        "dates": sum(sum(map(_DATE_WORDS.__contains__, texts[b:e])) for b, e in bounds),
        "attributions": sum(sum(map(_ATTRIBUTION_WORDS.__contains__, low[b:e])) for b, e in bounds),
    }


_PIECES = [
    *(
        "It is important to note",
        "plays a pivotal role",
        "In conclusion,",
        "Moreover,",
        "in the coming years",
    ),
    *(
        "Conclusion: The Future",
        "May",
        "may",
        "said",
        "Said",
        "9,600",
        "2.5",
        "U.S.",
        "Dr.",
        "“Quoted words”",
    ),
    *(
        "delve",
        "Delve",
        "tapestry",
        "It’s",
        "it's",
        "the",
        "a",
        "of",
        "\n",
        "\n\n",
        ". ",
        "! ",
        "É",
        "—",
        "x1",
    ),
]
_TEXTS = st.lists(st.sampled_from(_PIECES), max_size=60).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(_TEXTS, st.text(max_size=200)))
def test_features_match_the_word_by_word_versions(text: str) -> None:
    doc = Document("d", text, "d")
    found = measure(doc, LEXICON)
    expected = reference(doc)
    phrases = [(m.kind, m.start, m.end) for m in found.marks if m.kind in VOCABULARY_KINDS]
    assert phrases == expected.pop("phrases")
    assert {name: found.counts[name] for name in expected} == expected
