"""`synth replicate …`: the X-STILTs replication harness commands (thin wrappers over the `replicate` package)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from synth.cli_common import AsJson, SynthGroup, err, out, progress_bar, stages
from synth.errors import SynthError
from synth.table_view import print_table

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
    table = Table("task", "metric", box=None)
    table.add_column("average", justify="right", no_wrap=True)
    table.add_column("per language")
    for task, scores in tasks.items():
        for metric in [m for m in scores if not m.startswith("avg_")]:
            # No space inside an entry: a narrow terminal wraps between languages, never inside one.
            langs = "  ".join(f"{lang}:{value:.2f}" for lang, value in scores[metric].items())
            table.add_row(task, metric, f"{scores[f'avg_{metric}']:.2f}", langs)
    print_table(out, table)
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
    table = Table("task", "role", "head", "metric", box=None)
    table.add_column("languages", justify="right", no_wrap=True)
    table.add_column("layout (under the data dir)")
    for spec in sorted(TASKS.values(), key=lambda s: (s.role, s.name)):
        # One split per line and each alternative file name on its own line: paths are never cut.
        layout = "\n".join(f"{split}: " + "\n  or ".join(str(path).split(" or ")) for split, path in spec.layout.items())
        table.add_row(spec.name, spec.role, spec.head, spec.metric, str(len(spec.languages)), escape(layout))
    print_table(out, table)


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
    if not table_rows:  # an empty (or 0-byte) database: say so rather than print an empty table
        raise SynthError(results, "no finished runs recorded here (`synth replicate run CONFIG --results FILE` records them)")
    if plot is not None:
        heatmap(table_rows, plot)
        err.print(f"wrote {escape(str(plot))}")
    if as_json:
        for row in table_rows:
            typer.echo(json.dumps(row))
        return
    table = Table("intermediate", "target", "split", "metric", box=None, pad_edge=False)
    for number in ("mean", "± std", "seeds", "Δ vs\nbaseline"):
        table.add_column(number, justify="right", no_wrap=True)
    table.add_column("paper")
    for row in table_rows:
        delta = f"{row['delta']:+.2f}" if row["delta"] is not None else "-"
        spread = f"{row['std']:.2f}" if row["std"] is not None else "-"
        paper = f"{row['paper']['value']:.1f} {row['paper']['what'].split(' (')[0].split(',')[0]}" if row["paper"] else "-"
        # Spaces around '+' let a multi-task setting wrap between its tasks in a narrow terminal.
        table.add_row(row["intermediate"].replace("+", " + "), row["target"], row["split"], row["metric"],
                      f"{row['mean']:.2f}", spread, str(row["n"]), delta, escape(paper))
    print_table(out, table)
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
    """The runs a config implies, the tokens each trains and evaluates on, and GPU-hours from measured throughput.

    Tokens are counted from the data files as training and evaluation featurize them (tokenizer only, no
    weights); an evaluation token counts as 1/3 of a training token in the hours (forward only).
    Example: synth replicate plan configs/tiny.toml --grid
    """
    from replicate.config import load_config
    from replicate.grid import EVAL_WEIGHT, plan
    from replicate.model import load_tokenizer
    from replicate.results import Results

    loaded = load_config(config)
    runs = plan(loaded, load_tokenizer(loaded.model), grid)
    measured = [r["tokens_per_s"] for r in Results(results).runs() if r["tokens_per_s"]] if results.is_file() else []
    speed = tokens_per_s or (sum(measured) / len(measured) if measured else None)
    if as_json:
        for run in runs:
            typer.echo(json.dumps({"run_id": run.run_id, "seed": run.seed, "intermediate": run.intermediate,
                                   "train_tokens": run.train_tokens, "eval_tokens": run.eval_tokens,
                                   "eval_weight": EVAL_WEIGHT, "hours": run.hours(speed) if speed else None,
                                   "tokens_per_s": speed,
                                   "phases": [vars(p) for p in run.phases]}))
        return
    table = Table("run", "seed", "intermediate", "training tokens", "evaluation tokens", "hours", box=None)
    for run in runs:
        hours = f"{run.hours(speed):.2f}" if speed else "-"
        table.add_row(run.run_id, str(run.seed), "+".join(run.intermediate) or "baseline", f"{run.train_tokens:,}",
                      f"{run.eval_tokens:,}", hours)
    print_table(out, table)
    trained, evaluated = sum(r.train_tokens for r in runs), sum(r.eval_tokens for r in runs)
    if tokens_per_s:
        basis = f"at {speed:,.0f} training tokens/s (--tokens-per-s)"
    elif speed:
        basis = f"at {speed:,.0f} training tokens/s measured in {len(measured)} earlier runs ({results})"
    else:
        basis = "no measured throughput yet: run a config first, or give --tokens-per-s from `synth replicate bench`"
    hours = f"{sum(r.hours(speed) for r in runs):.2f} hours" if speed else "hours unknown"
    out.print(f"{len(runs)} runs, {trained:,} training tokens, {evaluated:,} evaluation tokens; {hours} {basis}, "
              f"an evaluation token (forward only) counted as 1/3 of a training token", highlight=False)


@replicate_app.command("bench")
def replicate_bench(
    preset: Annotated[str, typer.Option("--preset", help="Model shape (random weights): xlmr-large, xlmr-base, tiny; "
                                                          "auto = xlmr-large on CUDA, tiny on CPU.")] = "auto",
    workloads: Annotated[str, typer.Option("--workloads", help="Comma-separated workload names (listed above), or all.")] = "all",
    steps: Annotated[int, typer.Option("--steps", min=1, help="Timed batches per measurement.")] = 30,
    warmup: Annotated[int, typer.Option("--warmup", min=1, help="Batches run before timing starts.")] = 3,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1)] = 32,
    baseline: Annotated[bool, typer.Option("--baseline/--no-baseline", help="Also time transformers.Trainer on the same data.")] = True,
    checks: Annotated[bool, typer.Option("--checks/--no-checks", help="Fast vs fp32 losses; grouped vs padded evaluation.")] = True,
    compile: Annotated[bool, typer.Option("--compile", help="torch.compile the harness's encoder, as `compile = true` "
                                                            "does in a run config (CUDA only).")] = False,
    markdown: Annotated[Path | None, typer.Option("--markdown", help="Also write the table as Markdown (for docs/performance.md).")] = None,
    profile: Annotated[Path | None, typer.Option("--profile", help="Also profile the step breakdown and each evaluation "
                                                                   "(torch.profiler): kernel launches and busy time; "
                                                                   "their operator tables are written to this file.")] = None,
    as_json: AsJson = False,
):
    """Real-token throughput, MFU and peak memory of the harness's training and evaluation paths against
    transformers.Trainer on identical data, with the fast path checked against plain fp32.

    Workloads: train-pair-128, train-pair-256, train-span-384, eval-pair-128, eval-span-384.
    Example: synth replicate bench --markdown perf.md   (on a CUDA machine: XLM-R Large shapes)
    """
    import shlex

    import torch

    from replicate.bench.profiling import tables
    from replicate.bench.suite import COLUMNS, check_lines, context_lines, profiles, run_suite, table_rows, to_markdown, to_record
    from replicate.bench.workloads import FORMULA, PRESETS, WORKLOADS

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    preset = ("xlmr-large" if device.type == "cuda" else "tiny") if preset == "auto" else preset
    if preset not in PRESETS:
        raise typer.BadParameter(f"one of auto, {', '.join(PRESETS)}", param_hint="--preset")
    names = list(WORKLOADS) if workloads == "all" else [w.strip() for w in workloads.split(",") if w.strip()]
    unknown = [n for n in names if n not in WORKLOADS]
    if unknown or not names:
        raise typer.BadParameter(f"unknown {', '.join(unknown) or 'empty list'}; known: {', '.join(WORKLOADS)}",
                                 param_hint="--workloads")
    with progress_bar() as progress:
        suite = run_suite(preset, names, batch_size, steps, warmup, device, baseline=baseline, checks=checks, compile=compile,
                          profiled=profile is not None, progress=stages(progress))
    from synth import atomic

    if profile:
        atomic.write_text(profile, tables(profiles(suite)))
    if markdown:
        command = ["synth", "replicate", "bench", "--preset", preset, "--workloads", ",".join(names), "--steps", str(steps),
                   "--warmup", str(warmup), "--batch-size", str(batch_size), *([] if baseline else ["--no-baseline"]),
                   *([] if checks else ["--no-checks"]), *(["--compile"] if suite.compiled else []),
                   *(["--profile", str(profile)] if profile else []), "--markdown", str(markdown)]
        atomic.write_text(markdown, to_markdown(suite, shlex.join(command)))
    failed = any(not c.passed for c in [*([suite.loss] if suite.loss else []), *suite.evals])
    if as_json:
        typer.echo(json.dumps(to_record(suite)))
        raise typer.Exit(1 if failed else 0)
    rows = table_rows(suite)
    # Columns with nothing measured (MFU and peak memory off CUDA, the Trainer's with --no-baseline) are left out.
    shown = [i for i in range(len(COLUMNS)) if i == 0 or any(cells[i] != "-" for cells in rows)]
    table = Table(box=None, title=f"{suite.device}, preset {preset}, batch size {batch_size}")
    for i in shown:
        table.add_column(COLUMNS[i], justify="left" if i == 0 else "right", no_wrap=True)
    for cells in rows:
        table.add_row(*(cells[i] for i in shown))
    print_table(out, table)
    # Sentences, not records: wrapped between words here rather than anywhere by the terminal.
    notes = [*(["--compile is CUDA only: the encoder ran uncompiled"] if compile and not suite.compiled else []),
             *([f"operator tables of the profiles: {profile}"] if profile else [])]
    for line in [FORMULA, *context_lines(suite), *notes, *(f"target {what}: {verdict}" for what, verdict in suite.targets()),
                 *check_lines(suite)]:
        out.print(line, highlight=False, markup=False, soft_wrap=False)
    if failed:
        raise typer.Exit(1)
