"""The decision rule: candidate passages and their cross-encoder probabilities -> one verdict and how it was reached.

The same function runs in calibration, measurement and use:
1. numbers ("numeric"): a passage that names all of the claim's subject terms,
   that the cross-encoder reads as bearing on the claim, and that states a
   number of the same measure (unit, role, words around it) settles the claim
   by computation: agreeing numbers support it (unless the cross-encoder reads
   a contradiction, e.g. a flipped direction), a conflicting number refutes it;
2. the cross-encoder ("model"): among passages about the claim's subject, the
   most decisive one decides by its most probable label;
3. otherwise NOT_ENOUGH_INFO: "subject" when only a passage about something
   else looked decisive, "model" when no passage bears on the claim.
The raw score behind each path is what its calibration map turns into the
probability that the verdict is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from claims.nli_data import NEI, REF, SUP
from claims.numbers import align, parse_quantities
from claims.records import LABELS, NumberCheck, Quantity
from claims.subject import SubjectMatch, same_subject, subject_terms
from claims.text import content_words

# The cross-encoder must give a passage at least this much S+R mass for its numbers to be compared with the claim's.
RELEVANT = 0.5


@dataclass
class Decision:
    best: int  # index of the deciding (or, for NOT_ENOUGH_INFO, the most relevant) passage
    label: str
    raw: float
    path: str  # "numeric", "model" or "subject"
    reason: str
    numbers: list[NumberCheck] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.path}:{self.label}"


def _numbers(claim_quantities: list[Quantity], passage: str) -> list[NumberCheck]:
    return align(claim_quantities, parse_quantities(passage), set(content_words(passage)))


def _shown(checks: list[NumberCheck]) -> str:
    return "; ".join(f"claim {c.claim.text!r} vs evidence {c.evidence.text!r} ({c.why})" for c in checks if c.evidence is not None)


def decide(claim: str, quantities: list[Quantity], passages: list[str], probs: np.ndarray) -> Decision:
    """The verdict for a claim from its candidate passages and their (n, 3) probabilities in LABELS order."""
    if probs.ndim != 2 or probs.shape != (len(passages), 3) or not passages:
        raise ValueError(f"expected (n>0, 3) probabilities for n passages, got {probs.shape} and {len(passages)}")
    terms = subject_terms(claim)
    matches: list[SubjectMatch] = [same_subject(terms, p) for p in passages]
    relevance = 1.0 - probs[:, NEI]
    by_relevance = [int(i) for i in np.argsort(-relevance, kind="stable")]

    if quantities:
        conflicting: tuple[int, list[NumberCheck]] | None = None  # the most relevant; used only if none agrees
        for i in by_relevance:
            if matches[i].missing or relevance[i] < RELEVANT:
                continue
            checks = _numbers(quantities, passages[i])
            aligned = [c for c in checks if c.agrees is not None]
            if aligned and all(c.agrees for c in aligned) and int(np.argmax(probs[i])) != REF:
                return Decision(i, "SUPPORTED", float(relevance[i]), "numeric", "numbers agree: " + _shown(checks), checks)
            if conflicting is None and any(c.agrees is False for c in aligned):
                conflicting = (i, checks)
        if conflicting is not None:
            i, checks = conflicting
            c = next(c for c in checks if c.agrees is False)
            reason = (f"the claim states {c.claim.text!r} where the evidence states {c.evidence.text!r} "
                      f"(difference {abs(c.claim.value - c.evidence.value):g}, tolerance {c.tolerance:g}; {c.why})")
            return Decision(i, "REFUTED", float(relevance[i]), "numeric", reason, checks)

    decisive = probs[:, [SUP, REF]].max(axis=1)
    about = [i for i in range(len(passages)) if matches[i].about]
    if about:
        best = max(about, key=lambda i: decisive[i])
        label = int(np.argmax(probs[best]))
        if label != NEI:
            return Decision(best, LABELS[label], float(probs[best, label]), "model",
                            f"the cross-encoder reads the passage as {'supporting' if label == SUP else 'contradicting'} "
                            f"the claim (p={probs[best, label]:.2f})", _numbers(quantities, passages[best]) if quantities else [])
    elsewhere = [i for i in range(len(passages)) if not matches[i].about and int(np.argmax(probs[i])) != NEI]
    top_about = max((decisive[i] for i in about), default=0.0)
    if elsewhere and max(decisive[i] for i in elsewhere) > top_about:
        i = max(elsewhere, key=lambda j: decisive[j])
        return Decision(i, "NOT_ENOUGH_INFO", float(decisive[i]), "subject",
                        f"the most decisive passage is not about {', '.join(matches[i].missing)}")
    best = by_relevance[0]
    return Decision(best, "NOT_ENOUGH_INFO", float(1.0 - top_about if about else 1.0 - decisive.max()), "model",
                    "no passage about the claim supports or contradicts it")
