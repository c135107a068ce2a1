"""Passages: the units evidence is searched in (sentences, windows of two and three sentences, table rows, abstracts).

A table row read as a grid becomes one passage that names the table, the row
and each cell with its column header ("Table 1 (XNLI accuracy), BiLSTM-max:
en (English) 73.7, fr (French) 70.4, ..."), so that the cross-encoder and the
retrieval read what each number is; its quote stays the row as printed.
"""

from __future__ import annotations

import re

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from claims.subject import LANGUAGE_CODES, names_term
from synth.documents.records import Document, Sentence, Table, TableRow
from synth.documents.sentences import split_sentences
from synth.papers.records import Paper

_CAPTION_SHOWN = 120


class RowCells(BaseModel):
    """One table row as the numbers check reads it: which row, and each cell under its column header."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(description="The row's label.")
    group: str | None = Field(None, description="The label-only line heading the row's group, if any.")
    cells: tuple[tuple[str, str], ...] = Field(description="(column header, cell text) in column order.")
    table: str | None = Field(None, description="The caption of the table the row is from: two tables of one page "
                                                "with the same headers are told apart by it.")


class Passage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    paper_id: str = Field(description="Cache key of the paper.")
    arxiv_id: str | None = Field(None, description="arXiv id without version.")
    version: int | None = Field(None, description="arXiv version the text was read from.")
    page: int | None = Field(None, description="1-based page; None for text known only from metadata (abstract).")
    section: str | None = Field(None, description="Section heading above the passage.")
    kind: Literal["sentence", "window", "table_row", "caption", "abstract"] = Field(description="What unit it is.")
    text: str = Field(description="The passage text: verbatim from the document, or a table row's reading.")
    quote: str | None = Field(None, description="For a table row, the row as printed in the page text.")
    row: RowCells | None = Field(None, description="For a table row, its label and cells under their headers.")
    title: str | None = Field(None, description="Title of the paper the passage is from.")

    @property
    def shown(self) -> str:
        """What a verdict quotes: the row as printed for a table row, else the text."""
        return self.quote or self.text

    def read(self, claim_terms: list[str]) -> str:
        """What the cross-encoder reads: the passage, after its paper's title when the title names something of
        the claim's that the passage does not. A paper says "our Selector" where a claim about it says "the PaSa
        Selector"; read alone, such a passage looked unrelated to the claim (P(NOT_ENOUGH_INFO) 0.98 on a
        verbatim result), read after the title it supports it. Other passages are read alone: the title costs
        time and tells the cross-encoder nothing there."""
        if self.title and any(names_term(term, self.title) and not names_term(term, self.text) for term in claim_terms):
            return f"{self.title}. {self.text}"
        return self.text


_WORD = re.compile(r"[^\W\d_]{2,}")


def document_passages(document: Document) -> list[Passage]:
    """Sentences, table rows and captions, plus windows of two and of three neighbouring sentences of one section.
    A sentence often says what it is about only through its neighbours ("The model training was done on 2 Tesla
    V100" after "we trained a XLM-R-large model"); the cross-encoder, trained on premises of one to three
    sentences, reads the claim's subject there. Adding the three-sentence windows raised the hand-labelled PDF
    calibration claims' accuracy from 0.483 to 0.557 (docs/verifier.md)."""

    def make(page: int, section: str | None, kind, text: str, **table_row) -> Passage:
        return Passage(paper_id=document.paper_id, arxiv_id=document.arxiv_id, version=document.version,
                       page=page, section=section, kind=kind, text=text, title=document.title or None, **table_row)

    passages: list[Passage] = []
    in_grids: set[tuple[int, str]] = set()  # the printed lines of tables read as grids: passages of their own
    for page in document.pages:
        for table in page.tables:
            for row in table.rows:
                passages.append(make(page.number, None, "table_row", reading(table, row), quote=row.text, row=row_cells(table, row)))
                in_grids.update({(page.number, row.text), (page.number, row.group or "")})
            in_grids.add((page.number, table.header_text))
    # The prose sentences of one section just before this one, at most two: a caption, a table's line or a
    # fragment between them is left out of a window, not an end to it (the text runs on around a figure).
    run: list[tuple[int, Sentence]] = []
    for page, sentence in document.iter_sentences():
        if sentence.kind == "heading":
            run = []
            continue
        # No word in it: a figure's tick labels read as a line ("0.8 400 0.6 300 0.4 200"), or a formula. Its numbers
        # in a window made the window state numbers of every unitless measure.
        if len(sentence.text) < 12 or (page, sentence.text) in in_grids or not _WORD.search(sentence.text):
            continue
        passages.append(make(page, sentence.section, sentence.kind, sentence.text))
        if sentence.kind != "sentence":
            continue
        run = [(p, s) for p, s in run if s.section == sentence.section][-2:] + [(page, sentence)]
        for start in reversed(range(len(run) - 1)):  # the window of two, then of three, ending at this sentence
            passages.append(make(run[start][0], sentence.section, "window", " ".join(s.text for _, s in run[start:])))
    return passages


def table_key(passage: Passage) -> tuple | None:
    """Rows of one table share their paper, page, caption and column headers: two tables of one page with the same
    headers (a paper's results on two benchmarks) are two tables. None for a passage that is no table row."""
    if passage.row is None:
        return None
    return passage.paper_id, passage.page, passage.row.table, tuple(h for h, _ in passage.row.cells)


def tables_of(passages: list[Passage]) -> dict[tuple, list[Passage]]:
    """The row passages of each table among the passages, under its table_key, for comparing rows."""
    tables: dict[tuple, list[Passage]] = {}
    for p in passages:
        key = table_key(p)
        if key is not None:
            tables.setdefault(key, []).append(p)
    return tables


def abstract_passages(paper: Paper) -> list[Passage]:
    """Sentences of a paper's abstract, for papers known only from metadata."""
    text = paper.abstract
    return [
        Passage(paper_id=paper.paper_id, arxiv_id=paper.arxiv_id, version=paper.version, page=None,
                section="Abstract", kind="abstract", text=text[a:b], title=paper.title or None)
        for a, b in split_sentences(text)
    ]


def row_cells(table: Table, row: TableRow) -> RowCells:
    return RowCells(label=row.label, group=row.group, cells=tuple((c.header, c.text) for c in row.cells),
                    table=table.caption)


def reading(table: Table, row: TableRow) -> str:
    """The row as a sentence: the table and its caption, the row's label, each cell after its column header."""
    caption = table.caption.split(":", 1)[-1].strip() if ":" in table.caption[:12] else table.caption
    first = split_sentences(caption)
    caption = caption[first[0][0]:first[0][1]] if first else caption
    if len(caption) > _CAPTION_SHOWN:
        caption = caption[:_CAPTION_SHOWN].rsplit(" ", 1)[0] + "…"
    name = f"Table {table.number}" if table.number else "Table"
    label = f"{row.group}: {row.label}" if row.group else row.label
    cells = ", ".join(f"{_header(c.header)} {c.text}".strip() for c in row.cells if c.text)
    return f"{name} ({caption.rstrip('.')}), {label or 'row'}: {cells}"


def _header(header: str) -> str:
    """A header with the languages it names written out: 'XNLI / fr' -> 'XNLI / fr (French)'."""
    levels = []
    for level in header.split(" / "):
        name = LANGUAGE_CODES.get(level.strip().lower())
        levels.append(f"{level} ({name})" if name else level)
    return " / ".join(levels)
