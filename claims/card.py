"""The verifier's card: which cross-encoder weights, how its scores are calibrated, how it was trained.

Shipped as claims/data/verifier.json beside claims/data/crossencoder.safetensors,
both written by `synth train-verifier`. The card names the weight file and its
sha256, holds the temperature and the per-decision-key calibration maps, and
the training record (command, data files with sha256, split, per-dataset
scores). A checksum over the card catches a file that was edited or cut short.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from claims.calibration import Logistic
from claims.crossencoder import CrossEncoder
from claims.errors import VerifierFileError
from claims.genre import GENRES, GenreClassifier
from claims.records import LABELS
from synth import atomic

SHIPPED_CARD = "verifier.json"
SCHEMA = 10
PATHS = ("model", "numeric", "comparison", "subject")
# Kinds of evidence whose verdicts are right at different rates: each gets its own maps, so that a
# confidence holds on tables and on prose separately rather than only on their mix.
DOMAINS = ("text", "table")
# How the passage came to the verdict: found by searching a paper's full text (a passage with a page), found among
# a few sentences or abstracts (a passage without one: a paper known by its abstract, the claim sets' evidence),
# or given with the claim (the pair-level sets of measurement). The cross-encoder reads real claims about ML
# papers, searched in full text, as confidently as the generated pairs it was trained on but is right far less
# often, and among thousands of passages differently again from among a handful: each verdict's confidence is
# fitted on verdicts of its own setting, plus those of the harder setting just before it (calibrated_settings).
SETTINGS = ("fulltext", "searched", "given")
# Every way a verdict can be reached, on each kind of evidence, in each setting, with its own calibration map.
DECISION_KEYS = tuple(f"{setting}/{domain}/{path}:{label}" for setting in SETTINGS for domain in DOMAINS
                      for path in PATHS for label in LABELS
                      if not (path == "subject" and label == "SUPPORTED")
                      and not (path == "comparison" and label == "NOT_ENOUGH_INFO"))
# The second step of calibration: per genre of claim (claims.genre), setting, kind of evidence and label.
GENRE_KEYS = tuple(f"{genre}/{setting}/{domain}:{label}" for genre in GENRES for setting in SETTINGS for domain in DOMAINS
                   for label in LABELS)


def domain_of(passage: str) -> str:
    """'table' for a table (cells joined by ' | ', as synth's table rows and SciTab's tables are), else 'text'."""
    return "table" if passage.count(" | ") >= 2 else "text"


def searched_setting(page: int | None) -> str:
    """The setting of a verdict whose deciding passage was searched for: 'fulltext' when the passage has a page."""
    return "searched" if page is None else "fulltext"


def calibrated_settings(setting: str) -> tuple[str, ...]:
    """The settings a verdict reached in `setting` calibrates: its own and the next easier one. A harder verdict
    also tells how often the easier setting is right (given prose pairs as hard as TaxiNLI's need the searched
    claims' lower hit rate), but not two settings away: the 348 hand-labelled claims searched in full text, pooled
    into the given setting too, pulled SciTab's given tables from ECE 0.039 to 0.094."""
    own = SETTINGS.index(setting)
    return SETTINGS[own:own + 2]


def calibration_key(decision_key: str, passage: str, setting: str = "searched") -> str:
    """The map a verdict is calibrated by: its decision key ('model:SUPPORTED') on its evidence's kind, in its setting."""
    return f"{setting}/{domain_of(passage)}/{decision_key}"


def genre_key(genre: str, setting: str, decision_key: str, passage: str) -> str:
    """The second map of a verdict reached by `decision_key` ('model:SUPPORTED') on `passage`, for a claim of `genre`."""
    return f"{genre}/{setting}/{domain_of(passage)}:{decision_key.rsplit(':', 1)[1]}"


class VerifierCard(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(SCHEMA, description="Version of this file's layout (10: a commit threshold per "
                                                "setting; 9: a map for a name the passage states in the claim's name's "
                                                "place; 8: a map for claims whose numbers the "
                                                "passage does not measure; 7: a second map per genre of claim; "
                                                "6: logistic maps; 5: maps for passages "
                                                "searched in full text; 4: maps for table comparisons; "
                                                "3: commit threshold, maps per setting; "
                                                "2: cross-encoder at its most probable label; 1 was the feature combiner).")
    weights: str = Field(description="File name of the cross-encoder weights, beside this card.")
    weights_sha256: str = Field(description="sha256 of the weights file.")
    labels: list[str] = Field(description="Output order of the cross-encoder.")
    temperature: float = Field(gt=0, description="Divides the logits before the softmax; fitted on calibration data.")
    commit: dict[str, float] = Field(description="Per setting (fulltext, searched, given): P(SUPPORTED) or "
                                                 "P(REFUTED) at which the cross-encoder's reading of a passage commits "
                                                 "to that label; fitted on calibration data.")
    calibration: dict[str, Logistic] = Field(description="Per decision key (setting/domain/path:label): raw score -> P(verdict right).")
    genres: GenreClassifier = Field(description="Reads a claim's genre from its embedding (claims.genre).")
    genre_maps: dict[str, Logistic] = Field(description="Per genre/setting/domain:label: the decision key's P(right) -> "
                                                        "P(right) among that genre's claims.")
    training: dict = Field(default_factory=dict, description="Command, data files and hashes, split, scores.")
    checksum: str = Field("", description="sha256 of this record without the checksum field.")

    @model_validator(mode="before")
    @classmethod
    def _this_schema(cls, data):
        # Before the fields: an earlier card's maps fail to parse, which would hide what to do about them.
        version = data.get("schema_version", SCHEMA) if isinstance(data, dict) else SCHEMA
        if version != SCHEMA:
            raise ValueError(f"schema_version {version} is not {SCHEMA}; refit it with `synth train-verifier --recalibrate`")
        return data

    @model_validator(mode="after")
    def _complete(self) -> "VerifierCard":
        if tuple(self.labels) != LABELS:
            raise ValueError(f"labels must be {list(LABELS)}")
        missing = (set(DECISION_KEYS) - self.calibration.keys()) | (set(GENRE_KEYS) - self.genre_maps.keys())
        if missing:
            raise ValueError(f"calibration maps missing for {sorted(missing)}")
        if not set(self.genres.genres) <= set(GENRES):
            raise ValueError(f"genres must be among {list(GENRES)}")
        if self.commit.keys() != set(SETTINGS) or not all(0 < c < 1 for c in self.commit.values()):
            raise ValueError(f"commit must hold a threshold in (0, 1) for each of {list(SETTINGS)}")
        return self

    def save(self, path: Path) -> None:
        sealed = self.model_copy(update={"checksum": _digest(self.model_dump(mode="json"))})
        atomic.write_text(path, sealed.model_dump_json(indent=1) + "\n")

    def confidence(self, key: str, raw: float, passage: str = "", setting: str = "searched",
                   genre: str | None = None) -> float:
        """P(right) of a verdict reached by decision `key` with score `raw`, on the kind of evidence `passage` is,
        among claims of `genre` (None: among all claims)."""
        first = self.calibration[calibration_key(key, passage, setting)](raw)
        if genre is None:
            return float(first)
        return float(self.genre_maps[genre_key(genre, setting, key, passage)](first))


def _digest(record: dict) -> str:
    """sha256 of a card's record without its checksum field."""
    body = {k: v for k, v in record.items() if k != "checksum"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _check_seal(path: Path, record: dict) -> None:
    if record.get("checksum") != _digest(record):
        raise VerifierFileError(path, "checksum mismatch: the verifier file was changed after training")


def _card_path(path: Path | None) -> Path:
    if path is None:
        return Path(str(resources.files("claims").joinpath("data", SHIPPED_CARD)))
    # `train-verifier --out DIR` writes a folder: that folder names its card as well as the file does.
    return path / SHIPPED_CARD if path.is_dir() else path


def load_card(path: Path | None = None) -> VerifierCard:
    """The shipped card, or one at `path`; a damaged file is an error, never a silent fallback."""
    path = _card_path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise VerifierFileError(path, "verifier file not found (train one with `synth train-verifier`)") from exc
    try:
        card = VerifierCard.model_validate_json(raw)
    except ValidationError as exc:
        detail = exc.errors()[0]
        where = ".".join(map(str, detail["loc"])) or "file"
        raise VerifierFileError(path, f"not a valid verifier file ({where}: {detail['msg']})") from exc
    _check_seal(path, card.model_dump(mode="json"))
    return card


@dataclass(frozen=True)
class TrainedWeights:
    """What a card says of the weights beside it, in any schema: enough to refit their card."""

    weights_sha256: str
    training: dict
    # The genre classifier fitted with the weights, where the card is of this schema (None for an earlier one).
    genres: GenreClassifier | None = None


def trained_weights(path: Path) -> TrainedWeights:
    """The weights' sha256, training record and genre classifier of the card at `path`, of this schema or an earlier
    one (whose maps `train-verifier --recalibrate` refits without reading them); a damaged file is an error."""
    try:
        record = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise VerifierFileError(path, f"not a readable verifier file ({type(exc).__name__})") from exc
    if not (isinstance(record, dict) and isinstance(record.get("weights_sha256"), str)
            and isinstance(record.get("training"), dict)):
        raise VerifierFileError(path, "not a verifier file (no weights_sha256 and training record)")
    _check_seal(path, record)
    try:
        genres = GenreClassifier.model_validate(record["genres"]) if record.get("schema_version") == SCHEMA else None
    except (KeyError, ValidationError) as exc:
        raise VerifierFileError(path, f"no valid genre classifier ({type(exc).__name__})") from exc
    return TrainedWeights(record["weights_sha256"], record["training"], genres)


@dataclass
class VerifierModel:
    """A card with its cross-encoder loaded: what the verifier needs to decide and calibrate."""

    card: VerifierCard
    crossencoder: CrossEncoder


def load_verifier(path: Path | None = None, device: str = "cpu", precision: str = "auto") -> VerifierModel:
    """The card at `path` (default: shipped) and the weights it names, both checked, read in `precision`."""
    card = load_card(path)
    weights = _card_path(path).parent / card.weights
    return VerifierModel(card, CrossEncoder.load(weights, card.weights_sha256, device, precision))
