"""The encoding check: mojibake, replacement and control characters, with spans on the damage."""

from __future__ import annotations

from pathlib import Path

import pytest
from ftfy.badness import BADNESS_RE
from hypothesis import given
from hypothesis import strategies as st

from audit.document import Document
from checks.encoding import EncodingCheck, EncodingSettings, _mojibake

CHECK = EncodingCheck()


def run(text: str) -> tuple[float, list[str], dict]:
    result = CHECK.run(Document("t", text, "t"))
    return result.risk, [text[s.start : s.end] for s in result.spans], result.details


@pytest.mark.parametrize("name", [p.name for p in sorted(Path("samples").glob("*.txt"))])
def test_clean_samples_have_no_encoding_risk(samples: Path, name: str) -> None:
    risk, spans, details = run((samples / name).read_text(encoding="utf-8"))
    assert (risk, spans, details["ftfy_badness"], details["ftfy_repair"]) == (0.0, [], 0, "")


@pytest.mark.parametrize("name", [p.name for p in sorted(Path("samples").glob("*.txt"))])
def test_samples_decoded_with_the_wrong_codec_are_flagged(samples: Path, name: str) -> None:
    garbled = (samples / name).read_bytes().decode("cp1252", errors="replace")
    risk, spans, details = run(garbled)
    assert risk > 0.9
    assert details["mojibake"] >= 3
    assert details["ftfy_repair"].startswith("encode sloppy-windows-1252 → ")
    assert any(span.startswith("â€") for span in spans)


def test_spans_point_at_each_kind_of_damage() -> None:
    text = "Caf\u00c3\u00a9 menu\x00\x01 price \ufffd\ufffd today\u200bnow"
    risk, spans, details = run(text)
    assert spans == ["fÃ©", "\x00\x01", "\ufffd\ufffd", "\u200b"]
    assert (details["mojibake"], details["control_chars"], details["replacement_chars"]) == (1, 1, 1)
    assert details["invisible_chars"] == 1
    assert risk > 0.99


def test_one_stray_character_in_a_long_text_costs_little() -> None:
    text = "A clean sentence about the weather. " * 100 + "\ufffd"
    risk, spans, _ = run(text)
    assert spans == ["\ufffd"]
    assert 0.0 < risk < 0.2


def test_scale_setting_makes_the_check_more_or_less_severe() -> None:
    text = "word " * 200 + "\x07"
    lenient = EncodingCheck(EncodingSettings(scale=10.0)).run(Document("t", text, "t")).risk
    strict = EncodingCheck(EncodingSettings(scale=0.5)).run(Document("t", text, "t")).risk
    assert lenient < strict


def test_joiners_needed_by_scripts_and_emoji_are_not_damage() -> None:
    risk, spans, _ = run("می\u200cخواهم 👩\u200d💻 tab\tand newline\n")
    assert (risk, spans) == (0.0, [])


MOJIBAKE_ALPHABET = st.sampled_from([*"ab É©â€™Ã¢Â\u00a0Ð¿Ñ€œx°‚Ä¢ØÙ§ \n.", "\ufffd", "\x00", "\u200b"])


@given(st.text(alphabet=MOJIBAKE_ALPHABET, max_size=80))
def test_windowed_mojibake_search_finds_exactly_what_ftfy_finds(text: str) -> None:
    assert [m.span() for m in _mojibake(text)] == [m.span() for m in BADNESS_RE.finditer(text)]


def test_a_leading_byte_order_mark_is_not_damage_but_one_inside_is() -> None:
    assert run("\ufeffHello there.")[1] == []
    assert run("Hello\ufeff there.")[1] == ["\ufeff"]
