"""Sentence retrieval without training (BUCC, Tatoeba): mean-pooled hidden states of one encoder layer.

BUCC pairs are mined with ratio-margin scores (Artetxe & Schwenk 2019,
arXiv 1811.01136: cosine divided by the mean cosine of each side's k nearest
neighbours), keeping each source sentence's best target; the score threshold
is the one that maximises F1 on the gold pairs of the dev split, then applied
to the test split, as XTREME does. Tatoeba is nearest-neighbour accuracy.
"""

from __future__ import annotations

import numpy as np
import torch

from replicate.errors import ReplicateError


@torch.no_grad()
def embed(encoder, tokenizer, sentences: list[str], *, layer: int, max_length: int, batch_size: int,
          device: torch.device) -> np.ndarray:
    """Unit-length mean-pooled states of hidden layer `layer` (0 = embeddings) over real tokens."""
    layers = encoder.config.num_hidden_layers
    if not 0 <= layer <= layers:
        raise ReplicateError("layer", f"{layer} is outside the encoder's 0..{layers} hidden layers")
    encoder.eval()
    out = []
    for start in range(0, len(sentences), batch_size):
        batch = tokenizer(sentences[start : start + batch_size], padding=True, truncation=True, max_length=max_length,
                          return_tensors="pt").to(device)
        states = encoder(**batch, output_hidden_states=True).hidden_states[layer].float()
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (states * mask).sum(1) / mask.sum(1).clamp(min=1)
        out.append(torch.nn.functional.normalize(pooled, dim=-1).cpu().numpy())
    return np.concatenate(out) if out else np.zeros((0, encoder.config.hidden_size), dtype=np.float32)


def tatoeba_accuracy(source: np.ndarray, target: np.ndarray) -> dict[str, float]:
    """Share of source sentences whose nearest target (cosine) is their translation (same row)."""
    if source.shape != target.shape:
        raise ValueError(f"source {source.shape} and target {target.shape} must align row by row")
    nearest = (source @ target.T).argmax(axis=1)
    return {"accuracy": 100.0 * float((nearest == np.arange(len(source))).mean())}


def margin_candidates(source: np.ndarray, target: np.ndarray, k: int = 4) -> list[tuple[int, int, float]]:
    """(source row, best target row, ratio-margin score) for every source sentence."""
    sims = source @ target.T
    k_src, k_trg = min(k, sims.shape[1]), min(k, sims.shape[0])
    src_nn = np.sort(sims, axis=1)[:, -k_src:].mean(axis=1)
    trg_nn = np.sort(sims, axis=0)[-k_trg:, :].mean(axis=0)
    margin = sims / ((src_nn[:, None] + trg_nn[None, :]) / 2)
    best = margin.argmax(axis=1)
    return [(i, int(j), float(margin[i, j])) for i, j in enumerate(best)]


def best_threshold(candidates: list[tuple[str, str, float]], gold: set[tuple[str, str]]) -> float:
    """The margin threshold with the highest F1 of the kept pairs against `gold`."""
    best, best_f1 = float("inf"), -1.0
    ranked = sorted(candidates, key=lambda c: -c[2])
    correct = 0
    for kept, (src, trg, score) in enumerate(ranked, start=1):
        correct += (src, trg) in gold
        f1 = 2 * correct / (kept + len(gold)) if gold else 0.0
        if f1 > best_f1:
            best, best_f1 = score, f1
    return best
