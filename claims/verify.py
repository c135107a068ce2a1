"""Claims -> Verdicts: retrieve candidate passages, score each pair, decide, calibrate.

Decision rule (`decide`, the same in training, evaluation and use): the
combiner gives each candidate passage probabilities for SUPPORTED / REFUTED /
NOT_ENOUGH_INFO; a near-verbatim passage settles a numeric claim by the
computed number check, otherwise the most decisive candidate decides. The
raw score, mapped through the calibration fitted on held-out data for that
decision path and label, is the confidence: the chance the verdict is right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.combiner import Combiner
from claims.embed import Embedder
from claims.errors import ClaimInputError
from claims.evidence import Candidate, EvidenceIndex
from claims.extract import claim_kind
from claims.features import pair_features
from claims.nli import NLI_FEATURES, PairScorer
from claims.numbers import parse_quantities
from claims.records import LABELS, Claim, Evidence, NumberCheck, Verdict
from claims.text import STOPWORDS, content_words, tokens

MAX_CLAIM_CHARS = 2000
_EVIDENCE_SHOWN = 3


@dataclass
class Decision:
    best: int  # index of the evidence candidate
    label: int  # index into LABELS
    raw: float  # the combiner's probability of that label for that candidate
    path: str  # "numeric" (near-verbatim passage) or "aligned" (a passage stating the quantity) or "model"

    @property
    def calibration_key(self) -> str:
        return LABELS[self.label] if self.path == "model" else f"{self.path}:{LABELS[self.label]}"


def _states_the_same(row: dict[str, float]) -> bool:
    """The passage says what the claim says, numbers aside (near-verbatim, all claim words present)."""
    return bool(row["num_claim"]) and row["fuzzy"] >= 0.9 and row["word_coverage"] >= 0.8


def _states_the_number(row: dict[str, float]) -> bool:
    """The passage is about the claim and states one of its quantities (aligned: agreeing or not)."""
    aligned = row["num_agree"] > 0 or row["num_conflict"] > 0
    return bool(row["num_claim"]) and aligned and row["word_coverage"] >= 0.5 and row["cosine"] >= 0.4


def decide(probs: np.ndarray, rows: list[dict[str, float]]) -> Decision:
    """The verdict from candidate probabilities (n, 3) and the candidates' features.

    Numeric claims are settled by computation where a passage states their
    quantity: first a near-verbatim passage ("numeric"), else a passage about
    the claim that states an aligned quantity ("aligned"). Agreeing numbers
    support the claim (agreement wins over a conflict elsewhere, which is then
    about another setting); a conflicting number refutes it. Otherwise the most
    decisive candidate (highest SUPPORTED or REFUTED probability) decides, by
    its most probable label.

    Example:
        >>> rows = [{"num_claim": 0.0, "fuzzy": 0.5, "word_coverage": 0.5}] * 2
        >>> decide(np.array([[0.2, 0.1, 0.7], [0.6, 0.1, 0.3]]), rows)
        Decision(best=1, label=0, raw=0.6, path='model')
    """
    if probs.ndim != 2 or probs.shape[1] != 3 or probs.shape[0] == 0 or len(rows) != probs.shape[0]:
        raise ValueError(f"expected (n>0, 3) probabilities and n feature rows, got {probs.shape} and {len(rows)}")
    for path, states in (("numeric", _states_the_same), ("aligned", _states_the_number)):
        about = [i for i, row in enumerate(rows) if states(row)]
        agreeing = [i for i in about if rows[i]["num_agree"] > 0 and not rows[i]["num_conflict"]]
        conflicting = [i for i in about if rows[i]["num_conflict"]]
        if agreeing:
            best = max(agreeing, key=lambda i: (rows[i]["num_agree"], probs[i, 0]))
            return Decision(best, 0, float(probs[best, 0]), path)
        if conflicting:
            best = max(conflicting, key=lambda i: (rows[i]["fuzzy"], probs[i, 1]))
            return Decision(best, 1, float(probs[best, 1]), path)
    decisive = probs[:, :2].max(axis=1)
    best = int(np.argmax(decisive))
    label = int(np.argmax(probs[best]))
    return Decision(best, label, float(probs[best, label]), "model")


def check_claim_text(claim_id: str, text: str) -> str:
    stripped = " ".join(text.split())
    if not stripped:
        raise ClaimInputError(claim_id, "empty claim")
    if len(stripped) > MAX_CLAIM_CHARS:
        raise ClaimInputError(claim_id, f"claim is {len(stripped)} characters; a claim is one statement of at most {MAX_CLAIM_CHARS}")
    return stripped


def _unverifiable(text: str) -> str | None:
    """Why a claim cannot be checked at all, or None."""
    words = content_words(text)
    if not words:
        return "the claim has no words to check (only numbers or symbols)"
    all_tokens = tokens(text)
    english = sum(t in STOPWORDS for t in all_tokens)
    latin = sum(c.isascii() for c in text if c.isalpha()) / max(1, sum(c.isalpha() for c in text))
    if latin < 0.5 or (len(all_tokens) >= 8 and english == 0):
        return "the claim does not look like English; the default embedder and features are English-only"
    return None


class Verifier:
    def __init__(self, combiner: Combiner, embedder: Embedder, index: EvidenceIndex, k: int = 6,
                 nli: PairScorer | None = None):
        uses_nli = set(NLI_FEATURES) <= set(combiner.features)
        if uses_nli and nli is None:
            raise ClaimInputError("--nli", f"this verifier was trained with an NLI model ({combiner.training.get('nli')}); give its folder with --nli")
        if nli is not None and not uses_nli:
            raise ClaimInputError("--nli", "this verifier was trained without NLI features; retrain it with --nli to use one")
        self.combiner = combiner
        self.embedder = embedder
        self.index = index
        self.k = k
        self.nli = nli

    def verify(self, claims: list[Claim]) -> list[Verdict]:
        why_not = {c.id: _unverifiable(c.text) for c in claims}
        checkable = [c for c in claims if why_not[c.id] is None]
        vectors = self.embedder.encode([c.text for c in checkable])
        found = dict(zip((c.id for c in checkable), self.index.search([c.text for c in checkable], vectors, self.k)))
        return [self._judge(c, found[c.id]) if c.id in found else self._nei(c, why_not[c.id] or "") for c in claims]

    def _nei(self, claim: Claim, reason: str) -> Verdict:
        confidence = self.combiner.confidence("NOT_ENOUGH_INFO", 1.0)
        return Verdict(id=claim.id, claim=claim.text, label="NOT_ENOUGH_INFO", confidence=confidence, reason=reason)

    def _judge(self, claim: Claim, candidates: list[Candidate]) -> Verdict:
        if not candidates:
            return self._nei(claim, "no passages to search (no papers given or found)")
        rows, checks = [], []
        for cand in candidates:
            values, number_checks = pair_features(claim.text, cand.passage.text, cosine=cand.scores["cosine"],
                                                  claim_quantities=claim.quantities)
            rows.append(values)
            checks.append(number_checks)
        if self.nli is not None:
            for row, extra in zip(rows, self.nli.score([claim.text] * len(candidates), [c.passage.text for c in candidates])):
                row.update(extra)
        probs = self.combiner.proba(rows)
        decision = decide(probs, rows)
        best, label = decision.best, LABELS[decision.label]
        order = [best] + [i for i in np.argsort(-probs[:, :2].max(axis=1), kind="stable") if i != best]
        evidence = [_evidence(candidates[i]) for i in order[:_EVIDENCE_SHOWN]]
        return Verdict(
            id=claim.id,
            claim=claim.text,
            label=label,
            confidence=round(self.combiner.confidence(decision.calibration_key, decision.raw), 4),
            evidence=evidence,
            numbers=checks[best],
            features={k: round(v, 4) for k, v in rows[best].items()},
            probabilities={name: round(float(p), 4) for name, p in zip(LABELS, probs[best])},
            reason=_reason(label, checks[best], rows[best]),
            decided_by=decision.path,
            raw_score=round(decision.raw, 4),
        )


def _evidence(candidate: Candidate) -> Evidence:
    p = candidate.passage
    return Evidence(arxiv_id=p.arxiv_id, paper_id=p.paper_id, version=p.version, page=p.page, quote=p.text,
                    score=round(candidate.retrieval, 4))


def _reason(label: str, checks: list[NumberCheck], features: dict[str, float]) -> str:
    conflicts = [c for c in checks if c.agrees is False]
    if label == "REFUTED" and conflicts:
        c = conflicts[0]
        return (f"the claim states {c.claim.text!r} where the evidence states {c.evidence.text!r} "
                f"(difference {abs(c.claim.value - c.evidence.value):g}, tolerance {c.tolerance:g})")
    agreed = [c for c in checks if c.agrees]
    if label == "SUPPORTED" and agreed:
        return "numbers agree: " + "; ".join(f"{c.claim.text!r} = {c.evidence.text!r}" for c in agreed)
    return f"best passage similarity {features['cosine']:.2f}, claim words covered {features['word_coverage']:.0%}"


def claim_from_text(claim_id: str, text: str) -> Claim:
    """A Claim record for user-given text (kind from its numbers and comparatives)."""
    text = check_claim_text(claim_id, text)
    quantities = parse_quantities(text)
    return Claim(id=claim_id, text=text, kind=claim_kind(text, bool(quantities)), quantities=quantities)
