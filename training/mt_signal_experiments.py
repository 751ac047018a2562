"""Candidate translationese signals for the machine_translation check, measured (none shipped).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/mt_signal_experiments.py

A record of issue 5's search for signals beyond the shipped model's document statistics, so the
figures in docs/machine_translation_experiments.md can be reproduced. Nothing here is used by the
check. For each candidate it prints:

* the feature's own ROC-AUC on the trainset, per language pair (a signal that generalises points the
  same way in every pair), and on the dev set (ru→en) for all MT and for the clumsy tail
  (da_mean < 60) against all human documents;
* the shipped model's features plus the candidate: logistic regression as in
  ``training/train_machine_translation.py``, C chosen by leave-one-language-pair-out (LOPO) AUC on the
  trainset, then fitted on the whole trainset and scored on dev as the check's risk;
* function-word and function-word-pattern profiles (content words abstracted away), and a
  "consistent-sign" model: the mean standardised value of the features whose per-pair AUC points the
  same way in every training pair, selected inside each LOPO fold.

Models are chosen on the trainset only; the dev set is measured, never fitted.
"""

from __future__ import annotations

import json
import math
import re
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.preprocessing import StandardScaler

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks._mt_features import MODEL_FEATURES, extract  # noqa: E402
from checks._mt_lexicon import Lexicon, load_lexicon  # noqa: E402
from checks.machine_translation import MachineTranslationCheck  # noqa: E402

TRAINSET = REPO.parent / "shared/trainset/machine_translation/wmt21_cs_de_ha_zh_en_mt_vs_human.jsonl"
DEVSET = REPO.parent / "shared/devset/machine_translation/wmt21_ruen_mt_vs_human.jsonl"
C_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
SMALL_GRID = (0.001, 0.003, 0.01)
BASE = list(MODEL_FEATURES)

_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_PRONOUNS = frozenset(
    "he she it they we i you him her them us me his its their our my your "
    "himself herself itself themselves".split()
)
_DETERMINERS = frozenset("the a an this that these those such each every some any no another".split())
_PREPOSITIONS = frozenset(
    "of in on at by for with from to into onto over under about against between among through during before "
    "after since until within without across along around towards toward upon behind beyond near via".split()
)
_SUBJECT_STARTS = frozenset(
    "the a an he she it they we i you this these those his her their its our there".split()
)
_FRONTED_STARTS = frozenset(
    "in on at according after before during since for with as when if although though while despite because "
    "from by under following amid given".split()
)
_BE = frozenset("is are was were be been being".split())
_MARKERS = frozenset(
    "however meanwhile moreover furthermore also therefore thus nevertheless instead indeed "
    "still yet besides".split()
)
_PARTICLES = frozenset("up out off down over away back around".split())
_GENITIVE_DETERMINERS = frozenset("the a an this his her their its".split())
_NOT_POSSESSIVE = frozenset("it's that's there's he's she's what's here's let's".split())
_PATTERN_TOKEN = re.compile(r"\w+(?:['’-]\w+)*|[,.;:!?\"“”()]")


