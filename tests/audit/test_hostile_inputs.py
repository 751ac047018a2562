"""The worst of the web, fed to the real command in one scan: every case ends as a per-document error or
a score — never a traceback, never a hang, never a lost document."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    """A hostile input: how to build it, which report ids it yields, and what each must say."""

    name: str
    build: Callable[[Path], None]
    expect: dict[str, str]  # report id -> "scored", the start of its error, or "" for either


def write(name: str, data: bytes) -> Callable[[Path], None]:
    return lambda folder: (folder / name).write_bytes(data)


def huge_jsonl_line(folder: Path) -> None:
    with (folder / "huge-line.jsonl").open("wb") as out:
        out.write(b'{"id": "huge", "text": "')
        chunk = b"x" * MB
        for _ in range(200):
            out.write(chunk)
        out.write(b'"}\n{"id": "after-huge", "text": "The line after a 200 MB line is still read."}\n')


def symlink_loop(folder: Path) -> None:
    (folder / "loop").mkdir()
    (folder / "loop" / "inside.txt").write_text("A file inside a folder that links to itself.")
    (folder / "loop" / "again").symlink_to(folder / "loop")


def deep_folders(folder: Path) -> None:
    deep = folder.joinpath("deep", *["d"] * 60)
    deep.mkdir(parents=True)
    (deep / "bottom.txt").write_text("Sixty folders down.")


def truncated_gzip(folder: Path) -> None:
    records = b"".join(
        b'{"id": "t%d", "text": "Record %d of a cut archive."}\n' % (i, i) for i in range(50_000)
    )
    data = gzip.compress(records)
    (folder / "truncated.jsonl.gz").write_bytes(data[: len(data) // 2])


def truncated_zstd(folder: Path) -> None:
    records = b"".join(
        b'{"id": "z%d", "text": "Record %d of a cut archive."}\n' % (i, i) for i in range(50_000)
    )
    data = zstandard.ZstdCompressor().compress(records)
    (folder / "cut.jsonl.zst").write_bytes(data[: len(data) // 2])


def malformed_jsonl(folder: Path) -> None:
    lines = [
        b'{"id": "ok-1", "text": "A good record."}',
        b'{"id": "broken", "text": ',
        b'{"id": "no-text"}',
        b'{"id": "number", "text": 42}',
        b'{"id": "null", "text": null}',
        b'{"id": "list", "text": ["a", "b"]}',
        json.dumps({"id": "i" * MB, "text": "A record with a one-megabyte id."}).encode(),
        json.dumps({"id": ["not", "a", "string"], "text": "A record with a list for an id."}).encode(),
        b"[" * 100_000 + b"]" * 100_000,
        b'{"id": "bigint", "text": "x", "n": ' + b"9" * 100_000 + b"}",
        b'{"id": "ok-2", "text": "The last good record."}',
    ]
    (folder / "malformed.jsonl").write_bytes(b"\n".join(lines) + b"\n")


def entity_bomb(folder: Path) -> None:
    """A billion-laughs page: nested entities that would expand to gigabytes if a parser resolved them."""
    entities = ['<!ENTITY e0 "lol">'] + [f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10)]
    page = (
        f"<!DOCTYPE html [{''.join(entities)}]><html><body><p>&e9;</p><p>Real words here.</p></body></html>"
    )
    (folder / "bomb.html").write_text(page)
    (folder / "numeric.html").write_text("<html><body><p>" + "&#65;" * 200_000 + "</p></body></html>")


def named_pipe(folder: Path) -> None:
    os.mkfifo(folder / "pipe.txt")


def parquet_cases(folder: Path) -> None:
    (folder / "corrupt.parquet").write_bytes(b"PAR1" + b"\x00garbage" * 100)
    pq.write_table(
        pa.table({"id": ["pq-1", "pq-2"], "text": ["A Parquet row.", None]}), folder / "rows.parquet"
    )


def bad_filename(folder: Path) -> None:
    with open(os.path.join(os.fsencode(folder), b"name\xff\xfe.txt"), "wb") as out:
        out.write(b"A file whose name is not UTF-8.")


ARABIC_RTL = "\u202eمرحبا\u200b بالعالم، هذا نص.\u202c Mixed with English and a zero\u200bwidth space."
CASES = [
    Case("empty file", write("empty.txt", b""), {"empty.txt": "empty document"}),
    Case("whitespace only", write("blank.txt", b" \n\t \r\n"), {"blank.txt": "empty document"}),
    Case(
        "200 MB single JSONL line",
        huge_jsonl_line,
        {"huge-line.jsonl:1": "line 1: document is over the 64 MiB size limit", "after-huge": "scored"},
    ),
    Case(
        "65 MB text file", write("big.txt", b"word " * (13 * MB)), {"big.txt": "document is over the 64 MiB"}
    ),
    Case("NUL bytes in text", write("nul.txt", b"Text with\x00 a few\x00 NULs."), {"nul.txt": "scored"}),
    Case("NUL-filled file", write("zeros.txt", b"\x00" * 10_000), {"zeros.txt": "binary file (binary data)"}),
    Case(
        "UTF-16 with BOM", write("utf16-bom.txt", "Grüße, 世界".encode("utf-16")), {"utf16-bom.txt": "scored"}
    ),
    Case(
        "UTF-16 without BOM", write("utf16.txt", "Plain words".encode("utf-16-le")), {"utf16.txt": "scored"}
    ),
    Case("Latin-1", write("latin1.txt", "Café crème".encode("latin-1")), {"latin1.txt": "scored"}),
    Case("Windows-1252", write("cp1252.txt", "“Quoted” – dash".encode("cp1252")), {"cp1252.txt": "scored"}),
    Case(
        "mixed encodings in one file",
        write("mixed.txt", "UTF-8 café, ".encode() + "Latin-1 café".encode("latin-1")),
        {"mixed.txt": "scored"},
    ),
    Case(
        "mojibake",
        write("mojibake.txt", "Café, naïve, “quotes”".encode().decode("cp1252", errors="replace").encode()),
        {"mojibake.txt": "scored"},
    ),
    Case("right-to-left and zero-width", write("rtl.txt", ARABIC_RTL.encode()), {"rtl.txt": "scored"}),
    Case(
        "byte-order mark before JSONL",
        write("bom.jsonl", codecs.BOM_UTF8 + b'{"id": "bom", "text": "BOM."}\n'),
        {"bom": "scored"},
    ),
    Case(
        "lone surrogates in JSON text",
        write("surrogate.jsonl", b'{"id": "surrogate", "text": "lone \\ud800 half \\udfff"}\n'),
        {"surrogate": "scored"},
    ),
    Case(
        "gzip bomb",
        write("bomb.jsonl.gz", gzip.compress(b'{"text": "' + b"0" * (60 * MB) + b'"}\n', compresslevel=1)),
        {"bomb.jsonl.gz": "decompressed data is over 100x its compressed size"},
    ),
    Case("truncated gzip", truncated_gzip, {"t0": "scored", "truncated.jsonl.gz": "corrupt gzip data"}),
    Case("truncated zstd", truncated_zstd, {"cut.jsonl.zst": "corrupt zstd data"}),
    Case(
        "malformed JSONL lines",
        malformed_jsonl,
        {
            "ok-1": "scored",
            "malformed.jsonl:2": "line 2 is not valid JSON",
            "no-text": "line 3 has no 'text' field",
            "number": "line 4: field 'text' is not a string (int)",
            "null": "line 5 has no 'text' field",
            "list": "line 6: field 'text' is not a string (list)",
            "malformed.jsonl:7": "scored",
            "malformed.jsonl:8": "scored",
            "malformed.jsonl:9": "line 9 is not valid JSON (nested too deeply)",
            "malformed.jsonl:10": "line 10 is not valid JSON (Exceeds the limit",
            "ok-2": "scored",
        },
    ),
    Case("symlink loop", symlink_loop, {"loop/inside.txt": "scored"}),
    Case("60 nested folders", deep_folders, {"deep/" + "d/" * 60 + "bottom.txt": "scored"}),
    Case(
        "dangling symlink",
        lambda f: (f / "dangling.txt").symlink_to(f / "gone"),
        {"dangling.txt": "cannot read"},
    ),
    Case("HTML entity bombs", entity_bomb, {"bomb.html": "", "numeric.html": ""}),
    Case("named pipe", named_pipe, {"pipe.txt": "cannot read: not a regular file (named pipe)"}),
    Case(
        "PNG image",
        write("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        {"image.png": "binary file (PNG image)"},
    ),
    Case(
        "Parquet files",
        parquet_cases,
        {
            "corrupt.parquet": "not a readable Parquet file",
            "pq-1": "scored",
            "pq-2": "row 2: column 'text' is null",
        },
    ),
    Case("Chinese text", write("zh.txt", "这是一个中文句子。没有空格。".encode()), {"zh.txt": "scored"}),
    Case("Russian text", write("ru.txt", "Это предложение на русском языке.".encode()), {"ru.txt": "scored"}),
    Case("file name that is not UTF-8", bad_filename, {os.fsdecode(b"name\xff\xfe.txt"): "scored"}),
]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    corpus = tmp_path_factory.mktemp("hostile")
    for case in CASES:
        case.build(corpus)
    result = subprocess.run(
        [str(Path(sys.executable).parent / "textaudit"), "scan", str(corpus), "--format", "jsonl"],
        capture_output=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-3000:]
    assert b"Traceback" not in result.stderr
    reports = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    by_id = {report["id"]: report for report in reports}
    assert len(by_id) == len(reports), "every report id appears once"
    return by_id


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case_ends_as_an_error_or_a_score(case: Case, scanned: dict[str, dict[str, Any]]) -> None:
    for doc_id, expected in case.expect.items():
        report = scanned[doc_id]
        if expected == "":
            assert report["error"] is not None or report["checks"], "an error or a score"
        elif expected == "scored":
            assert report["error"] is None, report["error"]
            assert report["checks"], "a readable document is scored by every check"
        else:
            assert report["error"] is not None and report["error"].startswith(expected), report["error"]
            assert "\n" not in report["error"]
            assert (report["trust"], report["verdict"]) == (0.0, "reject")
