"""Page debris left in scraped text: navigation, share and comment prompts, related links, footers.

A corpus check. ``sketch`` measures every line of a document on its own (published line rules: C4,
Gopher, RefinedWeb, jusText's stopword and length features, a debris phrase lexicon) and scores where the
document's main text lies; ``resolve`` then counts each normalised line over all documents of the same
source, so a line that recurs across a site's pages is recognised as its template, and gives every line
its verdict (see ``_boilerplate_decide`` for the rules). A wrongly removed content line costs more than
a missed debris line, so every rule leans towards keeping: reporting credits are protected, prose that
merely mentions a phrase is not judged by it, and the default margin was chosen on the development set
to keep the share of content lines removed near 2%.

Risk is the share of the document's characters that sit in debris lines: what ``textaudit clean`` would
cut away.
"""

from __future__ import annotations

import math
import os
import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from urllib.parse import urlsplit

import numpy as np

from audit.document import CheckResult, Document, Span
from checks._boilerplate_decide import LineFacts, decide_lines, end_markers, end_of_article
from checks._boilerplate_kernels import stable_hash
from checks._boilerplate_lexicon import load_phrase_list
from checks._boilerplate_lines import LineTable, corpus_feature, describe_lines, normalise
from checks._boilerplate_model import BodyModel, load_model, main_text
from checks._boilerplate_stoplists import load_stoplists
from checks._boilerplate_store import LineCounts, LineCountStore

_URL_FIELDS = ("url", "URL", "link", "source_url", "page_url", "warc_target_uri", "WARC-Target-URI")
_RECORD_SUFFIX = re.compile(r":\d+$")
# Clipping and the share a second run of text needs to join the main text were chosen from a small grid
# by the same grouped cross-validation on the development set that chose the margin.
_CLIP = 2.0
_SECONDARY_SHARE = 0.2
# When most of a document's characters recur in other documents it is a copy of them, not a page with a
# template: its recurring lines are the near-duplicate check's business, not debris.
_COPY_SHARE = 0.5


@dataclass(frozen=True)
class BoilerplateSettings:
    margin: float = field(
        default=1.75,
        metadata={
            "help": "evidence a line needs before it is cut off as outside the main text; higher keeps more "
            "lines (precision), lower removes more debris (recall)"
        },
    )
    main_text: bool = field(
        default=True,
        metadata={"help": "find the main text and flag what lies outside it (off: only line rules)"},
    )
    end_marker_prose_share: float = field(
        default=0.1,
        metadata={
            "help": "the main text ends at a comment, share, newsletter or related-links line when at most "
            "this share of its prose follows (0: off)"
        },
    )
    main_text_min_lines: int = field(
        default=10,
        metadata={
            "help": "fewest non-blank lines a document needs before lines outside its main text are flagged "
            "(shorter texts are not pages, and the line rules alone judge them)"
        },
    )
    template_min_documents: int = field(
        default=3,
        metadata={"help": "documents of one source a short line must recur in to count as template (0: off)"},
    )
    template_min_share: float = field(
        default=0.1,
        metadata={
            "help": "share of the source's documents a line must recur in to count as template: a site's "
            "template is on most of its pages, a common heading such as 'Conclusion' on few"
        },
    )
    template_max_words: int = field(
        default=25, metadata={"help": "longest line (in words) that can count as template"}
    )


@dataclass(frozen=True)
class BoilerplateSketch:
    """Per-line measures of one document, compact enough to hold for a whole corpus."""

    group: str
    language: str | None
    offsets: array  # start, end of each line, interleaved
    words: array
    debris: array  # index into the debris reasons, -1 for none
    flags: array  # bit 0: keep, bit 1: symbols only, bit 2: sentence
    hashes: array  # normalised-line hash, 0 when the line has no letters
    scores: array  # main-text log-likelihood ratio, before corpus evidence
    page_hashes: frozenset[int]  # lines of the page's visible text (HTML input), counted for templates


@dataclass(frozen=True)
class CorpusEvidence:
    counts: list[int]  # documents of the same source that contain each line (0: not counted)
    needed: float  # documents a line must recur in to be template (inf: evidence off)
    note: str


