"""The report as a typeset PDF (PyMuPDF Story): title block, numbered sections, the claims table, references."""

from __future__ import annotations

import io
from html import escape

import pymupdf

from synth.reports.seed_format import MARKS
from synth.reports.sidecar import ReportSidecar

_CSS = """
body { font-family: serif; font-size: 10pt; line-height: 1.3; }
h1 { font-size: 16pt; text-align: center; margin-bottom: 4pt; }
p.meta { text-align: center; margin: 0; }
h2 { font-size: 12pt; margin-top: 10pt; margin-bottom: 3pt; }
p.claim { margin: 0; }
p.verdict { margin: 0 0 5pt 0; font-size: 8pt; color: #333; }
li { margin-bottom: 2pt; }
"""
_PAGE = pymupdf.paper_rect("a4")
_MARGIN = 56


def _evidence(row) -> str:
    if not row.verdict.evidence:
        return "—"
    best = row.verdict.evidence[0]
    where = f"{best.arxiv_id or best.paper_id}{f'v{best.version}' if best.version else ''}, p.{best.page if best.page else '–'}"
    return f"{escape(where)}: “{escape(best.quote[:220])}{'…' if len(best.quote) > 220 else ''}”"


def report_html(report: ReportSidecar, markdown_sections: dict[str, str]) -> str:
    # MuPDF's Story lays out tables without honouring column widths, so claims are a list of blocks.
    claims = "".join(
        f"<li><p class='claim'>{escape(r.claim.text)}</p><p class='verdict'><b>{MARKS[r.verdict.label]} "
        f"{escape(r.verdict.label)}</b>, confidence {r.verdict.confidence:.2f}. Evidence: {_evidence(r)}</p></li>"
        for r in report.claims
    )
    references = "".join(
        f"<li>{escape(p.title)} — arXiv:{escape(p.arxiv_id)}{f'v{p.version}' if p.version else ''}</li>" if p.arxiv_id
        else f"<li>{escape(p.title)} (local PDF)</li>"
        for p in [report.source, *report.papers]
    )
    sections = "".join(f"<h2>{escape(name)}</h2><p>{escape(text)}</p>" for name, text in markdown_sections.items())
    return (
        f"<h1>{escape(report.title)}</h1><p class='meta'>{escape(report.author)}</p><p class='meta'>{escape(report.date)}</p>"
        f"{sections}<h2>5 Extracted Claims</h2><ol>{claims}</ol><h2>References</h2><ul>{references}</ul>"
    )


def sections_from_markdown(markdown: str) -> dict[str, str]:
    """Section name -> paragraph text, for the prose sections of the written Markdown."""
    sections: dict[str, str] = {}
    current = None
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            if current in ("5 Extracted Claims", "References"):
                current = None
            else:
                sections[current] = ""
        elif current and line.strip():
            sections[current] = (sections[current] + " " + line.strip()).strip()
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