def candidates(doc: Document, lexicon: Lexicon) -> dict[str, float]:
    """Every candidate statistic of one document (slow, plain Python: for measuring only)."""
    zipf, bigrams = lexicon.zipf, lexicon.bigrams
    sentences = [tokens for s in doc.sentences if (tokens := _WORD.findall(s.text))]
    words = [t for s in sentences for t in s]
    lower = [t.lower() for t in words]
    n = max(len(lower), 1)
    alpha = [w for w in lower if w.isalpha()]
    f: dict[str, float] = {}
    # Surprisal spread: words, sentences, word pairs.
    word_zipf = np.array([zipf(w) for w in alpha]) if alpha else np.zeros(1)
    f["word_zipf_std"] = float(word_zipf.std())
    sentence_zipf, sentence_logprob, pair_logprob = [], [], []
    for tokens in sentences:
        low = [t.lower() for t in tokens]
        letters = [w for w in low if w.isalpha()]
        if letters:
            sentence_zipf.append(float(np.mean([zipf(w) for w in letters])))
        scores = _pair_logprobs(low, bigrams)
        if scores:
            sentence_logprob.append(float(np.mean(scores)))
            pair_logprob += scores
    f["sent_zipf_std"] = float(np.std(sentence_zipf)) if len(sentence_zipf) > 1 else 0.0
    f["sent_bigram_std"] = float(np.std(sentence_logprob)) if len(sentence_logprob) > 1 else 0.0
    f["sent_zipf_q90"] = float(np.quantile(sentence_zipf, 0.9)) if sentence_zipf else 5.6
    f["sent_lp_q10"] = float(np.quantile(sentence_logprob, 0.1)) if sentence_logprob else -4.0
    pairs = np.array(pair_logprob) if pair_logprob else np.zeros(1)
    f["pair_lp_std"] = float(pairs.std())
    f["unlikely_pair_share"] = float((pairs < -10).mean())
    f["likely_pair_share"] = float((pairs > -3).mean())
    # Rare-but-valid words (lower case in the text, so not names).
    plain = np.array([zipf(w) for w in words if w.isalpha() and w.islower()] or [0.0])
    f["rare_valid_share"] = float(((plain >= 1.5) & (plain < 3.5)).mean())
    f["mid_freq_share"] = float(((plain >= 3.5) & (plain < 4.5)).mean())
    f["lower_mean_zipf"] = float(plain.mean())
    # How sentences open.
    firsts = [s[0].lower() for s in sentences]
    n_sentences = max(len(firsts), 1)
    f["subject_start_share"] = sum(w in _SUBJECT_STARTS for w in firsts) / n_sentences
    f["fronted_start_share"] = sum(w in _FRONTED_STARTS for w in firsts) / n_sentences
    f["opening_variety"] = len(set(firsts)) / n_sentences
    # Repetition of content words (NMT repeats the noun where people use a pronoun).
    content = [i for i, w in enumerate(lower) if w.isalpha() and len(w) > 3 and zipf(w) < 5.0]
    repeats = sum(1 for i in content if lower[i] in lower[max(0, i - 25) : i])
    f["content_repeat_25"] = repeats / max(len(content), 1)
    overlaps, previous = [], set()
    for tokens in sentences:
        current = {t.lower() for t in tokens if t.isalpha() and len(t) > 3 and zipf.get(t.lower(), 0.0) < 5.0}
        if previous and current:
            overlaps.append(len(current & previous) / len(current))
        previous = current
    f["adjacent_overlap"] = float(np.mean(overlaps)) if overlaps else 0.0
    # Word classes.
    pronouns = sum(w in _PRONOUNS for w in lower)
    f["pronoun_rate"] = pronouns / n
    f["pronoun_content_ratio"] = pronouns / max(len(content), 1)
    f["determiner_rate"] = sum(w in _DETERMINERS for w in lower) / n
    f["preposition_rate"] = sum(w in _PREPOSITIONS for w in lower) / n
    f["and_rate"] = lower.count("and") / n
    following = list(pairwise(lower))
    f["passive_rate"] = sum(1 for a, b in following if a in _BE and b.endswith(("ed", "en"))) / n
    f["ly_rate"] = sum(1 for w in lower if len(w) > 4 and w.endswith("ly")) / n
    nominal_endings = ("tion", "ment", "ness", "ity", "ance", "ence")
    f["nominal_rate"] = sum(1 for w in lower if len(w) > 6 and w.endswith(nominal_endings)) / n
    f["marker_rate"] = sum(w in _MARKERS for w in lower) / n
    f["phrasal_rate"] = (
        sum(1 for a, b in following if b in _PARTICLES and a.isalpha() and zipf.get(a, 0) > 3) / n
    )
    # Literal genitives: "the X of the Y" against "Y's X".
    of_det = sum(1 for a, b in following if a == "of" and b in _GENITIVE_DETERMINERS)
    possessives = sum(
        1 for w in lower if w.endswith(("'s", "’s")) and w.replace("’", "'") not in _NOT_POSSESSIVE
    )
    f["of_the_rate"] = sum(1 for a, b in following if a == "of" and b == "the") / n
    f["the_x_of_rate"] = (
        sum(1 for a, _, c in zip(lower, lower[1:], lower[2:], strict=False) if a == "the" and c == "of") / n
    )
    f["saxon_genitive_share"] = possessives / max(possessives + of_det, 1)
    f["it_there_is"] = (
        sum(1 for a, b in following if a in ("it", "there") and b in ("is", "was", "are", "were")) / n
    )
    # Diversity and document shape.
    f["bigram_ttr"] = len(set(following)) / max(len(following), 1)
    counts = Counter(alpha)
    f["hapax_share"] = sum(1 for v in counts.values() if v == 1) / max(len(counts), 1)
    raw = doc.text.encode("utf-8")
    f["compress_ratio"] = len(zlib.compress(raw, 9)) / max(len(raw), 1)
    lengths = np.array([len(s) for s in sentences], dtype=float)
    usable = len(lengths) > 3 and lengths[:-1].std() > 0 and lengths[1:].std() > 0
    f["sent_len_autocorr"] = float(np.corrcoef(lengths[:-1], lengths[1:])[0, 1]) if usable else 0.0
    f["name_variants"] = _name_variants(words, zipf)
    return f


