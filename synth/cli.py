"""The `synth` command line. Commands parse options, call one library function and render the result."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import pydantic
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress
from rich.table import Table
from typer.core import TyperGroup

from synth.errors import SynthError
from synth.papers.corpus import Corpus
from synth.papers.library import Library, Stored, check_single_id
from synth.settings import Settings

EXIT_BAD_INPUT = 2


class _Group(TyperGroup):
    """Turns the package's errors into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SynthError as exc:
            typer.echo(f"synth: error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc
        except pydantic.ValidationError as exc:
            detail = exc.errors()[0]
            typer.echo(f"synth: error: setting {'.'.join(map(str, detail['loc']))}: {detail['msg']}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc


app = typer.Typer(cls=_Group, no_args_is_help=True, add_completion=False, help="Audit and write literature-synthesis reports about ML papers.")
out = Console(soft_wrap=True)
err = Console(stderr=True)

CacheDir = Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (default: SYNTH_CACHE_DIR, else the user cache dir).")]
Offline = Annotated[bool, typer.Option("--offline", help="Use only the cache and bundled corpus (also SYNTH_OFFLINE=1).")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON record per line.")]


def _library(cache_dir: Path | None, offline: bool) -> Library:
    return Library(Settings.load(cache_dir=cache_dir, offline=offline))


def _summary(stored: Stored) -> str:
    paper = stored.paper
    return f"{paper.paper_id}\t{stored.how}\t{paper.pages or '?'} pages\t{paper.title}"


def _record(stored: Stored) -> str:
    return json.dumps({"how": stored.how, **stored.paper.model_dump(mode="json")}, ensure_ascii=False)


def _each(items: list, label: str, action, as_json: bool) -> None:
    """Run `action` on each item with a progress bar; report failures per item and exit 2 if any."""
    failures = 0
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            try:
                stored = action(item)
            except SynthError as exc:
                failures += 1
                typer.echo(f"synth: error: {exc}", err=True)
            else:
                typer.echo(_record(stored) if as_json else _summary(stored))
            progress.advance(task)
    if failures:
        raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def fetch(
    ids: Annotated[list[str], typer.Argument(help="arXiv ids or URLs: 2005.13013, 2005.13013v2, arXiv:…, https://arxiv.org/abs/…")],
    refresh: Annotated[bool, typer.Option("--refresh", help="Download again even if cached.")] = False,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    as_json: AsJson = False,
):
    """Download arXiv papers (metadata + PDF) into the cache and extract their text.

    Example: synth fetch 2005.13013 https://arxiv.org/abs/2003.11080v5
    """
    library = _library(cache_dir, offline)
    _each(ids, "fetching", lambda i: library.fetch(i, refresh=refresh), as_json)


@app.command()
def add(
    pdfs: Annotated[list[Path], typer.Argument(help="Local PDF files.")],
    arxiv_id: Annotated[str | None, typer.Option("--arxiv-id", help="arXiv id of the paper (one PDF only).")] = None,
    cache_dir: CacheDir = None,
    as_json: AsJson = False,
):
    """Put local PDFs into the corpus; title and arXiv id are read from the PDF itself.

    Example: synth add paper.pdf --arxiv-id 2005.13013v2
    """
    check_single_id(pdfs, arxiv_id)
    library = _library(cache_dir, True)
    _each(pdfs, "adding", lambda p: library.add(p, arxiv_id=arxiv_id), as_json)


@app.command()
def show(
    paper: Annotated[str, typer.Argument(help="arXiv id (cached) or local paper id (local-…).")],
    page: Annotated[int | None, typer.Option("--page", help="Only this page.")] = None,
    cache_dir: CacheDir = None,
    as_json: AsJson = False,
):
    """Print a cached paper's page-anchored text: pages, sections, sentences, references.

    Example: synth show 2005.13013 --page 2
    """
    document = _library(cache_dir, True).document(paper).document
    pages = [p for p in document.pages if page is None or p.number == page]
    if as_json:
        out.print_json(data={**document.model_dump(mode="json"), "pages": [p.model_dump(mode="json") for p in pages]})
        return
    out.print(f"[bold]{escape(document.title)}[/] ({document.paper_id})")
    for p in pages:
        out.rule(f"page {p.number}")
        for s in p.sentences:
            text = escape(s.text)
            out.print(f"[bold]{text}[/]" if s.kind == "heading" else text, highlight=False)
    if page is None and document.references:
        out.rule("references")
        for ref in document.references:
            out.print(f"[{ref.page}] {escape(ref.text)}", highlight=False)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Free-text query.")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=200, help="Most results to show.")] = 10,
    cache_dir: CacheDir = None,
    as_json: AsJson = False,
):
    """Search the offline corpus (bundled arXiv metadata + cached papers) by BM25; no network.

    Example: synth search "intermediate-task training cross-lingual transfer"
    """
    hits = Corpus(_library(cache_dir, True).cache).search(query, limit)
    if as_json:
        for hit in hits:
            out.print(json.dumps({"score": round(hit.score, 4), **hit.paper.model_dump(mode="json")}, ensure_ascii=False), markup=False, highlight=False)
        return
    if not hits:
        err.print(f"no papers in the offline corpus match {query!r}")
        return
    table = Table("score", "arXiv id", "year", "title", "source", box=None)
    for hit in hits:
        paper = hit.paper
        year = str(paper.published.year) if paper.published else ""
        table.add_row(f"{hit.score:.2f}", paper.arxiv_id or paper.paper_id, year, escape(paper.title), paper.source)
    out.print(table)


Embedder = Annotated[str, typer.Option("--embedder", help="sentence-transformers model path or cached id (default: the bundled all-MiniLM-L6-v2).")]
VerifierFile = Annotated[Path | None, typer.Option("--verifier", help="Combiner file (default: the one shipped with synth).")]
Nli = Annotated[str | None, typer.Option("--nli", help="Optional NLI cross-encoder folder (entailment/contradiction labels); adds two features.")]


@app.command("claims")
def list_claims(
    paper: Annotated[str, typer.Argument(help="arXiv id (cached) or local paper id.")],
    width: Annotated[int | None, typer.Option("--claim-width", min=10, help="Shorten displayed claims to N characters with '…'.")] = None,
    cache_dir: CacheDir = None,
    as_json: AsJson = False,
):
    """List the claim-worthy sentences of a cached paper, with kind, page and section.

    Example: synth claims 2005.13013 --json
    """
    from claims.extract import extract_claims

    found = extract_claims(_library(cache_dir, True).document(paper).document)
    if as_json:
        for claim in found:
            typer.echo(claim.model_dump_json())
        return
    table = Table("page", "kind", "claim", "section", box=None)
    for claim in found:
        table.add_row(str(claim.origin.page), claim.kind, escape(claim.display(width)), escape(claim.origin.section or ""))
    out.print(table)
    err.print(f"{len(found)} claims")


@app.command()
def verify(
    claim: Annotated[str | None, typer.Argument(help="The claim to check (or use --claims FILE).")] = None,
    papers: Annotated[list[str] | None, typer.Option("--paper", help="Paper to check against (repeat); default: corpus search.")] = None,
    claims_file: Annotated[Path | None, typer.Option("--claims", help="JSONL file, one {id, claim, arxiv_id?} per line.")] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Download papers missing from the cache.")] = False,
    embedder: Embedder = "all-MiniLM-L6-v2",
    verifier: VerifierFile = None,
    nli: Nli = None,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    as_json: AsJson = False,
):
    """Check claims against papers: verdict, calibrated confidence, evidence quote with paper, version and page.

    Example: synth verify "XLM-R is trained on 100 languages." --paper 1911.02116
    """
    from synth.verify_view import run_verify

    run_verify(_library(cache_dir, offline), claim, papers or [], claims_file, fetch, embedder, verifier, nli, as_json, out, err)


@app.command("train-verifier")
def train_verifier(
    data: Annotated[Path, typer.Argument(help="Labelled claim sets laid out as ../shared/claimdata.")],
    pdfs: Annotated[Path | None, typer.Option("--pdfs", help="ML paper PDFs for the numeric self-check (half calibrate, half held out).")] = None,
    output: Annotated[Path, typer.Option("--out", help="Where to write the combiner file.")] = Path("verifier.json"),
    embedder: Embedder = "all-MiniLM-L6-v2",
    nli: Nli = None,
    cache_dir: CacheDir = None,
):
    """Fit, calibrate and score the verifier's combiner on labelled claims; writes a small JSON file.

    Example: synth train-verifier ../shared/claimdata --pdfs ../shared/data/pdfs --out claims/data/verifier.json
    """
    command = f"synth train-verifier {data}" + (f" --pdfs {pdfs}" if pdfs else "") + (f" --nli {nli}" if nli else "") \
        + (f" --embedder {embedder}" if embedder != "all-MiniLM-L6-v2" else "")
    from claims.embed import load_embedder
    from claims.nli import CrossEncoderNli
    from claims.train import train_verifier as fit

    settings = Settings.load(cache_dir=cache_dir)
    with Progress(console=err, transient=True, disable=not err.is_terminal) as progress:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            tasks.setdefault(stage, progress.add_task(stage, total=total))
            progress.update(tasks[stage], completed=done)

        scorer = CrossEncoderNli(nli) if nli else None
        combiner = fit(data, load_embedder(embedder), pdfs=pdfs, cache_dir=settings.cache_dir, nli=scorer,
                       command=command, progress=report)
    combiner.save(output)
    table = Table("held-out set", "n", "accuracy", "macro-F1", "ECE", "Brier", "cosine baseline macro-F1", box=None)
    for name, row in combiner.training["held_out"].items():
        v, b = row["verifier"], row.get("cosine_baseline")
        baseline = f"{b['macro_f1']:.3f}" if b else "-"
        table.add_row(name, str(v["n"]), f"{v['accuracy']:.3f}", f"{v['macro_f1']:.3f}", f"{v['ece']:.3f}", f"{v['brier']:.3f}", baseline)
    out.print(table)
    err.print(f"wrote {output}")


@app.command()
def report(
    source: Annotated[str, typer.Argument(help="arXiv id of the source paper (cached, bundled or fetched).")],
    question: Annotated[str, typer.Option("--question", "-q", help="The research question the report answers.")],
    papers: Annotated[int, typer.Option("--papers", min=1, max=30, help="Related papers to keep.")] = 5,
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for report.md, report.json (and report.pdf).")] = Path("."),
    pdf: Annotated[bool, typer.Option("--pdf", help="Also write a typeset report.pdf.")] = False,
    width: Annotated[int | None, typer.Option("--claim-width", min=10, help="Shorten displayed claims to N characters with '…'.")] = None,
    author: Annotated[str, typer.Option("--author", help="Author line printed under the title.")] = "synth (machine-generated synthesis)",
    replication: Annotated[Path | None, typer.Option("--results", help="results.sqlite: check numeric claims of 2005.13013 against the runs.")] = None,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    as_json: AsJson = False,
):
    """Write a literature-synthesis report in the seed format: report.md, report.json sidecar, optional PDF.

    Example: synth report 2005.13013 --question "Does English intermediate-task training help zero-shot cross-lingual transfer?" --offline --pdf
    """
    from synth.report_view import run_report
    from synth.reports.build import ReportRequest

    request = ReportRequest(source=source, question=question, papers=papers, author=author, results=replication)
    run_report(_library(cache_dir, offline), request, out_dir, pdf, width, as_json, out, err)


@app.command()
def audit(
    report_file: Annotated[Path, typer.Argument(metavar="REPORT", help="A report in the seed format (Markdown or plain).")],
    fail_on: Annotated[str | None, typer.Option("--fail-on", help="'disagree': exit 1 when synth does not support a ✓ claim.")] = None,
    fetch: Annotated[bool, typer.Option("--fetch", help="Download referenced papers missing from the cache.")] = False,
    replication: Annotated[Path | None, typer.Option("--results", help="results.sqlite: check numeric claims of 2005.13013 against the runs.")] = None,
    cache_dir: CacheDir = None,
    offline: Offline = False,
    as_json: AsJson = False,
):
    """Re-verify every claim of an existing report and show synth's verdict beside the report's own mark.

    Example: synth audit ../shared/examples/seed_markdown.txt --fail-on disagree
    """
    from synth.report_view import run_audit

    if fail_on not in (None, "disagree"):
        raise typer.BadParameter("only 'disagree' is supported", param_hint="--fail-on")
    run_audit(_library(cache_dir, offline), report_file, fetch, fail_on, as_json, out, replication)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="Earlier report.json.")],
    new: Annotated[Path, typer.Argument(help="Later report.json.")],
    max_drop: Annotated[float, typer.Option("--max-drop", min=0.0, max=1.0, help="Largest confidence drop that is not a regression.")] = 0.1,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML, one test case per claim.")] = None,
    as_json: AsJson = False,
):
    """Claim-table regressions between two report sidecars: exit 1 on a flip, a confidence drop or a lost claim.

    Example: synth diff old/report.json new/report.json --max-drop 0.1 --junit claims.xml
    """
    from synth.report_view import run_diff

    run_diff(old, new, max_drop, junit, as_json, out)


