"""Optional NLI back end: a cross-encoder that scores (claim, passage) pairs, adding two features.

No NLI weights ship with synth and none can be downloaded here, so the back end
is off unless a model folder is given (`--nli PATH`). A combiner trained with
it lists `nli_entailment` and `nli_contradiction` among its features and
records the path; one trained without it never needs it.
"""

from __future__ import annotations

import os
from typing import Protocol

import numpy as np

from claims.errors import EmbedderError

NLI_FEATURES = ("nli_entailment", "nli_contradiction")


class PairScorer(Protocol):
    name: str

    def score(self, claims: list[str], passages: list[str]) -> list[dict[str, float]]:
        """One feature dict (keys NLI_FEATURES) per (claim, passage) pair."""
        ...


class CrossEncoderNli:
    """A sentence-transformers CrossEncoder with entailment / contradiction / neutral outputs."""

    def __init__(self, path: str):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            from sentence_transformers import CrossEncoder

            self._model = CrossEncoder(path, device="cpu", local_files_only=True)
        except Exception as exc:  # OSError, ValueError, HFValidationError, ... from the loaders
            raise EmbedderError(path, f"cannot load NLI model offline ({str(exc).splitlines()[0][:160]}); give a local model folder") from exc
        labels = {int(i): str(name).lower() for i, name in self._model.model.config.id2label.items()}
        try:
            self._entail = next(i for i, name in labels.items() if "entail" in name)
            self._contra = next(i for i, name in labels.items() if "contra" in name)
        except StopIteration as exc:
            raise EmbedderError(path, f"NLI model labels are {sorted(labels.values())}; expected entailment and contradiction") from exc
        self.name = path

    def score(self, claims: list[str], passages: list[str]) -> list[dict[str, float]]:
        if not claims:
            return []
        # Premise first: the passage is what is known, the claim is the hypothesis.
        logits = np.asarray(self._model.predict(list(zip(passages, claims)), show_progress_bar=False, convert_to_numpy=True))
        logits = logits - logits.max(axis=1, keepdims=True)
        probs = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        return [{"nli_entailment": float(p[self._entail]), "nli_contradiction": float(p[self._contra])} for p in probs]