class BoilerplateCheck:
    name = "boilerplate"
    description = (
        "Page debris in scraped text: menus, share/comment/login prompts, related links, citation stubs, "
        "footers and site template lines."
    )
    Settings = BoilerplateSettings
    default_weight = 0.6

    def __init__(self, settings: BoilerplateSettings | None = None, model: BodyModel | None = None) -> None:
        self.settings = settings or BoilerplateSettings()
        self.model = model or load_model()
        self.debris = load_phrase_list("boilerplate_debris.tsv")
        self.keep = load_phrase_list("boilerplate_keep.tsv")
        self.end_markers = end_markers(self.debris.reasons)
        self.stoplists = load_stoplists()

    def describe(self, doc: Document) -> tuple[str | None, LineTable]:
        """The stoplist language chosen for the document and the evidence on each non-blank line."""
        return describe_lines(doc.lines, self.debris, self.keep, self.stoplists.choose)

    def sketch(self, doc: Document) -> BoilerplateSketch:
        language, lines = self.describe(doc)
        scores = self.model.body_scores(lines.features)
        flags = [
            (keep >= 0) | (symbols_only << 1) | (sentence << 2)  # bits 0, 1, 2: see BoilerplateSketch
            for keep, symbols_only, sentence in zip(
                lines.keep, lines.symbols_only, lines.sentence, strict=True
            )
        ]
        return BoilerplateSketch(
            group=source_group(doc),
            language=language,
            offsets=array("q", chain.from_iterable(zip(lines.starts, lines.ends, strict=True))),
            words=array("q", lines.words),
            debris=array("h", lines.debris),
            flags=array("b", flags),
            hashes=array("Q", lines.hashes),
            scores=array("d", scores),
            page_hashes=_page_hashes(doc),
        )

    def resolve(self, sketches: Sequence[BoilerplateSketch | None]) -> list[CheckResult]:
        store = self.collector()
        for sketch in sketches:
            store.add(sketch)
        store.finish()
        return [store.result(index) for index in range(len(sketches))]

    def collector(self) -> LineCountStore:
        """Counts each source's lines in arrays and keeps the sketches on disk until each is judged."""
        return LineCountStore(self)

    def judge(self, sketch: BoilerplateSketch | None, counts: LineCounts) -> CheckResult:
        """One document's result, given how many documents of its source contain each line."""
        if sketch is None:
            return CheckResult(0.0, [], {"error": "no sketch for this document"})
        return self._judge(sketch, self.corpus_evidence(sketch, counts))

    def corpus_evidence(self, sketch: BoilerplateSketch, counts: LineCounts) -> CorpusEvidence:
        """How many documents of the sketch's source hold each of its lines, and how many make a template."""
        settings = self.settings
        if settings.template_min_documents <= 0:
            return CorpusEvidence([0] * len(sketch.hashes), math.inf, "off")
        found = counts.of(sketch.group, sketch.hashes)
        group_size = counts.group_size(sketch.group)
        needed = max(settings.template_min_documents, math.ceil(settings.template_min_share * group_size))
        offsets = np.frombuffer(sketch.offsets, dtype=np.int64)
        chars = offsets[1::2] - offsets[0::2]
        recurring = int(chars[np.asarray(found, dtype=np.int64) >= needed].sum())
        if recurring > _COPY_SHARE * max(int(chars.sum()), 1):
            note = "off: most of this document recurs in others (a copy, not a template)"
            return CorpusEvidence([0] * len(found), math.inf, note)
        return CorpusEvidence(found, needed, f"on ({group_size} documents)")

    def _judge(self, sketch: BoilerplateSketch, evidence: CorpusEvidence) -> CheckResult:
        settings = self.settings
        n = len(sketch.words)
        offsets = np.frombuffer(sketch.offsets, dtype=np.int64)
        starts, ends = offsets[0::2], offsets[1::2]
        chars = ends - starts
        counts = np.asarray(evidence.counts, dtype=np.int64)
        main = (0, -1)
        if settings.main_text and n >= max(settings.main_text_min_lines, 1):
            scores = np.asarray(sketch.scores)
            if counts.max() > 1:  # otherwise the corpus feature is 0 everywhere and adds nothing
                scores = scores + self.model.corpus_term(corpus_feature(evidence.counts))
            main = main_text(scores, settings.margin, _CLIP, _SECONDARY_SHARE)
        flags = np.frombuffer(sketch.flags, dtype=np.int8)
        facts = LineFacts(
            chars=chars,
            words=np.frombuffer(sketch.words, dtype=np.int64),
            debris=np.frombuffer(sketch.debris, dtype=np.int16),
            keep=(flags & 1).astype(bool),
            symbols_only=(flags & 2).astype(bool),
            sentence=(flags & 4).astype(bool),
            documents_with_line=counts,
        )
        main = end_of_article(facts, self.end_markers, main, settings.end_marker_prose_share)
        verdicts = decide_lines(
            facts, self.debris.reasons, main, evidence.needed, settings.template_max_words
        )
        flagged = [i for i, reason in enumerate(verdicts) if reason is not None]
        span_starts, span_ends = starts[flagged].tolist(), ends[flagged].tolist()
        spans = [
            Span(start, end, verdicts[i])
            for i, start, end in zip(flagged, span_starts, span_ends, strict=True)
        ]
        total = int(chars.sum())
        debris_chars = int(chars[flagged].sum())
        details = {
            "lines": n,
            "debris_lines": len(spans),
            "characters": total,
            "debris_characters": debris_chars,
            "main_text_lines": [main[0] + 1, main[1] + 1] if main[1] >= main[0] else None,
            "reasons": dict(Counter(_reason_key(span.reason) for span in spans).most_common()),
            "template_evidence": evidence.note,
            "stoplist": sketch.language,
        }
        risk = debris_chars / total if total else 0.0
        return CheckResult(min(max(risk, 0.0), 1.0), spans, details)


def _page_hashes(doc: Document) -> frozenset[int]:
    visible = doc.meta.get("visible_text")
    if not isinstance(visible, str):
        return frozenset()
    hashes = (stable_hash(norm) for norm in map(normalise, visible.splitlines()) if norm)
    return frozenset(hashes)


def _reason_key(reason: str) -> str:
    return "template line" if reason.startswith("template line") else reason


def source_group(doc: Document) -> str:
    """Which documents count as one source for template lines: the site (host of a URL field), else the
    JSONL file the record came from, else the folder the file is in."""
    for key in _URL_FIELDS:
        value = doc.meta.get(key)
        if isinstance(value, str) and "://" in value:
            host = (urlsplit(value.strip()).hostname or "").removeprefix("www.")
            if host:
                return f"site:{host}"
    source = doc.source
    record_file = _RECORD_SUFFIX.sub("", source)
    if record_file != source:
        return f"file:{record_file}"
    return f"folder:{os.path.dirname(source)}"
