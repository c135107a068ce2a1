"""The labelled claim sets' held-out claims read by each card, per way of deciding: which paths a card reads worse.

    python bench/claim_set_paths.py --shared ../shared [--set scifact ...] [--card CARD ...]

Each claim of a set's test split (claims.training_sets.claim_split) is read against its own passages through
retrieval and reranking, as `train-verifier` scores it; per card the set's right rate, macro-F1 and ECE, and per
decision path (decided_by and label) how many verdicts, how often right, their mean confidence and the gold labels
they stand on. Session 43 asked why SciFact lost about 0.03 at each retraining on claims about whole papers: this
shows where.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from claims.card import load_verifier
from claims.embed import load_embedder
from claims.errors import TrainingDataError
from claims.labelled import read_claimdata
from claims.metrics import by_path, scores
from claims.train import claim_readings, judged
from claims.training_sets import ClaimItem, claim_split

console = Console()


def read(card: Path | None, sets: dict[str, list[ClaimItem]], embedder, cache: Path) -> list[tuple[str, dict, dict]]:
    """(set, its scores, per (decided_by, label) [n, right, mean confidence, gold labels Counter]) for one card."""
    model = load_verifier(card, precision="fp32")  # as the card's held-out scores are read
    rows = []
    for dataset, items in sets.items():
        verdicts = judged(claim_readings(model, embedder, items, cache, lambda *_: None, dataset))
        gold = [i.gold for i in items]
        keys = [(v.decided_by, v.label) for v in verdicts]
        paths = by_path(keys, [v.label == g for v, g in zip(verdicts, gold)], [v.confidence for v in verdicts])
        rows.append((dataset, scores(gold, [v.label for v in verdicts], np.array([v.confidence for v in verdicts])),
                     {key: (*path, Counter(g for k, g in zip(keys, gold) if k == key)) for key, path in paths.items()}))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the folder holding claimdata")
    parser.add_argument("--set", action="append", default=[], dest="sets",
                        help="a labelled claim set (repeatable; default: every one)")
    parser.add_argument("--card", type=Path, action="append", default=[],
                        help="a verifier card (repeatable); the shipped one if none")
    args = parser.parse_args(argv)
    try:
        labelled, _ = read_claimdata(args.shared / "claimdata")
    except TrainingDataError as error:
        print(error, file=sys.stderr)
        return 2
    known = sorted({c.dataset for c in labelled})
    unknown = [name for name in args.sets if name not in known]
    if unknown:
        print(f"unknown claim set {', '.join(unknown)}: the claim sets are {', '.join(known)}", file=sys.stderr)
        return 2
    sets = {name: [ClaimItem(c.dataset, c.claim, c.label, c.passages) for c in labelled
                   if c.dataset == name and claim_split(c) == "test"] for name in args.sets or known}
    embedder = load_embedder("all-MiniLM-L6-v2", "fp32")
    summary = Table("card", "set", "n", "right", "macro-F1", "ECE", title="held-out claims of the labelled sets")
    paths = Table("card", "set", "decided by", "label", "n", "right", "mean confidence", "gold S/R/N",
                  title="the labelled sets by way of deciding")
    with tempfile.TemporaryDirectory() as cache:
        for card in args.card or [None]:
            name = card.parent.name if card else "shipped"
            for dataset, row, by_key in read(card, sets, embedder, Path(cache)):
                summary.add_row(name, dataset, str(row["n"]), f"{row['accuracy']:.3f}", f"{row['macro_f1']:.3f}",
                                f"{row['ece']:.3f}")
                for (decided_by, label), (n, right, mean, gold) in by_key.items():
                    paths.add_row(name, dataset, decided_by, label, str(n), f"{right:.2f}", f"{mean:.2f}",
                                  "/".join(str(gold[g]) for g in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO")))
    console.print(summary)
    console.print(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
