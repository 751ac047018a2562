"""The ``textaudit`` command. Commands are thin: parse options, call the library, render."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from audit import __version__
from audit.calibrate import as_toml, figures, fit, samples_from
from audit.check import settings_of
from audit.clean import (
    CHECKPOINT_DOCUMENTS,
    CHECKPOINT_SECONDS,
    CleanError,
    CleanPlan,
    CleanRun,
    describe_error,
)
from audit.config import ConfigError, load_config
from audit.engine import Auditor, build_auditor
from audit.evaluate import LabelError, evaluate
from audit.explain import ExplainOptions, explanation
from audit.gc_policy import collect_less_often
from audit.locate import DocumentNotFoundError, audit_file, find_audited
from audit.parallel import default_workers
from audit.passes import DEFAULT_MAX_LINE_CHARS
from audit.progress import progress_reading
from audit.ray_engine import RayUnavailableError
from audit.readers import ReadOptions, read_inputs
from audit.readers.options import MIB
from audit.reference_index import NEAR_DUPLICATE, build_index, index_sketcher
from audit.registry import RegistryError, discover
from audit.summary import Summary
from audit.writers import write_audited
from audit.writers.calibration import render_calibration
from audit.writers.context import ReportContext
from audit.writers.evaluation import evaluation_json, evaluation_table

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
    markdown = "markdown"
    html = "html"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


# Every command that audits takes the same option.
Workers = Annotated[
    int | None,
    typer.Option(
        "--workers", "-w", min=1, help="Processes to audit with (default: every core).", show_default=False
    ),
]


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
    collect_less_often()


@app.command(
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit scan samples/                          # a table in the terminal\n\n"
        "  textaudit scan crawl.jsonl.gz -f jsonl -o report.jsonl\n\n"
        "  textaudit scan crawl.jsonl.gz -f html -o report.html   # open it in a browser\n\n"
        "  textaudit scan samples/ -f markdown                 # paste into a ticket\n\n"
        "  cat pages.jsonl | textaudit scan - --text-field body --fail-under 40\n\n"
        "  textaudit scan new-crawl/ --against collected.idx   # copies of what was already collected\n\n"
        "  textaudit scan news/ --languagetool-url http://localhost:8081  # LanguageTool grammar evidence\n\n"
        "Exit status: 0 when the run finished (unreadable documents are reported with an error), "
        "1 when --fail-under is given and some document's trust is below it, 2 for usage errors."
    )
)
def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            help="Folders (read recursively), .txt/.md files, JSONL (also .gz or .zst), Parquet, "
            "or - for stdin. The format is detected from the file.",
            show_default=False,
        ),
    ],
    output_format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="table for the terminal; html (one self-contained file) and markdown (for a ticket) "
            "for people; json, jsonl or csv for machines.",
        ),
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
    max_doc_mb: Annotated[
        float, typer.Option(min=0.001, help="Report larger documents (or JSONL lines) with an error, unread.")
    ] = ReadOptions.max_document_bytes / MIB,
    max_expansion: Annotated[
        float, typer.Option(min=1, help="Stop reading compressed input that expands more than this ratio.")
    ] = ReadOptions.max_expansion,
    max_line_chars: Annotated[
        int,
        typer.Option(min=100, help="Score at most this many characters of a line; details say what was cut."),
    ] = DEFAULT_MAX_LINE_CHARS,
    workers: Workers = None,
    engine: Annotated[
        Engine, typer.Option(help="local: a process pool on this machine; ray: Ray Data (textaudit[ray]).")
    ] = Engine.local,
    ray_address: Annotated[
        str | None,
        typer.Option(
            envvar="RAY_ADDRESS", help="Ray cluster to join with --engine ray (default: start one here)."
        ),
    ] = None,
    progress: Annotated[
        bool, typer.Option(help="Show progress on stderr (only when stderr is a terminal).")
    ] = True,
    against: Annotated[
        Path | None,
        typer.Option(
            help="Reference index (from `textaudit index build`): near_duplicate also finds copies of "
            "its documents. Overrides \\[settings.near_duplicate] against."
        ),
    ] = None,
    languagetool_url: Annotated[
        str | None,
        typer.Option(
            help="A running LanguageTool server (e.g. http://localhost:8081) for the machine_translation "
            "check's grammar evidence; same as \\[settings.machine_translation] languagetool_url.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score every document and report its trust, verdict and evidence."""
    auditor = _or_usage_error(
        lambda: _build_scan_auditor(
            config,
            check,
            skip or (),
            against,
            languagetool_url,
            workers=workers or default_workers(),
            max_line_chars=max_line_chars,
            engine=engine.value,
            ray_address=ray_address,
        )
    )
    if output_format is ReportFormat.html and output is None and sys.stdout.isatty():
        typer.echo("textaudit: error: write the HTML report to a file: --output report.html", err=True)
        raise typer.Exit(EXIT_USAGE)
    read_options = ReadOptions(text_field, id_field, int(max_doc_mb * MIB), max_expansion)
    summary = Summary()
    with _open_output(output) as out, progress_reading(progress) as tracker:
        try:
            write_audited(
                output_format.value,
                auditor,
                lambda keep_text: auditor.audit_paths(paths, read_options, keep_text, tracker.advance),
                out,
                summary,
            )
        except RayUnavailableError as exc:
            typer.echo(f"textaudit: error: {exc}", err=True)
            raise typer.Exit(EXIT_USAGE) from exc
    if output is not None or output_format is not ReportFormat.table:
        Console(stderr=True, highlight=False).print(summary.line())
    below = fail_under is not None and summary.lowest_trust is not None and summary.lowest_trust < fail_under
    if below:
        raise typer.Exit(EXIT_FAILED_TRUST)


