"""Errors raised by the `claims` package.

    ClaimsError                 base; the CLI prints it as one line, exit 2
    ├── EmbedderError           the embedding model cannot be loaded or fails its checksum
    ├── VerifierFileError       the combiner file is missing, corrupt or of another schema
    ├── ClaimInputError         an unusable claim or claims file (reported per line where possible)
    └── TrainingDataError       labelled data missing or malformed
"""

from __future__ import annotations

from pathlib import Path


class ClaimsError(Exception):
    """Base of the package's errors; `subject` names the file, id or model concerned."""

    def __init__(self, subject: str | Path, message: str):
        self.subject = str(subject)
        self.message = message
        super().__init__(f"{self.subject}: {message}")


class EmbedderError(ClaimsError):
    pass


class VerifierFileError(ClaimsError):
    pass


class ClaimInputError(ClaimsError):
    pass


class TrainingDataError(ClaimsError):
    pass
