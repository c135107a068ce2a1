"""The report sidecar (report.json): everything a report states, with how it was obtained.

Quality dimensions use the seed system's public field names and are computed
from the verdicts; each carries the formula it came from. No number in a
report is invented.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claims.records import Claim, Verdict

# 2: the report's own summary (its Abstract) beside the source's abstract; version-1 sidecars still load.
# 3: the retrieval log says how synth chose the source paper when the question came alone.
SIDECAR_SCHEMA_VERSION = 3


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportPaper(_Record):
    arxiv_id: str | None = Field(description="arXiv id without version (None for a local PDF).")
    paper_id: str = Field(description="Cache key or arXiv id of the paper.")
    version: int | None = Field(description="Version read, if known.")
    title: str = Field(description="Paper title.")
    role: Literal["source", "related"] = Field(description="The paper the report is about, or a related one.")
    text: Literal["full_text", "abstract_only", "truncated_abstract"] = Field(description="What of it was read.")
    score: float | None = Field(None, description="Retrieval score that ranked it (related papers).")


class Candidate(_Record):
    arxiv_id: str = Field(description="Candidate paper id.")
    title: str = Field(description="Candidate title.")
    score: float = Field(description="BM25 score for the query.")
    source: str = Field(description="Where it was found: 'corpus' (offline) or 'arxiv' (API search).")
    kept: bool = Field(description="Whether it went into the report.")
    why: str = Field(description="Why it was kept or left out.")


class RetrievalLog(_Record):
    queries: list[str] = Field(description="Queries run, in order.")
    sources: list[str] = Field(description="What was searched (bundled corpus, cache, arXiv API).")
    offline: bool = Field(description="True when no network was used.")
    candidates: list[Candidate] = Field(default_factory=list, description="Every candidate seen, kept or not.")
    source_choice: str | None = Field(None, description="How synth chose the source paper when only a question was "
                                                        "given; None when the source was given.")


class Dimension(_Record):
    value: float | None = Field(description="In [0, 1]; None when nothing could be measured.")
    basis: str = Field(description="The formula and the counts it was computed from.")


class ClaimRow(_Record):
    claim: Claim = Field(description="The claim, whole.")
    verdict: Verdict = Field(description="synth's verdict on it.")
    bears_on_question: bool = Field(description="Whether the claim is about the research question.")
    question_similarity: float = Field(description="Cosine similarity of the claim (after its section title) and the question.")


class ReportSidecar(_Record):
    schema_version: Literal[1, 2, 3] = Field(SIDECAR_SCHEMA_VERSION, description="Version of this file's layout.")
    title: str = Field(description="Report title.")
    author: str = Field(description="Author line as printed.")
    date: str = Field(description="Date as printed (Month D, YYYY).")
    question: str = Field(description="The research question.")
    source: ReportPaper = Field(description="The paper the report examines.")
    summary: str = Field("", description="The report's Abstract: the question, what was read, the findings on it "
                                         "(quoted, attributed, with their verdicts) and the tally.")
    source_abstract: str = Field(description="The source's abstract: whole sentences, at most about 600 characters.")
    papers: list[ReportPaper] = Field(description="Related papers kept, best first.")
    retrieval: RetrievalLog = Field(description="Queries, candidates and what was kept and why.")
    claims: list[ClaimRow] = Field(description="Every claim with its verdict, in report order.")
    quality: dict[str, Dimension] = Field(description="evidence_strength, citation_grounding, numerical_consistency, reproducibility_status.")
    score: float | None = Field(description="Quality review score out of 10.")
    score_formula: str = Field(description="How the score was computed from the dimensions.")
    limitations: list[str] = Field(default_factory=list, description="What could not be checked, one item each.")
