"""How well each kind of calibration map holds on verdicts it was not fitted on, per calibration set.

    python bench/calibration_maps.py [--shared ../shared] [--card claims/data/verifier.json] [--repeats 5]

The shipped weights' held-apart calibration verdicts (the ones `synth train-verifier`
fits the card's maps on: SciTab's calibration half, generated ML pairs of the
calibration papers, the calibration claims of the labelled sets and the
hand-labelled claims about the PDFs, read as in use; TaxiNLI's calibration half, in the
second table only, as it fits only its genre's second maps) are split in two folds at
random, several times; maps fitted on one fold score the other. Each set is
scored on its own (never pooled): out-of-fold ECE (10 bins) and Brier score of
the logistic maps synth ships (claims.calibration) beside isotonic maps (the
maps of card schema 5 and before: scikit-learn's isotonic regression, the same
smoothed hit rate for keys with few verdicts). A second table scores the card's calibration as it ships, both
steps (per decision key, then per genre of claim: claims.card), fitted on one fold by the same code
`train-verifier` runs, beside the first step alone. Takes about 10 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table
from sklearn.isotonic import IsotonicRegression

from claims.calibration import CEILING, FLOOR, MIN_SAMPLES, fit_maps
from claims.card import DECISION_KEYS, VerifierCard, load_verifier
from claims.embed import load_embedder
from claims.metrics import expected_calibration_error
from claims.paper_claims import claims_about, paper_passages
from claims.train import CalibrationVerdicts, calibration_verdicts
from claims.training_sets import assemble
from synth.papers.library import Library
from synth.settings import Settings

BENCH_DATA = Path(__file__).resolve().parent / "data"


def isotonic_maps(keys: np.ndarray, raws: np.ndarray, right: np.ndarray) -> dict:
    maps = {}
    for key in DECISION_KEYS:
        raw, ok = raws[keys == key], right[keys == key]
        if len(raw) < MIN_SAMPLES or len(set(raw.tolist())) < 2:
            rate = (ok.sum() + 1) / (len(ok) + 2)
            maps[key] = lambda x, rate=rate: np.full(np.shape(x), rate)
        else:
            maps[key] = IsotonicRegression(y_min=FLOOR, y_max=CEILING, out_of_bounds="clip").fit(raw, ok).predict
    return maps


def logistic_maps(keys: np.ndarray, raws: np.ndarray, right: np.ndarray) -> dict:
    return fit_maps(list(keys), list(raws), list(right), list(DECISION_KEYS))


def out_of_fold(verdicts: CalibrationVerdicts, fitter, seed: int) -> dict[str, tuple[int, float, float]]:
    """Per data set, (verdicts, ECE, Brier) of each verdict's confidence under maps fitted on the other fold; a verdict is
    scored by its own key (its first row), maps are fitted on all rows of the other fold's verdicts. Verdicts that fit
    only their genre's second maps are left out."""
    keys, raws = np.array(verdicts.keys), np.array(verdicts.raws, dtype=float)
    right, sets, which = np.array(verdicts.right, dtype=float), np.array(verdicts.datasets), np.array(verdicts.verdict)
    fold = np.random.default_rng(seed).integers(0, 2, which.max() + 1)[which]
    fits = np.array(verdicts.first)
    first = np.r_[True, which[1:] != which[:-1]] & fits
    confidence = np.zeros(len(keys))
    for f in (0, 1):
        fitted_on = (fold != f) & fits
        maps = fitter(keys[fitted_on], raws[fitted_on], right[fitted_on])
        for i in np.flatnonzero((fold == f) & first):
            confidence[i] = float(np.ravel(maps[keys[i]](np.array([raws[i]])))[0])
    out = {}
    for name in sorted(set(sets[fits])):
        mask = first & (sets == name)
        out[name] = (int(mask.sum()), expected_calibration_error(confidence[mask], right[mask]),
                     float(np.mean((confidence[mask] - right[mask]) ** 2)))
    return out


def _rows(verdicts: CalibrationVerdicts, mask: np.ndarray) -> CalibrationVerdicts:
    pick = lambda values: [v for v, m in zip(values, mask) if m]  # noqa: E731
    return CalibrationVerdicts(pick(verdicts.keys), pick(verdicts.raws), pick(verdicts.right), pick(verdicts.datasets),
                               pick(verdicts.verdict), pick(verdicts.genre_keys), pick(verdicts.first))


