"""What a text claims about its own origin, and where those claims contradict each other or the text.

News text carries its provenance in a few conventional places: a dateline opening the story
("WASHINGTON —", "KABUL, Afghanistan (AP) —"), credit lines ("With reporting by …, AP, and Reuters",
"Reporting by …; Editing by …"), citation stubs with a source URL and date ("… (2021-03-08) Title.
Retrieved from https://…"), and site footers ("See more BBC Express News", "The post … appeared first
on …", "© 2021 …"). They are extracted into ``details`` so a user can see where a text says it comes
from. The risk rises where the claims do not hold together:

* a news-origin claim (dateline, agency or outlet credit, outlet footer) on a text that the ``filler``
  check finds to be generic filler, or the ``machine_translation`` check finds machine-translated: a
  wire story does not read like either, so the credit is borrowed;
* two different datelines or wire credits opening the text: pieces of different stories stitched together;
* dates that disagree (a citation's date against the date in its URL).

The cross-checks use the other checks' results when they ran (``needs``) and are skipped otherwise.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import date
from importlib.resources import files
from typing import Any
from urllib.parse import SplitResult, urlsplit

from audit.document import CheckResult, Document, Span
from checks._alternation import trie_pattern

_DASH = r"(?:[—–]|--?)"
# A dateline opens a line: a place in capitals or title case, an optional region or date, an optional
# agency in parentheses, then a dash.
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z'’.\-]*[A-Za-z.](?: [A-Z][A-Za-z'’.\-]*[A-Za-z.]){0,3})"
    r"(?:, (?P<region>[A-Z][A-Za-z.]*(?: [A-Z0-9][A-Za-z0-9.]*){0,2}))?"
    r"(?: ?\((?P<agency>[^()\n]{1,40})\))?"
    # A spaced dash, or a dash joined to the story ("Brussels—US …"); a joined hyphen is a compound word.
    rf"(?: {_DASH} ?|[—–](?=[A-Z\"“‘']))"
)
_AGENCY_ONLY = re.compile(rf"^\((?P<agency>[^()\n]{{1,40}})\) ?{_DASH} ?")
_CREDIT = re.compile(
    r"^\(?(?:(?:with |additional )?(?:reporting|writing|research) by"
    r"|(?:compiled|contributed|produced) by|contributing:|sources?:|courtesy of|via:)"
    r"\s+(?P<names>[^\n]{2,300}?)\)?\.?$",
    re.IGNORECASE | re.MULTILINE,
)
_EDITING = re.compile(r";?\s*(?:editing|edited|writing|compiled) by\b.*$", re.IGNORECASE)
_FOOTER = re.compile(
    r"^(?:(?:see|read|find|get) more(?: news)?(?: (?:at|on|from))?\s+(?P<more>[^\n]{2,80}?)"
    r"|the post .{1,200}? appeared first on\s+(?P<post>[^\n]{2,80}?)"
    r"|(?:this (?:story|article|report|post) (?:was )?(?:originally |first )?"
    r"(?:published|appeared) (?:by|on|in|at))\s+(?P<origin>[^\n]{2,120}?)"
    r"|(?:(?:©|copyright)\s*(?:\d{4}(?:[-–]\d{4})?,?\s*)?|\(c\)\s*\d{4}(?:[-–]\d{4})?,?\s*)"
    r"(?P<copyright>[^\n]{2,80}?)"
    r"(?:\.?\s*all rights reserved[^\n]*)?"
    r")\.?$",
    re.IGNORECASE | re.MULTILINE,
)
# A citation is a whole line (and the next lines, when the URL follows on one) holding a source link.
# Its core is found directly; scanning every line for it backtracks over each character of the text.
_CITATION_CORE = re.compile(
    r"(?=[rasRAS])\b(?:retrieved from|accessed from|source:?|available at)\s+https?://", re.I
)
# ``\bhttps?://…`` with the word boundary tested after "http", so that the scan looks for "http".
_URL = re.compile(r"http(?<!\whttp)s?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")
_ISO_DATE = re.compile(
    r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?(?:[+-]\d\d:\d\d|Z)?)?"
)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=/|$|[-_.])")
_SPLIT_NAMES = re.compile(r"\s*(?:,\s*(?:and\s+)?|;\s*|\s+and\s+|\s*&\s*)")
_POSSESSIVE = re.compile(r"^(?P<owner>[^\s’']+)[’']s\s+(?P<rest>.+)$")
_DATELINE_LINES = 3  # a dateline opens the story: only the first lines are looked at
_MIN_STORY_WORDS = 6  # a dateline is followed by the story, not a short heading
_CONFLICT_DAYS = 31


@dataclass(frozen=True)
class ProvenanceSettings:
    cross_check_at: float = field(
        default=0.5,
        metadata={"help": "filler / machine_translation risk from which a news credit is doubted"},
    )
    stitched_risk: float = field(
        default=0.5, metadata={"help": "risk of two different datelines or wire credits"}
    )
    date_conflict_risk: float = field(default=0.4, metadata={"help": "risk of claimed dates that disagree"})


@dataclass
class _Claims:
    datelines: list[dict[str, Any]] = field(default_factory=list)
    credits: list[dict[str, Any]] = field(default_factory=list)
    footers: list[dict[str, Any]] = field(default_factory=list)
    citations: list[dict[str, Any]] = field(default_factory=list)
    urls: list[dict[str, Any]] = field(default_factory=list)


class ProvenanceCheck:
    name = "provenance"
    description = (
        "What the text claims as its source (datelines, credits, citations, footers), and contradictions."
    )
    Settings = ProvenanceSettings
    default_weight = 0.5
    needs = ("filler", "machine_translation")

    def __init__(self, settings: ProvenanceSettings | None = None) -> None:
        self.settings = settings or ProvenanceSettings()
        self._outlets = _load_outlets()
        # Any alias not inside a longer word or a path, the longest where several match.
        self._mention = re.compile(trie_pattern(self._outlets, r"(?<![\w/]{})") + r"(?![\w/])")

    def run(self, doc: Document, needed: dict[str, CheckResult] | None = None) -> CheckResult:
        claims = self._claims(doc)
        outlets = self._claimed_outlets(claims)
        findings: list[tuple[float, str, list[Span]]] = []
        origin_spans = self._origin_spans(claims)
        for other, what in (("filler", "generic filler"), ("machine_translation", "machine-translated")):
            result = (needed or {}).get(other)
            if result is not None and origin_spans and result.risk >= self.settings.cross_check_at:
                weight = 1.0 if other == "filler" else 0.7
                findings.append(
                    (
                        weight * result.risk,
                        f"news credit on {what} text ({other} risk {result.risk:.2f})",
                        origin_spans,
                    )
                )
        findings.extend(self._stitched(claims))
        findings.extend(self._date_conflicts(claims))
        risk = max((f[0] for f in findings), default=0.0)
        spans = sorted(
            {span for _, reason, group in findings for span in _relabel(group, reason)}, key=_order
        )
        details: dict[str, Any] = {
            "datelines": claims.datelines,
            "credits": claims.credits,
            "citations": claims.citations,
            "footers": claims.footers,
            "urls": claims.urls,
            "outlets": outlets,
            "mentioned_outlets": sorted({self._outlets[m.group()] for m in self._mention.finditer(doc.text)}),
            "contradictions": [reason for _, reason, _ in findings],
            "cross_checked_with": sorted(needed or {}),
        }
        return CheckResult(min(risk, 1.0), spans, details)

    def _claims(self, doc: Document) -> _Claims:
        text = doc.text
        claims = _Claims()
        for line in doc.lines[:_DATELINE_LINES]:
            found = self._dateline(line.text, line.start)
            if found is not None:
                claims.datelines.append(found)
        for match in _CREDIT.finditer(text):
            names = _EDITING.sub("", match.group("names")).strip()
            credited = _split_names(names)
            if credited:
                claims.credits.append(
                    {
                        "text": match.group().strip(),
                        "names": credited,
                        "start": match.start(),
                        "end": match.end(),
                    }
                )
        for match in _FOOTER.finditer(text):
            name = next(value for value in match.groupdict().values() if value)
            claims.footers.append({"text": match.group().strip(), "names": [name.strip(" .")], **_at(match)})
        if "://" not in text:  # no citation and no URL: the common case, made cheap
            return claims
        for start, end in _citation_lines(text):
            line = text[start:end]
            claims.citations.append({"text": line.strip(), **_dates_in(line), **_stripped_at(line, start)})
        for match in _URL.finditer(text):
            url = match.group()
            parts = _split(url)
            if parts is None:
                continue
            domain = (parts.hostname or "").lower().removeprefix("www.")
            entry: dict[str, Any] = {"url": url, "domain": domain, **_stripped_at(url, match.start())}
            url_date = _URL_DATE.search(parts.path)
            if url_date and _valid(url_date):
                entry["date"] = _iso(url_date)
            claims.urls.append(entry)
        return claims

    def _dateline(self, line: str, offset: int) -> dict[str, Any] | None:
        match = _DATELINE.match(line) or _AGENCY_ONLY.match(line)
        if match is None or len(line[match.end() :].split()) < _MIN_STORY_WORDS:
            return None
        groups = match.groupdict()
        place = groups.get("place")
        if place is not None and not (place.isupper() or place in self._outlets or _is_place_like(place)):
            return None
        agency = groups.get("agency")
        return {
            "place": place,
            "region": groups.get("region"),
            "agency": self._outlets.get(agency, agency) if agency else None,
            "text": match.group().strip(),
            "start": offset,
            "end": offset + len(match.group().rstrip()),
        }

    def _claimed_outlets(self, claims: _Claims) -> list[str]:
        """Outlets the text credits (datelines, credit lines, footers, citations), known ones normalised."""
        found: list[str] = []
        for dateline in claims.datelines:
            if dateline["agency"]:
                found.append(dateline["agency"])
        for claim in (*claims.credits, *claims.footers):
            for name in claim["names"]:
                found.append(self._outlets.get(name, name))
        for citation in claims.citations:
            found.extend(self._outlets[m.group()] for m in self._mention.finditer(citation["text"]))
        return list(dict.fromkeys(found))

    def _origin_spans(self, claims: _Claims) -> list[Span]:
        spans = [Span(d["start"], d["end"], "dateline") for d in claims.datelines]
        spans += [Span(c["start"], c["end"], "credit") for c in claims.credits]
        spans += [
            Span(f["start"], f["end"], "outlet footer")
            for f in claims.footers
            if any(self._mention.search(name) for name in f["names"])
        ]
        return spans

    def _stitched(self, claims: _Claims) -> list[tuple[float, str, list[Span]]]:
        places = {(d["place"] or "").upper() for d in claims.datelines if d["place"]}
        agencies = {d["agency"] for d in claims.datelines if d["agency"]}
        if len(places) < 2 and len(agencies) < 2:
            return []
        spans = [Span(d["start"], d["end"], "dateline") for d in claims.datelines]
        shown = ", ".join(d["text"] for d in claims.datelines)
        return [(self.settings.stitched_risk, f"two different datelines or wire credits: {shown}", spans)]

    def _date_conflicts(self, claims: _Claims) -> list[tuple[float, str, list[Span]]]:
        dated = [
            (c["date"], Span(c["start"], c["end"], "citation date")) for c in claims.citations if "date" in c
        ]
        dated += [(u["date"], Span(u["start"], u["end"], "date in URL")) for u in claims.urls if "date" in u]
        for (first, first_span), (second, second_span) in itertools.pairwise(dated):
            days = abs((date.fromisoformat(first) - date.fromisoformat(second)).days)
            if days > _CONFLICT_DAYS:
                reason = f"claimed dates disagree: {first} and {second}"
                return [(self.settings.date_conflict_risk, reason, [first_span, second_span])]
        return []


def _load_outlets() -> dict[str, str]:
    """Alias -> canonical outlet name, from ``checks/data/news_outlets.txt``."""
    outlets: dict[str, str] = {}
    for line in files("checks").joinpath("data/news_outlets.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, _, aliases = line.partition("\t")
        outlets[canonical] = canonical
        for alias in aliases.split("|"):
            if alias:
                outlets[alias] = canonical
    return outlets


def _split_names(names: str) -> list[str]:
    """Credited names: "RFE/RL’s Radio Free Afghanistan, TOLOnews, AP, and Reuters" -> each outlet."""
    found: list[str] = []
    for part in _SPLIT_NAMES.split(names):
        part = part.strip(" .()")
        if not part:
            continue
        possessive = _POSSESSIVE.match(part)
        if possessive:
            found.extend([possessive.group("owner"), possessive.group("rest")])
        else:
            found.append(part)
    return found


def _is_place_like(place: str) -> bool:
    """A title-case dateline place is one to three words (longer title-case runs are headings)."""
    return len(place.split()) <= 3


def _dates_in(text: str) -> dict[str, Any]:
    match = _ISO_DATE.search(text)
    if match and _valid(match):
        return {"date": _iso(match), "date_text": match.group()}
    return {}


def _valid(match: re.Match[str]) -> bool:
    try:
        date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    except ValueError:
        return False
    return True


def _iso(match: re.Match[str]) -> str:
    return date(int(match.group("y")), int(match.group("m")), int(match.group("d"))).isoformat()


def _split(url: str) -> SplitResult | None:
    """The URL's parts, or None for text that only looks like a URL (``http://[broken``)."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - raises on a malformed host
    except ValueError:
        return None
    return parts


