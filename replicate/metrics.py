"""XTREME's metrics as pure functions over lists, with its definitions (google-research/xtreme evaluate.py).

All scores are percentages (x100), as XTREME prints them:

- pawsx, xnli, tatoeba: accuracy of one label per line;
- panx, udpos: seqeval span F1 over sentences of tags, as seqeval 0.0.12 computes
  it (the release XTREME's unpinned `pip install seqeval` got in 2020, and the
  one jiant pins). XTREME calls the POS score accuracy but computes this F1, and
  so does synth, to match it. synth has its own copy of those rules
  (`tagging_chunks`), since seqeval >= 1.0 reads tags without a B-/I- prefix
  differently (see `tagging_chunks`);
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
from collections import Counter

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


# seqeval 0.0.12 reads a tag as a boundary letter (its first character) and a chunk type (the text after its last
# '-', or the whole tag when it has none). These sets name the letters its chunk rules treat specially.
_ENDS_ITS_CHUNK = frozenset("ES")  # a chunk always closes after an E (end) or S (single) token
_INSIDE = frozenset("BI")
_CLOSES_INSIDE = frozenset("BSO")  # after a B or I token, these letters close the chunk
_NO_CHUNK = frozenset("O.")  # letters that never open a chunk or close one by a change of type
_OPENS = frozenset("BS")
_CONTINUES = frozenset("EI")  # these letters open a new chunk after an E, S or O token
_BEFORE_REOPEN = frozenset("ESO")


def tagging_chunks(sentences: list[list[str]]) -> set[tuple[str, int, int]]:
    """The chunks (type, first position, last position) that seqeval 0.0.12 finds in `sentences`.

    The sentences are read as one stream, each followed by an 'O' (positions count
    through it). Every tag is split into a boundary letter and a type: 'B-PER' into
    B and PER, a POS tag such as 'NOUN' into N and NOUN. So a run of equal POS tags is
    one chunk ('NOUN NOUN' is one span), and tags starting with S (SCONJ, SYM) are
    single-token chunks. seqeval >= 1.0 takes the type from the text after the first
    character instead ('OUN'), which makes CCONJ and SCONJ one type ('CONJ') and gives
    'X' the type of 'O', so X tokens form no chunk: UD-POS F1 moves by a few tenths.
    For well-formed IOB2/IOBES tags (PAN-X) both versions agree.

    Example:
        >>> sorted(tagging_chunks([["B-PER", "I-PER", "O", "B-LOC"], ["NOUN", "NOUN", "VERB"]]))
        [('LOC', 3, 3), ('NOUN', 5, 6), ('PER', 0, 1), ('VERB', 7, 7)]
    """
    stream = [tag for sentence in sentences for tag in (*sentence, "O")] + ["O"]
    chunks: set[tuple[str, int, int]] = set()
    last_letter, last_type, opened = "O", "", 0
    for position, tag in enumerate(stream):
        if not tag:
            raise ReplicateError("tagging", f"empty tag at position {position} (sentences joined, an 'O' after each)")
        letter, kind = tag[0], tag.rsplit("-", 1)[-1]
        new_type = kind != last_type
        closes = (last_letter in _ENDS_ITS_CHUNK or (last_letter in _INSIDE and letter in _CLOSES_INSIDE)
                  or (last_letter not in _NO_CHUNK and new_type))
        opens = (letter in _OPENS or (last_letter in _BEFORE_REOPEN and letter in _CONTINUES)
                 or (letter not in _NO_CHUNK and new_type))
        if closes:
            chunks.add((last_type, opened, position - 1))
        if opens:
            opened = position
        last_letter, last_type = letter, kind
    return chunks


def tagging_f1(labels: list[list[str]], predictions: list[list[str]]) -> dict[str, float]:
    """Micro span precision, recall and F1 over sentences of tags, as seqeval 0.0.12 gives them (what XTREME
    reports for PAN-X and UD-POS); 0 where nothing was predicted or there is nothing to find.

    Example:
        >>> tagging_f1([["NOUN", "NOUN", "VERB"]], [["NOUN", "ADJ", "VERB"]])
        {'f1': 40.0, 'precision': 33.33333333333333, 'recall': 50.0}
    """
    if len(labels) != len(predictions) or any(len(a) != len(b) for a, b in zip(labels, predictions)):
        raise ReplicateError("tagging", "prediction sentences do not line up with the label sentences")
    gold, found = tagging_chunks(labels), tagging_chunks(predictions)
    correct = len(gold & found)
    precision = correct / len(found) if found else 0
    recall = correct / len(gold) if gold else 0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0
    return {"f1": 100.0 * f1, "precision": 100.0 * precision, "recall": 100.0 * recall}


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
