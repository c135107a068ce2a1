"""Readers for the NLI and fact-verification sets laid out as ../shared/nlidata -> (premise, claim) pairs.

Each pair names the labels that count as right (`target`) and the labels its
set can tell apart at all (`allowed`): FEVER knows only SUPPORTS/REFUTES, so
the NOT_ENOUGH_INFO output is masked out of its loss; RTE's not_entailment
means "REFUTED or NOT_ENOUGH_INFO", so either counts as right.

TaxiNLI's MNLI-dev half and SciTab are measuring and calibration sets: the
pairs of TaxiNLI kept for measuring (a fixed hash rule) are removed from every
training set, since MNLI dev contains them too.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from claims.errors import TrainingDataError
from claims.labelled import DataFile, data_file
from claims.records import LABELS

SUP, REF, NEI = range(3)
ALL = (SUP, REF, NEI)
_NLI = {"entailment": (SUP,), "contradiction": (REF,), "neutral": (NEI,)}
_TWO_WAY = {"entailment": (SUP,), "not_entailment": (REF, NEI)}
_FEVER = {"SUPPORTS": (SUP,), "REFUTES": (REF,), "entailment": (SUP,), "not_entailment": (REF,)}
TAXINLI_CATEGORIES = ("lexical", "syntactic", "factivity", "negation", "boolean", "quantifier", "conditional",
                      "comparative", "relational", "spatial", "temporal", "causal", "coreference", "world",
                      "taxonomic")
# Share of TaxiNLI's MNLI-dev pairs kept apart for measuring (by a hash of the pair's text).
TAXINLI_HELD_PERCENT = 40


@dataclass(frozen=True)
class Pair:
    premise: str
    claim: str
    target: tuple[int, ...]  # label indices (LABELS order) that count as right
    dataset: str
    allowed: tuple[int, ...] = ALL  # label indices the set distinguishes; the loss is taken over these only
    group: str = ""  # what the split is by (paper, claim id); empty for sets used whole
    tags: tuple[str, ...] = field(default=())  # reasoning categories (TaxiNLI) or how a pair was made

    @property
    def gold(self) -> str:
        """One gold label for scoring (the first of target)."""
        return LABELS[self.target[0]]


def pair_key(premise: str, claim: str) -> str:
    return hashlib.sha256((" ".join(premise.lower().split()) + "\x1f" + " ".join(claim.lower().split())).encode()).hexdigest()


class _Files:
    """Reads files under one root and remembers each with its hash, for the training record."""

    def __init__(self, root: Path):
        self.root = root
        self.used: list[DataFile] = []

    def path(self, relative: str) -> Path:
        path = self.root / relative
        if not path.is_file():
            raise TrainingDataError(path, f"missing: expected the layout of ../shared/nlidata ({relative})")
        return path

    def lines(self, relative: str) -> list[str]:
        path = self.path(relative)
        lines = path.read_text(encoding="utf-8").splitlines()
        self.used.append(data_file(path, len(lines)))
        return lines

    def tsv(self, relative: str) -> list[dict[str, str]]:
        path = self.path(relative)
        # Quoting off: premises hold bare quote characters, and a quoting reader merges rows.
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        self.used.append(data_file(path, len(rows)))
        return rows

    def jsonl(self, relative: str) -> list[dict]:
        path = self.path(relative)
        rows = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise TrainingDataError(f"{path}:{number}", f"not JSON ({exc.msg})") from exc
        self.used.append(data_file(path, len(rows)))
        return rows

    def json(self, relative: str):
        path = self.path(relative)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise TrainingDataError(path, f"not JSON ({exc.msg})") from exc
        self.used.append(data_file(path, len(data)))
        return data


def _clean(text: str) -> str:
    return " ".join(text.replace("-LRB-", "(").replace("-RRB-", ")").replace("-LSB-", "[").replace("-RSB-", "]").split())


def _columns(files: _Files, stem: str, suffix: str) -> Iterator[tuple[str, str, str]]:
    """Parallel files: {stem}s1, {stem}s2, {stem}labels (one item per line)."""
    yield from zip(files.lines(f"{stem}s1{suffix}"), files.lines(f"{stem}s2{suffix}"), files.lines(f"{stem}labels{suffix}"))


def read_mnli(files: _Files) -> list[Pair]:
    rows = [(r["premise"], r["hypothesis"], r["gold_label"]) for r in files.tsv("mnli/mnli_dev_matched_from_hans.tsv")]
    for part in ("Matched", "Mismatched"):
        rows += list(_columns(files, f"mnli/MNLI{part}HardWithHardTest_", ".test"))
    return [Pair(_clean(p), _clean(h), _NLI[label.strip()], "mnli") for p, h, label in rows if label.strip() in _NLI]


def read_snli(files: _Files) -> list[Pair]:
    rows = [row for split in ("dev", "test") for row in _columns(files, "esnli/", f".{split}")]
    return [Pair(_clean(p), _clean(h), _NLI[label.strip()], "snli") for p, h, label in rows if label.strip() in _NLI]


def read_fever(files: _Files) -> list[Pair]:
    rows = zip(files.lines("fever_rte/dev.raw.input0"), files.lines("fever_rte/dev.raw.input1"), files.lines("fever_rte/dev.label"))
    pairs = [Pair(_clean(e), _clean(c), _FEVER[label.strip()], "fever", (SUP, REF)) for e, c, label in rows
             if label.strip() in _FEVER]
    for name in ("dev", "test", "full", "generated"):
        for row in files.jsonl(f"fever_symmetric/fever_symmetric_{name}.jsonl"):
            label = row.get("gold_label") or row.get("label")
            evidence = row.get("evidence") or row.get("evidence_sentence") or ""
            if label in _FEVER and evidence:
                pairs.append(Pair(_clean(evidence), _clean(row["claim"]), _FEVER[label], "fever_symmetric", (SUP, REF)))
    return pairs


def read_rte(files: _Files) -> list[Pair]:
    rows = [r for name in ("train.tsv", "dev.tsv", "test_labeled_split.tsv") for r in files.tsv(f"rte/{name}")]
    return [Pair(_clean(r["sentence1"]), _clean(r["sentence2"]), _TWO_WAY[r["label"]], "rte") for r in rows
            if r.get("label") in _TWO_WAY]


def _listed(value):
    """WiCE and SciTab store some lists as JSON lists and some as their Python text."""
    return ast.literal_eval(value) if isinstance(value, str) else value


def read_wice(files: _Files) -> list[Pair]:
    """WiCE claims against the cited page's supporting sentences; 'partially' and 'not' supported are not SUPPORTED."""
    pairs = []
    for split in ("dev", "test"):
        for row in files.jsonl(f"wice/{split}.jsonl"):
            sentences = _listed(row["evidence"])
            groups = _listed(row["supporting_sentences"]) or [[]]
            chosen = [i for i in groups[0] if i < len(sentences)] or list(range(min(3, len(sentences))))
            premise = _clean(" ".join(sentences[i] for i in chosen))
            target = (SUP,) if row["label"] == "supported" else (REF, NEI)
            if premise:
                pairs.append(Pair(premise, _clean(row["claim"]), target, "wice"))
    return pairs


