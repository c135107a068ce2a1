"""Errors raised by the `synth` package.

Every error carries the id or path it is about, so the CLI can print one line
that a user can act on. The tree::

    SynthError                      base; the CLI turns it into one line + exit 2
    ├── InvalidIdError              not an arXiv id (or one that would escape the cache)
    ├── PaperNotFoundError          the arXiv API has no such paper
    ├── WithdrawnPaperError         the paper was withdrawn; there is no text to use
    ├── NetworkError                HTTP status, timeout or refused connection, after retries
    ├── OfflineMissError            offline, and the cache does not hold the paper
    ├── CacheCorruptError           a cache file changed on disk or does not parse
    └── PdfError                    not a PDF, empty, truncated, encrypted, too many pages
"""

from __future__ import annotations

from pathlib import Path


class SynthError(Exception):
    """Base of every error synth raises on purpose. `subject` names the id or path."""

    def __init__(self, subject: str | Path, message: str):
        self.subject = str(subject)
        self.message = message
        super().__init__(f"{self.subject}: {message}")


class InvalidIdError(SynthError):
    pass


class PaperNotFoundError(SynthError):
    pass


class WithdrawnPaperError(SynthError):
    pass


class NetworkError(SynthError):
    """Raised once retries are spent; `url` and `attempts` say what was tried."""

    def __init__(self, subject: str, message: str, *, url: str, attempts: int):
        self.url = url
        self.attempts = attempts
        super().__init__(subject, f"{message} ({url}, {attempts} attempt{'s' * (attempts != 1)})")


class OfflineMissError(SynthError):
    pass


class CacheCorruptError(SynthError):
    pass


class PdfError(SynthError):
    pass
