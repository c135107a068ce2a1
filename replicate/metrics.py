"""XTREME's metrics as pure functions over lists, with its definitions (google-research/xtreme evaluate.py).

All scores are percentages (x100), as XTREME prints them:

- pawsx, xnli, tatoeba: accuracy of one label per line;
- panx, udpos: seqeval span F1 over sentences of tags. XTREME calls the POS
  score accuracy but computes seqeval F1, and so does synth, to match it;
- bucc2018: F1 of the predicted (source, target) id pairs against the gold set;
- xquad, tydiqa: SQuAD v1.1 exact match and F1 (English answer normalisation);
- mlqa: the MLQA normalisation for the answer's language (punctuation of
  every Unicode P category, per-language articles, characters for Chinese).
"""

from __future__ import annotations

import re
import string
import sys
import unicodedata
import warnings
from collections import Counter

from seqeval.metrics import f1_score, precision_score, recall_score

from replicate.errors import ReplicateError


def accuracy(labels: list[str], predictions: list[str]) -> dict[str, float]:
    """Share of lines whose prediction equals the label.

    Example:
        >>> accuracy(["a", "b", "b", "a"], ["a", "b", "a", "a"])
        {'accuracy': 75.0}
    """
    if len(labels) != len(predictions) or not labels:
        raise ReplicateError("accuracy", f"{len(predictions)} predictions for {len(labels)} labels")
    return {"accuracy": 100.0 * sum(p == g for p, g in zip(predictions, labels)) / len(predictions)}


def tagging_f1(labels: list[list[str]], predictions: list[list[str]]) -> dict[str, float]:
    """seqeval span precision, recall and F1 over sentences of tags (what XTREME reports for PAN-X and UD-POS)."""
    if len(labels) != len(predictions) or any(len(a) != len(b) for a, b in zip(labels, predictions)):
        raise ReplicateError("tagging", "prediction sentences do not line up with the label sentences")
    with warnings.catch_warnings():
        # POS tags have no B-/I- prefix; seqeval warns about each, and XTREME scores them this way regardless.
        warnings.filterwarnings("ignore", message=".*seems not to be NE tag", category=UserWarning)
        return {"f1": 100.0 * f1_score(labels, predictions), "precision": 100.0 * precision_score(labels, predictions),
                "recall": 100.0 * recall_score(labels, predictions)}


def bucc_f1(labels: list[str], predictions: list[str]) -> dict[str, float]:
    """F1 of predicted 'src<TAB>trg' pairs against the gold pairs (both read as sets)."""
    gold = {tuple(line.split("\t")) for line in labels}
    found = {tuple(line.split("\t")) for line in predictions}
    correct = len(gold & found)
    if not correct:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    precision, recall = correct / len(found), correct / len(gold)
    return {"f1": 100.0 * 2 * precision * recall / (precision + recall), "precision": 100.0 * precision, "recall": 100.0 * recall}


# --- question answering ---------------------------------------------------------------------------------
_SQUAD_PUNCT = set(string.punctuation)
_UNICODE_PUNCT = {chr(i) for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)).startswith("P")} | _SQUAD_PUNCT
_MLQA_ARTICLES = {
    "en": r"\b(a|an|the)\b",
    "es": r"\b(un|una|unos|unas|el|la|los|las)\b",
    "vi": r"\b(của|là|cái|chiếc|những)\b",
    "de": r"\b(ein|eine|einer|eines|einem|einen|der|die|das|des|dem|den)\b",
    "ar": r"\sال^|ال",
}


def squad_normalise(text: str) -> str:
    """SQuAD v1.1: lower-case, drop ASCII punctuation and English articles, collapse spaces."""
    text = "".join(ch for ch in text.lower() if ch not in _SQUAD_PUNCT)
    return " ".join(re.sub(r"\b(a|an|the)\b", " ", text).split())


def _mixed_segmentation(text: str) -> list[str]:
    """Chinese characters one token each; runs of other characters split on spaces."""
    tokens, run = [], ""
    for ch in text:
        if re.search(r"[\u4e00-\u9fa5]", ch) or ch in _UNICODE_PUNCT:
            tokens += run.split() + [ch]
            run = ""
        else:
            run += ch
    return tokens + run.split()


def mlqa_normalise(text: str, language: str) -> str:
    text = "".join(ch for ch in text.lower() if ch not in _UNICODE_PUNCT)
    if language in _MLQA_ARTICLES:
        text = re.sub(_MLQA_ARTICLES[language], " ", text)
    tokens = _mixed_segmentation(text) if language == "zh" else text.split()
    return " ".join(t for t in tokens if t.strip())


def _f1(prediction: str, gold: str) -> float:
    common = Counter(prediction.split()) & Counter(gold.split())
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision, recall = same / len(prediction.split()), same / len(gold.split())
    return 2 * precision * recall / (precision + recall)


def qa_scores(dataset: list[dict], predictions: dict[str, str], language: str | None = None) -> dict[str, float]:
    """Exact match and F1 (best over gold answers) of `predictions` (id -> text) on a SQuAD-format dataset.

    Unanswered questions count as wrong, as in the official SQuAD v1.1 script.
    `language` selects the MLQA normalisation; None is SQuAD's.
    """
    normalise = squad_normalise if language is None else (lambda t: mlqa_normalise(t, language))
    exact = f1 = 0.0
    total = 0
    for article in dataset:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                total += 1
                if qa["id"] not in predictions:
                    continue
                guess = normalise(predictions[qa["id"]])
                golds = [normalise(a["text"]) for a in qa["answers"]] or [""]
                exact += max(float(guess == g) for g in golds)
                f1 += max(_f1(guess, g) for g in golds)
    if total == 0:
        raise ReplicateError("qa", "the label file holds no questions")
    return {"exact_match": 100.0 * exact / total, "f1": 100.0 * f1 / total}
