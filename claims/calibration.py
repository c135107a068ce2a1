"""From raw scores to the probability that a verdict is right.

Two steps, both fitted on held-apart in-domain data only (never the training mix):
a temperature that makes the cross-encoder's softmax honest, then, per decision
key (how the verdict was reached and which label), an isotonic map from the raw
score to the observed rate of right verdicts.
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.optimize import minimize_scalar
from sklearn.isotonic import IsotonicRegression

# Keys with fewer samples than this get their smoothed hit rate instead of an isotonic curve.
MIN_SAMPLES = 30


class Isotonic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: list[float] = Field(description="Raw scores, increasing.")
    y: list[float] = Field(description="Probability that the verdict is right at each x (non-decreasing).")

    def __call__(self, raw: np.ndarray | float) -> np.ndarray:
        return np.interp(raw, self.x, self.y)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def fit_temperature(logits: np.ndarray, gold: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of the gold labels (indices)."""
    if len(gold) == 0:
        return 1.0

    def nll(log_t: float) -> float:
        p = softmax(logits, float(np.exp(log_t)))
        return float(-np.log(np.clip(p[np.arange(len(gold)), gold], 1e-12, 1.0)).mean())

    return float(np.exp(minimize_scalar(nll, bounds=(-3.0, 3.0), method="bounded").x))


def fit_isotonic(raw: np.ndarray, correct: np.ndarray) -> Isotonic:
    """P(right | raw score), or the Laplace-smoothed hit rate when there is too little to fit a curve."""
    raw, correct = np.asarray(raw, dtype=float), np.asarray(correct, dtype=float)
    if len(raw) < MIN_SAMPLES or len(set(raw.tolist())) < 2:
        rate = float((correct.sum() + 1) / (len(correct) + 2))
        return Isotonic(x=[0.0, 1.0], y=[rate, rate])
    # Never 0 or 1: a few hundred held-apart claims cannot show certainty.
    iso = IsotonicRegression(y_min=0.01, y_max=0.99, out_of_bounds="clip").fit(raw, correct)
    return Isotonic(x=[float(v) for v in iso.X_thresholds_], y=[float(v) for v in iso.y_thresholds_])


def fit_maps(keys: list[str], raw: list[float], correct: list[bool], all_keys: list[str]) -> dict[str, Isotonic]:
    """One map per decision key in `all_keys` (a key never seen gets the rate 0.5 after smoothing)."""
    keys_a, raw_a, correct_a = np.array(keys), np.array(raw, dtype=float), np.array(correct, dtype=float)
    return {key: fit_isotonic(raw_a[keys_a == key], correct_a[keys_a == key]) for key in all_keys}
