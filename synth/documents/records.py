"""Page-anchored text of a paper: the Document record written to the cache's text.json.

Spans are [start, end) character offsets into the page's `text`, so any quote
can be traced back to the exact place on the page it came from.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# 2: pages carry their tables as grids. A cached version-1 text still loads, and is re-extracted (new extractor).
DOCUMENT_SCHEMA_VERSION = 2
Box = tuple[float, float, float, float]

UnitKind = Literal["sentence", "heading", "table_row", "caption"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sentence(_Record):
    text: str = Field(description="Cleaned text: ligatures expanded, hyphenation undone, footnote markers removed.")
    section: str | None = Field(None, description="Title of the section the sentence is in, if one was detected.")
    span: tuple[int, int] = Field(description="[start, end) offsets of `text` in the page's text.")
    kind: UnitKind = Field("sentence", description="sentence, heading, table_row or caption.")
    footnotes: list[str] = Field(default_factory=list, description="Footnote markers split off words in it.")
    continues_on: int | None = Field(None, description="Page where the sentence ends, when it runs past this page.")


class TableCell(_Record):
    text: str = Field(description="The cell's text as printed; empty when the cell is blank.")
    header: str = Field(description="Its column header, levels joined top to bottom with ' / ' (e.g. 'XNLI / fr').")
    bbox: Box = Field(description="(x0, y0, x1, y1) of the cell on the page, in PDF points.")


class TableRow(_Record):
    label: str = Field(description="The row's label (its first column); empty when the table has no label column.")
    group: str | None = Field(None, description="A label-only line above that heads a group of rows, if any.")
    cells: list[TableCell] = Field(description="The row's cells in column order, one per value column.")
    text: str = Field(description="The row as printed in the page text: label and cells joined with ' | '.")
    bbox: Box = Field(description="(x0, y0, x1, y1) of the row on the page.")


class Table(_Record):
    number: str | None = Field(None, description="The table's number from its caption ('2', 'A.1').")
    caption: str = Field(description="The caption, starting 'Table N:'.")
    label_header: str = Field("", description="Header of the label column, e.g. 'Model'.")
    headers: list[str] = Field(description="Header of each value column, levels joined with ' / '.")
    header_text: str = Field("", description="The header as printed in the page text ('Model | en | fr'); empty "
                                             "when the table has no header lines.")
    rows: list[TableRow] = Field(description="Body rows, top to bottom.")
    bbox: Box = Field(description="(x0, y0, x1, y1) of the grid (without its caption) on the page.")


class Page(_Record):
    number: int = Field(description="1-based page number in the PDF.")
    text: str = Field(description="Cleaned body text of the page in reading order, one unit per line.")
    sentences: list[Sentence] = Field(default_factory=list, description="Units of the page in reading order.")
    tables: list[Table] = Field(default_factory=list, description="Tables read as grids; their rows are also units.")


class Footnote(_Record):
    marker: str = Field(description="The footnote's marker, e.g. '4' or '*'.")
    page: int = Field(description="Page the footnote is printed on.")
    text: str = Field(description="The footnote's text without its marker.")


class Reference(_Record):
    page: int = Field(description="Page the bibliography entry starts on.")
    text: str = Field(description="The entry's full text.")
    arxiv_id: str | None = Field(None, description="An arXiv id found in the entry, if any.")


class Document(_Record):
    schema_version: Literal[1, 2] = Field(DOCUMENT_SCHEMA_VERSION, description="Version of this record's layout.")
    paper_id: str = Field(description="Cache key of the paper (see Paper.paper_id).")
    arxiv_id: str | None = Field(None, description="arXiv id without version, if known.")
    version: int | None = Field(None, description="arXiv version, if known.")
    title: str = Field(description="Title read from the first page.")
    pdf_sha256: str = Field(description="sha256 of the PDF this text was extracted from.")
    extractor: str = Field(description="Name and version of the extraction code; a change re-extracts.")
    pages: list[Page] = Field(description="Body pages in order; references are kept apart.")
    references: list[Reference] = Field(default_factory=list, description="Bibliography entries in order.")
    footnotes: list[Footnote] = Field(default_factory=list, description="Footnotes in page order.")

    def iter_sentences(self):
        """(page number, sentence) pairs in reading order."""
        for page in self.pages:
            for sentence in page.sentences:
                yield page.number, sentence

    @property
    def section_titles(self) -> list[str]:
        seen: list[str] = []
        for _, sentence in self.iter_sentences():
            if sentence.kind == "heading" and sentence.text not in seen:
                seen.append(sentence.text)
        return seen
