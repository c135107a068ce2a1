"""The paper cache: one folder per paper version, every file hashed and checked on read.

Layout under the cache root::

    papers/<paper_id>/paper.pdf   the PDF as downloaded or added
    papers/<paper_id>/text.json   the extracted Document
    papers/<paper_id>/meta.json   the Paper record plus the sha256 of the two files above

meta.json is written last, so a folder without it is an interrupted store and
is ignored (and overwritten by the next store).
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from synth import atomic
from synth.documents.records import Document
from synth.errors import CacheCorruptError, InvalidIdError
from synth.papers.ids import ArxivId
from synth.papers.records import Paper

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
PDF, TEXT, META = "paper.pdf", "text.json", "meta.json"


class CacheEntry(BaseModel):
    """Contents of meta.json."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(1, description="Version of the cache entry layout.")
    paper: Paper = Field(description="The paper's metadata.")
    files: dict[str, str] = Field(description="sha256 of each file in the folder, by file name.")


class PaperCache:
    def __init__(self, root: Path):
        self.root = root
        self.papers_dir = root / "papers"

    def folder(self, paper_id: str) -> Path:
        """The folder of a paper id; refuses ids that could point outside the cache."""
        if not _SAFE_KEY.match(paper_id) or ".." in paper_id:
            raise InvalidIdError(paper_id, "unsafe cache key (only letters, digits, '.', '_' and '-' are allowed)")
        path = (self.papers_dir / paper_id).resolve()
        if not path.is_relative_to(self.papers_dir.resolve()):
            raise InvalidIdError(paper_id, "cache key escapes the cache folder")
        return path

    def store(self, paper: Paper, pdf: bytes, document: Document) -> None:
        folder = self.folder(paper.paper_id)
        text = document.model_dump_json(indent=None).encode("utf-8")
        atomic.write_bytes(folder / PDF, pdf)
        atomic.write_bytes(folder / TEXT, text)
        entry = CacheEntry(paper=paper, files={PDF: atomic.sha256_bytes(pdf), TEXT: atomic.sha256_bytes(text)})
        atomic.write_text(folder / META, entry.model_dump_json(indent=1))

    def has(self, paper_id: str) -> bool:
        return (self.folder(paper_id) / META).is_file()

    def entry(self, paper_id: str) -> CacheEntry:
        path = self.folder(paper_id) / META
        try:
            return CacheEntry.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            raise
        except (ValidationError, ValueError, OSError) as exc:
            raise CacheCorruptError(path, f"unreadable cache record ({_first_line(exc)}); re-fetch with --refresh") from exc

    def paper(self, paper_id: str) -> Paper:
        return self.entry(paper_id).paper

    def pdf_bytes(self, paper_id: str) -> bytes:
        return self._checked(paper_id, PDF)

    def document(self, paper_id: str) -> Document:
        data = self._checked(paper_id, TEXT)
        try:
            return Document.model_validate_json(data)
        except ValidationError as exc:
            path = self.folder(paper_id) / TEXT
            raise CacheCorruptError(path, f"text does not match the Document schema ({_first_line(exc)})") from exc

    def _checked(self, paper_id: str, name: str) -> bytes:
        """File contents, after checking them against the sha256 recorded at store time."""
        expected = self.entry(paper_id).files.get(name)
        path = self.folder(paper_id) / name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise CacheCorruptError(path, "file missing from the cache; re-fetch with --refresh") from exc
        if expected is None or atomic.sha256_bytes(data) != expected:
            raise CacheCorruptError(path, "file changed on disk since it was cached (sha256 mismatch); re-fetch with --refresh")
        return data

    def find(self, arxiv_id: ArxivId) -> Paper | None:
        """The cached record of that exact version, or of the newest cached version when none is named."""
        if arxiv_id.version is not None:
            key = arxiv_id.folder_name
            return self.paper(key) if self.has(key) else None
        candidates = [p for p in self.papers() if p.arxiv_id == arxiv_id.base]
        return max(candidates, key=lambda p: p.version or 0, default=None)

    def papers(self) -> list[Paper]:
        """Every complete entry; a folder with an unreadable meta.json is skipped, not fatal."""
        if not self.papers_dir.is_dir():
            return []
        found = []
        for meta in sorted(self.papers_dir.glob(f"*/{META}")):
            try:
                found.append(CacheEntry.model_validate_json(meta.read_bytes()).paper)
            except (ValidationError, ValueError, OSError):
                continue
        return found


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
