"""The seed report format (../shared/FORMAT.md): write it (Markdown headings) and read it (both styles).

Reading is forgiving: `#` headings or plain ones, CRLF or LF, trailing spaces,
a missing Confidence column, ✓/× or yes/no, references as <URL>, bare URLs or
ids. What cannot be read is reported with its line number and the rest is
still read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.records import EVEN_ODDS
from synth.documents.cleanup import lift_markers
from synth.papers.ids import ArxivId, find_id_in_text, parse_arxiv_id
from synth.reports.sidecar import ReportSidecar
from synth.reports.synthesis import confidence_text, results_paragraphs, standing

LIMITATIONS = (
    "This report is a machine-generated literature synthesis and does not constitute original research. "
    "Automated retrieval and verification may introduce errors or omissions; every verdict below is backed "
    "by the quoted evidence in the JSON sidecar, and readers should consult the primary sources."
)
# The Verified column: what synth writes for each verdict, and every spelling it reads back.
MARKS = {"SUPPORTED": "✓", "REFUTED": "×", "NOT_ENOUGH_INFO": "–"}
_MARKS = {"✓": "SUPPORTED", "✔": "SUPPORTED", "yes": "SUPPORTED", "y": "SUPPORTED", "true": "SUPPORTED",
          "×": "REFUTED", "✗": "REFUTED", "x": "REFUTED", "no": "REFUTED", "n": "REFUTED", "false": "REFUTED",
          "–": "NOT_ENOUGH_INFO", "-": "NOT_ENOUGH_INFO", "—": "NOT_ENOUGH_INFO", "?": "NOT_ENOUGH_INFO"}
_TERMINAL = re.compile(r"[.!?)\]\"'”’]$")
_HEADING = re.compile(r"^#{0,6}\s*(?:(\d+)\s+)?([A-Z][A-Za-z ]+?)\s*$")
_BARE_ID = re.compile(r"(?<![\w.])(\d{4}\.\d{4,5}(?:v\d+)?)(?![\w.])")


def _table_cell(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def verified(report: ReportSidecar) -> str:
    """'N independently verified' (the ✓ rows), saying how many of them are more likely right than wrong when
    some are not: a ✓ at confidence 0.47 is marked, but is no verification a reader should rest on."""
    supported = [r for r in report.claims if r.verdict.label == "SUPPORTED"]
    likely = sum(standing(r) == "supported" for r in supported)
    return f"{len(supported)} independently verified" + (
        f" ({likely} of them with a confidence of at least {EVEN_ODDS})" if likely < len(supported) else "")


def write_markdown(report: ReportSidecar, claim_width: int | None = None) -> str:
    """The report in the seed format with Markdown headings; claims shortened only for display."""
    candidates = len(report.retrieval.candidates)
    score = f"{report.score:.1f}/10" if report.score is not None else "not computable (no claims)"
    where = "the bundled arXiv metadata corpus and the local cache (offline)" if report.retrieval.offline else \
        "the bundled arXiv metadata corpus, the local cache and the arXiv API"
    lines = [
        "", "", f"# {report.title}", "", report.author, "", report.date, "",
        "## Abstract", "", report.summary or report.source_abstract or "(no abstract available)", "",
        "## 1 Introduction", "",
        " ".join([f"This paper examines: {report.source.title}.", *filter(None, [report.retrieval.source_choice]),
                  f"Research question: {report.question}"]), "",
        "## 2 Methodology", "",
        f"A search of {where} for the research question and the source paper's title yielded {candidates} "
        f"candidate papers; {len(report.papers)} were kept: those the source paper cites first, then the best-ranked "
        "by BM25 and by the sentence-embedding similarity of their title and abstract to the question. Claims were extracted from "
        f"the source paper ({'full text' if report.source.text == 'full_text' else 'abstract only'}) and, for each "
        "kept paper, the claims closest to the research question. Each claim was verified against the other papers "
        "(never the one it came from): sentence-embedding, BM25 and fuzzy retrieval, candidates reread by synth's NLI "
        "cross-encoder, numbers compared only between passages about the same subject, and NOT_ENOUGH_INFO where no "
        "passage is about the claim's subject; the confidence is the calibrated probability that the verdict is right. "
        f"Quality review score = {report.score_formula}.", "",
        "## 3 Results", "",
        f"{len(report.papers)} papers retrieved. {len(report.claims)} claims extracted; {verified(report)}. "
        f"Quality review score: {score}.", "",
        *[line for paragraph in results_paragraphs(report.claims, report.source.paper_id, report.question) for line in (paragraph, "")],
        "## 4 Limitations", "",
        " ".join([LIMITATIONS, *report.limitations]), "",
        "## 5 Extracted Claims", "",
        "Claim\tVerified\tConfidence",
    ]
    for row in report.claims:
        mark = MARKS[row.verdict.label]
        shown = confidence_text(row.verdict.confidence)
        lines.append(f"{_table_cell(row.claim.display(claim_width))}\t{mark}\t{shown}")
    lines += ["", "## References", ""]
    for paper in [report.source, *report.papers]:
        if paper.arxiv_id:
            version = f"v{paper.version}" if paper.version else ""
            lines.append(f"- <http://arxiv.org/abs/{paper.arxiv_id}{version}>")
        else:
            lines.append(f"- {paper.title} ({paper.paper_id}, local PDF)")
    return "\n".join(lines) + "\n"


@dataclass
class Row:
    line: int
    text: str  # as printed, footnote artefacts removed
    mark: str | None  # the label the report's Verified column states (✓ SUPPORTED, × REFUTED, – NOT_ENOUGH_INFO)
    confidence: float | None
    truncated: bool = False
    artefacts: list[str] = field(default_factory=list)


@dataclass
class ParsedReport:
    title: str = ""
    question: str = ""
    rows: list[Row] = field(default_factory=list)
    references: list[ArxivId] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    stated: dict[str, float] = field(default_factory=dict)  # counts and score the report's text states
    score_formula: bool = False  # whether the text says how its quality score is computed


_STATED = {
    "papers retrieved": re.compile(r"\b(\d+) papers retrieved"),
    "claims extracted": re.compile(r"\b(\d+) claims extracted"),
    "independently verified": re.compile(r"\b(\d+) (?:claims )?independently verified"),
    "quality score": re.compile(r"[Qq]uality (?:review )?score(?: of|:)?\s*(\d+(?:\.\d+)?)\s*/\s*10"),
}
_FORMULA = re.compile(r"[Qq]uality (?:review )?score\s*=")


def header_checks(report: ParsedReport) -> list[str]:
    """What the report's own text states that its table and references do not bear out."""
    notes = []
    stated = report.stated
    if "papers retrieved" in stated and stated["papers retrieved"] > len(report.references):
        notes.append(f"the report states {stated['papers retrieved']:g} papers retrieved but lists "
                     f"{len(report.references)} references")
    if "claims extracted" in stated and stated["claims extracted"] != len(report.rows):
        notes.append(f"the report states {stated['claims extracted']:g} claims extracted but its table has "
                     f"{len(report.rows)} rows")
    marked = sum(r.mark == "SUPPORTED" for r in report.rows)
    if "independently verified" in stated and stated["independently verified"] != marked:
        notes.append(f"the report states {stated['independently verified']:g} claims independently verified but marks "
                     f"{marked} rows ✓")
    if "quality score" in stated and not report.score_formula:
        notes.append(f"the quality score {stated['quality score']:g}/10 cannot be recomputed: the report gives no "
                     "formula for it (only its claim table, whose ✓ share is "
                     f"{marked}/{len(report.rows)} = {marked / len(report.rows):.2f})" if report.rows else
                     f"the quality score {stated['quality score']:g}/10 cannot be recomputed: no formula, no claims")
    return notes


