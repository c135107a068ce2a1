"""`synth report`: source paper + related papers -> claims -> independent verdicts -> a ReportSidecar.

Each claim is verified against the other papers of the report, never against
the paper it came from, so "independently verified" means what it says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
import re
from datetime import date
from pathlib import Path

import numpy as np

from claims.card import VerifierModel
from claims.embed import Embedder
from claims.evidence import EvidenceIndex
from claims.extract import extract_claims, is_claim
from claims.numbers import is_score
from claims.passages import Passage
from claims.records import Claim
from claims.replication import PAPER, check
from claims.sources import Sources
from claims.subject import names_no_system, unnamed_own_work
from claims.verify import Verifier, claim_from_text
from synth.documents.sentences import split_sentences
from synth.errors import SynthError
from synth.papers.corpus import Corpus, Hit
from synth.papers.library import Library
from synth.reports.quality import SCORE_FORMULA, quality
from synth.reports.sidecar import Candidate, ClaimRow, ReportPaper, ReportSidecar, RetrievalLog
from synth.reports.synthesis import (QUESTION_SIMILARITY, finding_weight, in_results_section, is_result, summary,
                                     worth_reporting)

# A result (a score, a change, a comparison) is worded apart from the question ("PaSa-7b outperforms Google by
# 37.78% recall@20" against "does an agent find more papers?"), so it bears on it from a lower similarity.
RESULT_SIMILARITY = 0.3
# The source paper was chosen for the question, so a result in its own results, analysis or ablation sections is part
# of the answer even when worded far from it ("RL training enhances recall by 19.96% on RealScholarQuery": 0.20, and
# 0.199 after a change elsewhere: a bar at 0.2 would be chance).
SOURCE_RESULT_SIMILARITY = 0.15
SOURCE_CLAIMS, RELATED_CLAIMS = 40, 2
# A question-first report: its source is chosen among this many search hits, preferring a cached full text
# among the best few.
SOURCE_CANDIDATES, FULL_TEXT_WITHIN = 20, 5
BM25_WEIGHT = 0.5  # of a related paper's scaled BM25 score, beside its cosine with the question
_OWN_WORK_REASON = ("about its own paper's work without naming it (\"our framework\", or a score of an experiment it "
                    "does not name): another paper's words for its own work cannot confirm or contradict it")


def own_unnamed_work(claim: Claim) -> bool:
    """Is a paper's claim about its own work without naming it, so that no other paper can judge it: "our framework
    is proven effective", or a score that does not name what it is of ("With all three modifications the degree of
    multilinguality is drastically lowered (µ .12 vs. .70)", "Compared to mBERT, accuracy is lower (.75 vs. .81)"),
    which is that paper's own experiment."""
    return unnamed_own_work(claim.text) or (names_no_system(claim.text) and any(is_score(q) for q in claim.quantities))


@dataclass
class ReportRequest:
    source: str | None  # None: synth picks the paper that best answers the question (choose_source)
    question: str
    papers: int = 5
    author: str = "synth (machine-generated synthesis)"
    on: date | None = None
    results: Path | None = None  # replication results: numeric claims of 2005.13013 are checked against them


def _paper(sources: Sources, paper_id: str, title: str, arxiv_id: str | None, version: int | None, role, score=None,
           truncated: bool = False) -> ReportPaper:
    text = "full_text" if paper_id in sources.full_text else "truncated_abstract" if truncated else "abstract_only"
    version = sources.versions.get(paper_id, version)  # the version actually read
    return ReportPaper(arxiv_id=arxiv_id, paper_id=paper_id, version=version, title=title, role=role, text=text, score=score)


def _claims_of(passages: list[Passage], stored_claims: list[Claim] | None, paper_key: str) -> list[Claim]:
    """The claims worth reporting: the full text's extracted claims, else the sentences among the passages (one cut
    off in the metadata, as in a truncated abstract, is a fragment and left out like any other); never a window
    of sentences, which only repeats them."""
    if stored_claims is None:
        sentences = [p for p in passages if p.kind in ("abstract", "sentence")]
        stored_claims = [claim_from_text(f"{paper_key}/abstract/{i}", p.text)
                         for i, p in enumerate(sentences) if is_claim(p.text)]
    return [c for c in stored_claims if worth_reporting(c)]


def _one_line(text: str) -> str:
    """A user's text as one line: a newline in --question or --author must not start a heading of its own."""
    return " ".join(text.split())