def _build_scan_auditor(
    config_path: Path | None,
    only: list[str] | None,
    skip: Sequence[str],
    against: Path | None,
    languagetool_url: str | None,
    **engine_options: Any,
) -> Auditor:
    config = load_config(config_path)
    if against is not None:
        config = config.with_setting(NEAR_DUPLICATE, "against", str(against))
    if languagetool_url:
        config = config.with_setting("machine_translation", "languagetool_url", languagetool_url)
    auditor = build_auditor(config, only, skip, **engine_options)
    if against is not None and NEAR_DUPLICATE not in auditor.check_names:
        raise ConfigError(f"--against needs the {NEAR_DUPLICATE} check, which this run leaves out")
    return auditor


index_app = typer.Typer(
    help="Build a reference MinHash index, so a new crawl can be checked against what was already collected.",
    no_args_is_help=True,
)
app.add_typer(index_app, name="index")


@index_app.command(
    name="build",
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit index build archive/ old-crawl.jsonl.gz --out collected.idx\n\n"
        "  textaudit scan new-crawl/ --against collected.idx\n\n"
        "The index is written as a stream (one document's sketch in memory at a time) with the "
        "near_duplicate settings of the config; scan with the same settings."
    ),
)
def index_build(
    paths: Annotated[
        list[str],
        typer.Argument(help="Folders, .txt/.md, .jsonl(.gz) files, or - for stdin.", show_default=False),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The index file to write.", show_default=False)],
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="TOML file whose \\[settings.near_duplicate] the index uses."),
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field that holds the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field that holds the document id.")] = "id",
) -> None:
    """Index the documents' MinHash signatures and containment samples into one file."""
    check = _or_usage_error(lambda: index_sketcher(load_config(config)))
    docs = read_inputs(paths, ReadOptions(text_field=text_field, id_field=id_field))
    try:
        stats = build_index(docs, out, check.params, check.shingle_sketch)
    except OSError as exc:
        typer.echo(f"textaudit: error: cannot write {out}: {exc.strerror or exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    typer.echo(
        f"indexed {stats.documents} documents into {out} ({stats.skipped} unreadable, skipped): "
        f"{stats.bytes:,} bytes, {stats.bytes_per_document:.0f} per document"
    )