replicate_app = typer.Typer(cls=_Group, no_args_is_help=True, help="The X-STILTs replication harness (arXiv 2005.13013).")
app.add_typer(replicate_app, name="replicate")


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


@replicate_app.command("run")
def replicate_run(
    config: Annotated[Path, typer.Argument(help="Run config (TOML): model, intermediate, targets, seeds, data_dir.")],
    results: ResultsPath = Path("results.sqlite"),
):
    """Run a config (one run per seed): intermediate training, English target training, zero-shot evaluation.

    Example: synth replicate run configs/tiny.toml --results results.sqlite
    """
    from replicate.config import load_config
    from replicate.results import Results
    from replicate.runner import run_seed

    loaded = load_config(config)
    store = Results(results)
    try:
        for seed in loaded.seeds:
            run_id = run_seed(loaded, seed, store, log=lambda message: err.print(escape(message), highlight=False))
            out.print(f"run {run_id} (seed {seed}): done", highlight=False)
    finally:
        store.close()


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
    from replicate.results import Results
    from replicate.runner import run_seed

    settings = expand_grid(load_config(config))
    if launcher == "slurm":
        slurm = {"slurm_partition": partition, "timeout_min": int(hours * 60), "gpus_per_node": 1}
        jobs = submit(settings, "slurm", settings[0].output_dir / "slurm", {k: v for k, v in slurm.items() if v is not None})
        out.print(f"submitted {len(jobs)} jobs ({', '.join(j.job_id for j in jobs)}); when they finish: "
                  f"synth replicate results --merge {settings[0].output_dir} --results {results}", highlight=False)
        return
    if launcher != "local":
        raise typer.BadParameter("use 'local' or 'slurm'", param_hint="--launcher")
    store = Results(results)
    try:
        for setting in settings:
            for seed in setting.seeds:
                run_id = run_seed(setting, seed, store, log=lambda message: err.print(escape(message), highlight=False))
                out.print(f"{'+'.join(setting.intermediate) or 'baseline'} seed {seed}: {run_id} done", highlight=False)
    finally:
        store.close()


@replicate_app.command("plan")
def replicate_plan(
    config: Annotated[Path, typer.Argument(help="Run config (TOML).")],
    grid: Annotated[bool, typer.Option("--grid", help="Plan the whole grid (baseline, each task, multi-task).")] = False,
    results: ResultsPath = Path("results.sqlite"),
    as_json: AsJson = False,
):
    """The runs a config implies, their training tokens, and GPU-hours from throughput measured in earlier runs.

    Example: synth replicate plan configs/tiny.toml --grid
    """
    from replicate.config import load_config
    from replicate.grid import plan
    from replicate.model import load_encoder
    from replicate.results import Results

    loaded = load_config(config)
    _, tokenizer = load_encoder(loaded.model)
    runs = plan(loaded, tokenizer, grid)
    measured = [r["tokens_per_s"] for r in Results(results).runs() if r["tokens_per_s"]] if results.is_file() else []
    speed = sum(measured) / len(measured) if measured else None
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
    basis = f"at {speed:,.0f} tokens/s measured in {len(measured)} earlier runs ({results})" if speed else \
        "no measured throughput yet: run a config first (or `synth replicate bench` on the GPU)"
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