def build_report(request: ReportRequest, library: Library, model: VerifierModel, embedder: Embedder,
                 progress: Callable[[str], None] = lambda stage: None) -> ReportSidecar:
    request = replace(request, question=_one_line(request.question), author=_one_line(request.author))
    offline = library.settings.offline
    corpus = Corpus(library.cache)
    sources = Sources()
    question_vector = embedder.encode([request.question])[0]
    progress("source paper")
    source, source_choice = (request.source, None) if request.source else \
        choose_source(request.question, corpus, question_vector, embedder)
    sources.add(library, corpus, source, fetch=not offline)
    source_key = sources.full_text[0] if sources.full_text else sources.abstract_only[0]
    known = corpus.get_any(source_key)
    source_title = known.title if known else source_key
    source_passages = list(sources.passages)
    document = library.document(source_key).document if sources.full_text else None

    progress("related papers")
    query = f"{request.question} {source_title}"
    log = RetrievalLog(queries=[query], offline=offline,
                       sources=["bundled arXiv metadata corpus", "papers in the cache"] + ([] if offline else ["arXiv API search"]),
                       source_choice=source_choice)
    hits = _by_meaning(corpus.search(query, 4 * request.papers + 1), question_vector, embedder)
    found = [(h.paper.arxiv_id or h.paper.paper_id, h.paper.title, h.score, "corpus") for h in hits]
    # The papers the source itself cites come first: its reference list is the best guide to what bears on it.
    found = _cited(document, corpus, {f[0]: f[2] for f in found}) + found
    search_failure = None
    if not offline:
        log.queries.append(request.question)
        try:
            found += [(p.arxiv_id, p.title, 0.0, "arxiv") for p in library.source.search(request.question, request.papers)]
        except SynthError as exc:  # no network: the cache and the bundled corpus still make a report
            search_failure = f"The arXiv API search failed ({exc.message}); only the bundled corpus and cached papers were searched."
            log.sources.remove("arXiv API search")
    source_base = (known.arxiv_id if known else None) or source_key
    kept: list[tuple[str, str, float]] = []
    for paper_id, title, score, where in found:
        duplicate = paper_id == source_base or any(paper_id == k for k, _, _ in kept)
        keep = not duplicate and len(kept) < request.papers
        rank = f"rank {len(kept) + 1} of {request.papers}: " + ("cited by the source" if where == "references" else "for the query")
        why = "the source paper itself" if paper_id == source_base else "already kept" if duplicate else \
            rank if keep else f"below the top {request.papers}"
        log.candidates.append(Candidate(arxiv_id=paper_id, title=title, score=round(score, 4), source=where, kept=keep, why=why))
        if keep:
            kept.append((paper_id, title, score))

    per_paper: dict[str, list[Passage]] = {source_key: source_passages}
    for paper_id, _, _ in kept:
        before = len(sources.passages)
        sources.add(library, corpus, paper_id, fetch=not offline)
        per_paper[paper_id] = sources.passages[before:]

    progress("claims")
    source_claims = _claims_of(source_passages, extract_claims(document) if document else None, source_key)
    related_claims = {paper_id: _claims_of(per_paper[paper_id], None, paper_id) for paper_id, _, _ in kept}
    # Every candidate claim is embedded once: its closeness to the question both picks it and is reported with it.
    every = source_claims + [c for candidates in related_claims.values() for c in candidates]
    vectors = embedder.encode([_in_context(c) for c in every]) if every else np.zeros((0, len(question_vector)))
    similarity = {c.id: float(v @ question_vector) for c, v in zip(every, vectors)}
    embedded = {c.id: v for c, v in zip(every, vectors)}
    claims = _closest(source_claims, similarity, SOURCE_CLAIMS)
    owners = {c.id: source_key for c in claims}
    for paper_id, candidates in related_claims.items():
        for claim in sorted(candidates, key=lambda c: -finding_weight(c, similarity[c.id]))[:RELATED_CLAIMS]:
            claims.append(claim)
            owners[claim.id] = paper_id

    progress("verification")
    rows: list[ClaimRow] = []
    check_runs = request.results is not None and known is not None and known.arxiv_id == PAPER
    for owner in dict.fromkeys(owners.values()):
        others = [p for key, passages in per_paper.items() if key != owner for p in passages]
        mine = [c for c in claims if owners[c.id] == owner]
        verifier = Verifier(model, embedder, EvidenceIndex(others, embedder, library.cache.root))
        checked = [c for c in mine if not own_unnamed_work(c)]
        found = dict(zip([c.id for c in checked], verifier.verify(checked)))
        verdicts = [found.get(c.id) or verifier.not_checked(c, _OWN_WORK_REASON) for c in mine]
        for claim, verdict in zip(mine, verdicts):
            if not verdict.checkable:  # a statement of purpose is not a finding to report
                continue
            if check_runs and owner == source_key:  # only the X-STILTs paper's own claims map to its runs
                verdict = verdict.model_copy(update={"replication": check(claim.text, request.results)})
            sim = similarity[claim.id]
            bears = sim >= _threshold(claim, owner == source_key)
            rows.append(ClaimRow(claim=claim, verdict=verdict, bears_on_question=bears, question_similarity=round(sim, 4)))

    dims, score = quality(rows)
    source_paper = _paper(sources, source_key, source_title, known.arxiv_id if known else None,
                          known.version if known else None, "source", truncated=bool(known and known.abstract_truncated and not sources.full_text))
    related = []
    for paper_id, title, score_ in kept:
        record = corpus.get_any(paper_id)
        related.append(_paper(sources, paper_id, title, record.arxiv_id if record else None,
                              record.version if record else None, "related", round(score_, 4),
                              truncated=bool(record and record.abstract_truncated and paper_id not in sources.full_text)))
    # The claims' own embeddings (without their section) tell a finding restated in other words from a new one; only
    # those read with a section title are embedded again, and only findings are compared.
    findings = [r.claim for r in rows if r.bears_on_question]
    sectioned = [c for c in findings if _in_context(c) != c.text]
    plain = {c.id: embedded[c.id] for c in findings}
    plain |= dict(zip([c.id for c in sectioned], embedder.encode([c.text for c in sectioned])))
    return ReportSidecar(
        summary=summary(request.question, source_paper, related, rows, plain),
        title=request.question.strip().rstrip("?.").strip(),
        author=request.author,
        date=_format_date(request.on or date.today()),
        question=request.question.strip(),
        source=source_paper,
        source_abstract=_abstract(known.abstract if known else "", bool(known and known.abstract_truncated)),
        papers=related,
        retrieval=log,
        claims=rows,
        quality=dims,
        score=score,
        score_formula=SCORE_FORMULA,
        limitations=_limitations(source_paper, related, rows, offline) + [
            f"Could not download {failure}; its abstract was used." for failure in sources.fetch_failures]
            + ([search_failure] if search_failure else []),
    )


