"""The Paper record: one version of one paper, as stored in the cache's meta.json."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PAPER_SCHEMA_VERSION = 1


class Paper(BaseModel):
    """Metadata of one paper version (arXiv) or one local PDF."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[1] = Field(PAPER_SCHEMA_VERSION, description="Version of this record's layout.")
    paper_id: str = Field(description="Cache key: `2005.13013v2`, `hep-th_9901001v1` or `local-<sha256[:12]>`.")
    arxiv_id: str | None = Field(None, description="arXiv id without version; None for a local PDF with no id.")
    version: int | None = Field(None, description="arXiv version number; None when unknown.")
    title: str = Field(description="Title as given by arXiv, or as read from the PDF's first page.")
    authors: list[str] = Field(default_factory=list, description="Author names in order.")
    published: datetime | None = Field(None, description="First-version date (arXiv), if known.")
    updated: datetime | None = Field(None, description="Date of this version (arXiv), if known.")
    abstract: str = Field("", description="Abstract text; may be empty for local PDFs without one.")
    abstract_truncated: bool = Field(False, description="True when only part of the abstract is known.")
    categories: list[str] = Field(default_factory=list, description="arXiv categories, primary first.")
    comment: str | None = Field(None, description="The authors' arXiv comment.")
    pdf_url: str | None = Field(None, description="Where the PDF was downloaded from.")
    pdf_sha256: str | None = Field(None, description="sha256 of the cached PDF; None for metadata-only records.")
    pages: int | None = Field(None, description="Page count of the cached PDF.")
    source: Literal["arxiv", "local", "bundled"] = Field(description="Where the record came from.")
    source_detail: str | None = Field(None, description="File name, URL or upstream repo@commit of the record.")
    retrieved_at: datetime | None = Field(None, description="When synth stored this record (UTC).")