def two_steps_out_of_fold(verdicts: CalibrationVerdicts, card: VerifierCard, seed: int) -> dict[str, list[float]]:
    """Per data set, [verdicts, ECE and Brier of the first step, ECE and Brier of both] of each verdict's confidence
    from the card's maps fitted on the other fold's verdicts by CalibrationVerdicts.calibrated; a verdict is scored on
    the row of its own setting (the one with its genre's key), as in use."""
    which, right = np.array(verdicts.verdict), np.array(verdicts.right, dtype=float)
    fold = np.random.default_rng(seed).integers(0, 2, which.max() + 1)[which]
    own = np.array([key is not None for key in verdicts.genre_keys])
    first, both = np.zeros(len(which)), np.zeros(len(which))
    for f in (0, 1):
        fitted = _rows(verdicts, fold != f).calibrated(card)
        for i in np.flatnonzero((fold == f) & own):
            first[i] = float(fitted.calibration[verdicts.keys[i]](verdicts.raws[i]))
            both[i] = float(fitted.genre_maps[verdicts.genre_keys[i]](first[i]))
    out = {}
    for name in sorted(set(verdicts.datasets)):
        mask = own & (np.array(verdicts.datasets) == name)
        out[name] = [int(mask.sum())] + [metric for confidence in (first, both) for metric in
                                         (expected_calibration_error(confidence[mask], right[mask]),
                                          float(np.mean((confidence[mask] - right[mask]) ** 2)))]
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[2] / "shared",
                        help="the folder holding data/pdfs, nlidata and claimdata")
    parser.add_argument("--card", type=Path, help="a verifier card other than the shipped one")
    parser.add_argument("--repeats", type=int, default=5, help="random two-fold splits to average over")
    args = parser.parse_args(argv)
    pdfs = args.shared / "data" / "pdfs"
    if not pdfs.is_dir():
        print(f"{pdfs} not found; pass --shared DIR", file=sys.stderr)
        return 2
    model, embedder = load_verifier(args.card, precision="fp32"), load_embedder(precision="fp32")
    sets = assemble(args.shared / "nlidata", args.shared / "claimdata", [pdfs])
    with tempfile.TemporaryDirectory() as tmp:
        papers = paper_passages([pdfs], Library(Settings(cache_dir=Path(tmp) / "cache", offline=True)))
        labelled, _ = claims_about([BENCH_DATA / "pdf_claims_calibration.jsonl", BENCH_DATA / "pdf_claims_dev.jsonl"], papers)
        _, verdicts, _ = calibration_verdicts(model.crossencoder, model.card.weights_sha256, model.card.genres,
                                              sets.calibration, sets.claim_calibration, labelled, papers, embedder, Path(tmp),
                                              Path(tmp) / "cache", lambda *a: None, genre_pairs=sets.genre_calibration)
    runs = {name: [out_of_fold(verdicts, fitter, seed) for seed in range(args.repeats)]
            for name, fitter in (("logistic", logistic_maps), ("isotonic", isotonic_maps))}
    table = Table("calibration set", "verdicts", "logistic ECE", "isotonic ECE", "logistic Brier", "isotonic Brier",
                  title=f"out-of-fold calibration, mean ± sd over {args.repeats} random two-fold splits")
    for name, (n, _, _) in runs["logistic"][0].items():
        cells = [f"{np.mean(values):.3f} ± {np.std(values):.3f}"
                 for metric in (1, 2) for kind in ("logistic", "isotonic")
                 for values in [[run[name][metric] for run in runs[kind]]]]
        table.add_row(name, str(n), *cells)
    Console(width=160).print(table)
    shipped = [two_steps_out_of_fold(verdicts, model.card, seed) for seed in range(args.repeats)]
    table = Table("calibration set", "verdicts", "first step ECE", "both steps ECE", "first step Brier", "both steps Brier",
                  title=f"the card's two steps out of fold, mean ± sd over {args.repeats} random two-fold splits")
    for name, first_run in shipped[0].items():
        cells = [f"{np.mean(values):.3f} ± {np.std(values):.3f}" for column in (1, 3, 2, 4)
                 for values in [[run[name][column] for run in shipped]]]
        table.add_row(name, str(first_run[0]), *cells)
    Console(width=160).print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