def _by_meaning(hits: list[Hit], question_vector: np.ndarray, embedder: Embedder) -> list[Hit]:
    """Search hits reranked by BM25 (scaled to the best hit) plus the cosine of title and abstract with the question.

    BM25 rewards a paper for repeating the query's commonest terms ("zero-shot cross-lingual transfer" five times)
    over one that matches its distinctive part once; the embedding reads what the paper is about."""
    if not hits:
        return hits
    top = max(h.score for h in hits) or 1.0
    vectors = embedder.encode([f"{h.paper.title}. {h.paper.abstract or ''}" for h in hits])
    score = [BM25_WEIGHT * h.score / top + float(v @ question_vector) for h, v in zip(hits, vectors)]
    return [Hit(h.paper, round(s, 4)) for s, h in sorted(zip(score, hits), key=lambda pair: -pair[0])]


def choose_source(question: str, corpus: Corpus, question_vector: np.ndarray, embedder: Embedder) -> tuple[str, str]:
    """The paper a question-first report examines, and how it was chosen: among the papers of the cache and the
    bundled corpus that best match the question (BM25, then the meaning of title and abstract, as related papers
    are ranked), the first of the best few whose full text is cached (a report on a full text can quote its
    results; one on a bundled abstract rarely can), else the best match."""
    hits = _by_meaning(corpus.search(question, SOURCE_CANDIDATES), question_vector, embedder)
    if not hits:
        raise SynthError("--question", "no paper in the cache or the bundled corpus matches the question; "
                                       "name a source paper (synth report ARXIV_ID --question ...)")
    full = [h for h in hits[:FULL_TEXT_WITHIN] if h.paper.pdf_sha256]
    pick = (full or hits)[0]
    rank = hits.index(pick) + 1
    why = (f"No source paper was given: synth chose {pick.key}, ranked {rank} of the {len(hits)} best matches for the "
           f"question in the cache and the bundled corpus (BM25 and the sentence-embedding similarity of title and "
           f"abstract), " + ("the best-ranked whose full text is cached." if full else
                             f"the best match; none of the best {FULL_TEXT_WITHIN} has its full text cached."))
    return pick.key, why


