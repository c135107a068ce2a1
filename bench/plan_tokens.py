"""Planned tokens against the tokens a run actually processes, on the tiny config (CPU, about a minute).

    python bench/plan_tokens.py [--config configs/tiny.toml] [--no-capped]

Builds the tiny XLM-R-shaped model as `synth replicate tiny-model` does, into a temporary folder, and a
second folder holding only its tokenizer (no config.json, no weights). `replicate.grid.plan` (what
`synth replicate plan --grid` prints) plans the config from the tokenizer folder; then every run of the
grid runs for real (`runner.run_seed`), with
the encoder's forward counted: the real (non-pad) tokens of each batch, as training under autograd and as
evaluation without it (English dev scoring, zero-shot evaluation, retrieval embeddings). The training count
is checked against the run's own counter (`PhaseStats.tokens`, which gives `tokens_per_s` in
results.sqlite). With --capped (the default) the grid runs a second time with `max_steps` and
`max_examples` set, so the caps are planned the way training applies them.

Prints one row per run: planned and processed training tokens, planned and processed evaluation tokens,
and their ratios. Exit status 1 when a ratio is off by more than 5% (target) or the counters disagree.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.05
CAPS = {"max_steps": 3, "max_examples": 12}  # binding: the tiny phases have 4 or more batches


@contextmanager
def counting():
    """Counts the real tokens of every encoder forward pass, and the training tokens each phase reports."""
    import torch
    from transformers import XLMRobertaModel

    import replicate.runner as runner

    counts = {"train": 0, "eval": 0, "phase_tokens": 0}
    forward, train_phase = XLMRobertaModel.forward, runner.train_phase

    def counted_forward(self, *args, **kwargs):
        mask = kwargs.get("attention_mask")
        if mask is None:
            mask = args[1] if len(args) > 1 else torch.ones_like(kwargs.get("input_ids", args[0] if args else None))
        counts["train" if torch.is_grad_enabled() and self.training else "eval"] += int(mask.sum())
        return forward(self, *args, **kwargs)

    def counted_phase(*args, **kwargs):
        stats = train_phase(*args, **kwargs)
        counts["phase_tokens"] += stats.tokens
        return stats

    XLMRobertaModel.forward, runner.train_phase = counted_forward, counted_phase
    try:
        yield counts
    finally:
        XLMRobertaModel.forward, runner.train_phase = forward, train_phase


def tiny_model(folder: Path, data: Path) -> tuple[Path, Path]:
    """(model folder, tokenizer-only folder) of the tiny model `synth replicate tiny-model` writes."""
    from replicate.tiny import corpus_of, make_tiny_model

    model = make_tiny_model(folder / "model", corpus_of(data))
    tokenizer = folder / "tokenizer-only"
    tokenizer.mkdir()
    for name in ("tokenizer.json", "tokenizer_config.json"):
        shutil.copy(model / name, tokenizer / name)
    return model, tokenizer


def compare(config, tokenizer_folder: Path, results_path: Path, label: str = "", grid: bool = True) -> list[dict]:
    """One row per run of `config` (its grid by default): planned from the tokenizer folder alone, and processed."""
    from replicate.grid import expand_grid, plan
    from replicate.model import load_tokenizer
    from replicate.results import Results
    from replicate.runner import run_seed

    planned = {(tuple(r.intermediate), r.seed): r
               for r in plan(config.model_copy(update={"model": str(tokenizer_folder)}), load_tokenizer(str(tokenizer_folder)), grid)}
    results = Results(results_path)
    rows = []
    try:
        for setting in expand_grid(config) if grid else [config]:
            for seed in setting.seeds:
                with counting() as counts:
                    run_seed(setting, seed, results)
                run = planned[(tuple(setting.intermediate), seed)]
                rows.append({"config": label, "intermediate": "+".join(setting.intermediate) or "baseline", "seed": seed,
                             "planned_train": run.train_tokens, "processed_train": counts["train"],
                             "run_counter": counts["phase_tokens"], "planned_eval": run.eval_tokens,
                             "processed_eval": counts["eval"]})
    finally:
        results.close()
    return rows


def _ratio(planned: int, processed: int) -> float:
    return planned / processed if processed else (1.0 if planned == 0 else float("inf"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs" / "tiny.toml")
    parser.add_argument("--capped", action=argparse.BooleanOptionalAction, default=True,
                        help=f"also run the grid with {CAPS} in [hyper.default]")
    args = parser.parse_args(argv)

    from replicate.config import Hyper, load_config

    config = load_config(args.config)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        model, tokenizer = tiny_model(folder, config.data_dir)
        base = config.model_copy(update={"model": str(model), "output_dir": folder / "runs"})
        variants = [("as given", base)]
        if args.capped:
            hyper = dict(base.hyper)
            hyper["default"] = (hyper.get("default") or Hyper()).model_copy(update=CAPS)
            variants.append(("capped", base.model_copy(update={"hyper": hyper, "output_dir": folder / "capped"})))
        rows = [row for label, variant in variants for row in compare(variant, tokenizer, folder / "results.sqlite", label)]

    table = Table("config", "intermediate", "seed", "planned train", "processed train", "ratio",
                  "planned eval", "processed eval", "ratio", title=f"{args.config.name}: planned vs processed tokens")
    failed = []
    for row in rows:
        train, evaluation = _ratio(row["planned_train"], row["processed_train"]), _ratio(row["planned_eval"], row["processed_eval"])
        if abs(train - 1) > TOLERANCE or abs(evaluation - 1) > TOLERANCE or row["run_counter"] != row["processed_train"]:
            failed.append(row)
        table.add_row(row["config"], row["intermediate"], str(row["seed"]), f"{row['planned_train']:,}",
                      f"{row['processed_train']:,}", f"{train:.4f}", f"{row['planned_eval']:,}",
                      f"{row['processed_eval']:,}", f"{evaluation:.4f}")
    console = Console(width=140)
    console.print(table)
    console.print("processed train: real tokens of the encoder's forward passes under autograd, equal to the runs' own "
                  "counter (PhaseStats.tokens) in every row" if not any(r["run_counter"] != r["processed_train"] for r in rows)
                  else "processed train differs from the runs' own counter (PhaseStats.tokens) in some rows", highlight=False)
    console.print(f"{len(rows) - len(failed)} of {len(rows)} runs within {TOLERANCE:.0%} (planned from the tokenizer "
                  "folder alone: no config.json, no weights)", highlight=False)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
