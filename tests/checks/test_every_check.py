"""Properties every registered check keeps, whatever text it is given: found through the registry, so a
new check is held to them without a line of test code."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.check import instantiate, is_corpus_check
from audit.document import CheckResult, Document
from audit.registry import discover

CHECKS = sorted(discover().items())
HOSTILE = [
    "",
    " ",
    "\x00" * 50,
    "\ufeff\u200b\u200f\u202e",
    "a" * 100_000,
    "word " * 20_000,
    ".\n" * 5_000,
    "مرحبا بالعالم. هذا نص عربي.",
    "这是一个中文句子。没有空格。",
    "\ud800 lone surrogate \udfff",
    "<script>alert(1)</script>" * 100,
    "Zalgo: Z̷̢̛a̶l̵g̸o̴" * 200,
]


def results_for(check: object, texts: list[str]) -> list[CheckResult]:
    docs = [Document(f"d{i}", text, "test") for i, text in enumerate(texts)]
    if is_corpus_check(check):
        return check.resolve([check.sketch(doc) for doc in docs])  # type: ignore[attr-defined]
    return [check.run(doc) for doc in docs]  # type: ignore[attr-defined]


def assert_sound(result: CheckResult, text: str) -> None:
    assert isinstance(result, CheckResult)
    assert 0.0 <= result.risk <= 1.0
    for span in result.spans:
        assert 0 <= span.start < span.end <= len(text)
        assert span.reason


@pytest.mark.parametrize(("name", "entry"), CHECKS, ids=[name for name, _ in CHECKS])
def test_hostile_texts_give_sound_results(name: str, entry: object) -> None:
    check = instantiate(entry.check_class, {})  # type: ignore[attr-defined]
    results = results_for(check, HOSTILE)
    assert len(results) == len(HOSTILE)
    for result, text in zip(results, HOSTILE, strict=True):
        assert_sound(result, text)


@pytest.mark.parametrize(("name", "entry"), CHECKS, ids=[name for name, _ in CHECKS])
def test_any_unicode_text_gives_a_risk_in_range_and_spans_inside_it(name: str, entry: object) -> None:
    check = instantiate(entry.check_class, {})  # type: ignore[attr-defined]

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.text(max_size=400), min_size=1, max_size=4))
    def sound(texts: list[str]) -> None:
        for result, text in zip(results_for(check, texts), texts, strict=True):
            assert_sound(result, text)

    sound()
