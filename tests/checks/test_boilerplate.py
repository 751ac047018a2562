"""The boilerplate check: debris lines found with a reason, real content kept, corpus evidence counted."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import CheckResult, Document
from checks._boilerplate_lexicon import parse_phrase_list
from checks.boilerplate import BoilerplateCheck, BoilerplateSettings, source_group

CHECK = BoilerplateCheck()

PROSE = [
    "The ministers met in Brussels on Tuesday to discuss the future of the alliance and its budget.",
    "Officials said that the talks had been difficult, but that both sides wanted to reach a deal soon.",
    "The agreement would set out how much each member pays for the mission over the next five years.",
    "Several countries have asked for more time, and a decision is not expected before the summer.",
    "Diplomats said that the question of who leads the mission had not been settled at the meeting.",
    "A spokesman for the foreign ministry said that the government was ready to discuss the proposal.",
    "The mission has trained more than ten thousand soldiers since it began, according to its own figures.",
    "Critics of the plan say that it would leave the smaller members to carry most of the burden.",
    "The talks are due to continue in Vienna next month, when the finance ministers will join them.",
    "In a statement released after the meeting, the alliance said it remained united on its goals.",
    "Some of the members have already promised to raise their contributions by a tenth this year.",
    "The secretary general is expected to present a new proposal to the members before the summit.",
]
MENU = [
    "Home",
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Health",
    "Sports",
    "Opinion",
    "Video",
]
MORE_MENU = [
    "Sign in",
    "Newsletters",
    "Podcasts",
    "Weather",
    "Travel",
    "Style",
    "Food",
    "Books",
    "Music",
    "Film",
]
MORE_MENU += ["Television", "Climate", "Europe", "Asia", "Africa"]
RELATED = [
    "More from World",
    "Ministers hold talks on trade",
    "Storm hits the northern coast",
    "Markets fall",
]
FOOTER = ["About us", "Contact us", "Privacy Policy", "Terms of Use", "© 2021 Example News Ltd"]


def audit(*texts: str, check: BoilerplateCheck = CHECK, source: str = "corpus.jsonl") -> list[CheckResult]:
    docs = [Document(f"d{i}", text, f"{source}:{i + 1}") for i, text in enumerate(texts)]
    return check.resolve([check.sketch(doc) for doc in docs])


def flagged(text: str, result: CheckResult) -> list[str]:
    return [text[span.start : span.end] for span in result.spans]


def seed(samples: Path, prefix: str) -> tuple[str, CheckResult]:
    """A seed audited together with the other seeds, as `textaudit scan samples/` audits it."""
    paths = sorted(samples.glob("*.txt"))
    docs = [Document(p.name, p.read_text(encoding="utf-8"), str(p)) for p in paths]
    results = CHECK.resolve([CHECK.sketch(doc) for doc in docs])
    [(text, result)] = [(d.text, r) for d, r in zip(docs, results, strict=True) if d.id.startswith(prefix)]
    return text, result


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_clean_seed_articles_have_nothing_flagged(samples: Path, prefix: str) -> None:
    _, result = seed(samples, prefix)
    assert (result.risk, result.spans) == (0.0, [])


def test_seed_003_read_this_also_leave_a_reply_and_the_lone_dot_are_flagged(samples: Path) -> None:
    text, result = seed(samples, "003")
    lines = flagged(text, result)
    assert lines == [
        "Read this also. US Defense Minister Lloyd Austin visited India during his first foreign trip",
        "Read this also. North Korea overtakes Biden administration",
        ".",
        "Leave a Reply",
    ]
    assert {span.reason for span in result.spans} == {
        "related link",
        "no words, only symbols",
        "comment prompt",
    }


def test_seed_004_citation_stub_and_upload_prompts_are_flagged_but_the_credit_is_kept(samples: Path) -> None:
    text, result = seed(samples, "004")
    lines = flagged(text, result)
    assert lines[0].startswith("Radio Free | Radio Free (2021-03-08T01:13:26+00:00)")
    assert lines[1:] == [
        "Please log in to upload a file.",
        "There are no updates yet.",
        "Click the Upload button above to add an update.",
    ]
    assert "With reporting by RFE/RL’s Radio Free Afghanistan, TOLOnews, AP, and Reuters" in text
    assert not any(line.startswith("With reporting by") for line in lines)


def test_seed_002_last_three_lines_are_flagged_and_its_headings_kept(samples: Path) -> None:
    text, result = seed(samples, "002")
    assert flagged(text, result) == text.strip().splitlines()[-3:]
    assert 0 < result.risk < 0.05
    assert result.details["debris_lines"] == 3


def test_risk_is_the_share_of_characters_in_debris_lines() -> None:
    text = "\n".join([*PROSE, "Leave a Reply"])
    [result] = audit(text)
    assert flagged(text, result) == ["Leave a Reply"]
    assert result.details["debris_characters"] == len("Leave a Reply")
    assert result.risk == pytest.approx(len("Leave a Reply") / result.details["characters"])


def test_menu_and_footer_around_an_article_are_outside_the_main_text_and_the_title_is_kept() -> None:
    title = "Allies meet in Brussels to settle mission budget"
    menu = [*MENU, *MORE_MENU]
    text = "\n".join([*menu, title, *PROSE, *RELATED, *FOOTER, "Editors", "Newsroom"])
    [result] = audit(text)
    lines = flagged(text, result)
    assert set(FOOTER) <= set(lines) and set(RELATED) <= set(lines)
    assert title not in lines and not set(PROSE) & set(lines)
    # The margin gives lines next to the article the benefit of the doubt; the rest of the menu goes.
    assert len(set(menu) & set(lines)) >= len(menu) // 2
    reasons = {text[s.start : s.end]: s.reason for s in result.spans}
    assert reasons["Politics"] == "outside the main text"
    assert reasons["Privacy Policy"] == "legal links"


READ_NEXT = [
    "What to Read Next",
    "Storm brings floods to the northern coast as rivers rise",
    "Reuters",
    "Central bank holds rates steady for a third month",
    "Associated Press",
    "Football club names its new coach after a long search",
    "The Guardian",
    "Join the conversation",
    "12 comments",
]


def test_related_stories_after_the_article_end_its_main_text() -> None:
    text = "\n".join(["Allies meet in Brussels to settle mission budget", *PROSE, *READ_NEXT])
    [result] = audit(text)
    assert flagged(text, result) == READ_NEXT
    assert result.details["main_text_lines"] == [1, 1 + len(PROSE)]
    # Without the end marker, headlines that read like short text join the main text by context.
    [off] = audit(text, check=BoilerplateCheck(BoilerplateSettings(end_marker_prose_share=0)))
    assert not set(READ_NEXT[1:5]) <= set(flagged(text, off))


def test_a_reading_prompt_between_paragraphs_does_not_end_the_article() -> None:
    text = "\n".join([*PROSE[:6], "Read more: Ministers hold talks on trade", *PROSE[6:]])
    [result] = audit(text)
    assert flagged(text, result) == ["Read more: Ministers hold talks on trade"]
    assert result.details["main_text_lines"] == [1, len(PROSE) + 1]


def test_a_hard_wrapped_article_is_not_taken_for_a_list_of_short_lines() -> None:
    words = " ".join(PROSE * 2).split()
    wrapped, line = [], ""
    for word in words:
        if len(line) + len(word) > 60:
            wrapped.append(line)
            line = ""
        line = f"{line} {word}".strip()
    text = "\n".join([*wrapped, line])
    [result] = audit(text)
    assert result.spans == []


def test_headings_and_short_quotes_inside_the_article_are_kept() -> None:
    text = "\n".join(
        [PROSE[0], PROSE[1], "The cost of the mission", PROSE[2], "“Not yet.”", PROSE[3], PROSE[4]]
    )
    [result] = audit(text)
    assert result.spans == []


def test_a_sentence_that_mentions_cookies_is_not_a_cookie_notice() -> None:
    text = "\n".join([PROSE[0], "Critics say we use cookies as an excuse.", PROSE[1], PROSE[2]])
    [result] = audit(text)
    assert result.spans == []


def test_a_short_line_between_two_debris_lines_is_debris() -> None:
    text = "\n".join([*PROSE[:6], "Share on Facebook", "Flipboard Magazine", "Share on Twitter", *PROSE[6:]])
    [result] = audit(text)
    reasons = {text[s.start : s.end]: s.reason for s in result.spans}
    assert reasons == {
        "Share on Facebook": "share prompt",
        "Flipboard Magazine": "short line between debris lines",
        "Share on Twitter": "share prompt",
    }


def test_a_line_recurring_across_documents_of_one_source_is_template() -> None:
    template = "The Daily Planet, independent since 1938"
    texts = [f"{PROSE[i]}\n{template}\n{PROSE[i + 1]}" for i in range(4)]
    results = audit(*texts)
    for text, result in zip(texts, results, strict=True):
        assert flagged(text, result) == [template]
        assert result.spans[0].reason == "template line (in 4 documents of this source)"
    [alone] = audit(texts[0])
    assert alone.spans == []


def test_a_sentence_recurring_across_documents_is_a_stock_phrase_not_template() -> None:
    stock = "The ministry did not respond to a request for comment on Tuesday."
    texts = [f"{PROSE[i]}\n{stock}\n{PROSE[i + 1]}" for i in range(4)]
    assert all(result.spans == [] for result in audit(*texts))


def test_template_lines_are_counted_per_source() -> None:
    template = "The Daily Planet, independent since 1938"
    texts = [f"{PROSE[i]}\n{template}\n{PROSE[i + 1]}" for i in range(4)]
    check = CHECK
    docs = [Document(f"d{i}", t, f"site{i % 2}.jsonl:{i}") for i, t in enumerate(texts)]
    results = check.resolve([check.sketch(doc) for doc in docs])
    assert all(result.spans == [] for result in results)  # 2 documents per source, 3 needed


def test_copies_of_one_document_are_not_each_others_template() -> None:
    text = "\n".join(PROSE[:4])
    results = audit(text, text, text, text)
    for result in results:
        assert result.spans == []
        assert result.details["template_evidence"].startswith("off: most of this document recurs")


def test_source_is_the_site_of_a_url_field_else_the_file_else_the_folder() -> None:
    assert source_group(Document("a", "x", "crawl.jsonl:3", {"url": "https://www.bbc.co.uk/news/1"})) == (
        "site:bbc.co.uk"
    )
    assert source_group(Document("a", "x", "crawl.jsonl:3", {})) == "file:crawl.jsonl"
    assert source_group(Document("a", "x", "pages/a.txt", {})) == "folder:pages"


def test_turning_the_main_text_off_leaves_only_the_line_rules() -> None:
    text = "\n".join([*MENU, *PROSE, *FOOTER])
    off = BoilerplateCheck(BoilerplateSettings(main_text=False))
    [result] = audit(text, check=off)
    assert "Politics" not in flagged(text, result)
    assert "Privacy Policy" in flagged(text, result)
    assert result.details["main_text_lines"] is None


def test_a_higher_margin_keeps_more_lines() -> None:
    teasers = [f"{headline}\n{summary}" for headline, summary in zip(RELATED, PROSE[8:], strict=False)]
    text = "\n".join([*MENU, *PROSE[:8], *teasers, *FOOTER])
    counts = []
    for margin in (0.0, 1.75, 4.0, 8.0):
        [result] = audit(text, check=BoilerplateCheck(BoilerplateSettings(margin=margin)))
        counts.append(len(result.spans))
        if margin >= BoilerplateSettings().margin:
            assert not set(PROSE[:8]) & set(flagged(text, result))
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_non_english_prose_is_judged_with_its_own_stoplist() -> None:
    french = [
        "Les ministres se sont réunis à Bruxelles mardi pour discuter de l'avenir de l'alliance.",
        "Selon les responsables, les discussions ont été difficiles, mais les parties veulent un accord.",
        "L'accord fixerait la part que chaque membre paie pour la mission pendant les cinq ans à venir.",
        "Plusieurs pays ont demandé plus de temps et aucune décision n'est attendue avant l'été.",
    ]
    text = "\n".join(["Accueil", "Monde", "Politique", *french])
    [result] = audit(text)
    assert result.details["stoplist"] == "French"
    assert not set(french) & set(flagged(text, result))


def test_text_without_a_stoplist_does_not_crash_or_lose_its_prose() -> None:
    chinese = (
        "北约外长周二在布鲁塞尔举行会议，讨论联盟的未来和预算问题。"
        + "官员们说，会谈很艰难，但双方都希望尽快达成协议。"
    )
    [result] = audit("\n".join([chinese, chinese[::-1], chinese]))
    assert result.details["stoplist"] is None
    assert result.spans == []


def test_the_default_margin_is_the_one_training_chose() -> None:
    model = json.loads(resources.files("checks").joinpath("data", "boilerplate_model.json").read_text())
    assert BoilerplateSettings().margin == model["margin"]


def test_a_bad_pattern_in_a_phrase_list_names_its_line() -> None:
    with pytest.raises(ValueError, match=r"list\.tsv:2: bad pattern"):
        parse_phrase_list("# comment\nreason\t(unclosed\n", "list.tsv")
    with pytest.raises(ValueError, match=r"list\.tsv:1: expected REASON<TAB>PATTERN"):
        parse_phrase_list("no tab here\n", "list.tsv")


def test_a_missing_sketch_gives_an_empty_result() -> None:
    [result] = CHECK.resolve([None])
    assert result.risk == 0.0 and result.spans == []


def _spans_cover_whole_lines(text: str, result: CheckResult) -> bool:
    stripped = {
        (start + len(line) - len(line.lstrip()), start + len(line.rstrip()))
        for start, line in _lines_with_offsets(text)
    }
    return all((span.start, span.end) in stripped for span in result.spans)


def _lines_with_offsets(text: str) -> Sequence[tuple[int, str]]:
    out, offset = [], 0
    for line in text.split("\n"):
        out.append((offset, line))
        offset += len(line) + 1
    return out


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=120), max_size=12).map("\n".join))
def test_any_text_gives_a_risk_in_range_and_spans_on_whole_lines(text: str) -> None:
    [result] = audit(text)
    assert 0.0 <= result.risk <= 1.0
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text) and span.reason
    assert _spans_cover_whole_lines(text, result)


@pytest.mark.parametrize(
    "credit",
    [
        "With reporting by RFE/RL's Radio Free Afghanistan, AP, and Reuters",
        "Heba Habib contributed to this report.",
        "Abigail Williams and Beomsu Jo contributed.",
        "(Reporting by John Smith; Editing by Jane Doe)",
    ],
)
def test_credit_lines_are_kept_even_inside_a_debris_cluster(credit: str) -> None:
    text = "\n".join([*PROSE, "Share on Facebook", credit, "Leave a Reply"])
    [result] = audit(text)
    assert credit not in flagged(text, result)
    assert {"Share on Facebook", "Leave a Reply"} <= set(flagged(text, result))


def test_video_player_interface_text_is_debris() -> None:
    player = ["Play Video", "Mute", "Current Time 0:00", "Loaded: 0%", "captions off, selected", "Fullscreen"]
    text = "\n".join([*PROSE[:6], *player, *PROSE[6:]])
    [result] = audit(text)
    assert flagged(text, result) == player
    assert {span.reason for span in result.spans} == {"media player"}


def test_encyclopedia_hatnotes_and_picture_credits_inside_an_article_are_debris() -> None:
    furniture = {
        "Main article: History of the alliance": "wiki furniture",
        "Texts from Wikisource": "wiki furniture",
        "Credit: STR/AFP": "photo credit",
        "Buy Photo": "photo credit",
    }
    text = "\n".join([*PROSE[:4], *list(furniture)[:2], *PROSE[4:8], *list(furniture)[2:], *PROSE[8:]])
    [result] = audit(text)
    assert {text[s.start : s.end]: s.reason for s in result.spans} == furniture
    # The words in a sentence are prose, not a hatnote.
    prose = "The main article: a long account of the talks, was published in the morning papers on Friday."
    [kept] = audit("\n".join([*PROSE[:6], prose, *PROSE[6:]]))
    assert kept.spans == []


def test_a_line_on_many_pages_of_one_source_is_counted_once_per_page_by_the_collector() -> None:
    check = BoilerplateCheck()
    pages = [
        Document(
            f"p{i}",
            f"Subscribe to our newsletter today\nStory number {i} is told here in a full sentence.",
            f"site/{i}.txt",
        )
        for i in range(12)
    ]
    store = check.collector()
    for page in pages:
        store.add(check.sketch(page))
    store.finish()
    results = [store.result(i) for i in range(len(pages))]
    assert results == check.resolve([check.sketch(page) for page in pages])
    sketch = check.sketch(pages[0])
    assert store.counts is not None
    assert store.counts.of(sketch.group, sketch.hashes) == [12, 1]
