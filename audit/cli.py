"""The ``textaudit`` command. Commands are thin: parse options, call the library, render."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TextIO, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from audit import __version__
from audit.check import settings_of
from audit.clean import CleanError, CleanPlan
from audit.clean import clean as clean_documents
from audit.config import ConfigError, load_config
from audit.engine import build_auditor
from audit.progress import progress_reading
from audit.readers import ReadOptions, read_inputs
from audit.registry import RegistryError, discover
from audit.summary import Summary
from audit.writers import WRITERS

T = TypeVar("T")

EXIT_FAILED_TRUST = 1
EXIT_USAGE = 2

app = typer.Typer(
    name="textaudit",
    help="Audit text you did not write: a trust score (0–100) per document, with the evidence behind it.",
    epilog="Try [bold]textaudit scan samples/[/bold] and [bold]textaudit checks[/bold].",
    no_args_is_help=True,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
)


class ReportFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


class ListFormat(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"textaudit {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Audit text you did not write: a trust score (0–100) per document, with the evidence behind it."""


@app.command(
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit scan samples/                          # a table in the terminal\n\n"
        "  textaudit scan crawl.jsonl.gz -f jsonl -o report.jsonl\n\n"
        "  cat pages.jsonl | textaudit scan - --text-field body --fail-under 40\n\n"
        "Exit status: 0 when the run finished (unreadable documents are reported with an error), "
        "1 when --fail-under is given and some document's trust is below it, 2 for usage errors."
    )
)
def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders (read recursively), .txt/.md files, .jsonl or .jsonl.gz files, or - for stdin. "
            "The format is detected from the file.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", help="table for people; json, jsonl or csv for machines."),
    ] = ReportFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            "-c",
            help="TOML file with checks, weights, verdicts and settings "
            "(default: \\[tool.textaudit] of the nearest pyproject.toml).",
        ),
    ] = None,
    check: Annotated[
        list[str] | None, typer.Option("--check", help="Run only this check (repeat for several).")
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Do not run this check (repeatable).")
    ] = None,
    fail_under: Annotated[
        float | None,
        typer.Option(help="Exit with status 1 if any document's trust is below this.", min=0, max=100),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field that holds the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field that holds the document id.")] = "id",
    progress: Annotated[
        bool, typer.Option(help="Show progress on stderr (only when stderr is a terminal).")
    ] = True,
) -> None:
    """Score every document and report its trust, verdict and evidence."""
    auditor = _or_usage_error(lambda: build_auditor(load_config(config), check, skip or ()))
    docs = read_inputs(paths, ReadOptions(text_field=text_field, id_field=id_field))
    summary = Summary()
    writer = WRITERS[output_format.value]
    with _open_output(output) as out, progress_reading(progress) as tracker:
        writer(summary.track(auditor.audit(tracker.wrap(docs))), out, auditor.check_names)
    if output is not None or output_format is not ReportFormat.table:
        Console(stderr=True, highlight=False).print(summary.line())
    below = fail_under is not None and summary.lowest_trust is not None and summary.lowest_trust < fail_under
    if below:
        raise typer.Exit(EXIT_FAILED_TRUST)


@app.command(
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit clean scraped/ --out cleaned/                 # a folder mirrors the input tree\n\n"
        "  textaudit clean crawl.jsonl --out clean.jsonl --min-trust 50\n\n"
        "Debris lines (the boilerplate check's spans) are removed from every kept document. With "
        "--min-trust, documents below it go to the rejected file (JSONL, with their text and the reasons): "
        "DIR/rejected.jsonl, or NAME.rejected.jsonl beside an output FILE. Unreadable documents and "
        "documents left empty are rejected too, so every input ends up in one of the two."
    )
)
def clean(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders, .txt/.md/.html files, .jsonl or .jsonl.gz files, or - for stdin.",
            show_default=False,
        ),
    ],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            help="Output folder (mirrors the input tree) or file (JSONL for JSONL input).",
            show_default=False,
        ),
    ],
    min_trust: Annotated[
        float | None,
        typer.Option(help="Move documents whose trust is below this to the rejected file.", min=0, max=100),
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", "-c", help="TOML file with checks, weights and settings.")
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field that holds the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field that holds the document id.")] = "id",
    progress: Annotated[
        bool, typer.Option(help="Show progress on stderr (only when stderr is a terminal).")
    ] = True,
) -> None:
    """Write the documents back with debris lines removed, and failing ones to a rejected file."""
    auditor = _or_usage_error(lambda: build_auditor(load_config(config)))
    plan = _or_usage_error(lambda: CleanPlan.for_inputs(paths, out))
    options = ReadOptions(text_field=text_field, id_field=id_field)
    with progress_reading(progress) as tracker:
        docs = tracker.wrap(read_inputs(paths, options))
        summary = clean_documents(auditor, docs, plan, options, min_trust)
    Console(stderr=True, highlight=False).print(summary.line())


@app.command(
    name="checks",
    epilog="[bold]Example[/bold]: textaudit checks --format json | jq '.[].name'",
)
def list_checks(
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ListFormat.table,
) -> None:
    """List the installed checks (built-in and plugins), what they find, and their settings."""
    registry = _or_usage_error(discover)
    rows = [
        {
            "name": name,
            "description": entry.check_class.description,
            "origin": entry.origin,
            "corpus": callable(getattr(entry.check_class, "resolve", None)),
            "settings": [vars(info) for info in settings_of(entry.check_class)],
        }
        for name, entry in registry.items()
    ]
    if output_format is ListFormat.json:
        typer.echo(json.dumps(rows, indent=2, default=str))
        return
    table = Table(show_lines=True, header_style="bold")
    for column in ("check", "what it finds", "settings (default)", "from"):
        table.add_column(column, overflow="fold")
    for row in rows:
        settings = "\n".join(f"{s['name']} = {s['default']!r}  {s['help']}" for s in row["settings"]) or "–"
        table.add_row(row["name"], row["description"], settings, row["origin"])
    Console(highlight=False).print(table)


def _or_usage_error(build: Callable[[], T]) -> T:
    try:
        return build()
    except (ConfigError, RegistryError, CleanError) as exc:
        typer.echo(f"textaudit: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc


@contextmanager
def _open_output(path: Path | None) -> Iterator[TextIO]:
    """stdout, or a UTF-8 file created for the report."""
    if path is None:
        yield sys.stdout
        return
    try:
        out = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        typer.echo(f"textaudit: error: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    with out:
        yield out
