"""Claims -> Verdicts: retrieve candidate passages, rerank them with the cross-encoder, decide, calibrate.

Candidates come from embeddings, BM25 and fuzzy matching (claims.evidence);
the best of them by retrieval score are read by the cross-encoder together
with the claim, the first few before the rest, which are read only where a
decision on the first does not settle the claim; the decision rule
(claims.decide) picks the passage that decides and how. The verdict quotes
that passage first. Its confidence is the card's calibration map for the
decision key applied to the raw score: the probability, measured on
held-apart data, that such a verdict is right.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from claims.calibration import softmax
from claims.card import VerifierModel, searched_setting
from claims.decide import Decision, decide_at
from claims.embed import Embedder, load_embedder
from claims.errors import ClaimInputError
from claims.evidence import SHORTLIST, Candidate, EvidenceIndex
from claims.extract import claim_kind, reported
from claims.numbers import parse_quantities
from claims.paper_names import PaperNames
from claims.passages import Passage, table_key, tables_of
from claims.precision import base_name
from claims.records import LABELS, Claim, Evidence, Verdict
from claims.subject import names_term, purpose_statement, subject_terms
from claims.table_cells import row_label, row_named
from claims.text import STOPWORDS, content_words, tokens

MAX_CLAIM_CHARS = 2000
_EVIDENCE_SHOWN = 3
# Passages the cross-encoder reads per claim: the best by retrieval score. Reading them is most of a claim's time
# (8 passages: 10.7 of 16.8 s for 100 claims). With windows of three sentences among the passages, the best are
# longer: 6 took 17.6 s for the bench's 100 claims on the 2-core machine in fp32; 5 reads as many of the hand-labelled
# calibration claims right (0.557 either way; 4: 0.532).
RERANK = 5
# Of those, read first; the rest only where the decision on these has a raw score (the reading's probability of its
# label, before the card's maps) below SETTLED. On T2's readings of the read sets unseen60-69 (3,600 claims), reading
# the rest for the sixth of the claims so left decides as well as reading all five (macro-F1 unchanged on average,
# ECE within 0.002) with a third fewer pairs read (docs/verifier.md, session 59). The raw score, not the calibrated
# confidence, so that the maps are fitted on the verdicts this rule gives and not the other way round.
FIRST_READ = 3
SETTLED = 0.7
# Rows a claim names read beside a shortlisted row of their table, at most.
_NAMED_ROWS = 2


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
        return "the claim does not look like English; the embedder and the cross-encoder read English only"
    return None


@dataclass
class Reading:
    """A claim's shortlisted passages and the cross-encoder's probabilities for each: all a decision needs,
    kept apart from deciding so that the commit threshold can be fitted without reading again."""

    claim: Claim
    candidates: list[Candidate]
    probs: np.ndarray
    genre: str  # claims.genre: which calibration claims its confidence is fitted among
    # How many candidates retrieval shortlisted; those after them are rows the claim names (Verifier._with_named_rows).
    shortlisted: int = RERANK

    def first(self) -> list[int] | None:
        """The candidates read first (the best FIRST_READ of the shortlist, and the named rows), where the reading
        holds more than those."""
        shortlisted = min(self.shortlisted, len(self.candidates))
        if shortlisted <= FIRST_READ:
            return None
        return [*range(FIRST_READ), *range(shortlisted, len(self.candidates))]

    def part(self, indices: list[int]) -> Reading:
        """The reading of the candidates at `indices` alone (first)."""
        return Reading(self.claim, [self.candidates[i] for i in indices], self.probs[indices], self.genre,
                       min(self.shortlisted, FIRST_READ))


def _settles(decision: Decision) -> bool:
    return decision.raw >= SETTLED


def reading_setting(reading: Reading) -> str:
    """The setting a reading commits in: 'fulltext' where its best retrieved passage has a page (claims.card)."""
    return searched_setting(reading.candidates[0].passage.page)


def premises(claim: Claim, candidates: list[Candidate], papers: PaperNames) -> list[str]:
    """What the cross-encoder reads of each candidate passage for `claim`, in order: the passage (after its title
    where that names the claim's thing, Passage.read), after the sentence in which its paper names a thing of its own
    that the claim names and the passage leaves unsaid ("We call this smaller model BERT-small." before "word
    translation works better on layer 0 (.88 vs. .79)")."""
    terms = subject_terms(claim.text)
    out = []
    for c in candidates:
        text = c.passage.read(terms)
        defined = dict.fromkeys(d for t in terms if not names_term(t, text)
                                and (d := papers.definition(c.passage.paper_id, t)) and d != c.passage.text)
        out.append(" ".join([*defined, text]))
    return out


class Verifier:
    def __init__(self, model: VerifierModel, embedder: Embedder, index: EvidenceIndex, k: int = SHORTLIST, rerank: int = RERANK):
        self.model = model
        self.embedder = embedder
        self.index = index
        self.k = k
        self.rerank = rerank
        self.tables = tables_of(index.passages)
        self.papers = PaperNames(index.passages)
        # The genre classifier reads the vectors of the embedder it was fitted on; another retrieval embedder
        # leaves that one to read genres.
        genres = model.card.genres.embedder
        self.genre_embedder = embedder if base_name(embedder.name) == genres else load_embedder(genres)

    @classmethod
    def deciding(cls, model: VerifierModel, tables: dict[tuple, list[Passage]], papers: PaperNames) -> Verifier:
        """A verifier that decides readings kept from another (judge_all) and reads nothing: deciding asks only the
        card and the tables and names of the papers read, so a change of the decision rule is tried without the
        embedder, the index or the cross-encoder."""
        verifier = cls.__new__(cls)
        verifier.model, verifier.tables, verifier.papers = model, tables, papers
        return verifier

    def verify(self, claims: list[Claim]) -> list[Verdict]:
        return self.judge_all(self.read(claims))

    def judge_all(self, readings: list[Verdict | Reading]) -> list[Verdict]:
        """The verdicts on readings; a verdict given without reading (claims.verify.Verifier.read) as it is."""
        return [r if isinstance(r, Verdict) else self.judge(r) for r in readings]

    def read(self, claims: list[Claim], lazy: bool = True) -> list[Verdict | Reading]:
        """Each claim's reading, or its verdict where it cannot be checked. `lazy`: the shortlist's passages after
        the first FIRST_READ are read only where the decision on those, at the card's commit threshold, does not
        settle the claim (judge decides the same from either reading); else every passage is read, as calibration
        needs to decide at other thresholds."""
        why_not = [_unverifiable(c.text) for c in claims]
        purpose = [why is None and purpose_statement(c.text) for c, why in zip(claims, why_not)]
        todo = [i for i in range(len(claims)) if why_not[i] is None and not purpose[i]]
        texts = [claims[i].text for i in todo]
        vectors = self.embedder.encode(texts)
        found = self.index.search(texts, vectors, self.k)
        genre_vectors = vectors if self.genre_embedder is self.embedder else self.genre_embedder.encode(texts)
        genres = dict(zip(todo, self.model.card.genres.classify(genre_vectors)))
        readings = {i: Reading(claims[i], self._with_named_rows(claims[i], cands[: self.rerank]), np.zeros((0, 3)),
                               genres[i], min(self.rerank, len(cands))) for i, cands in zip(todo, found)}
        firsts = {i: r.first() or list(range(len(r.candidates))) for i, r in readings.items()}
        rest = {i: [n for n in range(len(r.candidates)) if n not in set(firsts[i])] for i, r in readings.items()}
        for i, probs in self._probabilities(readings, firsts).items():
            readings[i] = replace(readings[i], probs=np.zeros((len(readings[i].candidates), 3)))
            readings[i].probs[firsts[i]] = probs
            if not (lazy and rest[i]):
                continue
            part = readings[i].part(firsts[i])
            commit = self.model.card.commit[reading_setting(part)]
            if _settles(self._decided(part, (commit,), self._tables(part.candidates))[0]):
                readings[i], rest[i] = part, []
        for i, probs in self._probabilities(readings, {i: ns for i, ns in rest.items() if ns}).items():
            readings[i].probs[rest[i]] = probs
        out: list[Verdict | Reading] = []
        for i, claim in enumerate(claims):
            if purpose[i]:
                out.append(self.not_checked(claim, "a statement of purpose or method, not a finding: not checkable", False))
            elif why_not[i] is not None:
                out.append(self.not_checked(claim, why_not[i]))
            elif not readings[i].candidates:
                out.append(self.not_checked(claim, "no passages to search (no papers given or found)"))
            else:
                out.append(readings[i])
        return out

    def _probabilities(self, readings: dict[int, Reading], wanted: dict[int, list[int]]) -> dict[int, np.ndarray]:
        """The cross-encoder's probabilities for the candidates at `wanted` of each claim's reading, in one batch."""
        pairs = [(i, n) for i, ns in wanted.items() for n in ns]
        if not pairs:
            return {i: np.zeros((0, 3)) for i in wanted}
        premise = {i: premises(readings[i].claim, [readings[i].candidates[n] for n in ns], self.papers)
                   for i, ns in wanted.items()}
        logits = self.model.crossencoder.logits([text for i in wanted for text in premise[i]],
                                                [reported(readings[i].claim.text) for i, _ in pairs])
        probs = softmax(logits, self.model.card.temperature)
        out, start = {}, 0
        for i, ns in wanted.items():
            out[i] = probs[start:start + len(ns)]
            start += len(ns)
        return out

    def _with_named_rows(self, claim: Claim, shortlist: list[Candidate]) -> list[Candidate]:
        """The shortlist, and the rows the claim names of each table a shortlisted row belongs to. A claim's numbers
        are compared only at the cells of a row it names; retrieval finds the table by its words, and often a row
        beside that one ("En/De mixed (CE)" for a claim about "mixed En/De data with the re-weighted loss", the row
        "(RW)")."""
        if not claim.quantities:
            return shortlist
        shown = {id(c.passage) for c in shortlist}
        extra: list[Candidate] = []
        for key in dict.fromkeys(table_key(c.passage) for c in shortlist if c.passage.row is not None):
            rows = self.tables.get(key, [])
            labels = [row_label(p.row) for p in rows]
            extra += [Candidate(p) for p, label in zip(rows, labels)
                      if id(p) not in shown and row_named(label, claim.text, labels)]
        return shortlist + extra[:_NAMED_ROWS]

    def not_checked(self, claim: Claim, reason: str, checkable: bool = True) -> Verdict:
        """NOT_ENOUGH_INFO without reading: the claim cannot be checked against these passages, for `reason`."""
        confidence = self.model.card.confidence("model:NOT_ENOUGH_INFO", 1.0)
        return Verdict(id=claim.id, claim=claim.text, label="NOT_ENOUGH_INFO", confidence=round(confidence, 4),
                       reason=reason, checkable=checkable)

    def _tables(self, candidates: list[Candidate]) -> list[list[Passage]]:
        return [self.tables.get(table_key(c.passage), []) for c in candidates]

    def decisions(self, reading: Reading, commits: tuple[float, ...]) -> list[Decision]:
        """How the reading is decided at each commit threshold (claims.decide.decide_at), by the first passages
        where they settle it (Reading.first)."""
        full = self._decided(reading, commits, self._tables(reading.candidates))
        first = reading.first()
        if first is None:
            return full
        part = reading.part(first)
        early = self._decided(part, commits, self._tables(part.candidates))
        return [replace(e, best=first[e.best]) if _settles(e) else f for e, f in zip(early, full)]

    def _decided(self, reading: Reading, commits: tuple[float, ...], tables: list[list[Passage]]) -> list[Decision]:
        candidates = reading.candidates
        return decide_at(reading.claim.text, reading.claim.quantities, [c.passage.text for c in candidates], reading.probs,
                         [c.passage.row for c in candidates], [self.papers.around(c.passage) for c in candidates],
                         commits, [[p.row for p in table] for table in tables])

    def judge(self, reading: Reading, commit: float | None = None) -> Verdict:
        """The verdict on a reading, committing at the card's threshold for its setting unless `commit` is given:
        the first passages' where they settle it (Reading.first), else all of them."""
        commit = self.model.card.commit[reading_setting(reading)] if commit is None else commit
        first = reading.first()
        if first is not None:
            part = reading.part(first)
            tables = self._tables(part.candidates)
            decision = self._decided(part, (commit,), tables)[0]
            if _settles(decision):
                return self._verdict(part, decision, tables)
        tables = self._tables(reading.candidates)
        return self._verdict(reading, self._decided(reading, (commit,), tables)[0], tables)

    def _verdict(self, reading: Reading, decision: Decision, tables: list[list[Passage]]) -> Verdict:
        claim, candidates, probs = reading.claim, reading.candidates, reading.probs
        best = candidates[decision.best]
        # A comparison was decided by two rows or more: each is quoted, the deciding candidate's first.
        compared = [Candidate(p) for p in tables[decision.best] if p.row in decision.compared and p is not best.passage]
        shown = [best, *compared, *(c for i, c in enumerate(candidates) if i != decision.best)]
        return Verdict(
            id=claim.id,
            claim=claim.text,
            label=decision.label,
            confidence=round(self.model.card.confidence(decision.key, decision.raw, best.passage.shown,
                                                        searched_setting(best.passage.page), reading.genre), 4),
            evidence=[_evidence(c) for c in shown[:max(_EVIDENCE_SHOWN, 1 + len(compared))]],
            numbers=decision.numbers,
            features={name: round(v, 4) for name, v in best.scores.items()},
            probabilities={name: round(float(p), 4) for name, p in zip(LABELS, probs[decision.best])},
            reason=decision.reason,
            decided_by=decision.path,
            raw_score=round(decision.raw, 4),
            genre=reading.genre,
        )


def _evidence(candidate: Candidate) -> Evidence:
    p = candidate.passage
    return Evidence(arxiv_id=p.arxiv_id, paper_id=p.paper_id, version=p.version, page=p.page, quote=p.shown,
                    score=round(candidate.retrieval, 4))


def claim_from_text(claim_id: str, text: str) -> Claim:
    """A Claim record for user-given text (kind from its numbers and comparatives)."""
    text = check_claim_text(claim_id, text)
    quantities = parse_quantities(text)
    return Claim(id=claim_id, text=text, kind=claim_kind(text, bool(quantities)), quantities=quantities)
