"""Readers: every input becomes at least one document, and what cannot be read says why in one line."""

from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from audit.readers import ReadOptions, read_inputs, read_stream

PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


def read(*paths: Path | str, **options: object) -> list:
    return list(read_inputs([str(p) for p in paths], ReadOptions(**options)))


def test_folder_is_read_recursively_in_name_order_with_relative_ids(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second.")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.md").write_text("First, nested.")
    (tmp_path / ".hidden.txt").write_text("Not a document.")
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["a/z.md", "b.txt"]
    assert docs[0].text == "First, nested."
    assert docs[0].source == str(tmp_path / "a" / "z.md")


def test_file_argument_keeps_its_path_as_id(samples: Path) -> None:
    path = samples / "000_697af04f2c1ac178.txt"
    [doc] = read(path)
    assert doc.id == str(path)
    assert doc.text.startswith("Brussels—US Secretary of State")
    assert doc.error is None


def test_jsonl_records_use_their_id_field_or_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl"
    path.write_text('{"id": "x1", "text": "One."}\n\n{"text": "Two.", "url": "http://e.org"}\n')
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["x1", "crawl.jsonl:3"]
    assert docs[1].meta == {"url": "http://e.org"}
    assert docs[1].source == f"{path}:3"


def test_jsonl_fields_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"doc": 7, "body": "Body text."}) + "\n")
    [doc] = read(path, text_field="body", id_field="doc")
    assert (doc.id, doc.text) == ("7", "Body text.")


def test_gzipped_jsonl_is_detected_from_its_bytes(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"id": "g", "text": "Zipped."}\n'))
    [doc] = read(path)
    assert (doc.id, doc.text, doc.error) == ("g", "Zipped.", None)


def test_jsonl_without_its_extension_is_detected_from_content(tmp_path: Path) -> None:
    path = tmp_path / "dump.data"
    path.write_text('{"text": "Looks like JSONL."}\n')
    [doc] = read(path)
    assert doc.text == "Looks like JSONL."


