"""The provenance check: what a text claims as its source, and where the claims do not hold together."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import Thresholds
from audit.document import CheckResult, Document
from audit.engine import Auditor
from audit.scoring import Scorer
from checks.provenance import ProvenanceCheck

CHECK = ProvenanceCheck()
STORY = " said officials on Monday after a long meeting about the budget and the plan."


def run(text: str, needed: dict[str, CheckResult] | None = None) -> CheckResult:
    return CHECK.run(Document("t", text, "t"), needed)


def test_seed_004_lists_its_credited_outlets_and_source_url(samples: Path) -> None:
    text = (samples / "004_6e11aa146ebfb646.txt").read_text(encoding="utf-8")
    result = run(text)
    details = result.details
    assert [d["place"] for d in details["datelines"]] == ["WASHINGTON"]
    [credit] = details["credits"]
    assert credit["names"] == ["RFE/RL", "Radio Free Afghanistan", "TOLOnews", "AP", "Reuters"]
    assert text[credit["start"] : credit["end"]].startswith("With reporting by")
    for outlet in ("RFE/RL", "TOLOnews", "AP", "Reuters"):
        assert outlet in details["outlets"]
    [url] = details["urls"]
    assert url["domain"] == "radiofree.org" and url["date"] == "2021-03-08"
    assert url["url"].startswith("https://www.radiofree.org/2021/03/08/blinken-reportedly")
    [citation] = details["citations"]
    assert citation["date"] == "2021-03-08"  # agrees with the URL: no contradiction
    assert (result.risk, details["contradictions"]) == (0.0, [])


@pytest.mark.parametrize(
    ("opening", "place", "agency"),
    [
        ("WASHINGTON — U.S. officials", "WASHINGTON", None),
        ("Brussels—US Secretary of State", "Brussels", None),
        ("KABUL, Afghanistan (AP) — Officials", "KABUL", "AP"),
        ("LONDON, March 8 (Reuters) - British officials", "LONDON", "Reuters"),
        ("(Agence France-Presse) — Officials", None, "AFP"),
    ],
)
def test_datelines_in_their_usual_forms(opening: str, place: str | None, agency: str | None) -> None:
    [dateline] = run(opening + STORY).details["datelines"]
    assert (dateline["place"], dateline["agency"]) == (place, agency)


@pytest.mark.parametrize(
    "line",
    [
        "Challenges and Opportunities for NATO",
        "The NATO Alliance: A Pillar of U.S. Foreign Policy",
        "Security Challenges — Russia",
        "Secretary of State Antony Blinken — who leaves office soon —" + STORY,
    ],
)
def test_headings_and_sentences_are_not_datelines(line: str) -> None:
    assert run(line + "\nMore text follows here.").details["datelines"] == []


def test_credit_lines_footers_and_citations_are_extracted() -> None:
    text = (
        "Officials met on Monday.\n"
        "Reporting by Jane Doe in London; Editing by John Roe\n"
        "The post Officials meet appeared first on Daily Example.\n"
        "© 2021 Thomson Reuters. All rights reserved.\n"
        "Example | Site (2021-03-08T01:13:26+00:00) Title. Retrieved from https://example.org/2019/01/02/x/\n"
    )
    details = run(text).details
    assert [c["names"] for c in details["credits"]] == [["Jane Doe in London"]]
    assert [f["names"] for f in details["footers"]] == [["Daily Example"], ["Thomson Reuters"]]
    assert "Reuters" in details["outlets"] and "Daily Example" in details["outlets"]
    assert details["citations"][0]["date"] == "2021-03-08"


def test_dates_that_disagree_are_a_contradiction() -> None:
    text = "Example | Site (2021-03-08) Title. Retrieved from https://example.org/2019/01/02/title/\n"
    result = run(text)
    assert result.details["contradictions"] == ["claimed dates disagree: 2021-03-08 and 2019-01-02"]
    assert result.risk == pytest.approx(0.4)
    assert {text[s.start : s.end] for s in result.spans} >= {"https://example.org/2019/01/02/title/"}


def test_two_different_datelines_mean_stitched_stories() -> None:
    text = "WASHINGTON (AP) —" + STORY + "\nMOSCOW (Reuters) —" + STORY
    result = run(text)
    assert result.risk == pytest.approx(0.5)
    assert "two different datelines" in result.details["contradictions"][0]
    assert len(result.spans) == 2


class MarkedFiller:
    """An example filler check: text containing the word 'tapestry' is generic filler."""

    name = "filler"
    description = "Example filler check for the cross-check."

    def run(self, doc: Document) -> CheckResult:
        return CheckResult(0.9 if "tapestry" in doc.text else 0.1)


def test_a_news_credit_on_filler_is_a_contradiction_when_the_filler_check_runs() -> None:
    filler = "A rich tapestry of voices shapes the future in an ever-evolving landscape of change."
    docs = [
        Document("filler", "WASHINGTON (AP) — " + filler, "f"),
        Document("news", "WASHINGTON (AP) —" + STORY, "n"),
        Document("plain", filler, "p"),
    ]
    auditor = Auditor(
        [ProvenanceCheck(), MarkedFiller()], Scorer({"provenance": 1.0, "filler": 0.0}, Thresholds())
    )
    reports = {r.id: r.checks["provenance"] for r in auditor.audit(docs)}
    assert reports["filler"].risk == pytest.approx(0.9)
    assert reports["filler"].details["contradictions"] == [
        "news credit on generic filler text (filler risk 0.90)"
    ]
    assert reports["filler"].details["cross_checked_with"] == ["filler"]
    assert [s.reason.split(":")[0] for s in reports["filler"].spans] == ["dateline"]
    assert reports["news"].risk == 0.0 and reports["plain"].risk == 0.0


def test_without_the_other_checks_only_the_claims_themselves_count() -> None:
    [report] = Auditor([ProvenanceCheck()], Scorer({"provenance": 1.0}, Thresholds())).audit(
        [Document("x", "WASHINGTON (AP) — A rich tapestry of voices in an ever-evolving landscape.", "x")]
    )
    details = report.checks["provenance"].details
    assert (report.checks["provenance"].risk, details["cross_checked_with"]) == (0.0, [])
    assert details["outlets"] == ["AP"]


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_any_text_gives_a_risk_in_range_and_spans_inside_it(text: str) -> None:
    result = run(text, {"filler": CheckResult(1.0), "machine_translation": CheckResult(1.0)})
    assert 0.0 <= result.risk <= 1.0
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)


@given(
    st.lists(
        st.sampled_from(["WASHINGTON — ", "(AP) ", "© 2020 ", "Reporting by ", "\n", "x " * 8]), max_size=12
    )
)
def test_claim_shaped_fragments_never_break_it(parts: list[str]) -> None:
    text = "".join(parts)
    result = run(text, {"filler": CheckResult(0.8)})
    assert 0.0 <= result.risk <= 1.0
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)


# The plain regexes the faster ones replaced: citations, URLs and outlet mentions must be found alike.
_REFERENCE_CITATION = re.compile(
    r"^[^\n]*\b(?:retrieved from|accessed from|source:?|available at)\s+https?://[^\n]*$", re.I | re.M
)
_REFERENCE_URL = re.compile(r"\bhttps?://[^\s<>\"'()]+[^\s<>\"'().,;:!?]")
_ALIASES = sorted(CHECK._outlets, key=len, reverse=True)
_REFERENCE_MENTION = re.compile(r"(?<![\w/])(?:" + "|".join(map(re.escape, _ALIASES)) + r")(?![\w/])")
_LINKED = st.lists(
    st.sampled_from(
        [
            *("Retrieved from ", "source:", "Source ", "available at", "ſource: ", " ", "\n", "x", "é"),
            *("https://a.b/2021/03/08/x", "HTTP://c.d", "http", "://", "wwhttps://e.f", ".", ")", "/"),
            *("AP", "AFP", "Agence France-Presse", "Reuters", "The Associated Press", "BBC", "dpa", "_"),
        ]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=400)
@given(st.one_of(_LINKED, st.text()))
def test_citations_urls_and_mentions_are_found_as_by_the_plain_regexes(text: str) -> None:
    details = run(text).details
    expected = [
        (m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip())
        for m in _REFERENCE_CITATION.finditer(text)
    ]
    assert [(c["start"], c["text"]) for c in details["citations"]] == expected
    assert [(u["start"], u["url"]) for u in details["urls"]] == [
        (m.start(), m.group()) for m in _REFERENCE_URL.finditer(text)
    ]
    assert [m.span() for m in CHECK._mention.finditer(text)] == [
        m.span() for m in _REFERENCE_MENTION.finditer(text)
    ]


def test_text_that_only_looks_like_a_url_is_not_a_claim_and_not_an_error() -> None:
    text = (
        "See http://[broken and https://www.example.org/2021/03/08/story for the source, as the agency said."
    )
    result = ProvenanceCheck().run(Document("d", text, "s"))
    assert [(u["domain"], u.get("date")) for u in result.details["urls"]] == [("example.org", "2021-03-08")]
