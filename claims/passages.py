"""Passages: the units evidence is searched in (sentences, two-sentence windows, table rows, abstracts)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from synth.documents.records import Document
from synth.documents.sentences import split_sentences
from synth.papers.records import Paper


class Passage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    paper_id: str = Field(description="Cache key of the paper.")
    arxiv_id: str | None = Field(None, description="arXiv id without version.")
    version: int | None = Field(None, description="arXiv version the text was read from.")
    page: int | None = Field(None, description="1-based page; None for text known only from metadata (abstract).")
    section: str | None = Field(None, description="Section heading above the passage.")
    kind: Literal["sentence", "window", "table_row", "caption", "abstract"] = Field(description="What unit it is.")
    text: str = Field(description="The passage text, verbatim from the extracted document.")


def document_passages(document: Document) -> list[Passage]:
    """Sentences, table rows and captions, plus windows of two neighbouring sentences of one section."""

    def make(page: int, section: str | None, kind, text: str) -> Passage:
        return Passage(paper_id=document.paper_id, arxiv_id=document.arxiv_id, version=document.version,
                       page=page, section=section, kind=kind, text=text)

    passages: list[Passage] = []
    previous = None
    for page, sentence in document.iter_sentences():
        if sentence.kind == "heading" or len(sentence.text) < 12:
            previous = None
            continue
        passages.append(make(page, sentence.section, sentence.kind, sentence.text))
        if sentence.kind == "sentence" and previous is not None and previous[1].section == sentence.section:
            passages.append(make(previous[0], sentence.section, "window", f"{previous[1].text} {sentence.text}"))
        previous = (page, sentence) if sentence.kind == "sentence" else None
    return passages


def abstract_passages(paper: Paper) -> list[Passage]:
    """Sentences of a paper's abstract, for papers known only from metadata."""
    text = paper.abstract
    return [
        Passage(paper_id=paper.paper_id, arxiv_id=paper.arxiv_id, version=paper.version, page=None,
                section="Abstract", kind="abstract", text=text[a:b])
        for a, b in split_sentences(text)
    ]
