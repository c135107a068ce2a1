"""`synth verify`: turn options into verification requests, run them, render verdicts as text or JSONL."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from claims.batch import LineError, Request, read_claims_file, verify_requests
from claims.card import load_verifier
from claims.embed import load_embedder
from claims.errors import ClaimInputError
from claims.records import EVEN_ODDS, Verdict
from claims.verify import claim_from_text
from synth.cli_common import counts, progress_bar, stages
from synth.papers.library import Library

_COLOURS = {"SUPPORTED": "green", "REFUTED": "red", "NOT_ENOUGH_INFO": "yellow"}


def run_verify(library: Library, claim: str | None, papers: list[str], claims_file: Path | None, fetch: bool,
               embedder_name: str, verifier: Path | None, as_json: bool, out: Console,
               err: Console) -> None:
    if (claim is None) == (claims_file is None):
        raise ClaimInputError("verify", "give either a CLAIM or --claims FILE")
    if claims_file is not None:
        requests, line_errors = read_claims_file(claims_file)
        for request in requests:
            request.papers = request.papers or papers
    else:
        requests, line_errors = [Request(claim_from_text("claim", claim), papers)], []
    if not requests:  # every line unreadable: say so before the model loads (seconds for nothing)
        _report_errors(line_errors, claims_file)
        raise typer.Exit(2)
    with progress_bar(err) as progress:
        stage = stages(progress)
        stage("loading the verifier model", 0, None)
        model = load_verifier(verifier, precision=library.settings.precision)  # before the embedder loads: a damaged file fails fast
        stage("loading the embedder", 0, None)
        embedder = load_embedder(embedder_name, library.settings.precision)
        count = counts(progress)
        count("claims verified", 0, len(requests))
        verdicts, errors, caveats = verify_requests(requests, library, model, embedder, fetch=fetch, stage=stage,
                                                    on_done=partial(count, "claims verified"))
    _report_errors(line_errors + errors, claims_file)
    for note in caveats.notes():
        err.print(f"note: {note}", highlight=False, markup=False)
    for verdict in verdicts:
        if verdict is not None:
            typer.echo(verdict.model_dump_json()) if as_json else _render(verdict, out)
    if line_errors or errors:
        raise typer.Exit(2)


def _report_errors(errors: list[LineError], claims_file: Path | None) -> None:
    for error in sorted(errors, key=lambda e: e.line):
        where = f"{claims_file}:{error.line}" if claims_file else "claim"
        typer.echo(f"synth: error: {where}: {error.message}", err=True)


def _render(verdict: Verdict, out: Console) -> None:
    colour = _COLOURS[verdict.label]
    out.print(f"[bold {colour}]{verdict.label}[/] {verdict.confidence:.2f}  {escape(verdict.claim)}", highlight=False)
    if verdict.evidence:
        best = verdict.evidence[0]
        page = best.page if best.page is not None else "-"
        where = f"{best.arxiv_id or best.paper_id}v{best.version}" if best.version else (best.arxiv_id or best.paper_id)
        out.print(f"  evidence: {where} p.{page}: “{escape(best.quote)}”", highlight=False)
    for check in verdict.numbers:
        if check.evidence is not None:
            mark = "=" if check.agrees else "≠"
            out.print(f"  number: {escape(check.claim.text)} {mark} {escape(check.evidence.text)} (tolerance {check.tolerance:g}; "
                      f"{escape(check.why)})", highlight=False)
    if verdict.reason:
        out.print(f"  [dim]{escape(verdict.reason)}[/]", highlight=False)
    if verdict.checkable and verdict.confidence < EVEN_ODDS:
        out.print(f"  [dim]confidence below {EVEN_ODDS}: verdicts reached this way are more often wrong than right; "
                  "read the evidence[/]", highlight=False)
