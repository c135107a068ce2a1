"""Numeric self-check on a paper: its own numeric claims should be SUPPORTED, and REFUTED with one number changed.

Used by the benchmark on real ML papers that the verifier never trained on.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claims.card import VerifierModel
from claims.embed import Embedder
from claims.evidence import EvidenceIndex
from claims.extract import extract_claims
from claims.numbers import perturb
from claims.passages import document_passages
from claims.records import Claim, Verdict
from claims.verify import Verifier, claim_from_text
from synth.documents.records import Document


@dataclass
class Checked:
    claim: Claim
    gold: str  # SUPPORTED for the paper's own sentence, REFUTED for it with a number changed
    verdict: Verdict

    @property
    def correct(self) -> bool:
        return self.verdict.label == self.gold

    @property
    def quotes_both_numbers(self) -> bool:
        return any(c.agrees is False and c.evidence is not None for c in self.verdict.numbers)


def numeric_claims(document: Document, limit: int) -> list[Claim]:
    """The paper's claims that state a number with a unit, first `limit` in reading order."""
    picked = [c for c in extract_claims(document) if any(q.unit for q in c.quantities)]
    return picked[:limit]


def self_check(document: Document, model: VerifierModel, embedder: Embedder, *, limit: int = 40,
               cache_dir: Path | None = None) -> list[Checked]:
    """Verify each numeric claim of `document` against the document, as stated and with a number changed."""
    claims = numeric_claims(document, limit)
    changed = []
    for claim in claims:
        quantity = next(q for q in claim.quantities if q.unit)
        changed.append(claim_from_text(f"{claim.id}/changed", perturb(claim.text, quantity)))
    index = EvidenceIndex(document_passages(document), embedder, cache_dir)
    verdicts = Verifier(model, embedder, index).verify(claims + changed)
    golds = ["SUPPORTED"] * len(claims) + ["REFUTED"] * len(changed)
    return [Checked(c, g, v) for c, g, v in zip(claims + changed, golds, verdicts)]