@app.command(
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit clean scraped/ --out cleaned/                 # a folder mirrors the input tree\n\n"
        "  textaudit clean crawl.jsonl --out clean.jsonl --min-trust 50\n\n"
        "Debris lines (the boilerplate check's spans) are removed from every kept document. With "
        "--min-trust, documents below it go to the rejected file (JSONL, with their text and the reasons): "
        "DIR/rejected.jsonl, or NAME.rejected.jsonl beside an output FILE. Unreadable documents and "
        "documents left empty are rejected too, so every input ends up in one of the two.\n\n"
        "Outputs are written under temporary names and renamed into place when complete; the inputs are "
        "never overwritten. An interrupted run (killed, Ctrl-C) leaves a checkpoint: run the same command "
        "with --resume to continue it.\n\n"
        "  textaudit clean crawl.jsonl --out clean.jsonl --resume"
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
    resume: Annotated[
        bool,
        typer.Option(
            "--resume",
            help="Continue the interrupted run of this same command (same inputs and options) from its "
            "checkpoint.",
        ),
    ] = False,
    checkpoint_every: Annotated[
        int,
        typer.Option(
            min=1,
            help=f"Record progress after this many documents (and at least every {CHECKPOINT_SECONDS:g} s).",
        ),
    ] = CHECKPOINT_DOCUMENTS,
    workers: Workers = None,
) -> None:
    """Write the documents back with debris lines removed, and failing ones to a rejected file."""
    plan = _or_usage_error(lambda: CleanPlan.for_inputs(paths, out))
    auditor = _or_usage_error(
        lambda: build_auditor(load_config(config), workers=workers or default_workers())
    )
    options = ReadOptions(text_field=text_field, id_field=id_field)
    run = _or_usage_error(lambda: CleanRun.start(auditor, plan, options, min_trust, resume))
    if run.note is not None:
        typer.echo(f"textaudit: {run.note}", err=True)
    try:
        with progress_reading(progress) as tracker:
            summary = run.run(tracker.counted(read_inputs(paths, options)), checkpoint_every)
    except KeyboardInterrupt as exc:
        typer.echo("textaudit: interrupted: the same command with --resume continues the run", err=True)
        raise typer.Exit(130) from exc
    except (OSError, CleanError) as exc:
        message = f"textaudit: error: {describe_error(exc)}; the same command with --resume continues the run"
        typer.echo(message, err=True)
        raise typer.Exit(EXIT_USAGE) from exc
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


