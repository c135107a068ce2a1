"""A claim's number against the table cell it is about: the cell at the claim's row and column.

"BiLSTM-max gets 70.4 on French" is about one cell: the row labelled
BiLSTM-max, the column headed fr. A row is the claim's when the claim names
every word of its label (citation years and "et al." aside); a column is the
claim's when the claim names each level of its header that tells it apart from
the other columns ("DE / F1" needs German and F1 when P and R sit beside it);
language codes stand for their languages and abbreviations for their words.
When no single column is named, nothing is compared: the claim could mean any.
"""

from __future__ import annotations

import re

from claims.numbers import agrees, compatible, parse_quantities, tolerance
from claims.passages import RowCells
from claims.records import NumberCheck, Quantity
from claims.subject import LANGUAGE_CODES
from claims.text import stem

# "Recall@20" and "F1" are one word each; "Recall@20" is not "Recall".
_WORD = re.compile(r"[a-z0-9]+(?:[.@][a-z0-9]+)*\.?")
_NOT_A_NAME = frozenset({"et", "al", "al.", "and", "the", "with", "of", "on", "w/o", "w", "o"})
_ABBREVIATIONS = {"avg": "average", "acc": "accuracy", "w/o": "without"}


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _stems(text: str) -> set[str]:
    return {stem(w.rstrip(".")) for w in _words(text)}


def _named(level: str, claim_stems: set[str], claim_words: list[str]) -> bool:
    """Does the claim name this header level (a word, a language by its code, an abbreviation)?"""
    code = LANGUAGE_CODES.get(level.strip().lower())
    if code is not None:
        return code.lower() in claim_stems or level.strip().lower() in claim_stems
    words = [w for w in _words(level) if w not in _NOT_A_NAME]
    if not words:
        return False
    for word in words:
        bare = word.rstrip(".")
        full = _ABBREVIATIONS.get(bare)
        if stem(bare) in claim_stems or (full and stem(full) in claim_stems):
            continue
        if word.endswith(".") and any(w.startswith(bare) for w in claim_words):
            continue  # "Acc." for accuracy
        return False
    return True


def row_named(label: str, claim: str) -> bool:
    """Does the claim name the row: every word of its label, or its leading number as an ID ("model 17" for the row
    "17 lang-pos;shift-special;no-random;overparam", whose other words then name it too)?"""
    words = [w.rstrip(".") for w in _words(label) if w not in _NOT_A_NAME and not re.fullmatch(r"(?:19|20)\d\d[a-z]?", w)]
    if len(words) > 1 and words[0].isdigit():
        if re.search(rf"\b(?:model|id|row|system|setting|variant)\s+{words[0]}\b", claim, re.IGNORECASE):
            return True
        words = words[1:]
    claimed = _stems(claim)
    # A label's clipped word is named by the word it clips ("overparam" by "overparameterized").
    return bool(words) and all(stem(w) in claimed or (len(w) >= 5 and any(c.startswith(w) for c in claimed))
                               for w in words)


def column_scores(headers: list[str], claim_words: list[str]) -> list[int]:
    """For each column, how many of the header levels that tell it apart from the others the claim names."""
    claim_stems = {stem(w.rstrip(".")) for w in claim_words}
    levels = [[lv.strip() for lv in header.split(" / ") if lv.strip()] for header in headers]
    common = set.intersection(*(set(lv) for lv in levels)) if levels else set()
    return [sum(_named(level, claim_stems, claim_words) for level in lv if level not in common) for lv in levels]


def claimed_column(row: RowCells, claim: str) -> int | None:
    """The one column whose distinguishing header levels the claim names, if exactly one.

    The words that name the row are spent on it: the R of "XLM-R" does not name a column headed R (recall).
    """
    label = set(_words(row.label))
    if len(row.cells) == 1:
        return 0
    scores = column_scores([header for header, _ in row.cells], [w for w in _words(claim) if w not in label])
    best = max(scores)
    return scores.index(best) if best > 0 and scores.count(best) == 1 else None


def align_cells(claim: str, quantities: list[Quantity], row: RowCells) -> list[NumberCheck]:
    """The claim's number checked against the cell at its row and column; empty when either is not named."""
    if not row_named(row.label, claim):
        return []
    column = claimed_column(row, claim)
    if column is None:
        return []
    header, text = row.cells[column]
    values = [q for q in parse_quantities(text) if q.role == "absolute"]
    # A bare number in a cell takes its measure from the header, so "71.4 accuracy" may meet it.
    asked = [q for q in quantities if values and (compatible(q, values[0]) or (values[0].unit is None and q.role == "absolute"))]
    if len(asked) != 1 or not values:
        return []
    q, cell = asked[0], values[0]
    why = f"table cell at row {row.label!r}, column {header!r}"
    return [NumberCheck(claim=q, evidence=cell, tolerance=tolerance(q, cell), agrees=agrees(q, cell), why=why)]
