"""`synth replicate …`: the X-STILTs replication harness commands (thin wrappers over the `replicate` package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from synth.cli_common import AsJson, SynthGroup, err, out
from synth.errors import SynthError

replicate_app = typer.Typer(cls=SynthGroup, no_args_is_help=True, help="The X-STILTs replication harness (arXiv 2005.13013).")


@replicate_app.command("score")
def replicate_score(
    predictions: Annotated[Path, typer.Argument(help="Predictions in the XTREME submission layout (<task>/test-<lang>.*).")],
    labels: Annotated[Path, typer.Argument(help="Labels in the same layout.")],
    as_json: AsJson = False,
):
    """Score XTREME-layout predictions with XTREME's own metric definitions, per task and language.

    Example: synth replicate score ../shared/data/xtreme_mock_test_data/predictions ../shared/data/xtreme_mock_test_data/labels
    """
    from replicate.xtreme_score import score_layout

    overall, tasks = score_layout(predictions, labels)
    if as_json:
        typer.echo(json.dumps({"overall": overall, "tasks": tasks}))
        return
    table = Table("task", "metric", "average", "per language", box=None)
    for task, scores in tasks.items():
        for metric in [m for m in scores if not m.startswith("avg_")]:
            langs = ", ".join(f"{lang} {value:.2f}" for lang, value in scores[metric].items())
            table.add_row(task, metric, f"{scores[f'avg_{metric}']:.2f}", langs)
    out.print(table)
    for group, value in overall.items():
        out.print(f"{group}: {value:.2f}", highlight=False)


@replicate_app.command("tasks")
def replicate_tasks(as_json: AsJson = False):
    """List the registered tasks of the X-STILTs grid: head, metric, role, languages and expected file layout.

    Example: synth replicate tasks
    """
    from replicate.tasks import TASKS

    if as_json:
        for spec in TASKS.values():
            typer.echo(json.dumps({"name": spec.name, "head": spec.head, "metric": spec.metric, "role": spec.role,
                                   "languages": list(spec.languages), "layout": spec.layout, "defaults": spec.defaults}))
        return
    table = Table("task", "role", "head", "metric", "languages", "layout (under the data dir)", box=None)
    for spec in sorted(TASKS.values(), key=lambda s: (s.role, s.name)):
        table.add_row(spec.name, spec.role, spec.head, spec.metric, str(len(spec.languages)),
                      escape("; ".join(f"{k}: {v}" for k, v in spec.layout.items())))
    out.print(table)


ResultsPath = Annotated[Path, typer.Option("--results", help="The results database.")]


def _run_here(settings: list, results: Path) -> None:
    """Every (setting, seed) run on this machine, one after another, recorded in `results`."""
    from replicate.results import Results
    from replicate.runner import run_seed

    store = Results(results)
    try:
        for setting in settings:
            for seed in setting.seeds:
                run_id = run_seed(setting, seed, store, log=lambda message: err.print(escape(message), highlight=False))
                out.print(f"{'+'.join(setting.intermediate) or 'baseline'} seed {seed}: {run_id} done", highlight=False)
    finally:
        store.close()


@replicate_app.command("run")
def replicate_run(
    config: Annotated[Path, typer.Argument(help="Run config (TOML): model, intermediate, targets, seeds, data_dir.")],
    results: ResultsPath = Path("results.sqlite"),
):
    """Run a config (one run per seed): intermediate training, English target training, zero-shot evaluation.

    Example: synth replicate run configs/tiny.toml --results results.sqlite
    """
    from replicate.config import load_config

    _run_here([load_config(config)], results)


@replicate_app.command("results")
def replicate_results(
    results: ResultsPath = Path("results.sqlite"),
    merge: Annotated[Path | None, typer.Option("--merge", help="First fold in the records of every run folder under this output dir.")] = None,
    plot: Annotated[Path | None, typer.Option("--plot", help="Write a heatmap of the deltas to the baseline (PNG).")] = None,
    paper_numbers: Annotated[Path | None, typer.Option("--paper-numbers", help="The paper's numbers (default: the shipped ones, with sources).")] = None,
    as_json: AsJson = False,
):
    """Target scores per intermediate setting, averaged over languages and seeds, with deltas and the paper's numbers.

    Example: synth replicate results --results runs/results.sqlite --plot runs/heatmap.png
    """
    from replicate.launch import merge_runs
    from replicate.report import heatmap, load_paper_numbers, summarise
    from replicate.results import Results

    if merge is not None:
        store = Results(results)
        try:
            err.print(f"merged {merge_runs(merge, store)} run records from {escape(str(merge))}")
        finally:
            store.close()
    if not results.is_file():
        raise SynthError(results, "no results database here (run `synth replicate run CONFIG` first)")
    store = Results(results)
    try:
        table_rows = summarise(store.rows(), load_paper_numbers(paper_numbers))
    finally:
        store.close()
    if plot is not None:
        heatmap(table_rows, plot)
        err.print(f"wrote {escape(str(plot))}")
    if as_json:
        for row in table_rows:
            typer.echo(json.dumps(row))
        return
    table = Table("intermediate", "target", "metric", "mean", "± std", "seeds", "Δ vs baseline", "paper", box=None)
    for row in table_rows:
        delta = f"{row['delta']:+.2f}" if row["delta"] is not None else "-"
        spread = f"{row['std']:.2f}" if row["std"] is not None else "-"
        paper = f"{row['paper']['value']:.1f} {row['paper']['what'].split(' (')[0].split(',')[0]}" if row["paper"] else "-"
        table.add_row(row["intermediate"], row["target"], row["metric"], f"{row['mean']:.2f}", spread, str(row["n"]), delta, escape(paper))
    out.print(table)
    if any(r["paper"] for r in table_rows):
        err.print("paper numbers: " + "; ".join(sorted({r["paper"]["source"] for r in table_rows if r["paper"]})))


@replicate_app.command("tiny-model")
def replicate_tiny_model(
    folder: Annotated[Path, typer.Argument(help="Where to write the model folder.")],
    data: Annotated[Path, typer.Option("--data", help="Data folder whose text trains the tokenizer.")],
    layers: Annotated[int, typer.Option("--layers", min=1, max=24, help="Transformer layers.")] = 2,
    hidden: Annotated[int, typer.Option("--hidden", min=8, max=1024, help="Hidden size.")] = 32,
):
    """Write a tiny random XLM-R-shaped encoder and tokenizer for CPU runs (no weights can be downloaded here).

    Example: synth replicate tiny-model runs/tiny-model --data configs/tiny-data
    """
    from replicate.tiny import corpus_of, make_tiny_model

    make_tiny_model(folder, corpus_of(data), hidden=hidden, layers=layers, heads=2 if hidden < 64 else hidden // 64)
    out.print(f"wrote {escape(str(folder))}", highlight=False)


@replicate_app.command("grid")
def replicate_grid(
    config: Annotated[Path, typer.Argument(help="Config whose 'intermediate' list is the grid's intermediate tasks.")],
    results: ResultsPath = Path("results.sqlite"),
    launcher: Annotated[str, typer.Option("--launcher", help="'local' (one run after another here) or 'slurm' (submitit jobs).")] = "local",
    partition: Annotated[str | None, typer.Option("--partition", help="Slurm partition (with --launcher slurm).")] = None,
    hours: Annotated[float, typer.Option("--hours", min=0.1, help="Time limit per Slurm job.")] = 12.0,
):
    """Run the paper's grid: baseline, each intermediate task alone, all of them multi-task; done runs are skipped.

    Example: synth replicate grid configs/tiny.toml --results runs/results.sqlite
    """
    from replicate.config import load_config
    from replicate.grid import expand_grid
    from replicate.launch import submit

    settings = expand_grid(load_config(config))
    if launcher == "slurm":
        slurm = {"slurm_partition": partition, "timeout_min": int(hours * 60), "gpus_per_node": 1}
        jobs = submit(settings, "slurm", settings[0].output_dir / "slurm", {k: v for k, v in slurm.items() if v is not None})
        out.print(f"submitted {len(jobs)} jobs ({', '.join(j.job_id for j in jobs)}); when they finish: "
                  f"synth replicate results --merge {settings[0].output_dir} --results {results}", highlight=False)
        return
    if launcher != "local":
        raise typer.BadParameter("use 'local' or 'slurm'", param_hint="--launcher")
    _run_here(settings, results)


@replicate_app.command("plan")
def replicate_plan(
    config: Annotated[Path, typer.Argument(help="Run config (TOML).")],
    grid: Annotated[bool, typer.Option("--grid", help="Plan the whole grid (baseline, each task, multi-task).")] = False,
    results: ResultsPath = Path("results.sqlite"),
    tokens_per_s: Annotated[float | None, typer.Option("--tokens-per-s", min=1.0, help="Training throughput to plan "
                            "with, e.g. the harness's from `synth replicate bench`; default: earlier runs in --results.")] = None,
    as_json: AsJson = False,
):
    """The runs a config implies, their training tokens, and GPU-hours from measured throughput.

    Example: synth replicate plan configs/tiny.toml --grid
    """
    from replicate.config import load_config
    from replicate.grid import plan
    from replicate.model import load_tokenizer
    from replicate.results import Results

    loaded = load_config(config)
    runs = plan(loaded, load_tokenizer(loaded.model), grid)
    measured = [r["tokens_per_s"] for r in Results(results).runs() if r["tokens_per_s"]] if results.is_file() else []
    speed = tokens_per_s or (sum(measured) / len(measured) if measured else None)
    if as_json:
        for run in runs:
            hours = run.train_tokens / speed / 3600 if speed else None
            typer.echo(json.dumps({"run_id": run.run_id, "seed": run.seed, "intermediate": run.intermediate,
                                   "train_tokens": run.train_tokens, "hours": hours, "tokens_per_s": speed}))
        return
    table = Table("run", "seed", "intermediate", "training tokens", "hours", box=None)
    for run in runs:
        hours = f"{run.train_tokens / speed / 3600:.2f}" if speed else "-"
        table.add_row(run.run_id, str(run.seed), "+".join(run.intermediate) or "baseline", f"{run.train_tokens:,}", hours)
    out.print(table)
    total = sum(r.train_tokens for r in runs)
    if tokens_per_s:
        basis = f"at {speed:,.0f} tokens/s (--tokens-per-s)"
    elif speed:
        basis = f"at {speed:,.0f} tokens/s measured in {len(measured)} earlier runs ({results})"
    else:
        basis = "no measured throughput yet: run a config first, or give --tokens-per-s from `synth replicate bench`"
    hours = f"{total / speed / 3600:.2f} hours" if speed else "hours unknown"
    out.print(f"{len(runs)} runs, {total:,} training tokens, {hours} {basis}", highlight=False)


@replicate_app.command("bench")
def replicate_bench(
    preset: Annotated[str, typer.Option("--preset", help="Model shape: xlmr-large, xlmr-base or tiny (random weights).")] = "tiny",
    steps: Annotated[int, typer.Option("--steps", min=2, help="Batches per measurement (the first is not timed).")] = 10,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 32,
    max_length: Annotated[int, typer.Option("--max-length", min=16, max=512)] = 128,
    as_json: AsJson = False,
):
    """Training and evaluation throughput (real tokens/s, FLOPs per token, MFU on CUDA) on synthetic batches.

    Example: synth replicate bench --preset xlmr-large --max-length 128
    """
    import torch

    from replicate.bench import PRESETS, run_bench

    if preset not in PRESETS:
        raise typer.BadParameter(f"one of {', '.join(PRESETS)}", param_hint="--preset")
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    rows = run_bench(preset, steps, batch_size, max_length, device)
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row.__dict__ | {"device": str(device)}))
        return
    table = Table("measurement", "tokens/s", "GFLOP/token", "MFU (800 TFLOP/s)", "peak MiB", box=None,
                  title=f"device: {torch.cuda.get_device_name(0) if device.type == 'cuda' else 'cpu'}")
    for row in rows:
        table.add_row(row.what, f"{row.tokens_per_s:,.0f}", f"{row.flops_per_token / 1e9:.3f}",
                      f"{row.mfu:.1%}" if row.mfu is not None else "- (CPU)", f"{row.peak_memory_mb:,.0f}" if row.peak_memory_mb else "-")
    out.print(table)
