"""Getting papers into the cache: `fetch` from arXiv (or the cache offline) and `add` local PDFs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from rapidfuzz import fuzz

from synth.atomic import sha256_bytes
from synth.documents.extract import EXTRACTOR, Extraction, extract
from synth.documents.records import Document
from synth.errors import InvalidIdError, OfflineMissError, PdfError
from synth.papers.arxiv_api import ArxivSource
from synth.papers.cache import PaperCache
from synth.papers.corpus import bundled_papers
from synth.papers.ids import ArxivId, parse_arxiv_id
from synth.papers.records import Paper
from synth.settings import Settings


@dataclass
class Stored:
    """A paper in the cache and how it got there this time."""

    paper: Paper
    document: Document
    how: Literal["downloaded", "cached", "added", "re-extracted"]
    notes: list[str] = field(default_factory=list)  # what the user should know about how it was stored


class Library:
    def __init__(self, settings: Settings, source: ArxivSource | None = None):
        self.settings = settings
        self.cache = PaperCache(settings.cache_dir)
        self._source = source

    @property
    def source(self) -> ArxivSource:
        if self._source is None:
            self._source = ArxivSource(self.settings)
        return self._source

    def fetch(self, id_text: str, *, refresh: bool = False) -> Stored:
        """The paper from the cache when it has it (checked), else from arXiv (unless offline)."""
        arxiv_id = parse_arxiv_id(id_text)
        cached = None if refresh else self.cache.find(arxiv_id)
        if cached is not None:
            return self._from_cache(cached)
        if self.settings.offline:
            versions = sorted(p.paper_id for p in self.cache.papers() if p.arxiv_id == arxiv_id.base)
            have = f"; cached versions: {', '.join(versions)}" if versions else \
                "; without --offline (and SYNTH_OFFLINE unset) it is downloaded, or `synth add FILE.pdf` adds a copy"
            raise OfflineMissError(str(arxiv_id), f"not in the cache and offline (cache: {self.cache.root}){have}")
        paper = self.source.lookup(arxiv_id)
        pdf = self.source.download_pdf(paper)
        return self._ingest(paper, pdf, "downloaded")

    def add(self, path: Path, *, arxiv_id: str | None = None, unstamped_id: ArxivId | None = None) -> Stored:
        """Put a local PDF into the corpus; title and arXiv id come from the PDF, never its file name. `arxiv_id`
        overrides the PDF's stamp; `unstamped_id` is taken only where page 1 carries no arXiv stamp (a proceedings
        print of a paper the caller knows by id)."""
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, PermissionError) as exc:
            raise PdfError(path, f"cannot read file ({type(exc).__name__})") from exc
        given = parse_arxiv_id(arxiv_id) if arxiv_id else None
        probe = extract(data, subject=str(path), paper_id="probe", max_pages=self.settings.max_pages)
        notes: list[str] = []
        stamped = probe.stamped_id
        if given and stamped and given.base != stamped.base:
            notes.append(f"{path}: page 1 says arXiv:{stamped} but --arxiv-id says {given}; using {given}")
        found = given or stamped or unstamped_id
        paper_id = found.folder_name if found else _local_key(data)
        existing = self.cache.paper(paper_id) if found and self.cache.has(paper_id) else None
        if existing is not None and existing.source == "arxiv":
            if existing.pdf_sha256 == sha256_bytes(data):
                return self._from_cache(existing)
            # A local file must never pass for the paper arXiv served under that id.
            paper_id = _local_key(data)
            notes.append(f"{path}: {existing.paper_id} is cached as downloaded from arXiv and this PDF differs "
                         f"from it; the download is kept and this PDF is stored as {paper_id}")
        known = _bundled(found) if found else None
        title = probe.document.title
        if known and title and not _same_title(title, known.title):
            notes.append(f"{path}: its title {title!r} is not that of arXiv:{found.base} ({known.title!r}); "
                         "authors and date are not taken from the bundled record")
            known = None
        paper = Paper(
            paper_id=paper_id,
            arxiv_id=found.base if found else None,
            version=found.version if found else None,
            title=title or (known.title if known else path.stem),
            authors=known.authors if known else [],
            published=known.published if known else None,
            abstract=probe.abstract or (known.abstract if known else ""),
            source="local",
            source_detail=str(path.resolve()),
        )
        stored = self._ingest(paper, data, "added", probe, subject=str(path))
        stored.notes = notes
        return stored


    def document(self, id_text: str) -> Stored:
        """A cached paper by arXiv id or local paper id, offline."""
        if id_text.startswith("local-"):
            if not self.cache.has(id_text):
                raise OfflineMissError(id_text, f"no such local paper in the cache ({self.cache.root}); "
                                                "`synth add FILE.pdf` adds one and prints its id")
            return self._from_cache(self.cache.paper(id_text))
        offline = Library(self.settings.model_copy(update={"offline": True}), self._source)
        try:
            return offline.fetch(id_text)
        except OfflineMissError as exc:
            if self.settings.offline:
                raise
            # The user did not ask for offline: this command reads the cache only, so say how to fill it.
            raise OfflineMissError(id_text, f"not in the cache ({self.cache.root}); this command reads cached papers "
                                            f"only: `synth fetch {id_text}` downloads it, `synth add FILE.pdf` adds a "
                                            "local copy") from exc

    def _from_cache(self, paper: Paper) -> Stored:
        document = self.cache.document(paper.paper_id)
        if document.extractor == EXTRACTOR:
            return Stored(paper, document, "cached")
        # Extraction code changed since this text was made: redo it from the checked PDF.
        pdf = self.cache.pdf_bytes(paper.paper_id)
        return self._ingest(paper, pdf, "re-extracted")

    def _ingest(self, paper: Paper, pdf: bytes, how, probe: Extraction | None = None, subject: str | None = None) -> Stored:
        extraction = probe or extract(
            pdf, subject=paper.paper_id, paper_id=paper.paper_id, max_pages=self.settings.max_pages
        )
        if not any(True for _ in extraction.document.iter_sentences()):
            # A scan without a text layer would be cached as an empty paper that every claim "cannot find".
            raise PdfError(subject or paper.paper_id,
                           "the PDF has no text layer (a scanned document?); synth reads text PDFs and does no OCR")
        document = extraction.document.model_copy(
            update={"paper_id": paper.paper_id, "arxiv_id": paper.arxiv_id, "version": paper.version}
        )
        paper = paper.model_copy(
            update={
                "pdf_sha256": document.pdf_sha256,
                "pages": extraction.page_count,
                "retrieved_at": paper.retrieved_at or datetime.now(timezone.utc),
            }
        )
        self.cache.store(paper, pdf, document)
        return Stored(paper, document, how)


def _local_key(data: bytes) -> str:
    return f"local-{sha256_bytes(data)[:12]}"


def _same_title(a: str, b: str) -> bool:
    """Titles as read from page 1 and as recorded: equal up to case, spacing and small extraction slips."""
    return fuzz.ratio(" ".join(a.lower().split()), " ".join(b.lower().split())) >= 85


def _bundled(arxiv_id: ArxivId) -> Paper | None:
    return next((p for p in bundled_papers() if p.arxiv_id == arxiv_id.base), None)


def check_single_id(paths: list[Path], arxiv_id: str | None) -> None:
    if arxiv_id and len(paths) > 1:
        raise InvalidIdError(arxiv_id, f"--arxiv-id names one paper but {len(paths)} PDFs were given")