def _taxinli_tags(row: dict[str, str]) -> tuple[str, ...]:
    return tuple(c for c in TAXINLI_CATEGORIES for k, v in row.items()
                 if k.startswith(c + "_") and v.strip() not in ("", "0", "0.0"))


def read_taxinli(files: _Files) -> tuple[list[Pair], list[Pair]]:
    """(MNLI-train pairs for training, held-apart MNLI-dev pairs for measuring per reasoning category)."""
    train = [Pair(_clean(r["prem"]), _clean(r["hyp"]), _NLI[r["label"]], "taxinli_train", tags=_taxinli_tags(r))
             for r in files.tsv("taxinli/taxinli10k.tsv") if r.get("label") in _NLI]
    held = []
    for r in files.tsv("taxinli/taxinli10k_MNLIDev.tsv"):
        if r.get("label") not in _NLI:
            continue
        pair = Pair(_clean(r["prem"]), _clean(r["hyp"]), _NLI[r["label"]], "taxinli", tags=_taxinli_tags(r))
        (held if int(pair_key(pair.premise, pair.claim)[:8], 16) % 100 < TAXINLI_HELD_PERCENT else train).append(pair)
    return train, held


def table_passage(caption: str, columns: list[str], rows: list[list[str]]) -> str:
    """A table as one passage, as claims.table_compare.written_rows reads it: the caption, 'Columns: a | b | ...',
    then one 'label | cells' line per row."""
    lines = [caption.strip(), "Columns: " + " | ".join(columns)]
    return "\n".join(lines + [" | ".join(cells) for cells in rows])


def scitab_passage(row: dict) -> str:
    """A SciTab table as one passage, without its [BOLD] and [ITALIC] marks."""
    rows = [[str(cell).replace("[BOLD] ", "").replace("[ITALIC] ", "") for cell in cells]
            for cells in _listed(row["table_content_values"])]
    return table_passage(row["table_caption"], [str(c) for c in _listed(row["table_column_names"])], rows)


_SCITAB = {"supports": (SUP,), "refutes": (REF,), "not enough info": (NEI,)}
# SciTab joins sentences of one paragraph into a claim with this marker; read as a word it is an all-caps name
# no table states, and it made the verifier abstain on 40 of the 43 claims in the calibration half that carry it.
_SCITAB_JOIN = "[CONTINUE]"


def read_scitab(files: _Files) -> list[Pair]:
    return [Pair(scitab_passage(r), _clean(r["claim"].replace(_SCITAB_JOIN, " ")), _SCITAB[r["label"]], "scitab",
                 group=r["paper_id"])
            for r in files.json("scitab/sci_tab_dev_half.json") if r["label"] in _SCITAB]


@dataclass
class NliSets:
    train: list[Pair]
    taxinli_held: list[Pair]
    scitab: list[Pair]
    files: list[DataFile]


def read_nlidata(root: Path) -> NliSets:
    """Every set under a folder laid out as ../shared/nlidata; TaxiNLI's held pairs removed from training."""
    if not root.is_dir():
        raise TrainingDataError(root, "NLI data folder not found (expected the layout of ../shared/nlidata: mnli/, esnli/, fever_rte/, ...)")
    files = _Files(root)
    taxinli_train, taxinli_held = read_taxinli(files)
    held = {pair_key(p.premise, p.claim) for p in taxinli_held}
    train = read_mnli(files) + taxinli_train + read_snli(files) + read_fever(files) + read_rte(files) + read_wice(files)
    seen: set[str] = set()
    kept = []
    for pair in train:
        key = pair_key(pair.premise, pair.claim)
        if key not in held and key not in seen and pair.premise and pair.claim:
            seen.add(key)
            kept.append(pair)
    return NliSets(kept, taxinli_held, read_scitab(files), files.used)