def _pair_logprobs(lower: list[str], bigrams) -> list[float]:
    ids = [bigrams.vocabulary.get(w, -1) for w in lower]
    scores = []
    for a, b in pairwise(ids):
        if a >= 0 and b >= 0:
            code = a * bigrams.size + b
            k = int(np.searchsorted(bigrams.codes, code))
            seen = bigrams.codes[k] == code
            scores.append(float(bigrams.logprob[k] if seen else bigrams.backoff_logprob[b]))
    return scores


def _name_variants(words: list[str], zipf: dict[str, float]) -> float:
    """Pairs of rare capitalised words within two edits of each other (an MT system that transliterates
    one name two ways), per distinct rare capitalised word."""
    names = sorted(
        {w for w in words if len(w) >= 4 and w.isalpha() and w[0].isupper() and zipf.get(w.lower(), 0) < 4}
    )
    found = 0
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if (
                a[:2] == b[:2]
                and not (a.startswith(b) or b.startswith(a))
                and _within_two_edits(a.lower(), b.lower())
            ):
                found += 1
    return found / max(len(names), 1)


def _within_two_edits(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 2:
        return False
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (ca != cb))
        row = current
    return row[-1] <= 2


def pattern_counts(text: str, function_words: frozenset[str]) -> tuple[Counter, int]:
    """Word 2- and 3-grams with content words abstracted: function words kept, other words as C (lower
    case), N (capitalised) or D (digits), punctuation kept, <s> at each line start."""
    grams: Counter = Counter()
    total = 0
    for line in text.split("\n"):
        seq = ["<s>"]
        for token in _PATTERN_TOKEN.findall(line):
            low = token.lower().replace("’", "'")
            if low in function_words or token in ",.;:!?":
                seq.append(low)
            elif token[0].isdigit():
                seq.append("D")
            elif not token[0].isalnum():
                seq.append("Q")
            else:
                seq.append("N" if token[0].isupper() else "C")
        for size in (2, 3):
            grams.update(" ".join(seq[i : i + size]) for i in range(len(seq) - size + 1))
        total += len(seq)
    return grams, max(total, 1)


