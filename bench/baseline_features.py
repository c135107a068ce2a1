"""Features of a (claim, passage) pair for the baseline combiner (bench/baseline_combiner.py), moved here from claims/.

Every feature is meant to carry across domains (the labelled sets are
biomedical, the users' papers are ML): similarity, coverage of the claim's
words and terms, computed agreement of numbers, and mismatches of negation,
direction and quantifiers.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from claims.numbers import align, parse_quantities
from claims.records import NumberCheck, Quantity
from claims.text import DOWN, EXISTENTIAL, NEGATION, UNIVERSAL, UP, content_words, stem, terms, tokens

FEATURES = (
    "cosine", "fuzzy", "partial", "word_coverage", "term_coverage",
    "num_claim", "num_agree", "num_conflict", "num_unmatched", "conflict_x_cosine", "agree_x_cosine",
    "negation_mismatch", "direction_mismatch", "quantifier_mismatch", "length_ratio",
    "cosine_sq", "coverage_x_cosine", "negation_x_cosine", "direction_x_cosine",
)


def pair_features(claim: str, passage: str, *, cosine: float,
                  claim_quantities: list[Quantity] | None = None) -> tuple[dict[str, float], list[NumberCheck]]:
    """Feature values (named as in FEATURES) and the number checks behind the numeric ones.

    Args:
        claim: the claim text.
        passage: the candidate evidence text.
        cosine: embedding cosine similarity of the two, from the evidence index.
        claim_quantities: the claim's parsed quantities, when the caller already has them.
    """
    passage_words = set(content_words(passage))
    claim_stems = {stem(w) for w in content_words(claim)}
    passage_stems = {stem(w) for w in passage_words}
    claim_terms = terms(claim)
    passage_lower = passage.lower()
    quantities = parse_quantities(claim) if claim_quantities is None else claim_quantities
    checks = align(quantities, parse_quantities(passage), passage_words) if quantities else []
    aligned = [c for c in checks if c.agrees is not None]
    agree = sum(1 for c in aligned if c.agrees)
    conflict = sum(1 for c in aligned if not c.agrees)
    n = len(quantities)
    values = {
        "cosine": cosine,
        "fuzzy": fuzz.token_set_ratio(claim, passage) / 100.0,
        "partial": fuzz.partial_ratio(claim, passage) / 100.0 if len(claim) <= 4 * len(passage) + 20 else 0.0,
        "word_coverage": len(claim_stems & passage_stems) / len(claim_stems) if claim_stems else 0.0,
        "term_coverage": sum(1 for t in claim_terms if t in passage_lower) / len(claim_terms) if claim_terms else 1.0,
        "num_claim": 1.0 if n else 0.0,
        "num_agree": agree / n if n else 0.0,
        "num_conflict": 1.0 if conflict else 0.0,
        "num_unmatched": (n - len(aligned)) / n if n else 0.0,
        "negation_mismatch": float(_has(claim, NEGATION) != _has(passage, NEGATION)),
        "direction_mismatch": _direction_mismatch(claim, passage),
        "quantifier_mismatch": float(_has(claim, UNIVERSAL) and _has(passage, EXISTENTIAL) and not _has(passage, UNIVERSAL)),
        "length_ratio": min(len(passage), 1000) / max(len(claim), 1) / 10.0,
    }
    # Products let a linear combiner learn that a mismatch matters only when the passage is about the claim.
    values["conflict_x_cosine"] = values["num_conflict"] * cosine
    values["agree_x_cosine"] = values["num_agree"] * cosine
    values["cosine_sq"] = cosine * cosine
    values["coverage_x_cosine"] = values["word_coverage"] * cosine
    values["negation_x_cosine"] = values["negation_mismatch"] * cosine
    values["direction_x_cosine"] = values["direction_mismatch"] * cosine
    return values, checks


def _has(text: str, lexicon: frozenset[str]) -> bool:
    return any(t in lexicon or t.endswith("n't") and lexicon is NEGATION for t in tokens(text))


def _direction(text: str) -> int:
    words = tokens(text)
    up = sum(w in UP for w in words)
    down = sum(w in DOWN for w in words)
    return (up > down) - (down > up)


def _direction_mismatch(claim: str, passage: str) -> float:
    a, b = _direction(claim), _direction(passage)
    return 1.0 if a and b and a != b else 0.0
