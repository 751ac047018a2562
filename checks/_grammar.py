"""Grammar evidence for the machine_translation check, from one of two real grammar checkers.

* ``harper`` — Harper (harper-py), a Rust grammar checker shipped inside its wheel: offline, no Java,
  nothing downloaded. The embedded backend.
* ``languagetool`` — LanguageTool through language-tool-python: a running LanguageTool server given
  by URL (its HTTP API, ``/v2/check``), or a local server that language-tool-python starts when Java
  and LanguageTool are installed on the machine.

Both answer with the same `GrammarIssue`s, so the check does not care which one ran. Grammar evidence
adds spans and counts to the report; it does not move the risk, because raw grammar-lint density does
not separate MT from human translation (ROC-AUC 0.50–0.60 on WMT21) and a risk should not change with
whether a machine happens to have Java.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

BACKENDS = ("off", "harper", "languagetool")


@dataclass(frozen=True, slots=True)
class GrammarIssue:
    """One finding of a grammar checker, at characters ``[start, end)`` of the checked text."""

    start: int
    end: int
    category: str
    rule: str
    message: str


class GrammarBackend(Protocol):
    name: str

    def check(self, text: str) -> list[GrammarIssue]: ...


class GrammarBackendError(ValueError):
    """The grammar checker asked for cannot be used here (a bad setting, so a usage error)."""


class HarperBackend:
    """Harper, in process. Spelling is left out: it flags every name it does not know."""

    name = "harper"

    def __init__(self, dialect: str = "american") -> None:
        from harper import Dialect, Language, Linter

        self._language = Language.PLAINTEXT
        self._linter = Linter(Dialect[dialect.upper()])
        config = self._linter.get_default_lint_config()
        self._linter.set_lint_config({rule: (False if rule == "SpellCheck" else None) for rule in config})

    def check(self, text: str) -> list[GrammarIssue]:
        return [
            GrammarIssue(lint.span.start, lint.span.end, lint.lint_kind, lint.lint_kind, lint.message)
            for lint in self._linter.lint(text, language=self._language)
            if lint.span.end > lint.span.start
        ]


class LanguageToolBackend:
    """LanguageTool: the server at ``url``, or a local one when LanguageTool and Java are installed."""

    name = "languagetool"

    def __init__(self, url: str = "", language: str = "en-US") -> None:
        import language_tool_python
        from language_tool_python.download_lt import LocalLanguageTool

        installed = None if url else LocalLanguageTool.get_latest_installed_version()
        if not url and installed is None:
            # language_tool_python would download LanguageTool here; textaudit never downloads at run time.
            raise GrammarBackendError(
                "cannot use a local LanguageTool: none is installed (set LTP_PATH to a folder holding "
                "LanguageTool-<version>), or give languagetool_url"
            )
        try:
            if installed is None:
                self._tool = language_tool_python.LanguageTool(language, remote_server=url)
            else:
                self._tool = language_tool_python.LanguageTool(
                    language, language_tool_download_version=installed.version_name
                )
        except Exception as exc:  # the library raises many kinds; all mean "not usable here"
            where = f"the LanguageTool server at {url}" if url else "a local LanguageTool (needs Java)"
            raise GrammarBackendError(f"cannot use {where}: {exc}") from exc
        self._tool.disabled_categories = {"TYPOS"}  # names are not errors; the check finds misspellings

    def check(self, text: str) -> list[GrammarIssue]:
        issues = []
        for match in self._tool.check(text):
            start = max(0, min(int(match.offset), len(text)))
            end = max(start, min(start + int(match.error_length), len(text)))
            if end > start:
                issues.append(
                    GrammarIssue(start, end, str(match.category), str(match.rule_id), str(match.message))
                )
        return issues


def make_backend(name: str, languagetool_url: str = "", language: str = "en-US") -> GrammarBackend | None:
    """The backend a setting names; None for "off". A URL alone asks for LanguageTool."""
    if name == "off" and languagetool_url:
        name = "languagetool"
    if name == "off":
        return None
    if name == "harper":
        return HarperBackend()
    if name == "languagetool":
        return LanguageToolBackend(languagetool_url, language)
    raise ValueError(f"unknown grammar backend {name!r} (choose from {', '.join(BACKENDS)})")