class Data:
    def __init__(self) -> None:
        lexicon = load_lexicon()
        check = MachineTranslationCheck()
        self.train = [json.loads(line) for line in TRAINSET.read_text(encoding="utf-8").splitlines() if line]
        self.dev = [json.loads(line) for line in DEVSET.read_text(encoding="utf-8").splitlines() if line]
        self.features = {}
        for name, rows in (("train", self.train), ("dev", self.dev)):
            table = []
            for row in rows:
                doc = Document(row["id"], row["text"], name)
                table.append({**extract(doc, lexicon).features, **candidates(doc, lexicon)})
            self.features[name] = table
        self.dev_artifact = np.array(
            [
                check.run(Document(r["id"], r["text"], "dev")).details.get("artifact_score", 0.0)
                for r in self.dev
            ]
        )
        self.dev_words = np.array([f["words"] for f in self.features["dev"]], dtype=float)
        self.y = np.array([r["label"] == "mt" for r in self.train])
        self.pairs = np.array([r["lang_pair"] for r in self.train])
        self.y_dev = np.array([r["label"] == "mt" for r in self.dev])
        self.tail = np.array(
            [r["label"] == "mt" and r["da_mean"] is not None and r["da_mean"] < 60 for r in self.dev]
        )
        function_words = lexicon.function_words
        train_grams = [pattern_counts(r["text"], function_words) for r in self.train]
        dev_grams = [pattern_counts(r["text"], function_words) for r in self.dev]
        document_frequency: Counter = Counter()
        for grams, _ in train_grams:
            document_frequency.update(set(grams))
        vocabulary = sorted(g for g, k in document_frequency.items() if k >= 0.2 * len(train_grams))
        self.patterns = vocabulary
        self.pattern_train = _rates(train_grams, vocabulary)
        self.pattern_dev = _rates(dev_grams, vocabulary)
        words_of = [_WORD.findall(r["text"].lower().replace("’", "'")) for r in self.train + self.dev]
        used = sorted(function_words)
        profile = np.array([[w.count(fw) / max(len(w), 1) for fw in used] for w in words_of])
        keep = (profile[: len(self.train)] > 0).mean(0) > 0.05
        self.function_train = profile[: len(self.train), keep]
        self.function_dev = profile[len(self.train) :, keep]

    def matrix(self, split: str, names: list[str]) -> np.ndarray:
        return np.array([[f[n] for n in names] for f in self.features[split]], dtype=float)

    def dev_aucs(self, scores: np.ndarray) -> tuple[float, float]:
        human = ~self.y_dev
        tail = np.r_[np.ones(self.tail.sum()), np.zeros(human.sum())]
        return roc_auc_score(self.y_dev, scores), roc_auc_score(tail, np.r_[scores[self.tail], scores[human]])


def _rates(grams: list[tuple[Counter, int]], vocabulary: list[str]) -> np.ndarray:
    index = {g: i for i, g in enumerate(vocabulary)}
    out = np.zeros((len(grams), len(vocabulary)))
    for row, (counts, total) in enumerate(grams):
        for gram, value in counts.items():
            if gram in index:
                out[row, index[gram]] = value / total
    return out


def _fit(x: np.ndarray, y: np.ndarray, c: float) -> tuple[StandardScaler, LogisticRegression]:
    scaler = StandardScaler().fit(x)
    return scaler, LogisticRegression(C=c, class_weight="balanced", max_iter=5000).fit(scaler.transform(x), y)


def lopo_scores(x: np.ndarray, data: Data, c: float) -> np.ndarray:
    scores = np.zeros(len(data.y))
    for pair in sorted(set(data.pairs)):
        train, test = data.pairs != pair, data.pairs == pair
        scaler, model = _fit(x[train], data.y[train], c)
        scores[test] = model.decision_function(scaler.transform(x[test]))
    return scores


def per_pair(data: Data, scores: np.ndarray) -> str:
    return " ".join(
        f"{roc_auc_score(data.y[data.pairs == p], scores[data.pairs == p]):.3f}"
        for p in sorted(set(data.pairs))
    )


def logistic(
    data: Data, x: np.ndarray, x_dev: np.ndarray, label: str, grid=C_GRID, as_risk: bool = True
) -> None:
    """LOPO-chosen C, then the whole trainset; dev scored as the check's risk (Platt calibration on the
    LOPO scores, prior 0.25, artifact score and length ramp as in the check)."""
    held_out = {c: lopo_scores(x, data, c) for c in grid}
    aucs = {c: roc_auc_score(data.y, s) for c, s in held_out.items()}
    c = max(aucs, key=aucs.get)
    scaler, model = _fit(x, data.y, c)
    score = model.decision_function(scaler.transform(x_dev))
    if as_risk:
        platt = LogisticRegression(C=1e6, class_weight="balanced").fit(held_out[c].reshape(-1, 1), data.y)
        logit = platt.coef_[0][0] * score + platt.intercept_[0] + math.log(1 / 3)
        reliability = np.clip((data.dev_words - 20) / 40, 0, 1)
        score = 1 - (1 - data.dev_artifact) * (1 - reliability / (1 + np.exp(-logit)))
    dev_all, dev_tail = data.dev_aucs(score)
    print(
        f"{label:34s} C={c:<6} LOPO {aucs[c]:.3f} (cs de ha zh {per_pair(data, held_out[c])})  "
        f"dev {dev_all:.3f} tail {dev_tail:.3f}"
    )


