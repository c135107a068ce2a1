"""The paper cache: one entry per paper version, every file hashed and checked on read.

Layout under the cache root::

    papers/<paper_id>            a symbolic link to the entry's current folder
    papers/.<paper_id>.<random>/paper.pdf   the PDF as downloaded or added
    papers/.<paper_id>.<random>/text.json   the extracted Document
    papers/.<paper_id>.<random>/meta.json   the Paper record plus the sha256 of the two files above

An entry changes as a whole: a store writes a new folder beside the papers,
then points the entry's link at it with one rename (`os.replace` of a link is
atomic), so the entry is never absent and a reader that follows the link once
sees the old folder or the new one, never a mix, even when the writer is killed
at any point or two writers store the same paper at once. Swapping folders
themselves would need two renames, and a writer killed between them would leave
no entry at all. What killed stores left behind (folders no link points to,
temporary links and files) is swept away by a later store once it is an hour old.
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
# A read that follows the link just before a store retires the folder finds it gone and follows the link again.
_READ_ATTEMPTS = 50


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
        """The path of a paper's entry (a link to its current folder); refuses ids that could point elsewhere."""
        # The pattern admits no '/' and no leading '.', so the path cannot leave papers/ or name a store's folder.
        if not _SAFE_KEY.match(paper_id) or ".." in paper_id:
            raise InvalidIdError(paper_id, "unsafe cache key (only letters, digits, '.', '_' and '-' are allowed)")
        return self.papers_dir / paper_id

    def store(self, paper: Paper, pdf: bytes, document: Document) -> None:
        link = self.folder(paper.paper_id)
        self.papers_dir.mkdir(parents=True, exist_ok=True)
        self._sweep()
        text = document.model_dump_json(indent=None).encode("utf-8")
        staging = Path(tempfile.mkdtemp(prefix=f".{link.name}.", dir=self.papers_dir))
        pointer = staging.with_name(staging.name + ".link")
        swapped = False
        try:
            atomic.write_bytes(staging / PDF, pdf)
            atomic.write_bytes(staging / TEXT, text)
            entry = CacheEntry(paper=paper, files={PDF: atomic.sha256_bytes(pdf), TEXT: atomic.sha256_bytes(text)})
            atomic.write_text(staging / META, entry.model_dump_json(indent=1))
            os.chmod(staging, atomic.DIR_MODE)  # mkdtemp's 0700 would hide the entry from the user's group
            os.symlink(staging.name, pointer)  # relative, so the cache folder can be moved whole
            with self._lock(link.name):
                retired = self._current(link)
                if retired == link:  # a cache written before entries were links: a real folder cannot be replaced by a link
                    retired = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}.old")
                    os.rename(link, retired)
                os.replace(pointer, link)
                swapped = True
            if retired is not None:
                shutil.rmtree(retired, ignore_errors=True)
        finally:
            pointer.unlink(missing_ok=True)
            if not swapped:
                shutil.rmtree(staging, ignore_errors=True)

    def _current(self, link: Path) -> Path | None:
        """The folder an entry's link points to; the path itself for an entry stored as a real folder; None if absent."""
        try:
            return self.papers_dir / os.readlink(link)
        except FileNotFoundError:
            return None
        except OSError:  # not a link
            return link if link.is_dir() else None

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
        """Remove what killed stores left, an hour old or more: folders no entry points to, temporary links and files."""
        cutoff = time.time() - _STALE_SECONDS
        entries = list(self.papers_dir.iterdir())
        live = {os.readlink(path) for path in entries if not path.name.startswith(".") and path.is_symlink()}
        leftovers = [p for p in entries
                     if p.name.startswith(".") and not p.name.endswith(".lock") and p.name not in live]
        for path in [*leftovers, *self._temporary_files(entries)]:
            try:
                if path.lstat().st_mtime < cutoff:
                    shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
            except OSError:
                continue  # another sweep got there first

    @staticmethod
    def _temporary_files(entries: list[Path]) -> list[Path]:
        """The temporary files in the folders among `entries` (each once: not again through an entry's link).
        Another process's store may remove a folder between the listing and its reading: such a folder has none."""
        found = []
        for folder in entries:
            if folder.is_symlink():
                continue
            try:
                found += [path for path in folder.iterdir() if path.name.startswith(".") and path.name.endswith(".tmp")]
            except (FileNotFoundError, NotADirectoryError):
                continue
        return found

    def has(self, paper_id: str) -> bool:
        return (self.folder(paper_id) / META).is_file()

    def _read(self, paper_id: str, name: str | None) -> tuple[Path, CacheEntry, bytes]:
        """One entry's record and one of its files (none when name is None), both from the same folder."""
        link = self.folder(paper_id)
        for _ in range(_READ_ATTEMPTS):
            current = self._current(link)
            if current is None:
                break
            try:
                meta = (current / META).read_bytes()
                data = (current / name).read_bytes() if name else b""
            except FileNotFoundError:  # a store retired this folder after we followed the link
                time.sleep(0.01)
                continue
            try:
                return current, CacheEntry.model_validate_json(meta), data
            except (ValidationError, ValueError) as exc:
                raise CacheCorruptError(link / META, f"unreadable cache record ({_first_line(exc)}); re-fetch with --refresh") from exc
        raise CacheCorruptError(link / (name or META), "file missing from the cache; re-fetch with --refresh")

    def entry(self, paper_id: str) -> CacheEntry:
        return self._read(paper_id, None)[1]

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
        _, entry, data = self._read(paper_id, name)
        if atomic.sha256_bytes(data) != entry.files.get(name):
            path = self.folder(paper_id) / name
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
        for link in sorted(self.papers_dir.iterdir()):
            if link.name.startswith("."):
                continue  # a store's folder, temporary link or lock, not an entry
            try:
                found.append(self.entry(link.name).paper)
            except (CacheCorruptError, InvalidIdError, OSError):
                continue
        return found


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
