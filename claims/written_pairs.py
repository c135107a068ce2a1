"""(passage, claim) pairs written by people about the train papers: their abstracts, and results tables
invented from them.

The generated pairs (claims.generated_pairs, claims.generated_tables) change a
sentence or fill a template, so their supported claims are the passage's own
words. Claims in reports are paraphrases, and a model that only ever saw the
passage's own words as support reads a reworded finding as NOT_ENOUGH_INFO.
These pairs are reworded findings, reworded one-change refutations and
undecided on-topic claims, each with the passage that decides it: the window of
the abstract around the deciding sentence, or the whole table as SciTab's are
written (bench/written_pairs.py builds both).

One JSON object per line: {"paper": arXiv id, "label", "change", "claim",
"passage"}. Every paper must be a train paper (claims.generated_pairs.paper_split)
and none of the papers kept apart for checking, so no measured paper is trained on.
"""

from __future__ import annotations

from pathlib import Path

from claims.errors import TrainingDataError
from claims.generated_pairs import paper_split
from claims.labelled import DataFile, data_file, read_jsonl
from claims.nli_data import Pair
from claims.records import LABELS

DATASET = "written_ml"
CHANGES = {"SUPPORTED": {"none"}, "REFUTED": {"number", "direction", "entity", "negation"},
           "NOT_ENOUGH_INFO": {"unrelated"}}


def read_written_pairs(path: Path, excluded: set[str]) -> tuple[list[Pair], DataFile]:
    """The pairs of one file; `excluded` are the arXiv ids of the papers kept apart (the --pdfs papers)."""
    rows = read_jsonl(path)
    pairs = []
    for number, row in enumerate(rows, start=1):
        where = f"{path}:{number}"
        missing = [k for k in ("paper", "label", "change", "claim", "passage") if not str(row.get(k) or "").strip()]
        if missing:
            raise TrainingDataError(where, f"missing {', '.join(missing)}")
        label, paper = row["label"], str(row["paper"])
        if row["change"] not in CHANGES.get(label, set()):
            raise TrainingDataError(where, f"label {label!r} with change {row['change']!r} (expected one of "
                                           f"{', '.join(f'{k}/{sorted(v)}' for k, v in CHANGES.items())})")
        if paper in excluded or paper_split(paper) != "train":
            raise TrainingDataError(where, f"paper {paper} is not a train paper: its pairs would leak into what is measured")
        pairs.append(Pair(row["passage"], row["claim"], (LABELS.index(label),), DATASET, group=paper,
                          tags=(row["change"],)))
    return pairs, data_file(path, len(rows))