def _threshold(claim: Claim, from_source: bool) -> float:
    """The similarity to the question from which a claim bears on it."""
    if not is_result(claim):
        return QUESTION_SIMILARITY
    return SOURCE_RESULT_SIMILARITY if from_source and in_results_section(claim) else RESULT_SIMILARITY


def _cited(document, corpus: Corpus, scores: dict[str, float]) -> list[tuple[str, str, float, str]]:
    """The arXiv papers in the source's reference list that the corpus or cache knows, best-scored first."""
    if document is None:
        return []
    cited = []
    for reference in document.references:
        known = corpus.get_any(reference.arxiv_id) if reference.arxiv_id else None
        if known is not None and all(c[0] != known.arxiv_id for c in cited):
            cited.append((known.arxiv_id or known.paper_id, known.title, scores.get(known.arxiv_id, 0.0), "references"))
    return sorted(cited, key=lambda c: -c[2])


def _in_context(claim: Claim) -> str:
    """A claim as compared with the question: after its section's title, which says what a bare result is about
    ("4.3 Cross-Lingual Transfer: The largest improvement is in Chinese, 6.4% ...")."""
    section = claim.origin.section if claim.origin else None
    return f"{section}: {claim.text}" if section else claim.text


def _closest(claims: list[Claim], similarity: dict[str, float], limit: int) -> list[Claim]:
    """The source's claims that best answer the question (synthesis.finding_weight), from the whole paper, in reading order."""
    if len(claims) <= limit:
        return claims
    score = [finding_weight(c, similarity[c.id]) for c in claims]
    keep = sorted(np.argsort(-np.asarray(score), kind="stable")[:limit])
    return [claims[i] for i in keep]


def _abstract(text: str, truncated: bool, limit: int = 600) -> str:
    """Whole sentences of the abstract up to about `limit` characters; a sentence cut off in the data is left out."""
    spans = split_sentences(text)
    if truncated and spans and not re.search(r"[.!?]$", text[spans[-1][0] : spans[-1][1]]):
        spans = spans[:-1]
    kept, length = [], 0
    for a, b in spans:
        if kept and length + (b - a) > limit:
            break
        kept.append(text[a:b])
        length += b - a + 1
    return " ".join(kept)


def _format_date(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def _limitations(source: ReportPaper, related: list[ReportPaper], rows: list[ClaimRow], offline: bool) -> list[str]:
    notes = []
    if source.text != "full_text":
        what = "a truncated abstract" if source.text == "truncated_abstract" else "the abstract"
        notes.append(f"Only {what} of the source paper ({source.arxiv_id or source.paper_id}) was available; its full text was not read.")
    thin = [p.arxiv_id or p.paper_id for p in related if p.text != "full_text"]
    if thin:
        notes.append(f"Related papers read from their abstracts only: {', '.join(thin)}.")
    unsure = sum(r.verdict.label == "NOT_ENOUGH_INFO" for r in rows)
    if unsure:
        # A new reader took "0.2/10" for a verdict on the papers; it measures what could be checked here.
        score = (" The quality review score counts only what another paper supports, so here it says how little "
                 "could be checked, not how good the papers are.") if 2 * unsure > len(rows) else ""
        notes.append(f"{unsure} of {len(rows)} claims could not be checked against the other papers "
                     f"(NOT_ENOUGH_INFO).{score}")
    not_run = [r for r in rows if r.verdict.replication and r.verdict.replication.get("status") == "NOT_RUN"]
    if not_run:
        notes.append(f"{len(not_run)} numeric claims map to experiments that were not run (NOT_RUN).")
    unlike = [r.verdict.replication["reason"] for r in rows
              if r.verdict.replication and r.verdict.replication.get("status") == "NOT_COMPARABLE"]
    if unlike:
        notes.append(f"{len(unlike)} numeric claims map to runs that are not like the paper's, so they were not "
                     f"judged (NOT_COMPARABLE): {unlike[0]}.")
    if offline:
        notes.append("The run was offline: only the bundled corpus and cached papers were searched.")
    return notes
