"""From raw scores to the probability that a verdict is right.

Two steps, both fitted on held-apart in-domain data only (never the training mix):
a temperature that makes the cross-encoder's softmax honest, then, per decision
key (how the verdict was reached and which label), a logistic map (Platt
scaling) from the logit of the raw score to the observed rate of right verdicts.

Why logistic and not isotonic: a key holds about a hundred calibration verdicts,
and an isotonic curve fitted on so few follows their noise in steps. Out of fold
over the calibration data, each set on its own (bench/calibration_maps.py), the
two-parameter map had the lower ECE on five of the six sets and the same on the
sixth (SciTab's half 0.087 -> 0.055, the hand-labelled PDF claims 0.144 -> 0.115).
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, ConfigDict, Field
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression

# Keys with fewer samples than this get their smoothed hit rate instead of a fitted slope.
MIN_SAMPLES = 30
# Never 0 or 1: a few hundred held-apart claims cannot show certainty.
FLOOR, CEILING = 0.01, 0.99
_EPS = 1e-4


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


class Logistic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    slope: float = Field(ge=0, description="Weight of the raw score's logit; 0 for a key calibrated by its hit rate alone.")
    intercept: float = Field(description="Bias on the logit scale.")

    def __call__(self, raw: np.ndarray | float) -> np.ndarray:
        return np.clip(1 / (1 + np.exp(-(self.slope * logit(raw) + self.intercept))), FLOOR, CEILING)


IDENTITY = Logistic(slope=1.0, intercept=0.0)


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


def fit_logistic(raw: np.ndarray, correct: np.ndarray, too_few: Logistic | None = None) -> Logistic:
    """P(right | raw score); with fewer than MIN_SAMPLES scores `too_few` (default: the Laplace-smoothed hit rate),
    and the hit rate where there is nothing to fit a slope on."""
    raw, correct = np.asarray(raw, dtype=float), np.asarray(correct, dtype=float)
    rate = Logistic(slope=0.0, intercept=float(logit((correct.sum() + 1) / (len(correct) + 2))))
    if len(raw) < MIN_SAMPLES:
        return rate if too_few is None else too_few
    if len(set(raw.tolist())) < 2 or len(set(correct.tolist())) < 2:
        return rate
    fitted = LogisticRegression(C=1.0).fit(logit(raw)[:, None], correct)
    slope = float(fitted.coef_[0, 0])
    # A stronger reading is never trusted less: a falling slope on a hundred verdicts is noise, as isotonic
    # regression would have it.
    return rate if slope < 0 else Logistic(slope=slope, intercept=float(fitted.intercept_[0]))


def fit_maps(keys: list[str], raw: list[float], correct: list[bool], all_keys: list[str],
             too_few: Logistic | None = None) -> dict[str, Logistic]:
    """One map per key in `all_keys`, fitted on the rows of that key (fit_logistic; a key never seen gets the rate
    0.5 after smoothing, or `too_few`)."""
    keys_a, raw_a, correct_a = np.array(keys), np.array(raw, dtype=float), np.array(correct, dtype=float)
    return {key: fit_logistic(raw_a[keys_a == key], correct_a[keys_a == key], too_few) for key in all_keys}
