"""The previous verifier, kept only as the benchmark's baseline: hand-made pair features -> logistic regression.

It was synth's verifier until the cross-encoder replaced it. Its trained file
(bench/data/combiner_v1.json, as shipped before) and its features
(bench/baseline_features.py) were moved here unchanged, so that
bench/verify.py can score the old and the new verifier on the same sets in
the same run. Nothing in the package imports this.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from baseline_features import pair_features
from claims.records import LABELS

FILE = Path(__file__).parent / "data" / "combiner_v1.json"


class Combiner:
    def __init__(self, path: Path = FILE):
        record = json.loads(path.read_text())
        self.features = record["features"]
        self.mean, self.scale = np.array(record["mean"]), np.array(record["scale"])
        self.coef, self.intercept = np.array(record["coef"]), np.array(record["intercept"])
        self.calibration = record["calibration"]

    def proba(self, rows: list[dict[str, float]]) -> np.ndarray:
        z = (np.array([[row[f] for f in self.features] for row in rows]) - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def confidence(self, key: str, raw: float) -> float:
        curve = self.calibration.get(key) or self.calibration[key.rsplit(":", 1)[-1]]
        return float(np.interp(raw, curve["x"], curve["y"]))

    def verdict(self, claim: str, passages: list[str], cosines: list[float]) -> tuple[str, float]:
        """(label, confidence) by the old decision rule: computed numbers first, else the most decisive passage."""
        rows = [pair_features(claim, p, cosine=c)[0] for p, c in zip(passages, cosines)]
        probs = self.proba(rows)
        for path, states in (("numeric", _states_the_same), ("aligned", _states_the_number)):
            about = [i for i, row in enumerate(rows) if states(row)]
            agreeing = [i for i in about if rows[i]["num_agree"] > 0 and not rows[i]["num_conflict"]]
            conflicting = [i for i in about if rows[i]["num_conflict"]]
            if agreeing:
                best = max(agreeing, key=lambda i: (rows[i]["num_agree"], probs[i, 0]))
                return "SUPPORTED", self.confidence(f"{path}:SUPPORTED", float(probs[best, 0]))
            if conflicting:
                best = max(conflicting, key=lambda i: (rows[i]["fuzzy"], probs[i, 1]))
                return "REFUTED", self.confidence(f"{path}:REFUTED", float(probs[best, 1]))
        best = int(np.argmax(probs[:, :2].max(axis=1)))
        label = int(np.argmax(probs[best]))
        return LABELS[label], self.confidence(LABELS[label], float(probs[best, label]))


def _states_the_same(row: dict[str, float]) -> bool:
    return bool(row["num_claim"]) and row["fuzzy"] >= 0.9 and row["word_coverage"] >= 0.8


def _states_the_number(row: dict[str, float]) -> bool:
    aligned = row["num_agree"] > 0 or row["num_conflict"] > 0
    return bool(row["num_claim"]) and aligned and row["word_coverage"] >= 0.5 and row["cosine"] >= 0.4
