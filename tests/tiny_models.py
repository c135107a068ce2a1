"""Tiny transformer models built in the test."""

from __future__ import annotations

from pathlib import Path


def tiny_xlmr(folder: Path, corpus: list[str]) -> Path:
    """The package's tiny XLM-R-shaped encoder, with a small vocabulary for the test's small corpus."""
    from replicate.tiny import make_tiny_model

    return make_tiny_model(folder, corpus, vocab=300)