@app.command(
    name="eval",
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit eval ../shared/devset/machine_translation/wmt21_ruen_mt_vs_human.jsonl "
        "--check machine_translation --by da_mean\n\n"
        "  textaudit eval ../shared/devset/filler/news_gpt35_vs_human.jsonl --check filler --by variant\n\n"
        "Binary labels give ROC-AUC, precision/recall at --threshold and the best-F1 threshold; cluster ids "
        "give pairwise precision/recall; line_labels give per-line precision/recall of debris."
    ),
)
def evaluate_command(
    labeled: Annotated[list[str], typer.Argument(help="JSONL (or any readable input) with a 'label' field.")],
    check: Annotated[
        list[str] | None, typer.Option("--check", help="Evaluate only this check (repeatable).")
    ] = None,
    positive: Annotated[
        str | None, typer.Option(help="The label that the check should flag (default: the one not 'human').")
    ] = None,
    by: Annotated[
        str | None, typer.Option(help="Also break the figures down by this field (numbers in bands of ten).")
    ] = None,
    threshold: Annotated[float, typer.Option(min=0, max=1, help="Risk at which a check flags.")] = 0.5,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="table or json.")
    ] = ListFormat.table,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML config file.")] = None,
    text_field: Annotated[str, typer.Option(help="Field that holds the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="Field that holds the document id.")] = "id",
    workers: Workers = None,
) -> None:
    """Measure checks against labeled documents: ROC-AUC, precision, recall and the best threshold."""
    auditor = _or_usage_error(
        lambda: build_auditor(load_config(config), check, workers=workers or default_workers())
    )
    docs = read_inputs(labeled, ReadOptions(text_field, id_field))
    try:
        evaluation = evaluate(auditor, docs, positive=positive, by=by, threshold=threshold)
    except LabelError as exc:
        typer.echo(f"textaudit: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    render = evaluation_json if output_format is ListFormat.json else evaluation_table
    render(evaluation, sys.stdout)


@app.command(
    epilog=(
        "[bold]Examples[/bold]\n\n"
        "  textaudit explain samples/003_3e86b8626a521b8a.txt     # a file holding one document\n\n"
        "  textaudit explain 003_3e86b8626a521b8a.txt samples/    # a document id, found in a folder\n\n"
        "  textaudit explain page-42 crawl.jsonl.gz               # a record's id field\n\n"
        "  textaudit explain crawl.jsonl:17                       # a record without an id: file:line\n\n"
        "With PATH…, FILE_OR_ID is looked up among the documents read from them, as scan reads them: by "
        "exact id, else by exact source, else by a unique start of an id (003 finds 003_3e86….txt). "
        "When a corpus check runs (near-duplicates), every document is audited so that it sees the corpus."
    )
)
def explain(
    target: Annotated[
        str,
        typer.Argument(
            metavar="FILE_OR_ID",
            help="A file holding one document (or - for stdin); with PATH…, the id of a document in them.",
            show_default=False,
        ),
    ],
    paths: Annotated[
        list[str] | None,
        typer.Argument(metavar="PATH", help="Where to look for the id: as for scan.", show_default=False),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option("--config", "-c", help="TOML file with checks, weights, verdicts and settings."),
    ] = None,
    check: Annotated[
        list[str] | None, typer.Option("--check", help="Run only this check (repeatable).")
    ] = None,
    skip: Annotated[
        list[str] | None, typer.Option("--skip", help="Do not run this check (repeatable).")
    ] = None,
    text_field: Annotated[str, typer.Option(help="JSONL field that holds the text.")] = "text",
    id_field: Annotated[str, typer.Option(help="JSONL field that holds the document id.")] = "id",
    text: Annotated[bool, typer.Option(help="Show the text with its highlights.")] = True,
    max_spans: Annotated[
        int, typer.Option(min=0, help="Most spans listed per check under the text (0: none).")
    ] = 20,
) -> None:
    """One document: its trust, each check's risk and features, and its text with the evidence in colour."""
    auditor = _or_usage_error(
        lambda: build_auditor(load_config(config), check, skip or (), workers=default_workers())
    )
    options = ReadOptions(text_field=text_field, id_field=id_field)
    try:
        if paths:
            doc, report = find_audited(auditor, read_inputs(paths, options), target)
        else:
            doc, report = audit_file(auditor, target, options)
    except DocumentNotFoundError as exc:
        typer.echo(f"textaudit: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    rendered = explanation(doc, report, ReportContext.of(auditor), ExplainOptions(text, max_spans))
    Console(highlight=False).print(rendered)


@app.command(
    epilog=(
        "[bold]Example[/bold]\n\n"
        "  python training/build_calibration_set.py calibration/\n\n"
        "  textaudit calibrate calibration/*.jsonl --out audit/defaults.toml\n\n"
        "Each file is audited as one corpus. Records carry trust_label (clean or damaged) and, when "
        "damaged, damage (the kind: filler, debris…). The verdict thresholds (from the config) stay; the "
        "weights are chosen on a grid to flag and reject as much damage as they can while keeping at least "
        "--clean-kept of clean documents and rejecting at most --clean-rejected of them."
    )
)
def calibrate(
    labeled: Annotated[list[str], typer.Argument(help="JSONL files of labeled documents, one corpus each.")],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write the fitted weights (and thresholds) as TOML.")
    ] = None,
    clean_kept: Annotated[
        float,
        typer.Option(min=0.5, max=1, help="Least share of clean documents the keep verdict must take."),
    ] = 0.9,
    clean_rejected: Annotated[
        float,
        typer.Option(min=0, max=0.5, help="Largest share of clean documents the reject verdict may take."),
    ] = 0.02,
    check: Annotated[
        list[str] | None, typer.Option("--check", help="Fit only these checks' weights (repeatable).")
    ] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML config file.")] = None,
    workers: Workers = None,
) -> None:
    """Fit the trust score's weights and verdict thresholds to documents labeled clean or damaged."""
    auditor = _or_usage_error(
        lambda: build_auditor(load_config(config), check, workers=workers or default_workers())
    )
    samples, skipped = [], 0
    for path in labeled:
        found, missed = samples_from(auditor, read_inputs([path]))
        samples += found
        skipped += missed
    try:
        calibration = fit(samples, auditor.check_names, auditor.scorer.thresholds, clean_kept, clean_rejected)
    except ValueError as exc:
        typer.echo(f"textaudit: error: {exc}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    before = figures(samples, auditor.scorer.weights, auditor.scorer.thresholds, auditor.scorer.floors)
    render_calibration(before, calibration, len(samples), skipped, sys.stdout)
    if out is not None:
        note = (
            f"Written by `textaudit calibrate` from {len(samples)} labeled documents ({', '.join(labeled)})."
        )
        out.write_text(as_toml(calibration, note), encoding="utf-8")


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
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        yield sys.stdout
        return
    try:
        out = open(path, "w", encoding="utf-8", errors="backslashreplace", newline="")  # noqa: SIM115
    except OSError as exc:
        typer.echo(f"textaudit: error: cannot write {path}: {exc.strerror}", err=True)
        raise typer.Exit(EXIT_USAGE) from exc
    with out:
        yield out
