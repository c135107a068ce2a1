"""The combiner: pair features -> label probabilities, and the calibration of the final confidence.

Shipped as a small JSON file (claims/data/verifier.json) written by
`synth train-verifier`: a multinomial logistic regression over standardised
features, an isotonic map per predicted label from the raw decision score to
the probability that the verdict is right (fitted on a calibration split),
and the record of how it was trained (data hashes, split, held-out scores).
A checksum over the content catches a file that was edited or cut short.
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claims.errors import VerifierFileError
from claims.records import LABELS
from synth import atomic

SHIPPED = "verifier.json"


class Isotonic(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: list[float] = Field(description="Raw scores, increasing.")
    y: list[float] = Field(description="Probability that the verdict is right at each x (non-decreasing).")

    def __call__(self, raw: np.ndarray | float) -> np.ndarray:
        return np.interp(raw, self.x, self.y)


class Combiner(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(1, description="Version of this file's layout.")
    features: list[str] = Field(description="Feature names, in column order.")
    labels: list[str] = Field(description="Label names, in row order of coef.")
    mean: list[float] = Field(description="Feature means used for standardising.")
    scale: list[float] = Field(description="Feature standard deviations used for standardising.")
    coef: list[list[float]] = Field(description="Logistic-regression weights, one row per label.")
    intercept: list[float] = Field(description="Logistic-regression intercepts, one per label.")
    calibration: dict[str, Isotonic] = Field(description="Per decision key (label, or path:label): raw score -> P(verdict right).")
    embedder: str = Field(description="Embedder the cosine feature was computed with.")
    training: dict = Field(default_factory=dict, description="Command, data files and hashes, split, scores.")
    checksum: str = Field("", description="sha256 of this record without the checksum field.")

    @model_validator(mode="after")
    def _shapes(self) -> "Combiner":
        f = len(self.features)
        if tuple(self.labels) != LABELS:
            raise ValueError(f"labels must be {list(LABELS)}")
        if not set(LABELS) <= self.calibration.keys():
            raise ValueError("a calibration map is missing for some label")
        if len(self.mean) != f or len(self.scale) != f or any(len(row) != f for row in self.coef) or len(self.coef) != 3 \
                or len(self.intercept) != 3:
            raise ValueError("coefficient shapes do not match the feature list")
        if not all(np.isfinite(np.array(self.coef)).ravel()) or not all(s > 0 for s in self.scale):
            raise ValueError("non-finite weights or non-positive scales")
        return self

    def _body_digest(self) -> str:
        body = self.model_dump(mode="json", exclude={"checksum"})
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    def sealed(self) -> "Combiner":
        return self.model_copy(update={"checksum": self._body_digest()})

    def save(self, path: Path) -> None:
        atomic.write_text(path, self.sealed().model_dump_json(indent=1) + "\n")

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        return np.array([[row[name] for name in self.features] for row in rows], dtype=np.float64).reshape(len(rows), len(self.features))

    def proba(self, rows: list[dict[str, float]]) -> np.ndarray:
        """(n, 3) probabilities in LABELS order."""
        if not rows:
            return np.zeros((0, 3))
        z = (self.matrix(rows) - np.array(self.mean)) / np.array(self.scale)
        logits = z @ np.array(self.coef).T + np.array(self.intercept)
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)

    def confidence(self, key: str, raw: float) -> float:
        """P(verdict right) for a calibration key ("SUPPORTED", or "numeric:REFUTED" for a decision path)."""
        calibration = self.calibration.get(key) or self.calibration[key.rsplit(":", 1)[-1]]
        return float(calibration(raw))


def load_combiner(path: Path | None = None) -> Combiner:
    """The shipped combiner, or one at `path`; a damaged file is an error, never a silent fallback."""
    name = str(path) if path else f"claims/data/{SHIPPED}"
    try:
        raw = path.read_bytes() if path else resources.files("claims").joinpath("data", SHIPPED).read_bytes()
    except (FileNotFoundError, IsADirectoryError) as exc:
        raise VerifierFileError(name, "verifier file not found (train one with `synth train-verifier`)") from exc
    try:
        combiner = Combiner.model_validate_json(raw)
    except ValidationError as exc:
        detail = exc.errors()[0]
        where = ".".join(map(str, detail["loc"])) or "file"
        raise VerifierFileError(name, f"not a valid verifier file ({where}: {detail['msg']})") from exc
    if combiner.checksum != combiner._body_digest():
        raise VerifierFileError(name, "checksum mismatch: the verifier file was changed after training")
    return combiner
