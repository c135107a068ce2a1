"""Scores of verdicts against gold labels: pure functions over arrays."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import f1_score

from claims.records import LABELS


def _bin_of(confidence: np.ndarray, bins: int) -> np.ndarray:
    """Each confidence's equal-width bin over [0, 1] (an edge belongs to the bin below it)."""
    edges = np.linspace(0.0, 1.0, bins + 1)
    return np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """ECE: the mean gap between confidence and accuracy over equal-width confidence bins, weighted by bin size.

    Args:
        confidence: (n,) probabilities that each verdict is right.
        correct: (n,) 1 where the verdict was right, else 0.
        bins: number of equal-width bins over [0, 1].
    Returns:
        A number in [0, 1]; 0 means perfectly calibrated.
    Example:
        >>> round(expected_calibration_error(np.array([0.9, 0.9, 0.6, 0.6]), np.array([1, 1, 1, 0])), 3)
        0.1
    """
    confidence = np.asarray(confidence, dtype=float)
    correct = np.asarray(correct, dtype=float)
    if confidence.shape != correct.shape or confidence.ndim != 1:
        raise ValueError(f"shapes differ: {confidence.shape} vs {correct.shape}")
    if confidence.size == 0:
        return 0.0
    which = _bin_of(confidence, bins)
    total = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            total += mask.sum() * abs(confidence[mask].mean() - correct[mask].mean())
    return float(total / confidence.size)


def ece_if_calibrated(confidence: np.ndarray, bins: int = 10, draws: int = 2000, seed: int = 0) -> tuple[float, float]:
    """The ECE a perfectly calibrated verifier would show with these confidences: each verdict right with exactly
    its confidence, drawn `draws` times.

    ECE is never 0 on a finite set: on 50 verdicts the bins' hit rates wander from their confidences by chance alone.
    An observed ECE is only evidence of miscalibration when it is above what chance gives.

    Args:
        confidence: (n,) probabilities that each verdict is right.
        bins: number of equal-width bins over [0, 1], as in `expected_calibration_error`.
        draws: simulated sets of outcomes.
        seed: seed of the draws.
    Returns:
        (mean, 95th percentile) of the simulated ECEs.
    Example:
        >>> mean, high = ece_if_calibrated(np.full(50, 0.7))
        >>> 0.03 < mean < 0.08 < high < 0.15
        True
    """
    confidence = np.asarray(confidence, dtype=float)
    if confidence.size == 0:
        return 0.0, 0.0
    which = _bin_of(confidence, bins)
    masks = [which == b for b in np.unique(which)]
    rng = np.random.default_rng(seed)
    total = np.zeros(draws)
    step = max(1, 4_000_000 // confidence.size)  # draws at a time: tens of MB whatever the set's size
    for start in range(0, draws, step):
        outcomes = rng.random((min(step, draws - start), confidence.size)) < confidence
        for mask in masks:
            total[start:start + len(outcomes)] += np.abs(confidence[mask].sum() - outcomes[:, mask].sum(axis=1))
    simulated = total / confidence.size
    return float(simulated.mean()), float(np.quantile(simulated, 0.95))


def macro_f1(gold: list[str], predicted: list[str]) -> float:
    """Macro-F1 over the three labels (a label never predicted nor gold scores 0)."""
    return float(f1_score(gold, predicted, labels=list(LABELS), average="macro", zero_division=0))


def scores(gold: list[str], predicted: list[str], confidence: np.ndarray) -> dict[str, float | tuple[float, float]]:
    """Accuracy, macro-F1 over the three labels, ECE (10 bins) beside what chance alone gives a calibrated verifier
    on this many verdicts, and Brier score of the confidences."""
    correct = np.array([g == p for g, p in zip(gold, predicted)], dtype=float)
    confidence = np.asarray(confidence, dtype=float)
    return {
        "n": len(gold),
        "accuracy": float(correct.mean()) if len(gold) else 0.0,
        "macro_f1": macro_f1(gold, predicted),
        "ece": expected_calibration_error(confidence, correct),
        "ece_if_calibrated": ece_if_calibrated(confidence),
        "brier": float(np.mean((confidence - correct) ** 2)) if len(gold) else 0.0,
    }


def by_path(paths: list, right: list[bool], confidence: list[float]) -> dict:
    """Per way of deciding (any key: a decision key, a (decided_by, label) pair): how many verdicts, how often
    right and their mean confidence, most used first. A calibration that holds overall can still be off on one
    path, its over- and underconfidence cancelling in ECE's bins."""
    grouped: dict = {}
    for path, ok, c in zip(paths, right, confidence):
        grouped.setdefault(path, []).append((ok, c))
    return {path: (len(v), float(np.mean([ok for ok, _ in v])), float(np.mean([c for _, c in v])))
            for path, v in sorted(grouped.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))}
