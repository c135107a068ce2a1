"""synth's NLI cross-encoder: all-MiniLM-L6-v2 fine-tuned to read (passage, claim) and say S / R / NEI.

The shipped file (claims/data/crossencoder.safetensors) holds every weight in
fp16 except the word-embedding matrix, which training leaves frozen and which
is taken from the embedder package's own sha256-checked weights: the file is
half the size, and both hashes are checked before a verdict is made.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from claims.embed import check_weights, default_model_dir
from claims.errors import VerifierFileError
from claims.precision import inference_dtype, reading_name
from claims.records import LABELS

FROZEN = "bert.embeddings.word_embeddings.weight"
MAX_LENGTH = 256


def _offline() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def base_dir() -> Path:
    """The all-MiniLM-L6-v2 folder of the embedder package, its weights checked."""
    folder = default_model_dir()
    check_weights(folder)
    return folder


def tokenizer():
    _offline()
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(base_dir()), local_files_only=True)


def base_model():
    """MiniLM with a fresh 3-way classification head (training starts here)."""
    _offline()
    from transformers import BertForSequenceClassification
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # the "newly initialised head" notice is expected here
    model = BertForSequenceClassification.from_pretrained(
        str(base_dir()), num_labels=3, id2label=dict(enumerate(LABELS)), label2id={n: i for i, n in enumerate(LABELS)},
        local_files_only=True)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    return model


def save_weights(model, path: Path) -> str:
    """fp16 weights without the frozen word embeddings, written atomically; returns the file's sha256."""
    from safetensors.torch import save

    from synth import atomic

    state = {k: v.detach().to("cpu").half().contiguous() for k, v in model.state_dict().items() if k != FROZEN}
    # One metadata key only: safetensors writes several in an arbitrary order, and the file's hash must be stable.
    data = save(state, metadata={"labels": ",".join(LABELS)})
    atomic.write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


class CrossEncoder:
    """Scores (passage, claim) pairs: (n, 3) logits in LABELS order."""

    def __init__(self, model, tok, name: str, device: str = "cpu"):
        self.model = model.eval()
        self.tokenizer = tok
        self.name = name
        self.device = device

    @classmethod
    def load(cls, path: Path, sha256: str | None = None, device: str = "cpu", precision: str = "auto") -> "CrossEncoder":
        """The weights at `path` (the card names them), refused when missing, damaged or not the expected file,
        ready to read in the dtype `precision` selects (inference_dtype)."""
        from safetensors import SafetensorError
        from safetensors.torch import load_file

        from synth.atomic import sha256_file

        if not path.is_file():
            raise VerifierFileError(path, "cross-encoder weights not found (train them with `synth train-verifier`)")
        if sha256 is not None:
            digest = sha256_file(path)
            if digest != sha256:
                raise VerifierFileError(path, f"sha256 {digest[:12]}… is not the trained cross-encoder ({sha256[:12]}…); reinstall or retrain")
        model = base_model()
        try:
            state = load_file(str(path))
        except (SafetensorError, OSError, ValueError) as exc:
            raise VerifierFileError(path, f"not a readable safetensors file ({str(exc)[:120]})") from exc
        expected = set(model.state_dict()) - {FROZEN}
        if set(state) != expected:
            raise VerifierFileError(path, f"weights do not match the cross-encoder's layout ({len(set(state) ^ expected)} tensors differ)")
        try:
            model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
        except RuntimeError as exc:
            raise VerifierFileError(path, f"weights have the wrong shapes ({str(exc).splitlines()[0][:120]})") from exc
        dtype = inference_dtype(device, precision)
        return cls(model.to(device=device, dtype=dtype), tokenizer(), reading_name(str(path), dtype), device)

    def logits(self, premises: list[str], claims: list[str], batch_size: int = 16) -> np.ndarray:
        """Logits for each pair. Every pair is tokenised once and batches hold pairs of the same token count:
        ordered by characters, the speed bench's 500 pairs spent a third of their time on padding; small batches
        waste least."""
        import torch

        if not premises:
            return np.zeros((0, 3), dtype=np.float32)
        # The longer of the two is cut first, so a long passage loses its tail before the claim does.
        encoded = self.tokenizer(premises, claims, truncation="longest_first", max_length=MAX_LENGTH)
        order = sorted(range(len(premises)), key=lambda i: len(encoded["input_ids"][i]))
        out = np.zeros((len(premises), 3), dtype=np.float32)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                rows = order[start:start + batch_size]
                batch = self.tokenizer.pad({key: [values[i] for i in rows] for key, values in encoded.items()},
                                           return_tensors="pt").to(self.device)
                out[rows] = self.model(**batch).logits.float().cpu().numpy()
        return out
