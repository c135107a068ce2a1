"""`synth audit`: read a report in the seed format, restore cut claims, verify each claim, compare verdicts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz import fuzz

from claims.batch import Caveats
from claims.card import VerifierModel
from claims.embed import Embedder
from claims.errors import ClaimInputError
from claims.evidence import EvidenceIndex
from claims.passages import Passage
from claims.records import Verdict
from claims.replication import PAPER, check
from claims.sources import Sources
from claims.verify import Verifier, claim_from_text
from synth.documents.sentences import split_sentences
from synth.errors import SynthError
from synth.papers.corpus import Corpus
from synth.papers.library import Library
from synth.reports.seed_format import Row, header_checks, parse_report


@dataclass
class AuditRow:
    row: Row
    full_text: str
    restored: str  # how the full text was obtained: "as printed", "restored from <paper> p.N", or why not
    verdict: Verdict

    @property
    def disagrees(self) -> bool:
        """synth does not support a claim the report marked ✓, or supports one it marked ×."""
        if self.row.mark == "SUPPORTED":
            return self.verdict.label != "SUPPORTED"
        return self.row.mark == "REFUTED" and self.verdict.label == "SUPPORTED"


@dataclass
class Audit:
    path: Path
    rows: list[AuditRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w%.]+", " ", text.lower()).split())


def restore(row: Row, passages: list[Passage]) -> tuple[str, str]:
    """(full text, how): the source sentence a cut claim begins, when a passage contains its printed words."""
    if not row.truncated:
        return row.text, "as printed"
    stem = row.text.rsplit(" ", 1)[0] if " " in row.text else row.text  # the last word may be cut mid-word
    wanted = _norm(stem)
    for passage in passages:
        normalised = _norm(passage.text)
        if wanted and wanted in normalised:
            for a, b in split_sentences(passage.text):
                if wanted in _norm(passage.text[a:b]) or _norm(passage.text[a:b]).startswith(wanted[:40]):
                    return passage.text[a:b], f"restored from {passage.arxiv_id or passage.paper_id} p.{passage.page or '-'}"
    best = max(passages, key=lambda p: fuzz.partial_ratio(stem, p.text), default=None)
    if best is not None and fuzz.partial_ratio(stem, best.text) >= 95:
        return best.text, f"restored (fuzzy) from {best.arxiv_id or best.paper_id} p.{best.page or '-'}"
    return row.text, "truncated in the report; no source passage matches, verified as printed"


def audit_report(path: Path, library: Library, model: VerifierModel, embedder: Embedder, *, fetch: bool = False,
                 results: Path | None = None) -> Audit:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimInputError(path, f"cannot read report ({type(exc).__name__})") from exc
    parsed = parse_report(text)
    audit = Audit(path, errors=list(parsed.errors), notes=header_checks(parsed))
    corpus = Corpus(library.cache)
    sources = Sources()
    for reference in parsed.references:
        try:
            sources.add(library, corpus, str(reference), fetch=fetch)
        except SynthError as exc:
            audit.notes.append(f"reference not available: {exc}")
    caveats = Caveats()
    caveats.add(sources)
    audit.notes += caveats.notes()
    restored = [restore(row, sources.passages) for row in parsed.rows]
    claims = [claim_from_text(f"line {row.line}", full) for row, (full, _) in zip(parsed.rows, restored)]
    verdicts = Verifier(model, embedder, EvidenceIndex(sources.passages, embedder, library.cache.root)).verify(claims)
    about_xstilts = any(ref.base == PAPER for ref in parsed.references)
    for row, (full, how), verdict in zip(parsed.rows, restored, verdicts):
        if results is not None and about_xstilts:
            verdict = verdict.model_copy(update={"replication": check(full, results)})
        audit.rows.append(AuditRow(row, full, how, verdict))
    if results is not None and not about_xstilts:
        audit.notes.append(f"--results ignored: the report does not cite arXiv {PAPER}, the paper the runs replicate")
    return audit
