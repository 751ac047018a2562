"""jusText's stoplists (shipped in the ``justext`` package, BSD-2-Clause), and which one fits a document.

Stopword density separates prose from page furniture only in the document's own language, so the
stoplist is chosen per document: the one that covers the largest share of its words. A document no list
covers well (Chinese, Japanese, a table of numbers) gets none, and the check falls back to the features
that need no language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from itertools import islice
from operator import itemgetter
from pathlib import Path

import justext

from checks._build_cache import build_inputs, built_once
from checks._stoplist_hits import language_hits

# Simple English duplicates English; Serbo-Croatian duplicates Bosnian, Croatian and Serbian.
_SKIPPED = frozenset({"Simple_English", "Serbo_Croatian"})
MIN_COVERAGE = 0.12  # English prose is ~40-50% stopwords; below this no list describes the text
_SAMPLE_WORDS = 1500
_TOP_WORDS = 200


class Stoplists:
    def __init__(self) -> None:
        names = sorted(name for name in justext.get_stoplists() if name not in _SKIPPED)
        self.names = tuple(names)
        self.lists = tuple(frozenset(justext.get_stoplist(name)) for name in names)
        languages_of: dict[str, list[int]] = {}
        for index, words in enumerate(self.lists):
            for word in words:
                languages_of.setdefault(word, []).append(index)
        self._languages_of = {word: tuple(ids) for word, ids in languages_of.items()}
        self._english = self.names.index("English")

    def choose(self, words: Iterable[str]) -> tuple[str | None, frozenset[str] | None]:
        """The name and stoplist covering most of ``words`` (lower-cased tokens), or (None, None)."""
        counts = Counter(islice(words, _SAMPLE_WORDS))
        total = counts.total()
        if not total:
            return None, None
        # Stopwords are a text's most frequent words. Ranking fewer distinct words than that would change
        # nothing; the sort is most_common's (ties in order of first occurrence) without its Python heap.
        top = counts.items()
        if len(counts) > _TOP_WORDS:
            top = sorted(top, key=itemgetter(1), reverse=True)[:_TOP_WORDS]
        hits = language_hits(top, self._languages_of, len(self.lists))
        most = max(hits)
        best = self._english if hits[self._english] == most else hits.index(most)
        # English wins near-ties: its lists share many short words with Scots, Afrikaans and others.
        if hits[self._english] >= 0.9 * hits[best]:
            best = self._english
        if hits[best] < MIN_COVERAGE * total:
            return None, None
        return self.names[best], self.lists[best]


def load_stoplists() -> Stoplists:
    """The stoplists, read back from the build cache after the first time (reading jusText's 98 lists
    and indexing them takes about 0.4 s, a serial cost at the start of every scan)."""
    inputs = build_inputs([Path(__file__).read_bytes()], ["justext"])
    return built_once("justext-stoplists", inputs, Stoplists, Stoplists)