def _section(line: str) -> str | None:
    match = _HEADING.match(line)
    if not match:
        return None
    name = match.group(2).strip().lower()
    known = {"abstract", "introduction", "methodology", "results", "limitations", "extracted claims", "references"}
    return name if name in known else None


def parse_report(text: str) -> ParsedReport:
    report = ParsedReport()
    section = None
    seen_table = False
    header: list[str] | None = None
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = raw.rstrip()
        if not line.strip():
            continue
        for name, pattern in _STATED.items():
            found = pattern.search(line)
            if found and name not in report.stated:
                report.stated[name] = float(found.group(1))
        report.score_formula = report.score_formula or bool(_FORMULA.search(line))
        heading = _section(line.strip())
        if heading:
            section, header = heading, None
            seen_table = seen_table or heading == "extracted claims"
            continue
        if not report.title and section is None:
            report.title = line.lstrip("#").strip()
        elif section == "introduction" and "Research question:" in line:
            question = line.split("Research question:", 1)[1].strip()
            report.question = question[:-1] if question.endswith("?.") else question
        elif section == "extracted claims":
            cells = [c.strip() for c in (line.split("\t") if "\t" in line else re.split(r"\s{2,}", line.strip()))]
            if header is None and cells and cells[0].lower() == "claim":
                header = [c.lower() for c in cells]
                continue
            _read_row(report, number, cells, header or ["claim", "verified", "confidence"])
        elif section == "references":
            found = find_id_in_text(line) or _bare_id(line)
            if found is None:
                report.errors.append((number, "reference line has no arXiv id"))
            elif found not in report.references:
                report.references.append(found)
    if not seen_table:
        report.errors.append((0, "no claim table found (expected a '5 Extracted Claims' section)"))
    _mark_truncated(report.rows)
    return report


def _bare_id(line: str) -> ArxivId | None:
    match = _BARE_ID.search(line)
    return parse_arxiv_id(match.group(1)) if match else None


def _read_row(report: ParsedReport, number: int, cells: list[str], header: list[str]) -> None:
    values = dict(zip(header, cells))
    claim = values.get("claim", "").strip()
    if not claim:
        report.errors.append((number, "row has no claim text"))
        return
    mark_text = values.get("verified", "").strip().lower()
    if mark_text and mark_text not in _MARKS:
        report.errors.append((number, f"unknown mark {values['verified']!r} (expected ✓/×/– or yes/no)"))
        return
    confidence = None
    if values.get("confidence"):
        try:
            confidence = float(values["confidence"])
        except ValueError:
            report.errors.append((number, f"confidence {values['confidence']!r} is not a number"))
    cleaned, markers = lift_markers(claim)
    artefacts = [f"footnote marker {m!r} glued to a word" for _, m in markers]
    report.rows.append(Row(number, cleaned, _MARKS.get(mark_text), confidence, artefacts=artefacts))


def _mark_truncated(rows: list[Row]) -> None:
    """A claim that stops without final punctuation at (or near) the table's width limit was cut."""
    if not rows:
        return
    width = max(len(r.text) for r in rows)
    for row in rows:
        row.truncated = not _TERMINAL.search(row.text) and len(row.text) >= 0.9 * width and width >= 80
