"""Open PDF bytes with PyMuPDF, refusing what cannot be trusted to give text."""

from __future__ import annotations

import pymupdf

from synth.errors import PdfError

# A PDF ends with %%EOF (ISO 32000-1, 7.5.5); some writers add a few bytes after it.
_EOF_WINDOW = 2048


def open_pdf(data: bytes, subject: str, max_pages: int) -> pymupdf.Document:
    """A PyMuPDF document, or PdfError naming `subject` and what is wrong."""
    if not data:
        raise PdfError(subject, "empty file (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        head = data[:16].decode("latin-1", "replace").strip() or "binary data"
        raise PdfError(subject, f"not a PDF (starts with {head!r})")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise PdfError(subject, f"truncated PDF: no %%EOF marker at the end of its {len(data)} bytes")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own FzError family and RuntimeError
        raise PdfError(subject, f"unreadable PDF ({exc})") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise PdfError(subject, "encrypted PDF: decrypt it first (e.g. `qpdf --decrypt in.pdf out.pdf`)")
    if doc.page_count == 0:
        doc.close()
        raise PdfError(subject, "PDF has no pages")
    if doc.page_count > max_pages:
        pages = doc.page_count
        doc.close()
        raise PdfError(subject, f"PDF has {pages} pages, over the limit of {max_pages} (set SYNTH_MAX_PAGES)")
    return doc
