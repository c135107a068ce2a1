"""Readers for labelled claim sets (SciFact layout, HealthVer CSV) -> LabelledClaim records.

Each record has the claim, its gold label in synth's label set, the passages
a verifier would search for it (the sentences of the cited abstracts, or of
the evidence text) and which of them are the labelled evidence.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import TrainingDataError
from claims.records import Label
from synth.documents.sentences import split_sentences

_SCIFACT_LABELS = {"SUPPORT": "SUPPORTED", "CONTRADICT": "REFUTED", "REFUTE": "REFUTED"}
_HEALTHVER_LABELS = {"Supports": "SUPPORTED", "Refutes": "REFUTED", "Neutral": "NOT_ENOUGH_INFO"}
_CITATION_TOKEN = re.compile(r"\s*\[[^\]]*<\|(?:multi_)?cit\|>[^\]]*\]")


@dataclass
class LabelledClaim:
    dataset: str
    id: str
    claim: str
    label: Label
    passages: list[str]
    evidence: list[int] = field(default_factory=list)  # indices into passages that are the labelled evidence

    @property
    def split_key(self) -> int:
        """A stable number in [0, 100) from the claim's identity, never from its label or text order."""
        return int(hashlib.sha256(f"{self.dataset}:{self.id}".encode()).hexdigest()[:8], 16) % 100


@dataclass
class DataFile:
    path: Path
    sha256: str
    rows: int


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    try:
        with path.open(encoding="utf-8") as fh:
            for number, line in enumerate(fh, start=1):
                if line.strip():
                    rows.append(json.loads(line))
    except FileNotFoundError as exc:
        raise TrainingDataError(path, "file not found") from exc
    except json.JSONDecodeError as exc:
        raise TrainingDataError(f"{path}:{number}", f"not JSON ({exc.msg})") from exc
    return rows


def data_file(path: Path, rows: int) -> DataFile:
    """A data file as a training record names it: path, sha256 and row count."""
    return DataFile(path, hashlib.sha256(path.read_bytes()).hexdigest(), rows)


def read_scifact_layout(folder: Path, dataset: str) -> tuple[list[LabelledClaim], list[DataFile]]:
    """SciFact's layout: claims_train.jsonl (evidence by doc id) + corpus.jsonl (sentence-split abstracts)."""
    claims_path, corpus_path = folder / "claims_train.jsonl", folder / "corpus.jsonl"
    corpus = {str(doc["doc_id"]): doc["abstract"] for doc in read_jsonl(corpus_path)}
    raw_claims = read_jsonl(claims_path)
    out = []
    for row in raw_claims:
        text = _CITATION_TOKEN.sub("", row["claim"]).strip()
        passages: list[str] = []
        evidence: list[int] = []
        label: Label = "NOT_ENOUGH_INFO"
        for doc_id in map(str, row.get("cited_doc_ids", [])):
            sentences = corpus.get(doc_id)
            if sentences is None:
                continue
            offset = len(passages)
            passages.extend(sentences)
            for ev in row.get("evidence", {}).get(doc_id, []):
                label = _SCIFACT_LABELS.get(ev["label"], label)
                joined = " ".join(sentences[i] for i in ev["sentences"] if i < len(sentences))
                if len(ev["sentences"]) == 1 and ev["sentences"][0] < len(sentences):
                    evidence.append(offset + ev["sentences"][0])
                else:
                    passages.append(joined)
                    evidence.append(len(passages) - 1)
        if text and passages:
            out.append(LabelledClaim(dataset, str(row["id"]), text, label, passages, evidence))
    return out, [data_file(claims_path, len(raw_claims)), data_file(corpus_path, len(corpus))]


def read_healthver(path: Path) -> tuple[list[LabelledClaim], list[DataFile]]:
    """HealthVer CSV: one (evidence, claim, label) pair a row; the passages are the evidence's sentences."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except FileNotFoundError as exc:
        raise TrainingDataError(path, "file not found") from exc
    out = []
    for row in rows:
        label = _HEALTHVER_LABELS.get(row.get("label", ""))
        if label is None or not row.get("claim") or not row.get("evidence"):
            continue
        evidence_text = " ".join(row["evidence"].split())
        passages = [evidence_text[a:b] for a, b in split_sentences(evidence_text)] + [evidence_text]
        wanted = [len(passages) - 1] if label != "NOT_ENOUGH_INFO" else []
        out.append(LabelledClaim("healthver", row["id"], row["claim"].strip(), label, passages, wanted))
    return out, [data_file(path, len(rows))]


def read_claimdata(root: Path) -> tuple[list[LabelledClaim], list[DataFile]]:
    """Every set under a claimdata folder laid out as ../shared/claimdata."""
    if not root.is_dir():
        raise TrainingDataError(root, "labelled-data folder not found")
    claims: list[LabelledClaim] = []
    files: list[DataFile] = []
    for name in ("scifact", "citation_integrity"):
        if (root / name / "claims_train.jsonl").is_file():
            more, used = read_scifact_layout(root / name, name)
            claims += more
            files += used
    if (root / "healthver" / "healthver_dev.csv").is_file():
        more, used = read_healthver(root / "healthver" / "healthver_dev.csv")
        claims += more
        files += used
    if not claims:
        raise TrainingDataError(root, "no labelled claims found (expected scifact/, citation_integrity/ or healthver/)")
    return claims, files