def test_each_bad_jsonl_line_becomes_an_error_document_and_the_rest_are_read(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(
        b'{"id": "ok", "text": "Fine."}\n'
        b'{"id": "broken", "text": \n'
        b"[1, 2]\n"
        b'{"id": "num", "text": 42}\n'
        b'{"id": "none"}\n'
        b'{"id": "latin", "text": "caf\xe9"}\n'
        b'{"id": "last", "text": "Still read."}\n'
    )
    docs = read(tmp_path)
    assert [d.id for d in docs] == [
        "ok",
        "mixed.jsonl:2",
        "mixed.jsonl:3",
        "num",
        "none",
        "mixed.jsonl:6",
        "last",
    ]
    errors = [d.error for d in docs]
    assert errors[0] is None and errors[-1] is None
    assert errors[1] == "line 2 is not valid JSON (Expecting value at column 26)"
    assert errors[2] == "line 3 is a JSON list, not an object"
    assert errors[3] == "line 4: field 'text' is not a string (int)"
    assert errors[4] == "line 5 has no 'text' field"
    assert errors[5] == "line 6 is not valid UTF-8"


def test_binary_files_are_reported_not_decoded(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_bytes(PNG_HEADER)
    (tmp_path / "blob.bin").write_bytes(bytes(range(256)) * 4)
    docs = read(tmp_path)
    assert [(d.id, d.error) for d in docs] == [
        ("blob.bin", "binary file (binary data), not text"),
        ("logo.png", "binary file (PNG image), not text"),
    ]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Café crème brûlée".encode("latin-1"), "cp1252"),
        ("“Smart quotes” — and a dash".encode("cp1252"), "cp1252"),
        ("Grüße aus Köln".encode("utf-16"), "utf-16"),
        ("Grüße aus Köln".encode("utf-16-le"), "utf-16-le"),
        ("Grüße aus Köln".encode("utf-8-sig"), "utf-8-sig"),
    ],
)
def test_legacy_encodings_are_decoded_and_named(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(data)
    [doc] = read(path)
    assert doc.error is None
    assert doc.meta["encoding"] == encoding
    assert doc.text == data.decode(encoding)


def test_empty_and_blank_files_are_errors_not_perfect_scores(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n")
    docs = read(tmp_path)
    assert [d.error for d in docs] == ["empty document: no text to audit"] * 2


def test_missing_and_dangling_paths_are_reported(tmp_path: Path) -> None:
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere")
    docs = read(tmp_path, tmp_path / "absent.txt")
    assert [d.error for d in docs] == ["cannot read: no such file or directory"] * 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret")
    path.chmod(0)
    [doc] = read(tmp_path)
    assert doc.error == "cannot read: permission denied"


def test_symlink_loops_are_walked_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Only once.")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    docs = read(tmp_path)
    assert [d.id for d in docs] == ["sub/a.txt"]


def test_truncated_gzip_keeps_the_records_before_the_damage(tmp_path: Path) -> None:
    records = b"".join(b'{"id": "r%d", "text": "Record number %d."}\n' % (i, i) for i in range(50_000))
    data = gzip.compress(records)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    docs = read(path)
    assert docs[0].id == "r0" and docs[0].error is None
    assert docs[-1].id == str(path)
    assert docs[-1].error is not None and docs[-1].error.startswith("corrupt gzip data")


def test_stdin_text_and_stdin_jsonl() -> None:
    [doc] = list(read_stream(io.BytesIO(b"Plain text from a pipe."), "stdin", "-", ReadOptions()))
    assert (doc.id, doc.text) == ("stdin", "Plain text from a pipe.")
    docs = list(read_stream(io.BytesIO(b'{"text": "a"}\n{"text": "b"}\n'), "stdin", "-", ReadOptions()))
    assert [d.id for d in docs] == ["stdin:1", "stdin:2"]


def test_zstd_jsonl_is_read_like_gzip(tmp_path: Path) -> None:
    path = tmp_path / "crawl.jsonl.zst"
    path.write_bytes(zstandard.ZstdCompressor().compress(b'{"id": "z", "text": "Zstandard."}\n'))
    [doc] = read(path)
    assert (doc.id, doc.text, doc.error) == ("z", "Zstandard.", None)


def test_parquet_rows_become_documents(tmp_path: Path) -> None:
    path = tmp_path / "part-0.parquet"
    table = pa.table({"id": ["p1", None, "p3"], "text": ["Row one.", "Row two.", None], "lang": ["en"] * 3})
    pq.write_table(table, path)
    docs = read(tmp_path)
    assert [(d.id, d.text, d.error) for d in docs] == [
        ("p1", "Row one.", None),
        ("part-0.parquet:2", "Row two.", None),
        ("p3", "", "row 3: column 'text' is null"),
    ]
    assert docs[1].source == f"{path}:2"


def test_parquet_without_the_text_column_says_which_columns_it_has(tmp_path: Path) -> None:
    path = tmp_path / "other.parquet"
    pq.write_table(pa.table({"body": ["x"]}), path)
    [doc] = read(path)
    assert doc.error == "Parquet file has no 'text' column (body)"
    [doc] = read(path, text_field="body")
    assert doc.text == "x"


def test_documents_over_the_size_limit_are_reported_unread(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 2000)
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "small", "text": "ok"})
        + "\n"
        + json.dumps({"id": "huge", "text": "y" * 5000})
        + "\n"
        + json.dumps({"id": "after", "text": "still read"})
        + "\n"
    )
    docs = read(tmp_path, max_document_bytes=1024)
    limit = "document is over the 1,024 bytes size limit (raise it with --max-doc-mb)"
    assert [(d.id, d.error) for d in docs] == [
        ("big.txt", limit),
        ("small", None),
        ("lines.jsonl:2", f"line 2: {limit}"),
        ("after", None),
    ]


def test_a_compression_bomb_stops_with_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "' + b"0" * 40_000_000 + b'"}\n', compresslevel=1))
    [doc] = read(path)
    assert doc.error is not None
    assert doc.error.startswith("decompressed data is over 100x its compressed size")


def test_concatenated_zstd_frames_are_all_read(tmp_path: Path) -> None:
    frames = [zstandard.ZstdCompressor().compress(b'{"id": "f%d", "text": "Frame."}\n' % i) for i in range(3)]
    path = tmp_path / "frames.jsonl.zst"
    path.write_bytes(b"".join(frames))
    assert [d.id for d in read(path)] == ["f0", "f1", "f2"]


def test_a_scan_of_text_files_never_imports_the_html_and_parquet_readers(samples: Path) -> None:
    script = (
        "import sys; from audit.readers import ReadOptions, read_inputs; "
        f"docs = list(read_inputs([{str(samples)!r}], ReadOptions())); "
        "print(len(docs), sorted(m for m in ('trafilatura', 'pyarrow', 'lxml') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split(maxsplit=1) == ["5", "[]\n"]
