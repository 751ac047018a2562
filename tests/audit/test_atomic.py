"""Files that appear whole or not at all, and never through a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit.atomic import (
    PARTIAL_SUFFIX,
    PartialFile,
    PartialFileError,
    commit_left_behind,
    remove_temporaries,
    temporary_path,
    write_atomic,
)


def test_write_atomic_replaces_a_symlink_at_the_final_name_instead_of_writing_through_it(
    tmp_path: Path,
) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("original")
    final = tmp_path / "out.txt"
    final.symlink_to(precious)
    temporary_path(final).symlink_to(precious)  # planted at the temporary name too
    write_atomic(final, b"cleaned")
    assert precious.read_text() == "original"
    assert not final.is_symlink() and final.read_bytes() == b"cleaned"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "precious.txt"]


def test_temporary_names_are_hidden_short_and_fixed_for_a_final_name(tmp_path: Path) -> None:
    long_name = tmp_path / ("x" * 250 + ".txt")
    name = temporary_path(long_name, PARTIAL_SUFFIX)
    assert name.parent == tmp_path and name.name.startswith(".") and len(name.name) < 40
    assert (
        name
        == temporary_path(long_name, PARTIAL_SUFFIX)
        != temporary_path(tmp_path / "y.txt", PARTIAL_SUFFIX)
    )


def test_a_partial_file_is_cut_back_to_its_checkpoint_and_renamed_into_place_when_complete(
    tmp_path: Path,
) -> None:
    final = tmp_path / "clean.jsonl"
    partial = PartialFile.create(final)
    partial.write(b'{"id": 1}\n')
    checkpoint = partial.size
    partial.write(b'{"id": 2, "text": "cut off by a ki')
    partial.sync()
    partial.close()  # the process dies here
    assert not final.exists()

    resumed = PartialFile.reopen(final, checkpoint)
    resumed.write(b'{"id": 2}\n')
    resumed.commit()
    assert final.read_bytes() == b'{"id": 1}\n{"id": 2}\n'
    assert list(tmp_path.iterdir()) == [final]


def test_a_partial_file_shorter_than_its_checkpoint_or_gone_cannot_be_resumed(tmp_path: Path) -> None:
    final = tmp_path / "clean.jsonl"
    with pytest.raises(PartialFileError, match="No such file"):
        PartialFile.reopen(final, 10)
    partial = PartialFile.create(final)
    partial.write(b"12345")
    partial.close()
    with pytest.raises(PartialFileError, match="holds less than its checkpoint says"):
        PartialFile.reopen(final, 10)


def test_a_rename_cut_short_is_finished_from_what_is_left(tmp_path: Path) -> None:
    done, pending, lost = tmp_path / "done.jsonl", tmp_path / "pending.jsonl", tmp_path / "lost.jsonl"
    done.write_bytes(b"abc")
    temporary_path(pending, PARTIAL_SUFFIX).write_bytes(b"abcdef-extra")
    assert commit_left_behind(done, 3)
    assert commit_left_behind(pending, 6) and pending.read_bytes() == b"abcdef"
    assert not commit_left_behind(lost, 3)


def test_remove_temporaries_clears_leftovers_but_keeps_what_is_asked_and_other_files(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    kept, gone = tmp_path / "sub" / "a.jsonl", tmp_path / "sub" / "b.txt"
    for path in (temporary_path(kept, PARTIAL_SUFFIX), temporary_path(gone), gone):
        path.write_text("x")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    temporary_path(outside / "c.txt").write_text("x")
    (tmp_path / "link").symlink_to(outside, target_is_directory=True)
    remove_temporaries(tmp_path, keep=[temporary_path(kept, PARTIAL_SUFFIX)])
    assert sorted(p.name for p in (tmp_path / "sub").iterdir()) == sorted(
        [temporary_path(kept, PARTIAL_SUFFIX).name, "b.txt"]
    )
    assert temporary_path(outside / "c.txt").exists()
