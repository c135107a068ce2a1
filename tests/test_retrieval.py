"""Retrieval without training (Tatoeba, BUCC) against XTREME's definitions, computed here in full on small data."""

import numpy as np
import pytest
from torch.profiler import ProfilerActivity, profile

from replicate.retrieval import margin_candidates, nearest, similarity_blocks, tatoeba_accuracy


def unit(rows) -> np.ndarray:
    rows = np.asarray(rows, dtype=np.float64)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_tatoeba_searches_from_english_as_xtreme_does():
    # English sentence 2 is a hub, closer to every foreign sentence than their own translations but the last:
    # from the foreign side two of three miss; from the English side (XTREME's direction) every one is found.
    foreign = np.eye(3)
    english = unit([[1, -1.2, -1.2], [-1.2, 1, -1.2], [1, 1, 1.2]])
    cosines = english @ foreign.T  # rows: English, columns: foreign
    english_to_foreign = 100 * np.mean(cosines.argmax(axis=1) == np.arange(3))
    foreign_to_english = 100 * np.mean(cosines.argmax(axis=0) == np.arange(3))
    assert (english_to_foreign, foreign_to_english) == (100.0, pytest.approx(100 / 3))
    assert tatoeba_accuracy(foreign, english) == {"accuracy": english_to_foreign}
    assert tatoeba_accuracy(foreign, english, chunk=1) == {"accuracy": english_to_foreign}
    with pytest.raises(ValueError, match="align row by row"):
        tatoeba_accuracy(foreign, english[:2])


def mine_in_full(src: np.ndarray, trg: np.ndarray, k: int) -> tuple[list[tuple[int, int, float]], set, int]:
    """XTREME's mine_bitext (ratio margin, `max` retrieval, threshold 0) written over the whole similarity matrix.

    Also returns the forward-best pairs and the number of distinct proposals, to show the data exercises both
    directions and the one-to-one rule.
    """
    sims = src @ trg.T
    k_fwd, k_bwd = min(k, len(trg)), min(k, len(src))
    fwd_mean = np.sort(sims, axis=1)[:, -k_fwd:].sum(axis=1) / k_fwd
    bwd_mean = np.sort(sims, axis=0)[-k_bwd:, :].sum(axis=0) / k_bwd
    margin = sims / (fwd_mean[:, None] / 2 + bwd_mean[None, :] / 2)
    proposals = []
    for i in range(len(src)):  # each source's best target among its k nearest by cosine
        near = np.argsort(-sims[i])[:k_fwd]
        j = near[np.argmax(margin[i, near])]
        proposals.append((margin[i, j], i, j))
    forward = {(i, j) for _, i, j in proposals}
    for j in range(len(trg)):  # each target's best source among its k nearest
        near = np.argsort(-sims[:, j])[:k_bwd]
        i = near[np.argmax(margin[near, j])]
        proposals.append((margin[i, j], i, j))
    mined, seen_src, seen_trg = [], set(), set()
    for score, i, j in sorted(proposals, key=lambda p: -p[0]):
        if i not in seen_src and j not in seen_trg:
            seen_src.add(i)
            seen_trg.add(j)
            if score > 0:
                mined.append((int(i), int(j), float(score)))
    return mined, forward, len({(i, j) for _, i, j in proposals})


@pytest.mark.parametrize("n_src, n_trg", [(37, 29), (23, 41)])
def test_chunked_mining_equals_mining_over_the_full_matrix(n_src, n_trg):
    rng = np.random.default_rng(n_src)
    src, trg = unit(rng.standard_normal((n_src, 16))), unit(rng.standard_normal((n_trg, 16)))
    expected, forward, proposals = mine_in_full(src, trg, k=4)
    # The data is such that backward proposals and the one-to-one rule both change the outcome.
    assert {(i, j) for i, j, _ in expected} - forward
    assert len(expected) < proposals
    for chunk in (2, 5, 1000):
        found = margin_candidates(src, trg, k=4, chunk=chunk, device="cpu")
        assert [(i, j) for i, j, _ in found] == [(i, j) for i, j, _ in expected]
        assert [s for _, _, s in found] == pytest.approx([s for _, _, s in expected])
    # Both directions are searched, so mining target against source finds the same pairs, mirrored.
    mirrored = margin_candidates(trg, src, k=4, chunk=3, device="cpu")
    assert sorted((j, i) for i, j, _ in mirrored) == sorted((i, j) for i, j, _ in expected)


def test_nearest_keeps_the_k_best_of_every_block():
    rng = np.random.default_rng(3)
    queries, database = unit(rng.standard_normal((11, 5))), unit(rng.standard_normal((7, 5)))
    sims, rows = nearest(queries, database, 3, chunk=4, device="cpu")
    full = queries @ database.T
    assert (rows == np.argsort(-full, axis=1)[:, :3]).all()
    assert sims == pytest.approx(np.take_along_axis(full, rows, axis=1))
    sims, rows = nearest(queries, database, 50, chunk=4, device="cpu")  # k larger than the database: all of it
    assert rows.shape == (11, 7)


def test_similarities_are_held_chunk_rows_at_a_time():
    rng = np.random.default_rng(5)
    src = unit(rng.standard_normal((300, 8))).astype(np.float32)
    trg = unit(rng.standard_normal((400, 8))).astype(np.float32)
    blocks = list(similarity_blocks(src, trg, chunk=2, device="cpu"))
    assert [start for start, _ in blocks] == list(range(0, 300, 2))
    assert {tuple(block.shape) for _, block in blocks} == {(2, 400)}
    # Measured: the largest single allocation while mining is one 2 x 400 block of float32 (3200 bytes), where
    # the whole matrix would be 300 x 400 x 4 = 480000 bytes.
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as measured:
        mined = margin_candidates(src, trg, chunk=2, device="cpu")
    assert mined
    assert max(event.cpu_memory_usage for event in measured.events()) <= 2 * 400 * 4
    with pytest.raises(ValueError, match="chunk must be at least 1"):
        next(similarity_blocks(src, trg, chunk=0, device="cpu"))


def test_mining_empty_sides_finds_nothing():
    assert margin_candidates(np.zeros((0, 4)), unit(np.ones((3, 4)))) == []
    assert margin_candidates(unit(np.ones((3, 4))), np.zeros((0, 4))) == []
