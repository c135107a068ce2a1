"""The report as a typeset PDF (PyMuPDF Story): title block, numbered sections, the claims table, references."""

from __future__ import annotations

import io
import re
from html import escape

import pymupdf

from synth.reports.seed_format import MARKS
from synth.reports.sidecar import ReportSidecar
from synth.reports.synthesis import confidence_text

_CSS = """
body { font-family: serif; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 4pt; }
p.meta { text-align: center; margin: 0; }
h2 { font-size: 12pt; margin-top: 10pt; margin-bottom: 3pt; }
p.claim { margin: 0; }
p.verdict { margin: 0 0 5pt 0; font-size: 8pt; color: #333; }
li { margin-bottom: 2pt; }
table { border-collapse: collapse; margin: 4pt 0 6pt 0; font-size: 9pt; }
th, td { border: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
"""
_PAGE = pymupdf.paper_rect("a4")
_MARGIN = 56


def _evidence(row) -> str:
    if not row.verdict.evidence:
        return "—"
    best = row.verdict.evidence[0]
    where = f"{best.arxiv_id or best.paper_id}{f'v{best.version}' if best.version else ''}, p.{best.page if best.page else '–'}"
    return f"{escape(where)}: “{escape(best.quote[:220])}{'…' if len(best.quote) > 220 else ''}”"


def report_html(report: ReportSidecar, markdown_sections: dict[str, list[str]]) -> str:
    # MuPDF's Story lays out tables without honouring column widths, so claims are a list of blocks.
    claims = "".join(
        f"<li><p class='claim'>{escape(r.claim.text)}</p><p class='verdict'><b>{MARKS[r.verdict.label]} "
        f"{escape(r.verdict.label)}</b>, confidence {confidence_text(r.verdict.confidence)}. "
        f"Evidence: {_evidence(r)}</p></li>"
        for r in report.claims
    )
    references = "".join(
        f"<li>{escape(p.title)} — arXiv:{escape(p.arxiv_id)}{f'v{p.version}' if p.version else ''}</li>" if p.arxiv_id
        else f"<li>{escape(p.title)} (local PDF)</li>"
        for p in [report.source, *report.papers]
    )
    sections = "".join(f"<h2>{escape(name)}</h2>" + "".join(_block_html(block) for block in blocks)
                       for name, blocks in markdown_sections.items())
    return (
        f"<h1>{escape(report.title)}</h1><p class='meta'>{escape(report.author)}</p><p class='meta'>{escape(report.date)}</p>"
        f"{sections}<h2>5 Extracted Claims</h2><ol>{claims}</ol><h2>References</h2><ul>{references}</ul>"
    )


_CELL_BORDER = re.compile(r"(?<!\\)\|")  # a Markdown table's cell border: a '|' not escaped


def _block_html(block: str) -> str:
    """A paragraph, or a Markdown table (its lines start with '|') as an HTML table."""
    lines = block.split("\n")
    if not lines[0].startswith("|"):
        return f"<p>{escape(' '.join(lines))}</p>"
    rows = [[cell.strip().replace("\\|", "|") for cell in _CELL_BORDER.split(line.strip())[1:-1]]
            for n, line in enumerate(lines) if n != 1]  # line 1 is the header's rule
    head = "".join(f"<th>{escape(c)}</th>" for c in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows[1:])
    return f"<table><tr>{head}</tr>{body}</table>"


def sections_from_markdown(markdown: str) -> dict[str, list[str]]:
    """Section name -> its blocks (paragraphs, each on one line, and tables, line by line), for the prose sections
    of the written Markdown."""
    sections: dict[str, list[str]] = {}
    current, block = None, []
    for line in [*markdown.splitlines(), ""]:
        if line.strip() and current is not None and not line.startswith("## "):
            block.append(line.strip())
            continue
        if block:
            table = block[0].startswith("|")
            sections[current].append("\n".join(block) if table else " ".join(block))
            block = []
        if line.startswith("## "):
            current = line[3:].strip()
            if current in ("5 Extracted Claims", "References"):
                current = None
            else:
                sections[current] = []
    return sections


def write_pdf(report: ReportSidecar, markdown: str) -> bytes:
    html = report_html(report, sections_from_markdown(markdown))
    story = pymupdf.Story(html=html, user_css=_CSS)
    buffer = io.BytesIO()
    writer = pymupdf.DocumentWriter(buffer)
    where = _PAGE + (_MARGIN, _MARGIN, -_MARGIN, -_MARGIN)
    more = True
    while more:
        device = writer.begin_page(_PAGE)
        more, _ = story.place(where)
        story.draw(device)
        writer.end_page()
    writer.close()
    return buffer.getvalue()
