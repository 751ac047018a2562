"""Grammar evidence for machine_translation: Harper in process, and LanguageTool over its HTTP API.

LanguageTool itself cannot be downloaded on these machines, so its client is tested against a small real
HTTP server on 127.0.0.1 that answers ``/v2/languages`` and ``/v2/check`` the way LanguageTool's API
documents them (form-encoded request; JSON ``matches`` with ``offset``/``length`` in UTF-16 code units,
``rule.category.id``, ``rule.issueType``; ``disabledCategories`` honoured).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from audit.document import Document
from checks._grammar import GrammarBackendError, HarperBackend, LanguageToolBackend
from checks.machine_translation import MachineTranslationCheck, MachineTranslationSettings

TEXT = "Officials met in Brussels on Monday. 🙂 They discussed the the budget. It was a long day."
_REPEAT = re.compile(r"\b(\w+) \1\b")
_TYPO = re.compile(r"\bbudjet\b")


class LanguageToolAPI(BaseHTTPRequestHandler):
    """The two endpoints of LanguageTool's HTTP API v2 that a client needs."""

    requests: list[dict[str, list[str]]]

    def do_GET(self) -> None:
        if self.path.startswith("/v2/languages"):
            self._json([{"name": "English (US)", "code": "en", "longCode": "en-US"}])
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        if not self.path.startswith("/v2/check"):
            self.send_error(404)
            return
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        self.requests.append(form)
        text = form["text"][0]
        disabled = set(form.get("disabledCategories", [""])[0].split(","))
        matches = [
            _match(
                text, m.start(), m.end(), "ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication", "Repeated word"
            )
            for m in _REPEAT.finditer(text)
        ]
        if "TYPOS" not in disabled:
            matches += [
                _match(text, m.start(), m.end(), "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "Typo")
                for m in _TYPO.finditer(text)
            ]
        self._json(
            {
                "software": {
                    "name": "LanguageTool",
                    "version": "6.4",
                    "buildDate": "2024-03-28",
                    "apiVersion": 1,
                },
                "language": {"name": "English (US)", "code": "en-US"},
                "matches": matches,
            }
        )

    def _json(self, payload: object) -> None:
        body = json.dumps(payload).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _match(text: str, start: int, end: int, rule: str, category: str, issue: str, message: str) -> dict:
    """A match as LanguageTool sends it: offsets count UTF-16 code units, as Java strings do."""
    offset = _utf16(text[:start])
    return {
        "message": message,
        "shortMessage": "",
        "replacements": [{"value": text[start:end].split()[0]}],
        "offset": offset,
        "length": _utf16(text[start:end]),
        "context": {"text": text, "offset": offset, "length": _utf16(text[start:end])},
        "sentence": text,
        "rule": {
            "id": rule,
            "description": message,
            "issueType": issue,
            "category": {"id": category, "name": category},
        },
    }


@pytest.fixture
def languagetool() -> Iterator[tuple[str, list[dict[str, list[str]]]]]:
    requests: list[dict[str, list[str]]] = []
    handler = type("Handler", (LanguageToolAPI,), {"requests": requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()
    server.server_close()


def test_languagetool_matches_become_issues_at_the_right_characters(languagetool: tuple) -> None:
    url, requests = languagetool
    issues = LanguageToolBackend(url).check(TEXT)
    [issue] = issues
    assert TEXT[issue.start : issue.end] == "the the"  # after an emoji, two UTF-16 units but one character
    assert (issue.category, issue.rule) == ("MISC", "ENGLISH_WORD_REPEAT_RULE")
    [form] = requests
    assert form["text"] == [TEXT] and form["language"] == ["en-US"]
    assert form["disabledCategories"] == ["TYPOS"]  # names are not typos; the check finds misspellings


def test_languagetool_that_cannot_be_reached_is_a_clear_error() -> None:
    with pytest.raises(
        GrammarBackendError, match=re.escape("cannot use the LanguageTool server at http://127.0.0.1:9")
    ):
        LanguageToolBackend("http://127.0.0.1:9")


def test_a_local_languagetool_is_used_only_when_installed_never_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LTP_PATH", str(tmp_path))  # where language_tool_python keeps its LanguageTool
    with pytest.raises(GrammarBackendError, match="none is installed"):
        LanguageToolBackend()
    assert list(tmp_path.iterdir()) == []  # nothing was fetched


def test_a_languagetool_url_turns_grammar_evidence_on_without_moving_the_risk(languagetool: tuple) -> None:
    url, _ = languagetool
    text = (Path("samples") / "003_3e86b8626a521b8a.txt").read_text(encoding="utf-8") + "\nIt was was late."
    plain = MachineTranslationCheck().run(Document("t", text, "t"))
    graded = MachineTranslationCheck(MachineTranslationSettings(languagetool_url=url)).run(
        Document("t", text, "t")
    )
    assert graded.risk == plain.risk
    assert graded.details["grammar_backend"] == "languagetool"
    assert graded.details["grammar_issues"] == 1 and graded.details["grammar_MISC"] == 1
    [span] = [s for s in graded.spans if "grammar" in s.reason]
    assert text[span.start : span.end] == "It was was late."
    assert span.reason == "doubled 'was'; grammar (MISC): Repeated word"


def test_harper_lints_offline_in_process() -> None:
    backend = HarperBackend()
    text = "This is an test of the the linter. Blinken met Kim Jong Un."
    found = {text[i.start : i.end]: i.category for i in backend.check(text)}
    assert "an" in found and "the the" in found
    assert "Spelling" not in found.values() and not {"Blinken", "Jong"} & set(found)  # names are not errors


def test_harper_backend_from_settings_adds_counts_and_spans() -> None:
    text = "The ministers has agreed on a new plan for the region. They will meet again in an month."
    result = MachineTranslationCheck(MachineTranslationSettings(grammar="harper")).run(
        Document("t", text, "t")
    )
    assert result.details["grammar_backend"] == "harper"
    assert result.details["grammar_issues"] >= 1
    assert result.details["grammar_issues_per_100_words"] > 0
    assert any(s.reason.startswith("grammar (") for s in result.spans)


def test_scan_takes_a_languagetool_url(run_textaudit: Callable, languagetool: tuple, tmp_path: Path) -> None:
    url, requests = languagetool
    (tmp_path / "doc.txt").write_text("The talks went on. It was was late, officials said after the meeting.")
    done = run_textaudit("scan", str(tmp_path), "-f", "jsonl", "--languagetool-url", url)
    assert done.returncode == 0, done.stderr
    details = json.loads(done.stdout)["checks"]["machine_translation"]["details"]
    assert details["grammar_backend"] == "languagetool" and details["grammar_issues"] == 1
    assert len(requests) == 1


def test_scan_with_an_unreachable_languagetool_is_a_usage_error(run_textaudit: Callable) -> None:
    done = run_textaudit("scan", "samples", "--languagetool-url", "http://127.0.0.1:9")
    assert done.returncode == 2
    assert "cannot use the LanguageTool server at http://127.0.0.1:9" in done.stderr
