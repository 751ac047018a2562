"""The reference index: built as a stream, read back exactly, and used by scan --against."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from audit.document import Document
from audit.reference_index import MAGIC, ReferenceIndex, ReferenceIndexError, build_index
from checks.near_duplicate import NearDuplicateCheck, NearDuplicateSettings

Run = Callable[..., subprocess.CompletedProcess[str]]


def sample_docs(samples: Path) -> list[Document]:
    return [Document(p.name, p.read_text(encoding="utf-8"), str(p)) for p in sorted(samples.glob("*.txt"))]


def test_an_index_reads_back_the_sketches_it_was_built_from(samples: Path, tmp_path: Path) -> None:
    check = NearDuplicateCheck()
    docs = [*sample_docs(samples), Document("bad", "", "bad", error="unreadable")]
    stats = build_index(docs, tmp_path / "s.idx", check.params, check.shingle_sketch)
    assert (stats.documents, stats.skipped) == (5, 1)
    assert stats.bytes == (tmp_path / "s.idx").stat().st_size
    index = ReferenceIndex.load(tmp_path / "s.idx")
    assert index.ids == [d.id for d in docs[:5]] and index.params == check.params
    for row, doc in enumerate(docs[:5]):
        expected = check.shingle_sketch(doc)
        assert np.array_equal(index.sketches.signatures[row], expected.signature)
        assert np.array_equal(index.sketches.samples[row], expected.sample)
        assert index.sketches.sizes[row] == expected.size


def test_copies_of_indexed_documents_are_found_and_the_indexed_copy_is_kept(
    samples: Path, tmp_path: Path
) -> None:
    first = NearDuplicateCheck()
    docs = sample_docs(samples)
    build_index(docs[:3], tmp_path / "old.idx", first.params, first.shingle_sketch)
    check = NearDuplicateCheck(NearDuplicateSettings(against=str(tmp_path / "old.idx")))
    excerpt = Document("excerpt", "\n".join(docs[2].text.splitlines()[:12]), "new")
    results = check.resolve([check.sketch(d) for d in (excerpt, docs[3], docs[4])])
    found, fresh, _ = results
    assert found.details["duplicates"][0]["id"] == docs[2].id
    assert found.details["duplicates"][0]["in_reference"] is True
    assert found.details["representative_id"] == docs[2].id and not found.details["representative"]
    assert found.risk > 0.9
    assert fresh.details["cluster"] is None


def test_an_index_built_with_other_settings_is_refused(samples: Path, tmp_path: Path) -> None:
    other = NearDuplicateCheck(NearDuplicateSettings(num_perm=64, bands=8))
    build_index(sample_docs(samples), tmp_path / "64.idx", other.params, other.shingle_sketch)
    with pytest.raises(ReferenceIndexError, match="num_perm=64"):
        NearDuplicateCheck(NearDuplicateSettings(against=str(tmp_path / "64.idx")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "is not a textaudit reference index"),
        (MAGIC + b"{not json\n", "unreadable index header"),
        (MAGIC + b'{"version": 99}\n', "index format version 99"),
    ],
)
def test_files_that_are_not_indexes_are_refused(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.idx").write_bytes(content)
    with pytest.raises(ReferenceIndexError, match=message):
        ReferenceIndex.load(tmp_path / "x.idx")


def test_a_truncated_index_is_refused(samples: Path, tmp_path: Path) -> None:
    check = NearDuplicateCheck()
    build_index(sample_docs(samples), tmp_path / "s.idx", check.params, check.shingle_sketch)
    data = (tmp_path / "s.idx").read_bytes()
    (tmp_path / "cut.idx").write_bytes(data[:-10])
    with pytest.raises(ReferenceIndexError, match="truncated after 4 documents"):
        ReferenceIndex.load(tmp_path / "cut.idx")


def test_index_build_then_scan_against_finds_what_was_collected(
    run_textaudit: Run, samples: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "a.txt").write_text((samples / "000_697af04f2c1ac178.txt").read_text(encoding="utf-8"))
    built = run_textaudit("index", "build", str(old), "--out", str(tmp_path / "old.idx"))
    assert built.returncode == 0, built.stderr
    assert "indexed 1 documents" in built.stdout and "per document" in built.stdout
    scanned = run_textaudit("scan", str(samples), "--against", str(tmp_path / "old.idx"), "--format", "jsonl")
    assert scanned.returncode == 0, scanned.stderr
    reports = {r["id"]: r["checks"]["near_duplicate"] for r in map(json.loads, scanned.stdout.splitlines())}
    copy = reports["000_697af04f2c1ac178.txt"]
    assert copy["details"]["duplicates"][0]["id"] == "a.txt" and copy["risk"] == 1.0
    assert all(r["details"]["cluster"] is None for name, r in reports.items() if not name.startswith("000"))


def test_scan_against_a_missing_index_or_without_the_check_is_a_usage_error(
    run_textaudit: Run, samples: Path, tmp_path: Path
) -> None:
    missing = run_textaudit("scan", str(samples), "--against", str(tmp_path / "none.idx"))
    assert missing.returncode == 2 and "cannot read reference index" in missing.stderr
    (tmp_path / "x.idx").write_bytes(b"")
    skipped = run_textaudit("scan", str(samples), "--against", str(tmp_path / "x.idx"), "--check", "encoding")
    assert skipped.returncode == 2 and "--against needs the near_duplicate check" in skipped.stderr
