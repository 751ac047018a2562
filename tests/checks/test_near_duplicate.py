"""The near_duplicate check: datasketch-exact signatures, containment, clusters and repetition."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.document import CheckResult, Document
from checks._minhash import MinHasher, PackedSamples, SketchParams
from checks._shingles import normalised_words, shingle_hashes, word_hashes
from checks.near_duplicate import NearDuplicateCheck, NearDuplicateSettings

CHECK = NearDuplicateCheck()


def doc(text: str, doc_id: str = "d") -> Document:
    return Document(doc_id, text, doc_id)


def resolve(*texts: str, check: NearDuplicateCheck = CHECK) -> list[CheckResult]:
    return check.resolve([check.sketch(doc(text, f"doc{i}")) for i, text in enumerate(texts)])


def sample_texts(samples: Path) -> dict[str, str]:
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))}


def test_signature_is_exactly_datasketchs_minhash_of_the_shingles(samples: Path) -> None:
    text = sample_texts(samples)["004"]
    words = normalised_words(doc(text).words)

    def shingle_hash(shingle: tuple[str, ...]) -> int:
        return int(shingle_hashes(word_hashes(list(shingle)), 5)[0])

    reference = MinHash(num_perm=128, seed=1, hashfunc=shingle_hash)
    reference.update_batch([tuple(words[i : i + 5]) for i in range(len(words) - 4)])
    ours = MinHasher(SketchParams()).sketch(shingle_hashes(word_hashes(words), 5))
    assert np.array_equal(ours.signature, reference.hashvalues)


def test_word_hashes_do_not_depend_on_position_and_shingles_ignore_case_and_typography() -> None:
    hashed = word_hashes(["the", "cat", "the"])
    assert hashed[0] == hashed[2] != hashed[1]
    assert np.array_equal(hashed[1:2], word_hashes(["cat"]))
    curly = normalised_words(doc("Don’t STOP — the press").words)
    plain = normalised_words(doc("don't stop - the Press").words)
    assert curly == plain == ["don't", "stop", "the", "press"]


def test_seed_articles_on_one_topic_are_not_duplicates_and_003_repeats_its_opening(samples: Path) -> None:
    texts = sample_texts(samples)
    results = resolve(*texts.values())
    assert [r.details["cluster"] for r in results] == [None] * 5
    assert results[0].details["duplicates"] == [] and results[1].details["duplicates"] == []
    repeated = results[3]
    [span] = repeated.spans
    assert texts["003"][span.start : span.end].startswith(
        "Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin are heading to Japan"
    )
    assert "line 1" in span.reason
    assert repeated.details["repeated_paragraphs"] == 1
    assert 0.1 < repeated.risk < 0.5
    assert [r.risk for i, r in enumerate(results) if i != 3] == [0.0] * 4


def test_an_excerpt_is_a_copy_and_the_full_article_is_the_representative(samples: Path) -> None:
    article = sample_texts(samples)["000"]
    excerpt = "\n".join(article.splitlines()[3:11])
    full, part, other = resolve(article, excerpt, sample_texts(samples)["001"])
    assert full.details["cluster"] == part.details["cluster"] == "c0"
    assert full.details["cluster_size"] == 2 and other.details["cluster"] is None
    assert full.details["representative"] and not part.details["representative"]
    assert part.details["representative_id"] == "doc0"
    [dup] = part.details["duplicates"]
    assert dup["id"] == "doc0" and dup["containment"] > 0.9 and dup["similarity"] < 0.6
    assert full.risk == 0.0  # the representative is not punished for its copies
    assert part.risk > 0.9


def test_a_padded_copy_contains_the_original(samples: Path) -> None:
    texts = sample_texts(samples)
    padded = texts["001"] + "\n" + texts["002"]
    original, copy = resolve(texts["001"], padded)
    assert copy.details["representative"]  # it holds the most content
    assert original.details["duplicates"][0]["containment"] > 0.9
    assert original.details["duplicates"][0]["contains"] < 0.4
    assert original.risk > 0.9 and copy.risk == 0.0


def test_exact_copies_form_one_cluster_with_one_representative(samples: Path) -> None:
    text = sample_texts(samples)["004"]
    results = resolve(text, "Unrelated words about gardening and tomatoes in the summer heat.", text, text)
    clustered = [r for r in results if r.details["cluster"] is not None]
    assert len(clustered) == 3 and {r.details["cluster_size"] for r in clustered} == {3}
    assert [r.details["representative"] for r in clustered] == [True, False, False]
    assert all(d["similarity"] == 1.0 for r in clustered for d in r.details["duplicates"])


def test_failed_and_wordless_sketches_never_cluster() -> None:
    check = CHECK
    sketches = [check.sketch(doc("!!! ???")), None, check.sketch(doc("... ---")), check.sketch(doc(""))]
    results = check.resolve(sketches)
    assert [r.details["cluster"] for r in results] == [None] * 4
    assert [r.risk for r in results] == [0.0] * 4


def test_gopher_rules_catch_repeated_lines() -> None:
    spam = "\n".join(
        ["Buy cheap watches online today at the best price"] * 12 + ["Contact us for more details."]
    )
    [result] = resolve(spam)
    assert "dup_line_frac" in result.details["gopher_rules_failed"]
    assert result.details["dup_10gram_char_frac"] > 0.5
    assert result.risk == 1.0
    assert len(result.spans) == 11


def test_sketches_are_small_and_survive_pickling(samples: Path) -> None:
    sketch = CHECK.sketch(doc(sample_texts(samples)["002"]))
    again = pickle.loads(pickle.dumps(sketch))
    assert np.array_equal(again.shingles.signature, sketch.shingles.signature)
    assert sketch.shingles.nbytes < len(sample_texts(samples)["002"].encode("utf-8")) / 2


def test_a_long_document_keeps_a_bounded_sample() -> None:
    words = " ".join(f"w{i}" for i in range(50_000))
    sketch = NearDuplicateCheck(NearDuplicateSettings(max_sample=1000)).sketch(doc(words))
    assert sketch.shingles.sample.size == 1000
    assert int(sketch.shingles.sample.max()) < sketch.shingles.limit


def test_settings_are_validated() -> None:
    with pytest.raises(ValueError, match="bands"):
        NearDuplicateCheck(NearDuplicateSettings(bands=0))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_any_texts_give_risks_in_range_and_spans_inside_them(texts: list[str]) -> None:
    results = resolve(*texts, *texts[:1])
    for text, result in zip([*texts, texts[0]], results, strict=True):
        assert 0.0 <= result.risk <= 1.0
        for span in result.spans:
            assert 0 <= span.start < span.end <= len(text)


def test_the_collector_gives_the_results_resolve_gives_one_document_at_a_time(samples: Path) -> None:
    check = NearDuplicateCheck()
    seeds = sample_texts(samples)
    texts = [seeds["000"], seeds["000"] + "\nAn extra closing line.", seeds["001"], ""]
    sketches = [check.sketch(Document(f"d{i}", t, "s")) if t else None for i, t in enumerate(texts)]
    expected = check.resolve(sketches)
    store = check.collector()
    for sketch in sketches:
        store.add(sketch)
    store.finish()
    assert [store.result(i) for i in range(len(texts))] == expected
    assert expected[1].details["cluster"] == expected[0].details["cluster"] is not None
    with pytest.raises(RuntimeError, match="in input order"):
        store.result(0)


SKETCH_IN_A_FRESH_PROCESS = """
import pickle, sys
import numpy as np
hasher = pickle.loads(sys.stdin.buffer.read())
hasher.sketch(np.arange(50, dtype=np.uint32))
print("datasketch" in sys.modules)
"""


def test_a_worker_sketches_with_a_built_minhasher_without_importing_datasketch() -> None:
    # Importing datasketch pulls in scipy.integrate: a start-up cost that pool workers need not pay.
    shipped = pickle.dumps(MinHasher(SketchParams()))
    run = subprocess.run(
        [sys.executable, "-c", SKETCH_IN_A_FRESH_PROCESS], input=shipped, capture_output=True, check=True
    )
    assert run.stdout.decode().strip() == "False", run.stderr.decode()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 60), max_size=40), min_size=1, max_size=12),
    st.lists(st.tuples(st.integers(0, 11), st.integers(0, 61)), max_size=30),
)
def test_packed_samples_count_below_a_limit_as_a_search_of_each_row_would(
    rows: list[list[int]], queries: list[tuple[int, int]]
) -> None:
    samples = [np.unique(np.array(row, dtype=np.uint32)) for row in rows]
    packed = PackedSamples.of(samples)
    wanted = np.array([row % len(samples) for row, _ in queries], dtype=np.int64)
    limits = np.array([limit for _, limit in queries], dtype=np.int64)
    expected = [int(np.searchsorted(samples[row], limit)) for row, limit in zip(wanted, limits, strict=True)]
    assert packed.count_below(wanted, limits).tolist() == expected
