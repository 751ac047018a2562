"""The filler check: chatbot-written filler scores high, reporting and plain English low, with evidence."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import CheckResult, Document
from checks._filler_features import Lexicon, measure
from checks._filler_model import LogisticModel
from checks.filler import FillerCheck, FillerSettings

CHECK = FillerCheck()
DATA = Path(__file__).resolve().parents[2] / "checks" / "data"
FILLER_SEED = "002_74e6f3c79f76e261.txt"


def run(text: str, check: FillerCheck = CHECK) -> CheckResult:
    return check.run(Document("t", text, "t"))


def sample(samples: Path, name: str) -> str:
    return (samples / name).read_text(encoding="utf-8")


def test_the_chatbot_seo_article_is_filler(samples: Path) -> None:
    assert run(sample(samples, FILLER_SEED)).risk >= 0.7


@pytest.mark.parametrize(
    "name", ["000_697af04f2c1ac178.txt", "001_87a813b929cc135f.txt", "004_6e11aa146ebfb646.txt"]
)
def test_news_reports_with_numbers_names_and_quotes_are_not_filler(samples: Path, name: str) -> None:
    result = run(sample(samples, name))
    assert result.risk <= 0.3
    assert result.spans == []  # too little risk to point at anything


def test_clumsy_machine_translated_english_is_not_filler(samples: Path) -> None:
    # 003 is a machine-spun copy of a news article: plain, broken English that keeps its facts.
    assert run(sample(samples, "003_3e86b8626a521b8a.txt")).risk <= 0.3


def test_plain_simple_english_is_not_filler() -> None:
    # Short words and short, even sentences, as a non-native writer puts them: plain, not vague.
    text = (
        "My name is Ahmed and I live in Cairo. I work in a small shop near the station. Every day I open "
        "the shop at 8 in the morning. Many people come to buy bread and milk. My brother helps me on Friday "
        "and Saturday. Last year we sold more than 5000 bottles of water. The summer was very hot and people "
        "were thirsty. In the winter we sell tea and coffee. My father started this shop in 1998. "
        'He told me, "Always be honest with the customers." I remember his words every day. Next year I want '
        "to open a second shop in Giza. It is not easy because the rent is high. But I think it is possible "
        "if I work hard."
    )
    assert run(text).risk <= 0.3


def test_spans_quote_the_phrases_headings_and_sentences_that_earned_the_risk(samples: Path) -> None:
    text = sample(samples, FILLER_SEED)
    result = run(text)
    found = {(span.reason, text[span.start : span.end]) for span in result.spans}
    assert ("overused LLM vocabulary: 'pivotal'", "pivotal") in found
    heading = "Conclusion: The Legacy of Blinken’s Final Mission"
    assert (f"template heading: {heading!r}", heading) in found
    sentences = [text[s.start : s.end] for s in result.spans if s.reason.startswith("filler sentence")]
    assert any(s.startswith("The implications of his farewell to NATO are far-reaching") for s in sentences)
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        if ": '" in span.reason and not span.reason.startswith("filler sentence"):
            assert span.reason.endswith(f"{text[span.start : span.end]!r}")
    assert len(result.spans) <= FillerSettings().max_spans


def test_details_hold_every_model_feature_and_the_counts_behind_them(samples: Path) -> None:
    details = run(sample(samples, FILLER_SEED)).details
    model = LogisticModel.load()
    assert set(model.features) <= set(details)
    assert details["template_headings"] >= 5
    assert details["quotations"] == 0
    assert details["words"] > 1000
    assert details["signals"] and set(details["signals"]) <= set(model.features)
    json.dumps(details)  # plain values, ready for every writer


def test_quotations_with_a_speaker_and_dates_count_as_checkable_detail() -> None:
    text = (
        "“We went in together and we will leave together,” Philip Reeker said on Tuesday. "
        "Prices may rise by May 1, the ministry warned."
    )
    counts = measure(Document("t", text, "t"), CHECK.lexicon).counts
    assert (counts["quotations"], counts["attributed_quotations"]) == (1, 1)
    assert counts["dates"] == 2  # Tuesday, May (the month, not the modal)
    assert counts["hedge_phrases"] == 1  # "may rise"
    assert counts["numbers"] == 1
    assert counts["vague_sentences"] == 0


def test_typographic_apostrophes_match_listed_phrases() -> None:
    straight = measure(Document("t", "It's important to note the facts.", "t"), CHECK.lexicon)
    curly = measure(Document("t", "It’s important to note the facts.", "t"), CHECK.lexicon)
    assert straight.counts["llm_phrases"] == curly.counts["llm_phrases"] == 1


def test_essay_template_headings_need_layout() -> None:
    laid_out = "Conclusion: The Legacy of a Pivotal Era\nThe alliance met in Brussels on Tuesday.\n"
    flattened = "Conclusion: The Legacy of a Pivotal Era The alliance met in Brussels on Tuesday."
    assert measure(Document("t", laid_out, "t"), CHECK.lexicon).counts["template_headings"] == 1
    assert measure(Document("t", flattened, "t"), CHECK.lexicon).counts["headings"] == 0


def test_a_short_excerpt_is_judged_with_less_certainty(samples: Path) -> None:
    text = sample(samples, FILLER_SEED)
    full = run(text)
    excerpt = run(text[: text.index("The Context of")])
    assert excerpt.details["certainty"] < full.details["certainty"]
    assert excerpt.risk < full.risk


def test_text_that_is_not_english_prose_is_not_judged() -> None:
    german = (
        "Die Musik ist eine universelle Sprache, die unabhängig von der Kultur verstanden wird. "
        "Es gibt zahlreiche Musikgenres, von denen jedes seine eigene Identität hat. "
    ) * 5
    result = run(german)
    assert (result.risk, result.spans, result.details["skipped"]) == (0.0, [], "not English prose")


def test_the_prior_setting_moves_the_risk_the_same_way(samples: Path) -> None:
    text = sample(samples, "000_697af04f2c1ac178.txt")
    low, high = (run(text, FillerCheck(FillerSettings(prior=p))).risk for p in (0.05, 0.5))
    assert low < run(text).risk < high


@pytest.mark.parametrize("options", [{"prior": 0.0}, {"prior": 1.0}, {"min_words": 0}, {"max_spans": -1}])
def test_impossible_settings_are_refused(options: dict) -> None:
    with pytest.raises(ValueError, match="filler"):
        FillerSettings(**options)


def test_a_model_file_with_mismatched_columns_is_refused() -> None:
    data = json.loads((DATA / "filler_model.json").read_text(encoding="utf-8"))
    data["weights"] = data["weights"][:-1]
    with pytest.raises(ValueError, match="differ in length"):
        LogisticModel.from_dict(data)


def test_empty_huge_and_garbage_text_do_not_crash(samples: Path) -> None:
    assert run("").risk == 0.0
    assert run("\n\n   \t").risk == 0.0
    assert run("12 34, 56; 78. 90!").risk == 0.0
    huge = run(sample(samples, FILLER_SEED) * 40)
    assert huge.risk >= 0.7
    assert len(huge.spans) == FillerSettings().max_spans


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["pivotal", "However,", "crucial", "May", "said", "“", "”", "\n", ".", " ", "9,600"])
    )
)
def test_stock_words_in_any_order_give_a_risk_in_range(pieces: list[str]) -> None:
    text = " ".join(pieces)
    result = run(text)
    assert 0.0 <= result.risk <= 1.0
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)


def test_the_word_lists_ship_with_their_source_and_license() -> None:
    for path in sorted(DATA.glob("filler_*.tsv")):
        header = path.read_text(encoding="utf-8").split("\n", 12)[:12]
        assert any("Source" in line for line in header), path
        assert any("icense" in line for line in header), path
    assert Lexicon.load().phrases


def test_a_scan_reports_the_filler_check_in_the_report_schema(
    run_textaudit: Callable[..., subprocess.CompletedProcess[str]],
    samples: Path,
    report_schema: Callable[[dict[str, Any]], None],
) -> None:
    result = run_textaudit("scan", str(samples / FILLER_SEED), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    report_schema(report)
    filler = report["checks"]["filler"]
    assert filler["risk"] >= 0.7
    assert any(span["reason"].startswith("template heading") for span in filler["spans"])
    assert report["trust"] < 70
