"""Records that cross module and disk boundaries in `claims`: quantities, claims, passages, verdicts."""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Label = Literal["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
LABELS: tuple[Label, ...] = ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")
ClaimKind = Literal["numeric", "comparative", "descriptive"]


class _Record(BaseModel):
    # An unbounded quantity ('more than 2TB') has an infinite end: written "Infinity", so the JSON reads back.
    model_config = ConfigDict(extra="forbid", ser_json_inf_nan="strings")


class Quantity(_Record):
    """A number as stated in text, with what is needed to compare it."""

    text: str = Field(description="The words that state the number, as written ('5.4 points', 'nine').")
    value: float = Field(description="The number (for a range, its midpoint).")
    low: float = Field(description="Smallest value the statement allows (range, 'at least', rounding).")
    high: float = Field(description="Largest value the statement allows.")
    unit: str | None = Field(None, description="Normalised unit: '%', 'points', 'x', 'TB', 'languages', ... or None.")
    comparator: Literal["=", ">=", "<=", ">", "<", "range", "~"] = Field("=", description="How the value is bounded.")
    role: Literal["absolute", "delta"] = Field("absolute", description="'delta' for a change ('improves by 5.4').")
    decimals: int = Field(0, description="Decimal places as written; sets the rounding tolerance.")
    span: tuple[int, int] = Field(description="[start, end) of `text` in the sentence it came from.")
    before: list[str] = Field(default_factory=list, description="Up to five content words before the number, in text order.")
    after: list[str] = Field(default_factory=list, description="Up to five content words after the number, in text order.")

    @field_validator("low", "high", mode="before")
    @classmethod
    def _open_end(cls, value, info):
        """Sidecars written before infinite ends were spelled out hold null there: an open end."""
        if value is None:
            return -math.inf if info.field_name == "low" else math.inf
        return value


class Origin(_Record):
    paper_id: str | None = Field(None, description="Cache key of the source paper, if the claim came from one.")
    arxiv_id: str | None = Field(None, description="arXiv id of the source paper.")
    version: int | None = Field(None, description="arXiv version of the source paper.")
    page: int | None = Field(None, description="1-based page the claim sentence starts on.")
    section: str | None = Field(None, description="Section heading above the claim.")
    span: tuple[int, int] | None = Field(None, description="[start, end) of the sentence in the page text.")


class Claim(_Record):
    schema_version: Literal[1] = Field(1, description="Version of this record's layout.")
    id: str = Field(description="Stable id: given by the user, or derived from paper and position.")
    text: str = Field(description="Full claim text; never truncated.")
    kind: ClaimKind = Field(description="numeric, comparative or descriptive.")
    origin: Origin | None = Field(None, description="Where the claim was found, if it came from a paper.")
    quantities: list[Quantity] = Field(default_factory=list, description="Numbers stated in the claim.")

    def display(self, width: int | None = None) -> str:
        """The text cut at a word boundary with '…' when longer than `width`; the data stays whole."""
        if width is None or len(self.text) <= width:
            return self.text
        cut = self.text[: max(1, width - 1)].rsplit(" ", 1)[0]
        return cut.rstrip(" ,;:") + "…"


class Evidence(_Record):
    arxiv_id: str | None = Field(description="arXiv id of the evidence paper (None for a local PDF without one).")
    paper_id: str = Field(description="Cache key of the evidence paper.")
    version: int | None = Field(description="arXiv version the quote was read from.")
    page: int | None = Field(description="1-based page of the quote; None when only the abstract was available.")
    quote: str = Field(description="The passage, verbatim from the extracted text.")
    score: float = Field(description="Retrieval score of the passage for the claim, in [0, 1].")


class NumberCheck(_Record):
    claim: Quantity = Field(description="The claim's quantity.")
    evidence: Quantity | None = Field(description="The aligned quantity in the evidence, if any.")
    tolerance: float = Field(description="Largest difference counted as agreement.")
    agrees: bool | None = Field(description="True/False when aligned; None when the evidence states no such quantity.")
    why: str = Field("", description="Why the two numbers were taken to be the same measure of the same thing.")


EVEN_ODDS = 0.5  # a verdict's confidence is the probability that it is right: below this, it is more likely wrong


class Verdict(_Record):
    schema_version: Literal[2, 3] = Field(3, description="Version of this record's layout (3: genre).")
    id: str = Field(description="The claim's id.")
    claim: str = Field(description="The claim text, whole.")
    label: Label = Field(description="SUPPORTED, REFUTED or NOT_ENOUGH_INFO.")
    confidence: float = Field(description="Calibrated probability that `label` is right.")
    evidence: list[Evidence] = Field(default_factory=list, description="Best passages, best first.")
    numbers: list[NumberCheck] = Field(default_factory=list, description="Each claim quantity against the evidence.")
    features: dict[str, float] = Field(default_factory=dict, description="Retrieval scores of the deciding passage.")
    probabilities: dict[str, float] = Field(default_factory=dict, description="Cross-encoder probabilities per label for the deciding passage.")
    reason: str = Field("", description="One line on how the label was reached.")
    decided_by: Literal["model", "numeric", "comparison", "subject", "none"] = Field(
        "none", description="'numeric': numbers of the same measure about the same subject, computed (NOT_ENOUGH_INFO "
        "where the passage states no number of a claim's measure); 'comparison': "
        "the cells of the things a claim compares in a table, computed; 'model': the "
        "cross-encoder; 'subject': no passage about the claim's subject (NOT_ENOUGH_INFO); 'none': nothing to check.")
    checkable: bool = Field(True, description="False for statements of purpose or method, which get no verdict.")
    raw_score: float | None = Field(None, description="The score behind the confidence, before calibration.")
    genre: str | None = Field(None, description="The kind of claim it reads like (claims.genre: ml, citation, health, "
                                                "biomedical, general); its confidence is calibrated among claims of that kind.")
    replication: dict | None = Field(None, description="Replication status, where the claim maps to an experiment.")
