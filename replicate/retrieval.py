"""Sentence retrieval without training (BUCC, Tatoeba): mean-pooled hidden states of one encoder layer.

Both tasks follow XTREME's third_party/utils_retrieve.py and evaluate_retrieval.py:

- Tatoeba searches from English: for each English sentence the nearest foreign
  sentence by cosine, and accuracy is the share whose nearest is its translation.
- BUCC mines with ratio-margin scores (Artetxe & Schwenk 2019, arXiv 1811.01136):
  the cosine of a pair divided by the mean of the average cosine of each side's
  k nearest neighbours in the other language. Each sentence proposes its best
  pair among its k nearest neighbours, in both directions; all proposals are
  taken best first, each sentence at most once, keeping positive scores
  (mine_bitext's default `max` retrieval). The score threshold is the one that
  maximises F1 on the dev split's gold pairs, then applied to the test split.

Similarities are computed for a block of query rows at a time and only each
row's k nearest neighbours are kept, so memory grows with chunk x n, not with
the n x m matrix (about 660 GB for BUCC's de-en test set).
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import torch

from replicate.errors import ReplicateError

NEIGHBOURS = 4  # XTREME's mine_bitext neighbourhood
CHUNK = 512  # query rows per similarity block: 512 x 400k float32 cosines (BUCC's larger sides) is 0.8 GB


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


def _device(device: torch.device | str | None) -> torch.device:
    # Mining BUCC is ~10^15 multiply-adds per run: worth the accelerator when there is one.
    return torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))


@torch.no_grad()
def similarity_blocks(queries: np.ndarray, database: np.ndarray, *, chunk: int = CHUNK,
                      device: torch.device | str | None = None) -> Iterator[tuple[int, torch.Tensor]]:
    """(first query row, cosines of at most `chunk` query rows against every database row), block by block.

    The only place similarities are computed, so no caller holds more than chunk x len(database) of them.
    """
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    device, dtype = _device(device), np.result_type(queries.dtype, database.dtype)
    base = torch.from_numpy(np.ascontiguousarray(database, dtype=dtype)).to(device)
    for start in range(0, len(queries), chunk):
        rows = torch.from_numpy(np.ascontiguousarray(queries[start : start + chunk], dtype=dtype)).to(device)
        yield start, rows @ base.T


def nearest(queries: np.ndarray, database: np.ndarray, k: int, *, chunk: int = CHUNK,
            device: torch.device | str | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cosines and database rows of each query's min(k, len(database)) nearest neighbours, nearest first."""
    k = min(k, len(database))
    sims = np.zeros((len(queries), k), dtype=np.result_type(queries.dtype, database.dtype))
    rows = np.zeros((len(queries), k), dtype=np.int64)
    if k == 0:
        return sims, rows
    for start, block in similarity_blocks(queries, database, chunk=chunk, device=device):
        values, indices = block.topk(k, dim=1)
        sims[start : start + len(block)] = values.cpu().numpy()
        rows[start : start + len(block)] = indices.cpu().numpy()
    return sims, rows


def tatoeba_accuracy(foreign: np.ndarray, english: np.ndarray, *, chunk: int = CHUNK,
                     device: torch.device | str | None = None) -> dict[str, float]:
    """Share of English sentences whose nearest foreign sentence (cosine) is their translation (same row).

    XTREME indexes the foreign side and queries it with the English side; the
    other direction gives a different number, so the direction matters.
    """
    if foreign.shape != english.shape:
        raise ValueError(f"foreign {foreign.shape} and English {english.shape} must align row by row")
    _, found = nearest(english, foreign, 1, chunk=chunk, device=device)
    return {"accuracy": 100.0 * float((found[:, 0] == np.arange(len(english))).mean())}


def margin_candidates(source: np.ndarray, target: np.ndarray, k: int = NEIGHBOURS, *, chunk: int = CHUNK,
                      device: torch.device | str | None = None) -> list[tuple[int, int, float]]:
    """Mined (source row, target row, ratio-margin score) pairs, best first; each row in at most one pair."""
    if not len(source) or not len(target):
        return []
    fwd_sim, fwd_rows = nearest(source, target, k, chunk=chunk, device=device)
    bwd_sim, bwd_rows = nearest(target, source, k, chunk=chunk, device=device)
    fwd_mean, bwd_mean = fwd_sim.mean(axis=1, dtype=np.float64), bwd_sim.mean(axis=1, dtype=np.float64)
    # A candidate's score needs its own neighbourhood mean and the other side's, hence both passes first.
    fwd_margin = fwd_sim / ((fwd_mean[:, None] + bwd_mean[fwd_rows]) / 2)
    bwd_margin = bwd_sim / ((bwd_mean[:, None] + fwd_mean[bwd_rows]) / 2)
    fwd_pick, bwd_pick = fwd_margin.argmax(axis=1), bwd_margin.argmax(axis=1)
    src_all, trg_all = np.arange(len(source)), np.arange(len(target))
    sources = np.concatenate([src_all, bwd_rows[trg_all, bwd_pick]])
    targets = np.concatenate([fwd_rows[src_all, fwd_pick], trg_all])
    scores = np.concatenate([fwd_margin[src_all, fwd_pick], bwd_margin[trg_all, bwd_pick]])
    mined, used_src, used_trg = [], set(), set()
    for n in np.argsort(-scores, kind="stable"):
        i, j = int(sources[n]), int(targets[n])
        if i in used_src or j in used_trg:
            continue
        # A pair blocks its sentences even when its score is too low to keep, as in XTREME.
        used_src.add(i)
        used_trg.add(j)
        if scores[n] > 0:
            mined.append((i, j, float(scores[n])))
    return mined


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
