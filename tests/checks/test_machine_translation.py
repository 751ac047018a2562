"""The machine_translation check: garbled-MT artifacts with sentence spans, translationese statistics."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from audit.document import CheckResult, Document
from checks._mt_features import ARTIFACT_KINDS, MODEL_FEATURES, likely_fix
from checks._mt_lexicon import load_lexicon
from checks.machine_translation import THRESHOLD, MachineTranslationCheck, MachineTranslationSettings

CHECK = MachineTranslationCheck()
NEWS = (
    "The minister arrived in Brussels on Monday for talks with European leaders. "
    "She is expected to discuss trade, energy prices and the war in Ukraine with her counterparts. "
    "Officials said the meeting would last two days and end with a joint statement. "
)


def run(text: str, check: MachineTranslationCheck = CHECK) -> CheckResult:
    return check.run(Document("t", text, "t"))


def spanned(text: str, result: CheckResult) -> list[str]:
    return [text[s.start : s.end] for s in result.spans]


def covered(result: CheckResult, text: str, needle: str) -> bool:
    start = text.index(needle)
    return any(s.start <= start and start + len(needle) <= s.end for s in result.spans)


def test_garbled_seed_is_flagged_with_spans_on_its_artifacts(samples: Path) -> None:
    text = (samples / "003_3e86b8626a521b8a.txt").read_text(encoding="utf-8")
    result = run(text)
    assert result.risk >= 0.7
    assert result.details["likely_mt"] is True
    quoted = [
        "South Korea and China Counseling is all the more important",
        "That would be the Kelt approach.",
        "from the Trump presidency Was. .",
        "North Korea’s nuclear weapons remain the major source. Get angry.",
        "coronovirus epidemic",
    ]
    # An artifact is found when a span lies inside the quoted stretch or the stretch inside a span.
    found = []
    for quote in quoted:
        start = text.index(quote)
        end = start + len(quote)
        if any(s.start < end and start < s.end for s in result.spans):
            found.append(quote)
    assert len(found) >= 4, found
    reasons = " | ".join(s.reason for s in result.spans)
    for expected in (
        "capitalised 'Was'",
        "stray punctuation '. .'",
        "fragment 'Get angry.'",
        "misspelt 'coronovirus'",
    ):
        assert expected in reasons


@pytest.mark.parametrize(
    "name", ["000_697af04f2c1ac178.txt", "001_87a813b929cc135f.txt", "004_6e11aa146ebfb646.txt"]
)
def test_human_news_seeds_are_low_risk(samples: Path, name: str) -> None:
    result = run((samples / name).read_text(encoding="utf-8"))
    assert result.risk <= 0.3
    assert result.details["likely_mt"] is False


def test_capitalised_function_word_mid_sentence_is_an_artifact() -> None:
    text = NEWS + "The talks focused on energy and Then moved to the budget for next year."
    result = run(text)
    assert result.details["capitalised_function_words"] == 1
    assert covered(result, text, "The talks focused on energy and Then moved to the budget for next year.")


@pytest.mark.parametrize(
    "clean",
    [
        "The paper was first reported by The Times and the Financial Times on Friday.",
        "BEIJING, July 26 (Xinhua) The reporter learned from the ministry that prices rose.",
        "A Tale Of Two Cities And Other Stories Was Reprinted",
        "He said: The weather will stay warm for the rest of the week.",
    ],
)
def test_capitals_that_people_write_are_not_artifacts(clean: str) -> None:
    assert run(NEWS + clean).details["capitalised_function_words"] == 0


def test_stray_and_doubled_punctuation_are_artifacts_but_abbreviations_and_ellipses_are_not() -> None:
    assert run(NEWS + "He left the room .\nShe stayed behind.. then left.").details["stray_punctuations"] == 2
    clean = NEWS + "Acme Trading Co., Ltd. said sales rose... and so did profits at 8 p.m., it said."
    assert run(clean).details["stray_punctuations"] == 0


def test_short_clause_cut_off_inside_a_paragraph_is_a_fragment() -> None:
    text = (
        "Prices rose sharply in the region over the summer months. Get angry. Officials blamed the drought."
    )
    result = run(text)
    assert spanned(text, result) == ["Get angry."]
    assert result.spans[0].reason == "fragment 'Get angry.'"


def test_short_sentences_people_write_are_not_fragments() -> None:
    text = "Breaking News\nShe paused. “Not yet.” The meeting ended at 5 p.m. on Sunday."
    assert run(text).details["fragments"] == 0


def test_a_lower_case_start_counts_only_after_a_finished_sentence() -> None:
    garbled = NEWS + "The talks ended early. the ministers left without a statement."
    assert run(garbled).details["lowercase_starts"] == 1
    # Hard-wrapped prose and code: each line goes on from the one before, none starts a sentence.
    wrapped = (
        "A client, running inside a web browser, can communicate with a data storage\n"
        "server that is hosted on a different domain name, so the provider of a web\n"
        "application need not also play the role of data storage provider.\n"
    )
    code = "The handler reads:\nfetch(url).then(function(res) {\n  if (res.ok) {\n    log(res);\n  }\n});"
    for text in (NEWS + wrapped, NEWS + code, "lower case at the very start of a text. " + NEWS):
        result = run(text)
        assert result.details["lowercase_starts"] == 0, text
        assert result.details["fragments"] == 0, text


def test_list_numbers_are_not_fragments() -> None:
    text = NEWS + "\n1. Bedbugs love wood.\n2. They hide in cracks.\n3. Heat kills them."
    assert run(text).details["fragments"] == 0


def test_a_rare_word_a_text_keeps_using_is_its_term_not_a_misspelling() -> None:
    once = NEWS + "The module is compiled to wasm and loaded by the browser."
    assert run(once).details["misspellings"] == 1
    thrice = once + " A wasm file is small. Each wasm module runs in a sandbox."
    assert run(thrice).details["misspellings"] == 0


def test_misspelt_common_word_is_found_but_unknown_names_are_not() -> None:
    text = NEWS + "The govenrment said Mr Khalilzad met Ghani in Kabul during a spate of attacks."
    result = run(text)
    assert result.details["misspellings"] == 1
    assert "misspelt 'govenrment' (government?)" in result.spans[0].reason


def test_a_misspelling_between_equally_common_words_names_the_same_fix_in_every_run() -> None:
    # "port" and "sport" are one edit from "mport" and equally common: the alphabetical one wins, not
    # whichever the set of candidates (ordered by the per-process string hash) happens to yield first.
    lexicon = load_lexicon()
    assert lexicon.zipf("port") == lexicon.zipf("sport")
    assert likely_fix("mport", lexicon) == "port"
    assert "misspelt 'mport' (port?)" in run(NEWS + "The mport driver was loaded twice.").spans[0].reason


def test_a_check_sent_to_a_worker_process_finds_the_same_misspellings(tmp_path: Path) -> None:
    # Engines pickle the check to worker processes, where Python's string hashes are seeded
    # differently: nothing the check precomputes may depend on them. These fixes need a letter put
    # in ("govrnment") or changed ("ecanomy"), which the misspelling index finds.
    text = NEWS + "The govrnment said the ecanomy would grow next year."
    shipped = tmp_path / "check.pickle"
    shipped.write_bytes(pickle.dumps(CHECK))
    script = (
        "import pickle, sys\n"
        "from audit.document import Document\n"
        "check = pickle.loads(open(sys.argv[1], 'rb').read())\n"
        "print(check.run(Document('t', sys.argv[2], 't')).details['misspellings'])\n"
    )
    worker = subprocess.run(
        [sys.executable, "-c", script, str(shipped), text],
        env={**os.environ, "PYTHONHASHSEED": "4321"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(worker.stdout) == run(text).details["misspellings"] == 2


def test_the_lexicon_is_not_pickled_with_the_check() -> None:
    # Each worker reads the lexicon (over 100 MB in memory) itself; shipping it with every pool start
    # would copy it through a pipe and keep it alive in the process that only hands out batches.
    assert run(NEWS).details["words"] > 0
    assert len(pickle.dumps(CHECK)) < 64_000


def test_untranslated_words_in_another_script_or_language_are_found() -> None:
    text = NEWS + "The protesters gathered near the Хабаровск office and shouted zusammen again."
    result = run(text)
    reasons = " | ".join(s.reason for s in result.spans)
    assert result.details["foreign_words"] == 2
    assert "untranslated word 'Хабаровск'" in reasons and "untranslated word 'zusammen' (de)" in reasons


def test_one_sentence_can_carry_several_reasons_in_one_span() -> None:
    text = NEWS + "The officials met the Trump presidency Was. ."
    result = run(text)
    [span] = result.spans
    assert text[span.start : span.end] == "The officials met the Trump presidency Was. ."
    assert span.reason == "capitalised 'Was'; stray punctuation '. .'"


def test_details_carry_every_feature_the_model_reads_and_every_artifact_count() -> None:
    doc = Document("t", NEWS * 3, "t")
    details = CHECK.run(doc).details
    for name in MODEL_FEATURES:
        assert isinstance(details[name], float), name
    for kind in ARTIFACT_KINDS:
        assert details[f"{kind}s"] == 0
    assert 0 <= details["translationese_probability"] <= 1
    assert details["artifact_score"] == 0.0
    assert (details["words"], details["sentences"]) == (len(doc.words), len(doc.sentences))


def test_typesetting_does_not_change_the_statistics() -> None:
    # A publisher's typeset copy and the same text typed plainly are the same translation: curly and
    # straight quotes and apostrophes, en dashes and spaced hyphens count alike.
    typeset = NEWS + "The minister – who “won’t” resign – said they’re ready. It’s over, she said."
    typed = NEWS + "The minister - who \"won't\" resign - said they're ready. It's over, she said."
    typeset_details, typed_details = run(typeset).details, run(typed).details
    assert typeset_details["dashes_per_sentence"] > 0
    assert {name: typeset_details[name] for name in MODEL_FEATURES} == {
        name: typed_details[name] for name in MODEL_FEATURES
    }


def test_risk_is_above_the_threshold_exactly_when_likely_mt_says_so(samples: Path) -> None:
    for path in sorted(samples.glob("*.txt")):
        result = run(path.read_text(encoding="utf-8"))
        assert result.details["likely_mt"] == (result.risk >= THRESHOLD)


def test_a_few_slips_cost_nothing_but_many_cost_a_lot() -> None:
    one_slip = NEWS * 3 + "The staff member was late ."
    many = NEWS + "The staff Was late .. And the Then deputy Was tired. Go home."
    assert run(one_slip).details["artifact_score"] == 0.0
    assert run(many).details["artifact_score"] > 0.9


def test_expected_share_of_mt_moves_the_translationese_probability() -> None:
    text = (Path("samples") / "001_87a813b929cc135f.txt").read_text(encoding="utf-8")
    rare = run(text, MachineTranslationCheck(MachineTranslationSettings(prior_mt_share=0.05)))
    common = run(text, MachineTranslationCheck(MachineTranslationSettings(prior_mt_share=0.9)))
    assert rare.details["translationese_probability"] < common.details["translationese_probability"]
    assert rare.risk < common.risk


def test_texts_too_short_for_statistics_get_no_translationese_risk() -> None:
    assert run("The café is open today.").risk == 0.0


@pytest.mark.parametrize("bad", [{"grammar": "grammarly"}, {"prior_mt_share": 1.0}, {"artifact_scale": 0.0}])
def test_bad_settings_are_refused(bad: dict) -> None:
    with pytest.raises(ValueError):
        MachineTranslationCheck(MachineTranslationSettings(**bad))


def test_the_shipped_model_is_plain_json_over_the_extracted_features() -> None:
    model = json.loads(Path("checks/data/machine_translation_model.json").read_text(encoding="utf-8"))
    assert tuple(model["features"]) == MODEL_FEATURES
    assert len(model["coef"]) == len(model["mean"]) == len(model["scale"]) == len(MODEL_FEATURES)
    assert model["leave_one_pair_out_auc"] > 0.6


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\n ",
        "...",
        "12345 67890",
        "Привет, как дела? " * 50,
        "中文文本没有空格" * 100,
        "a" * 100_000,
        "x. " * 5000,
    ],
)
def test_empty_foreign_huge_or_garbage_text_does_not_crash(text: str) -> None:
    result = run(text)
    assert 0.0 <= result.risk <= 1.0
    assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
