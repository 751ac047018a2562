"""``eval``: the three label forms of the dev sets, measured on real checks and real files."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from audit.config import Config, Thresholds
from audit.document import CheckResult, Document, Span
from audit.engine import Auditor, build_auditor
from audit.evaluate import LabelError, evaluate
from audit.readers import read_inputs
from audit.scoring import Scorer

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def labeled_samples(samples: Path) -> list[Document]:
    """Each sample as it is ("clean") and decoded with the wrong codec ("garbled")."""
    docs = []
    for path in sorted(samples.glob("*.txt")):
        raw = path.read_bytes()
        docs.append(Document(path.name, raw.decode("utf-8"), str(path), {"label": "clean", "kind": "x"}))
        garbled = raw.decode("cp1252", errors="replace")
        docs.append(
            Document(path.name + "!", garbled, str(path), {"label": "garbled", "kind": path.name[:3]})
        )
    return docs


def test_binary_labels_give_auc_and_thresholds(samples: Path) -> None:
    auditor = build_auditor(Config(), only=["encoding"])
    evaluation = evaluate(auditor, labeled_samples(samples), by="kind")
    assert (evaluation.mode, evaluation.positive, evaluation.documents) == ("binary", "garbled", 10)
    overall = evaluation.binary[0]
    assert (overall.check, overall.group, overall.positives, overall.negatives) == ("encoding", "all", 5, 5)
    assert overall.auc == 1.0
    assert overall.at_threshold.recall == 1.0 and overall.at_threshold.precision == 1.0
    assert [row.group for row in evaluation.binary[1:]] == [
        f"kind={p.name[:3]}" for p in sorted(samples.glob("*.txt"))
    ]
    assert all(row.positives == 1 and row.negatives == 5 for row in evaluation.binary[1:])


def test_positive_label_must_be_clear(samples: Path) -> None:
    docs = [
        Document(d.id, d.text, d.source, {"label": "a" if "!" in d.id else "b"})
        for d in labeled_samples(samples)
    ]
    auditor = build_auditor(Config(), only=["encoding"])
    with pytest.raises(LabelError, match="say which label is positive with --positive"):
        evaluate(auditor, docs)
    assert evaluate(auditor, docs, positive="a").binary[0].auc == 1.0


class FirstWordCluster:
    """Clusters documents by their first word: a stand-in corpus check with real cluster details."""

    name = "first_word"
    description = "Documents that start with the same word."

    def sketch(self, doc: Document) -> str:
        return doc.text.split()[0]

    def resolve(self, sketches: Sequence[str]) -> list[CheckResult]:
        return [CheckResult(0.0, [], {"cluster": word}) for word in sketches]


def test_cluster_labels_give_pairwise_precision_and_recall() -> None:
    texts = [("alpha one", "A"), ("alpha two", "A"), ("alpha three", "B"), ("beta four", "B"), ("gamma", "C")]
    docs = [Document(str(i), t, "s", {"label": label, "rel": label}) for i, (t, label) in enumerate(texts)]
    auditor = Auditor([FirstWordCluster()], Scorer({}, Thresholds()))
    evaluation = evaluate(auditor, docs, by="rel")
    assert evaluation.mode == "clusters"
    overall = evaluation.counted[0].counts
    # predicted pairs: (0,1) (0,2) (1,2); gold pairs: (0,1) (2,3)
    assert (overall.true_positives, overall.false_positives, overall.false_negatives) == (1, 2, 1)
    assert [row.group for row in evaluation.counted] == ["all", "rel=A", "rel=B", "rel=C"]


class ReplyPrompt:
    name = "reply"
    description = "Flags lines that ask for a reply."

    def run(self, doc: Document) -> CheckResult:
        spans = [Span(line.start, line.end, "prompt") for line in doc.lines if "Reply" in line.text]
        return CheckResult(1.0 if spans else 0.0, spans)


def test_line_labels_give_per_line_precision_and_recall() -> None:
    text = "Title\nLeave a Reply\nBody text.\nReply to this\nFooter"
    meta = {"label": [], "line_labels": ["meta", "debris", "content", "content", "debris"]}
    meta["content_line_range"] = [1, 3]
    auditor = Auditor([ReplyPrompt()], Scorer({}, Thresholds()))
    evaluation = evaluate(auditor, [Document("p", text, "p", meta)])
    page, article = evaluation.counted
    assert (
        page.group,
        page.counts.true_positives,
        page.counts.false_positives,
        page.counts.false_negatives,
    ) == (
        "page",
        1,
        1,
        1,
    )
    assert (article.group, article.counts.false_negatives) == ("article", 0)


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/devset beside the repository")
@pytest.mark.parametrize(
    ("relative", "mode"),
    [
        ("machine_translation/wmt21_ruen_mt_vs_human.jsonl", "binary"),
        ("filler/news_gpt35_vs_human.jsonl", "binary"),
        ("filler/wiki_gpt35_vs_human.jsonl", "binary"),
        ("near_duplicate/cs_plagiarism_wmt21_ruen_llmnews_clusters.jsonl", "clusters"),
        ("boilerplate/readability_testpages_debris_lines.jsonl", "lines"),
    ],
)
def test_eval_reads_every_dev_file_in_its_own_form(
    run_textaudit: Callable[..., subprocess.CompletedProcess[str]], relative: str, mode: str
) -> None:
    path = SHARED / "devset" / relative
    result = run_textaudit("eval", str(path), "--format", "json", "--check", "encoding")
    assert result.returncode == 0, result.stderr
    evaluation = json.loads(result.stdout)
    assert evaluation["mode"] == mode
    assert evaluation["documents"] == sum(1 for _ in read_inputs([str(path)]))
