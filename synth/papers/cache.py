"""The paper cache: one folder per paper version, every file hashed and checked on read.

Layout under the cache root::

    papers/<paper_id>/paper.pdf   the PDF as downloaded or added
    papers/<paper_id>/text.json   the extracted Document
    papers/<paper_id>/meta.json   the Paper record plus the sha256 of the two files above

An entry changes as a whole: a store writes a new folder beside the papers
(`.<paper_id>.<random>.new`), then swaps it in under a per-paper lock, so a
reader sees the old entry or the new one, never a mix, even when the writer
is killed or two writers store the same paper at once. What a killed writer
left behind (staging folders, swapped-out folders, temporary files) is swept
away by a later store once it is an hour old.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from synth import atomic
from synth.documents.records import Document
from synth.errors import CacheCorruptError, InvalidIdError
from synth.papers.ids import ArxivId
from synth.papers.records import Paper

_SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
PDF, TEXT, META = "paper.pdf", "text.json", "meta.json"
# Leftovers younger than this may belong to a store still running in another process.
_STALE_SECONDS = 3600


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
        self.papers_dir.mkdir(parents=True, exist_ok=True)
        self._sweep()
        text = document.model_dump_json(indent=None).encode("utf-8")
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=self.papers_dir))
        try:
            atomic.write_bytes(staging / PDF, pdf)
            atomic.write_bytes(staging / TEXT, text)
            entry = CacheEntry(paper=paper, files={PDF: atomic.sha256_bytes(pdf), TEXT: atomic.sha256_bytes(text)})
            atomic.write_text(staging / META, entry.model_dump_json(indent=1))
            os.chmod(staging, atomic.DIR_MODE)  # mkdtemp's 0700 would hide the entry from the user's group
            with self._lock(folder.name):
                retired = self.papers_dir / f".{folder.name}.{uuid.uuid4().hex[:8]}.old"
                if folder.exists():
                    os.rename(folder, retired)
                os.rename(staging, folder)
            shutil.rmtree(retired, ignore_errors=True)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    @contextmanager
    def _lock(self, key: str) -> Iterator[None]:
        """An exclusive lock on one paper's entry (the kernel releases it when its holder dies)."""
        with open(self.papers_dir / f".{key}.lock", "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def _sweep(self) -> None:
        """Remove what killed stores left: staging and swapped-out folders, temporary files, an hour old or more."""
        cutoff = time.time() - _STALE_SECONDS
        leftovers = [*self.papers_dir.glob(".*.new"), *self.papers_dir.glob(".*.old"), *self.papers_dir.glob("*/.*.tmp")]
        for path in leftovers:
            try:
                if path.lstat().st_mtime < cutoff:
                    shutil.rmtree(path) if path.is_dir() else path.unlink()
            except OSError:
                continue  # another sweep got there first

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
        """File contents, after checking them against the sha256 recorded at store time.

        A store swaps the whole folder, so a read that straddles a swap can pair the
        old record with the new file; it is read again before calling the file changed.
        """
        path = self.folder(paper_id) / name
        for attempt in range(3):
            if attempt:
                time.sleep(0.05)
            try:
                expected = self.entry(paper_id).files.get(name)
                data = path.read_bytes()
            except FileNotFoundError:  # the folder is being swapped, or the file is gone
                continue
            if expected is not None and atomic.sha256_bytes(data) == expected:
                return data
        if not path.is_file():
            raise CacheCorruptError(path, "file missing from the cache; re-fetch with --refresh")
        raise CacheCorruptError(path, "file changed on disk since it was cached (sha256 mismatch); re-fetch with --refresh")

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
            if meta.parent.name.startswith("."):
                continue  # a store's staging or swapped-out folder, not an entry
            try:
                found.append(CacheEntry.model_validate_json(meta.read_bytes()).paper)
            except (ValidationError, ValueError, OSError):
                continue
        return found


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
