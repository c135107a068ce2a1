"""The `synth` command line. Commands parse options, call one library function and render the result."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from claims.precision import Precision
from claims.sources import in_english
from claims.text import NOT_ENGLISH
from synth.cli_common import (
    EXIT_BAD_INPUT,
    AsJson,
    CacheDir,
    Offline,
    SynthGroup,
    counts,
    err,
    out,
    progress_bar,
)
from synth.cli_replicate import replicate_app
from synth.errors import SynthError
from synth.papers.arxiv_api import ArxivSource
from synth.papers.corpus import Corpus
from synth.papers.library import Library, Stored, check_single_id
from synth.settings import Settings

app = typer.Typer(cls=SynthGroup, no_args_is_help=True, add_completion=False, help="Audit and write literature-synthesis reports about ML papers.")


def _library(cache_dir: Path | None, offline: bool) -> Library:
    settings = Settings.load(cache_dir=cache_dir, offline=offline)
    # Retries wait with back-off; a line each says the command is waiting, not hung.
    return Library(settings, ArxivSource(settings, on_retry=lambda line: err.print(f"synth: {line}", markup=False,
                                                                                  highlight=False, soft_wrap=True)))


def _summary(stored: Stored) -> str:
    paper = stored.paper
    return f"{paper.paper_id}\t{stored.how}\t{paper.pages or '?'} pages\t{paper.title}"


def _record(stored: Stored) -> str:
    return json.dumps({"how": stored.how, **stored.paper.model_dump(mode="json")}, ensure_ascii=False)


def _language_notes(stored: Stored) -> list[str]:
    return [] if in_english(stored.document) else [f"{stored.paper.paper_id}: its text {NOT_ENGLISH}"]


def _each(items: list, label: str, action, as_json: bool) -> None:
    """Run `action` on each item with a progress bar; report failures per item and exit 2 if any."""
    failures = 0
    with progress_bar() as progress:
        task = progress.add_task(label, total=len(items))
        for item in items:
            # print, not typer.echo: under a live bar print goes through rich's redirection and lands above the
            # bar, while typer.echo writes straight onto the bar's line.
            try:
                stored = action(item)
            except SynthError as exc:
                failures += 1
                print(f"synth: error: {exc}", file=sys.stderr)
            else:
                for note in [*stored.notes, *_language_notes(stored)]:
                    print(f"synth: note: {note}", file=sys.stderr)
                print(_record(stored) if as_json else _summary(stored))
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
    document = _library(cache_dir, False).document(paper).document
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
VerifierFile = Annotated[Path | None, typer.Option("--verifier", help="Verifier card (verifier.json, its weights beside it, or the folder `train-verifier --out` wrote; default: the one shipped with synth).")]


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

    found = extract_claims(_library(cache_dir, False).document(paper).document)
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
    cache_dir: CacheDir = None,
    offline: Offline = False,
    as_json: AsJson = False,
):
    """Check claims against papers: verdict, calibrated confidence, evidence quote with paper, version and page.

    Example: synth verify "XLM-R is trained on 100 languages." --paper 1911.02116
    """
    from synth.verify_view import run_verify

    run_verify(_library(cache_dir, offline), claim, papers or [], claims_file, fetch, embedder, verifier, as_json, out, err)


@app.command("train-verifier")
def train_verifier(
    nlidata: Annotated[Path, typer.Argument(help="NLI pairs laid out as ../shared/nlidata (mnli/, esnli/, fever_rte/, ...).")],
    claimdata: Annotated[Path, typer.Argument(help="Labelled claim sets laid out as ../shared/claimdata.")],
    pdfs: Annotated[list[Path] | None, typer.Option("--pdfs", metavar="FOLDER", help="Folders of ML paper PDFs kept apart "
                                                    "for checks (repeatable): their abstracts are never trained on.")] = None,
    pdf_claims: Annotated[list[Path] | None, typer.Option("--pdf-claims", metavar="FILE", help="Labelled claims about the --pdfs papers "
                                                          "(JSONL as bench/data/pdf_claims_*.jsonl): calibrate on them, searched in full text.")] = None,
    new_paper_claims: Annotated[list[Path] | None, typer.Option("--new-paper-claims", metavar="FILE", help="Labelled claims, as "
                                                                "--pdf-claims, about --pdfs papers no decision rule was developed "
                                                                "on: they calibrate too, and alone fit the second map of claims "
                                                                "about whole papers.")] = None,
    written_pairs: Annotated[list[Path] | None, typer.Option("--written-pairs", metavar="FILE", help="(passage, claim) "
                                                             "pairs people wrote about train papers (JSONL as "
                                                             "bench/data/written_pairs.jsonl or written_tables.jsonl; "
                                                             "repeatable): trained on.")] = None,
    train_paper_claims: Annotated[list[Path] | None, typer.Option("--train-paper-claims", metavar="FILE", help="Labelled "
                                                                  "claims, as --pdf-claims, about other --pdfs papers: "
                                                                  "trained on, each with the passage retrieval finds on "
                                                                  "its labelled page.")] = None,
    output: Annotated[Path, typer.Option("--out", help="Folder for crossencoder.safetensors and verifier.json.")] = Path("verifier"),
    work: Annotated[Path | None, typer.Option("--work", help="Checkpoints and scored sets, for resuming (default: <cache>/train-verifier).")] = None,
    epochs: Annotated[float, typer.Option("--epochs", min=0.01, max=20.0, help="Passes over the training pairs.")] = 1.0,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, max=1024)] = 32,
    learning_rate: Annotated[float, typer.Option("--lr", min=1e-7, max=1e-2)] = 4e-5,
    max_length: Annotated[int, typer.Option("--max-length", min=16, max=512, help="Tokens per (passage, claim) pair in training.")] = 160,
    scale: Annotated[float, typer.Option("--scale", min=0.0001, max=1.0, help="Use this share of each training source (quick runs).")] = 1.0,
    seed: Annotated[int | None, typer.Option("--seed", help="Seed of the sampling of training pairs and of the batch "
                                                            "order (default: the shipped run's; another seed measures "
                                                            "how much a retraining moves the scores).")] = None,
    device: Annotated[str, typer.Option("--device", help="cpu, or cuda where a GPU is at hand.")] = "cpu",
    precision: Annotated[Precision, typer.Option("--precision", help="What training's forward passes autocast to: auto "
                                                                     "is bf16 where the device multiplies it in hardware "
                                                                     "(2.1x as fast on an AVX512-BF16 CPU), else fp32.")] = "auto",
    recalibrate: Annotated[bool, typer.Option("--recalibrate", help="Keep the weights in --out and the genre "
                                                                   "classifier fitted with them; refit and rescore "
                                                                   "their card only (minutes, not an hour).")] = False,
    embedder: Embedder = "all-MiniLM-L6-v2",
    cache_dir: CacheDir = None,
):
    """Fine-tune synth's NLI cross-encoder, calibrate it on held-apart in-domain data, score it per dataset.

    Resumable: rerun the same command after an interruption.

    Example: synth train-verifier ../shared/nlidata ../shared/claimdata --pdfs ../shared/data/pdfs --pdfs new-papers
    --written-pairs bench/data/written_pairs.jsonl --pdf-claims bench/data/pdf_claims_calibration.jsonl --pdf-claims bench/data/pdf_claims_dev.jsonl
    --new-paper-claims bench/data/pdf_claims_unseen_calibration.jsonl --out claims/data
    """
    from claims.embed import load_embedder
    from claims.errors import TrainingDataError
    from claims.precision import training_precision
    from claims.train import train_verifier as fit
    from claims.train_crossencoder import TrainSettings

    if device not in ("cpu", "cuda") and not device.startswith("cuda:"):
        raise typer.BadParameter("cpu or cuda", param_hint="--device")
    if device.startswith("cuda"):
        import torch

        if not torch.cuda.is_available():
            raise TrainingDataError("--device", f"{device} asked for, but no CUDA device is available here")
    settings = Settings.load(cache_dir=cache_dir)
    train_settings = TrainSettings(epochs=epochs, batch_size=batch_size, learning_rate=learning_rate, max_length=max_length,
                                   precision=training_precision(device, precision))
    if seed is not None:  # the settings' own default otherwise, which the shipped card records
        train_settings = replace(train_settings, seed=seed)
    command = " ".join(["synth train-verifier", *sys.argv[2:]]) if sys.argv[1:2] == ["train-verifier"] else \
        f"synth train-verifier {nlidata} {claimdata}"
    with progress_bar() as progress:
        # fp32 whatever the machine: the card's calibration must not depend on which matrix units fitted it.
        card = fit(nlidata, claimdata, output, load_embedder(embedder, "fp32"), pdfs=pdfs or [], pdf_claims=pdf_claims or [],
                   new_paper_claims=new_paper_claims or [], written_pairs=written_pairs or [],
                   train_paper_claims=train_paper_claims or [],
                   library=Library(settings), work=work or settings.cache_dir / "train-verifier", settings=train_settings, scale=scale,
                   device=device, cache_dir=settings.cache_dir, command=command, recalibrate=recalibrate, progress=counts(progress))
    out.print(held_out_table(card.training["held_out"]))
    err.print(f"wrote {output / card.weights} and {output / 'verifier.json'}")


def held_out_table(held_out: dict) -> Table:
    from claims.train import chance_summary, recall_summary

    # Beside ECE, what chance alone gives a perfectly calibrated verifier on as many verdicts: on a few hundred
    # claims an ECE under that says nothing worse than noise.
    table = Table("held-out set", "n", "accuracy", "macro-F1", "recall S/R/N", "ECE", "ECE if calibrated (mean / 95%)", box=None,
                  title="never trained or calibrated on")
    for name, row in held_out.items():
        table.add_row(name, str(row["n"]), f"{row['accuracy']:.3f}", f"{row['macro_f1']:.3f}", recall_summary(row),
                      f"{row['ece']:.3f}", chance_summary(row))
    return table


@app.command()
def report(
    question: Annotated[str, typer.Option("--question", "-q", help="The research question the report answers.")],
    source: Annotated[str | None, typer.Argument(help="arXiv id of the source paper (cached, bundled or fetched); "
                                                      "without it, synth picks the cached or bundled paper that best "
                                                      "matches the question.")] = None,
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
    show_all: Annotated[bool, typer.Option("--all", help="List unchanged claims too (by default only changed ones).")] = False,
    as_json: AsJson = False,
):
    """Claim-table regressions between two report sidecars: exit 1 on a flip, a confidence drop or a lost claim.

    Example: synth diff old/report.json new/report.json --max-drop 0.1 --junit claims.xml
    """
    from synth.report_view import run_diff

    run_diff(old, new, max_drop, junit, as_json, out, show_all)


app.add_typer(replicate_app, name="replicate")
