"""PDF bytes -> Document (page-anchored text), plus what page 1 says about the paper."""

from __future__ import annotations

from dataclasses import dataclass

from synth.atomic import sha256_bytes
from synth.documents.assemble import assemble
from synth.documents.layout import furniture_keys, layout_page, read_fragments
from synth.documents.pdf_open import open_pdf
from synth.documents.records import Document
from synth.papers.ids import ArxivId, find_id_in_text

# Bump when extraction output changes, so cached text is re-extracted rather than trusted.
EXTRACTOR = "synth-pymupdf/6"  # 2: tables read as grids; 3: with their header line; 4: cited/bulleted sentences;
# 5: a two-column table's key and value lines one sentence each; 6: cells with a spread ("0.67 ± 0.04") are values


@dataclass
class Extraction:
    document: Document
    abstract: str
    stamped_id: ArxivId | None  # the arXiv id printed on page 1, if any
    page_count: int


def extract(data: bytes, *, subject: str, paper_id: str, arxiv_id: str | None = None,
            version: int | None = None, max_pages: int = 200) -> Extraction:
    """Extract the text of a PDF. `subject` (id or path) names the file in errors."""
    pdf = open_pdf(data, subject, max_pages)
    try:
        raw = [read_fragments(page) for page in pdf]
        furniture = furniture_keys([(page.rect.height, frags) for page, (frags, _) in zip(pdf, raw)])
        layouts = [
            layout_page(number, page, frags, rotated, furniture)
            for number, (page, (frags, rotated)) in enumerate(zip(pdf, raw), start=1)
        ]
        page_count = pdf.page_count
    finally:
        pdf.close()
    assembled = assemble(layouts)
    first_page = layouts[0]
    stamped = find_id_in_text(first_page.margin_text + "\n" + "\n".join(r.text for r in first_page.rows))
    document = Document(
        paper_id=paper_id,
        arxiv_id=arxiv_id,
        version=version,
        title=assembled.title,
        pdf_sha256=sha256_bytes(data),
        extractor=EXTRACTOR,
        pages=assembled.pages,
        references=assembled.references,
        footnotes=assembled.footnotes,
    )
    return Extraction(document, assembled.abstract, stamped, page_count)
