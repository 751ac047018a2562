"""The compiled window means and line-count look-up give what the NumPy definitions below give, to the bit;
the line hash is FNV-1a, the same in every process."""

from __future__ import annotations

import subprocess
import sys
from array import array

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checks._boilerplate_kernels import counts_of, stable_hash, stable_hashes, window_means
from checks._boilerplate_model import load_model

WINDOWS = np.asarray(load_model().windows, dtype=np.intp)


def numpy_window_means(scores: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """The definition: the score, then per window the mean around the line, before it and after it."""
    n = len(scores)
    cumulative = np.concatenate([[0.0], np.cumsum(scores)])
    index = np.arange(n)
    width = np.asarray(windows)[:, None]
    lo = np.clip(index - width, 0, n)
    hi = np.clip(index + width + 1, 0, n)
    columns = np.empty((n, 1 + 3 * len(windows)))
    columns[:, 0] = scores
    columns[:, 1::3] = ((cumulative[hi] - cumulative[lo]) / (hi - lo)).T
    columns[:, 2::3] = ((cumulative[index] - cumulative[lo]) / np.maximum(index - lo, 1)).T
    columns[:, 3::3] = ((cumulative[hi] - cumulative[index + 1]) / np.maximum(hi - index - 1, 1)).T
    return columns


def numpy_counts_of(keys: np.ndarray, counts: np.ndarray, hashes: array) -> list[int]:
    """The definition: the count where the sorted keys hold the hash, else 0, and 0 for hash 0."""
    wanted = np.asarray(hashes, dtype=np.uint64)
    if keys.size == 0 or wanted.size == 0:
        return [0] * int(wanted.size)
    at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
    return np.where((keys[at] == wanted) & (wanted != 0), counts[at], 0).tolist()


def test_the_means_of_a_short_run_of_lines() -> None:
    means = window_means(np.array([1.0, 2.0, 6.0]), np.array([1], dtype=np.intp))
    # score, mean over [i-1, i+1], mean of the line before, mean of the line after
    assert means.tolist() == [[1.0, 1.5, 0.0, 2.0], [2.0, 3.0, 1.0, 6.0], [6.0, 4.0, 2.0, 0.0]]


scores = st.lists(st.floats(-50, 50, allow_nan=False), max_size=120).map(lambda v: np.array(v, dtype=float))


@given(scores)
def test_the_window_means_are_the_numpy_definition_to_the_bit(values: np.ndarray) -> None:
    compiled = window_means(values, WINDOWS)
    expected = numpy_window_means(values, WINDOWS)
    assert compiled.shape == expected.shape
    assert compiled.tobytes() == expected.tobytes()


hashes = st.integers(0, 40).map(lambda n: n * 0x9E3779B97F4A7C15 % 2**64)


@given(st.lists(hashes, unique=True, max_size=30), st.lists(hashes, max_size=30))
def test_the_counts_are_the_numpy_definition(held: list[int], wanted: list[int]) -> None:
    keys = np.array(sorted(held), dtype=np.uint64)
    counts = np.arange(2, keys.size + 2, dtype=np.intp)
    looked_up = array("Q", wanted)
    assert counts_of(keys, counts, looked_up) == numpy_counts_of(keys, counts, looked_up)


def test_a_line_without_letters_hash_0_is_never_counted() -> None:
    keys = np.array([0, 5], dtype=np.uint64)
    assert counts_of(keys, np.array([9, 3], dtype=np.intp), array("Q", [0, 5, 6])) == [0, 3, 0]


def fnv1a(text: str) -> int:
    """The definition: 64-bit FNV-1a of the UTF-8 bytes."""
    h = 0xCBF29CE484222325
    for byte in text.encode("utf-8"):
        h = ((h ^ byte) * 0x100000001B3) % 2**64
    return h


@given(st.lists(st.text(st.characters(exclude_categories=["Cs"]), max_size=12), max_size=8))
def test_line_hashes_are_fnv1a_and_zero_for_an_empty_line(texts: list[str]) -> None:
    assert stable_hashes(texts) == [fnv1a(text) if text else 0 for text in texts]
    assert [stable_hash(text) for text in texts if text] == [fnv1a(text) for text in texts if text]


def test_a_line_hash_is_the_same_in_another_process() -> None:
    # Python's own hash of a str is salted per process; lines are hashed in pool workers.
    script = "from checks._boilerplate_kernels import stable_hash; print(stable_hash('share on facebook'))"
    other = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(other.stdout) == stable_hash("share on facebook")
