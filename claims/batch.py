"""Verifying many claims: read a claims file, gather each claim's papers, verify per shared paper set.

Each JSONL line is `{"id": ..., "claim": ..., "arxiv_id": ... (optional)}`.
A line that cannot be read is reported with its line number; the others are
still verified. Claims naming no paper are checked against the papers the
offline corpus ranks highest for them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from claims.card import VerifierModel
from claims.embed import Embedder
from claims.errors import ClaimInputError, ClaimsError
from claims.evidence import EvidenceIndex
from claims.records import Claim, Verdict
from claims.sources import Sources, related
from claims.text import NOT_ENGLISH
from claims.verify import Reading, Verifier, claim_from_text
from synth.errors import SynthError
from synth.papers.corpus import Corpus
from synth.papers.library import Library


@dataclass
class Request:
    claim: Claim
    papers: list[str]
    line: int | None = None


@dataclass
class LineError:
    line: int
    message: str


def read_claims_file(path: Path) -> tuple[list[Request], list[LineError]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ClaimInputError(path, f"cannot read claims file ({type(exc).__name__})") from exc
    lines = raw.splitlines()
    if not any(line.strip() for line in lines):
        raise ClaimInputError(path, "the claims file is empty: expected one JSON object per line")
    requests, errors = [], []
    for number, data in enumerate(lines, start=1):
        if not data.strip():
            continue
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError:
            errors.append(LineError(number, "not UTF-8 text"))
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("claim"), str):
                raise ClaimInputError(f"line {number}", 'expected an object with a "claim" string')
            claim_id = str(row.get("id", number))
            paper = row.get("arxiv_id")
            requests.append(Request(claim_from_text(claim_id, row["claim"]), [str(paper)] if paper else [], number))
        except json.JSONDecodeError as exc:
            errors.append(LineError(number, f"not JSON ({exc.msg})"))
        except ClaimsError as exc:
            errors.append(LineError(number, exc.message))
    return requests, errors


@dataclass
class Caveats:
    """Papers the verdicts stand on less than the whole text in English: known only by the abstract, or read in full
    and not English (the embedder and the cross-encoder read English only, and the confidences are calibrated on
    English papers: 33 of 60 verdicts right at a mean confidence of 0.74 on a Portuguese paper)."""
    abstract_only: list[str] = field(default_factory=list)
    not_english: list[str] = field(default_factory=list)

    def add(self, sources: Sources) -> None:
        self.abstract_only += [p for p in sources.abstract_only if p not in self.abstract_only]
        self.not_english += [p for p in sources.not_english if p not in self.not_english]

    def notes(self) -> list[str]:
        """One line per caveat, as `synth verify` prints them and `synth audit` lists them."""
        out = []
        if self.abstract_only:
            out.append(f"only the abstract was available for {', '.join(self.abstract_only)} (page shown as '-')")
        if self.not_english:
            out.append(f"the text of {', '.join(self.not_english)} {NOT_ENGLISH}")
        return out


def verify_requests(requests: list[Request], library: Library, model: VerifierModel, embedder: Embedder, *,
                    fetch: bool = False, on_done: Callable[[int, int], None] = lambda done, total: None,
                    stage: Callable[[str, int, int | None], None] = lambda what, done, total: None,
                    on_read: Callable[[Verifier, list[Verdict | Reading]], None] = lambda verifier, readings: None,
                    lazy: bool = True) -> tuple[list[Verdict | None], list[LineError], Caveats]:
    """Verdicts in request order (None where the claim's papers could not be had, with the error listed),
    the errors, and the caveats: papers known only by their abstract or not in English. `stage(what, done, total)`
    hears of the slow steps: reading (or fetching) each paper, embedding its passages, checking the claims;
    `on_done(done, total)` of the requests done (decided or failed) after each group.
    `on_read(verifier, readings)` gets each group's readings before they are decided (bench/rejudge.py keeps them to
    decide again, read with every passage: `lazy=False`, claims.verify.Verifier.read)."""
    corpus = Corpus(library.cache)
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, request in enumerate(requests):
        papers = request.papers or related(corpus, request.claim.text)
        groups.setdefault(tuple(papers), []).append(i)
    verdicts: list[Verdict | None] = [None] * len(requests)
    errors: list[LineError] = []
    caveats = Caveats()
    done = 0
    for papers, members in groups.items():
        sources = Sources()
        try:
            for paper in papers:
                stage(f"{'fetching' if fetch else 'reading'} {paper}", 0, None)
                sources.add(library, corpus, paper, fetch=fetch)
        except SynthError as exc:
            errors += [LineError(requests[i].line or i + 1, str(exc)) for i in members]
        else:
            caveats.add(sources)
            index = EvidenceIndex(sources.passages, embedder, library.cache.root,
                                  progress=lambda done, total: stage("embedding passages", done, total))
            stage(f"checking {len(members)} claim{'s' if len(members) > 1 else ''}", 0, None)
            verifier = Verifier(model, embedder, index)
            readings = verifier.read([requests[i].claim for i in members], lazy)
            on_read(verifier, readings)
            for i, verdict in zip(members, verifier.judge_all(readings)):
                verdicts[i] = verdict
        done += len(members)
        on_done(done, len(requests))
    return verdicts, errors, caveats