def consistent_sign(data: Data, x: np.ndarray, x_dev: np.ndarray, label: str, margin: float) -> None:
    """Mean standardised value of the features whose AUC is above 0.5 + margin in every training pair
    (or below 0.5 - margin, sign flipped); selected inside each LOPO fold."""

    def fit(rows: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
        xs, ys, ps = x[rows], data.y[rows], data.pairs[rows]
        by_pair = np.array(
            [
                [
                    roc_auc_score(ys[ps == p], xs[ps == p, j]) if xs[:, j].std() > 0 else 0.5
                    for p in sorted(set(ps))
                ]
                for j in range(x.shape[1])
            ]
        )
        sign = (by_pair > 0.5 + margin).all(1).astype(float) - (by_pair < 0.5 - margin).all(1).astype(float)
        mean, scale = xs.mean(0), xs.std(0) + 1e-12
        return lambda z: ((z - mean) / scale) @ sign / max(np.abs(sign).sum(), 1)

    scores = np.zeros(len(data.y))
    for pair in sorted(set(data.pairs)):
        scores[data.pairs == pair] = fit(data.pairs != pair)(x[data.pairs == pair])
    dev_all, dev_tail = data.dev_aucs(fit(np.ones(len(data.y), dtype=bool))(x_dev))
    print(
        f"{label:34s} m={margin:<5} LOPO {roc_auc_score(data.y, scores):.3f} "
        f"(cs de ha zh {per_pair(data, scores)})  dev {dev_all:.3f} tail {dev_tail:.3f}"
    )


def main() -> None:
    data = Data()
    new = [k for k in candidates(Document("x", "A short text. And another one.", "x"), load_lexicon())]
    print("Single features: ROC-AUC, higher value = MT (train all [cs de ha zh]; dev all / clumsy tail)")
    for name in BASE + new:
        v = np.array([f[name] for f in data.features["train"]])
        dev_all, dev_tail = data.dev_aucs(np.array([f[name] for f in data.features["dev"]]))
        print(
            f"  {name:30s} train {roc_auc_score(data.y, v):.3f} [{per_pair(data, v)}]  "
            f"dev {dev_all:.3f} / {dev_tail:.3f}"
        )
    print("\nShipped features plus one candidate (logistic, C by LOPO):")
    logistic(data, data.matrix("train", BASE), data.matrix("dev", BASE), "shipped features")
    for name in new:
        names = [*BASE, name]
        logistic(data, data.matrix("train", names), data.matrix("dev", names), f"+ {name}", SMALL_GRID)
    for label, extra in (
        ("+ genitive trio", ["of_the_rate", "the_x_of_rate", "saxon_genitive_share"]),
        ("+ all candidates", new),
    ):
        names = BASE + extra
        logistic(data, data.matrix("train", names), data.matrix("dev", names), label)
    print("\nProfiles (logistic, dev AUC of the model's score):")
    base_train, base_dev = data.matrix("train", BASE), data.matrix("dev", BASE)
    for label, x, x_dev in (
        ("function-word rates", data.function_train, data.function_dev),
        ("function-word patterns", data.pattern_train, data.pattern_dev),
        ("shipped + patterns", np.c_[base_train, data.pattern_train], np.c_[base_dev, data.pattern_dev]),
    ):
        logistic(data, x, x_dev, label, (0.0001, 0.0003, 0.001), as_risk=False)
    print("\nConsistent-sign average (features selected inside each LOPO fold):")
    pool = BASE + new
    pool_train, pool_dev = data.matrix("train", pool), data.matrix("dev", pool)
    for label, x, x_dev in (
        ("shipped features", base_train, base_dev),
        ("shipped + candidates", pool_train, pool_dev),
        ("function-word patterns", data.pattern_train, data.pattern_dev),
        (
            "shipped + candidates + patterns",
            np.c_[pool_train, data.pattern_train],
            np.c_[pool_dev, data.pattern_dev],
        ),
    ):
        for margin in (0.0, 0.01, 0.02, 0.03):
            consistent_sign(data, x, x_dev, label, margin)


if __name__ == "__main__":
    main()
