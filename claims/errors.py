"""Errors raised by the `claims` package.

    ClaimsError                 base (a SynthError); the CLI prints it as one line, exit 2
    ├── EmbedderError           the embedding model cannot be loaded or fails its checksum
    ├── VerifierFileError       the verifier card or its cross-encoder weights are missing, corrupt or of another schema
    ├── ClaimInputError         an unusable claim or claims file (reported per line where possible)
    └── TrainingDataError       labelled data missing or malformed
"""

from __future__ import annotations

from synth.errors import SynthError


class ClaimsError(SynthError):
    """Base of the package's errors; `subject` names the file, id or model concerned.

    It derives from SynthError so that one handler in the CLI turns any of the
    tool's errors into one line and exit code 2.
    """


class EmbedderError(ClaimsError):
    pass


class VerifierFileError(ClaimsError):
    pass


class ClaimInputError(ClaimsError):
    pass


class TrainingDataError(ClaimsError):
    pass
