"""SciTab's two halves read by each card, and by each way of deciding: where its test-half ECE comes from.

    python bench/scitab_halves.py --shared ../shared [--card CARD ...]

SciTab is never trained on: one half calibrates the card, the other is its held-out test
(claims.training_sets.scitab_split, of equal label mix since session 43; split by paper before, the halves held 29%
and 12% NOT_ENOUGH_INFO claims). Top-label ECE over bins lets one path's overconfidence cancel another's
underconfidence; this table shows each half per card (right, macro-F1, ECE, mean confidence, the share of
NOT_ENOUGH_INFO claims) and each decision path (claims.decide keys) with how often it is right beside its mean
confidence, so a card is judged on each.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from claims.card import load_verifier
from claims.embed import load_embedder
from claims.errors import TrainingDataError
from claims.metrics import by_path, scores
from claims.nli_data import read_nlidata
from claims.records import LABELS
from claims.train import pair_verdicts
from claims.training_sets import scitab_split

console = Console()


def read(card: Path | None, split: dict[str, list], embedder) -> list[tuple[str, str, dict, dict]]:
    """(half, NEI share, the half's scores, per decision key [n, right, mean confidence]) for one card."""
    model = load_verifier(card, precision="fp32")  # as the card's held-out scores are read
    rows = []
    for half, pairs in split.items():
        logits = model.crossencoder.logits([p.premise for p in pairs], [p.claim for p in pairs])
        decisions, _, listed = pair_verdicts(model, embedder, pairs, logits)
        confidence = np.array(listed)
        gold = [p.gold for p in pairs]
        paths = by_path([d.key for d in decisions], [d.label == g for d, g in zip(decisions, gold)], listed)
        share = Counter(gold)[LABELS[2]] / len(gold)
        rows.append((half, f"{share:.2f}", scores(gold, [d.label for d in decisions], confidence) |
                     {"confidence": float(confidence.mean())}, paths))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, required=True, help="the folder holding nlidata")
    parser.add_argument("--card", type=Path, action="append", default=[],
                        help="a verifier card (repeatable); the shipped one if none")
    args = parser.parse_args(argv)
    try:
        split = scitab_split(read_nlidata(args.shared / "nlidata").scitab)
    except TrainingDataError as error:
        print(error, file=sys.stderr)
        return 2
    embedder = load_embedder("all-MiniLM-L6-v2", "fp32")
    summary = Table("card", "half", "n", "NEI share", "right", "macro-F1", "ECE", "mean confidence",
                    title="SciTab's halves: calibrated on, and held out")
    paths = Table("card", "half", "decided by", "n", "right", "mean confidence", "gap",
                  title="SciTab's halves by way of deciding")
    for card in args.card or [None]:
        name = card.parent.name if card else "shipped"
        for half, share, row, by_key in read(card, split, embedder):
            summary.add_row(name, half, str(row["n"]), share, f"{row['accuracy']:.3f}", f"{row['macro_f1']:.3f}",
                            f"{row['ece']:.3f}", f"{row['confidence']:.3f}")
            for key, (n, right, mean) in by_key.items():
                paths.add_row(name, half, key, str(n), f"{right:.2f}", f"{mean:.2f}", f"{mean - right:+.2f}")
    console.print(summary)
    console.print(paths)
    return 0


if __name__ == "__main__":
    sys.exit(main())
