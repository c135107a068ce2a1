"""Errors raised by the `replicate` package.

    ReplicateError          base (a SynthError, so the CLI prints one line and exits 2)
    └── LayoutError         a predictions or labels folder does not have the layout it should
"""

from __future__ import annotations

from synth.errors import SynthError


class ReplicateError(SynthError):
    """Base of the package's errors; `subject` names the file, folder, task or run concerned."""


class LayoutError(ReplicateError):
    pass
