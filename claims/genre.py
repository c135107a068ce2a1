"""Which kind of claim a claim reads like: claims about ML papers, citing sentences, health claims, biomedical
findings, or everyday NLI sentences.

The same verdict is right at very different rates on different kinds of claims: the cross-encoder's
NOT_ENOUGH_INFO is right about one time in ten on Citation Integrity's citing sentences and three times in four
on HealthVer's health claims (their test splits, docs/verifier.md). Maps fitted on their mix are right on
the mix and wrong on each. A claim's genre, read from its sentence embedding (which retrieval computes anyway)
by a multinomial logistic regression fitted on claims of every training and calibration set (their text only,
never their labels), keys a second calibration step (card.genre_maps), so that a confidence holds on each kind
separately.
"""

from __future__ import annotations

import random

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from sklearn.linear_model import LogisticRegression

from claims.errors import TrainingDataError

# Every data set whose claims train or calibrate the verifier, by genre. A set not named here is an error when
# fitting: its claims must be given a genre on purpose.
GENRE_OF = {
    "generated_ml": "ml", "generated_tables": "ml", "written_ml": "ml", "scitab": "ml", "pdf_claims": "ml",
    "paper_ml": "ml",
    "citation_integrity": "citation",
    "healthver": "health",
    "scifact": "biomedical",
    "mnli": "general", "taxinli": "general", "taxinli_train": "general", "snli": "general", "fever": "general",
    "fever_symmetric": "general", "rte": "general", "wice": "general",
}
GENRES = tuple(sorted(set(GENRE_OF.values())))
# Claims per genre the classifier is fitted on (sampled with a fixed seed): more than enough for 384 dimensions'
# worth of a handful of classes, and embedding them stays under a minute on two cores.
PER_GENRE = 1500


class GenreClassifier(BaseModel):
    """Multinomial logistic regression over unit-length claim embeddings."""

    model_config = ConfigDict(extra="forbid")
    genres: list[str] = Field(description="Output order.")
    embedder: str = Field(description="Name of the embedder whose vectors it reads.")
    weights: list[list[float]] = Field(description="One row of weights per genre, one column per embedding dimension.")
    bias: list[float] = Field(description="One bias per genre.")

    @model_validator(mode="after")
    def _shapes(self) -> "GenreClassifier":
        if len(self.weights) != len(self.genres) or len(self.bias) != len(self.genres):
            raise ValueError("one row of weights and one bias per genre")
        if len({len(row) for row in self.weights}) > 1:
            raise ValueError("every genre's weights must have the same length")
        return self

    def classify(self, vectors: np.ndarray) -> list[str]:
        """The genre of each claim, from its embedding (one row per claim)."""
        if len(vectors) == 0:
            return []
        scores = np.asarray(vectors, dtype=np.float64) @ np.asarray(self.weights).T + np.asarray(self.bias)
        return [self.genres[i] for i in scores.argmax(axis=1)]


def genre_of(dataset: str) -> str:
    try:
        return GENRE_OF[dataset]
    except KeyError:
        raise TrainingDataError(dataset, f"data set has no genre; name it in claims.genre.GENRE_OF ({', '.join(GENRES)})") from None


def fit_genres(claims: list[tuple[str, str]], embedder, seed: int = 13) -> GenreClassifier:
    """A classifier fitted on (data set, claim text) pairs: at most PER_GENRE distinct claims of each genre."""
    by_genre: dict[str, list[str]] = {}
    for dataset, text in claims:
        by_genre.setdefault(genre_of(dataset), []).append(text)
    texts, targets = [], []
    for genre in sorted(by_genre):
        distinct = sorted(set(by_genre[genre]))
        picked = random.Random(f"{seed}:{genre}").sample(distinct, min(PER_GENRE, len(distinct)))
        texts += picked
        targets += [genre] * len(picked)
    if len(by_genre) < 2:
        raise TrainingDataError("claims", f"a genre classifier needs claims of two genres or more, got {sorted(by_genre)}")
    # Balanced: the genres are kept apart for calibration, and the largest (general NLI) must not absorb the rest.
    fitted = LogisticRegression(C=4.0, max_iter=2000, class_weight="balanced").fit(embedder.encode(texts), targets)
    weights, bias = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2:  # sklearn keeps one row for two classes: the second's score against the first's
        weights, bias = np.vstack([-weights, weights]) / 2, np.concatenate([-bias, bias]) / 2
    return GenreClassifier(genres=list(fitted.classes_), embedder=embedder.name, weights=weights.round(5).tolist(),
                           bias=bias.round(5).tolist())
