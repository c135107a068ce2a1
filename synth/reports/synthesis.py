"""The report's own Abstract and Results: what the papers read say about the question, each finding attributed.

A synthesis must answer the question it was asked, not repeat the source's
abstract. Findings are quoted, never restated, so no author's "we" becomes
the report's; each carries what the other papers made of it (supported,
contradicted, or not checkable against a second source), so the Abstract
cannot state as fact what the claim table marks as unchecked or refuted.
"""

from __future__ import annotations

from synth.reports.sidecar import ClaimRow, ReportPaper

FINDINGS_IN_ABSTRACT = 3
FINDINGS_PER_GROUP = 5
KEY_NUMBERS = 6
_QUOTED = 220


def _owner(row: ClaimRow) -> str:
    """The paper a claim came from (the first part of its id: paper key / where / n), with its page when known."""
    page = row.claim.origin.page if row.claim.origin else None
    return row.claim.id.split("/", 1)[0] + (f" p.{page}" if page else "")


def _evidence_paper(row: ClaimRow) -> str:
    best = row.verdict.evidence[0] if row.verdict.evidence else None
    return (best.arxiv_id or best.paper_id) if best else "another paper"


def _quote(row: ClaimRow) -> str:
    return f"“{row.claim.display(_QUOTED)}”"


def _status(row: ClaimRow) -> str:
    v = row.verdict
    if v.label == "SUPPORTED":
        return f"{_evidence_paper(row)} supports it (confidence {v.confidence:.2f})"
    if v.label == "REFUTED":
        return f"{_evidence_paper(row)} contradicts it (confidence {v.confidence:.2f})"
    return "no other paper read here confirms or contradicts it"


def is_result(claim) -> bool:
    """A claim that reports a result: a score, a change or a size (not a count like "two inputs"), or a comparison."""
    return any(_measure(q) for q in claim.quantities) or claim.kind == "comparative"


def findings(rows: list[ClaimRow]) -> list[ClaimRow]:
    """Claims that bear on the question, checked ones and results first, then by closeness."""
    bearing = [r for r in rows if r.bears_on_question and r.verdict.checkable]
    return sorted(bearing, key=lambda r: (r.verdict.label == "NOT_ENOUGH_INFO", not is_result(r.claim),
                                          -r.question_similarity))


def summary(question: str, source: ReportPaper, papers: list[ReportPaper], rows: list[ClaimRow]) -> str:
    """The Abstract: the question, what was read, the findings on it with their standing, and the tally."""
    full = sum(p.text == "full_text" for p in [source, *papers])
    total = 1 + len(papers)
    source_name = source.arxiv_id or source.paper_id
    read = "all in full text" if full == total else "all from their abstracts" if full == 0 else \
        f"{full} of the {total} in full text, the others from their abstracts"
    parts = [f"This report asks: {question.strip()}",
             f"It reads {source_name} ({source.title}) and {len(papers)} related papers, {read}."]
    found = findings(rows)
    if not found:
        parts.append("None of the claims extracted from them bears directly on the question, so the papers read "
                     "here give no answer to it.")
        return " ".join(parts)
    for row in found[:FINDINGS_IN_ABSTRACT]:
        parts.append(f"{_owner(row)} states {_quote(row)}; {_status(row)}.")
    supported = sum(r.verdict.label == "SUPPORTED" for r in found)
    refuted = sum(r.verdict.label == "REFUTED" for r in found)
    unchecked = len(found) - supported - refuted
    parts.append(f"Of the {len(found)} findings on the question, {supported} are supported and {refuted} contradicted "
                 f"by another paper read here; {unchecked} could not be checked against a second source, so the answer "
                 f"rests on {'them as their authors state them' if unchecked == len(found) else 'the supported ones'}.")
    return " ".join(parts)


def results_paragraphs(rows: list[ClaimRow]) -> list[str]:
    """The Results beyond the counts: findings on the question grouped by what the other papers made of them."""
    found = findings(rows)
    if not found:
        return ["None of the extracted claims bears directly on the research question."]
    groups = [("Supported by another paper", [r for r in found if r.verdict.label == "SUPPORTED"]),
              ("Contradicted by another paper", [r for r in found if r.verdict.label == "REFUTED"]),
              ("Not checkable against a second source", [r for r in found if r.verdict.label == "NOT_ENOUGH_INFO"])]
    paragraphs = [f"{len(found)} claims bear on the research question."]
    for title, members in groups:
        if not members:
            continue
        shown = "; ".join(f"{_owner(r)}: {_quote(r)} ({r.verdict.confidence:.2f})" for r in members[:FINDINGS_PER_GROUP])
        more = f"; and {len(members) - FINDINGS_PER_GROUP} more" if len(members) > FINDINGS_PER_GROUP else ""
        paragraphs.append(f"{title} ({len(members)}): {shown}{more}.")
    numbers = key_numbers(found)
    if numbers:
        paragraphs.append("Key numbers: " + "; ".join(numbers) + ".")
    return paragraphs


def key_numbers(found: list[ClaimRow]) -> list[str]:
    """The numbers stated by findings on the question, each with its paper, page and standing."""
    out = []
    for row in found:
        measures = [q for q in row.claim.quantities if _measure(q)] if is_result(row.claim) else []
        if not measures:
            continue
        values = ", ".join(q.text for q in measures[:3])
        out.append(f"{values} ({_owner(row)}; {row.verdict.label.replace('_', ' ').lower()})")
        if len(out) == KEY_NUMBERS:
            break
    return out


def _measure(quantity) -> bool:
    """A score, a change or a size worth a line; not an enumeration's "(1)" or a small count like "three"."""
    if quantity.unit in ("%", "points", "x") or quantity.role == "delta" or quantity.decimals > 0:
        return True
    return quantity.unit is not None and quantity.value >= 10