def _at(match: re.Match[str]) -> dict[str, int]:
    return _stripped_at(match.group(), match.start())


def _stripped_at(piece: str, offset: int) -> dict[str, int]:
    """The offsets of ``piece`` (found at ``offset``) without its surrounding whitespace."""
    start = offset + (len(piece) - len(piece.lstrip()))
    return {"start": start, "end": start + len(piece.strip())}


def _citation_lines(text: str) -> list[tuple[int, int]]:
    """Where ``^[^\\n]*\\b(?:retrieved from|…)\\s+https?://[^\\n]*$`` (multiline) would match.

    That match runs from the start of the line where a citation core starts (the last one on that line)
    to the end of the line where the core's URL starts, and the next match starts after it.
    """
    found: list[tuple[int, int]] = []
    cores = list(_CITATION_CORE.finditer(text))
    for i, core in enumerate(cores):
        if found and core.start() < found[-1][1]:
            continue  # inside the previous citation
        line_start = text.rfind("\n", 0, core.start()) + 1
        following = cores[i + 1].start() if i + 1 < len(cores) else len(text)
        if text.find("\n", core.start(), following) == -1 and following < len(text):
            continue  # a later core on the same line is the one the match would end with
        line_end = text.find("\n", core.end())
        found.append((line_start, len(text) if line_end == -1 else line_end))
    return found


def _relabel(spans: list[Span], reason: str) -> list[Span]:
    return [Span(span.start, span.end, f"{span.reason}: {reason}") for span in spans]


def _order(span: Span) -> tuple[int, int, str]:
    return (span.start, span.end, span.reason)
