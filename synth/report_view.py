"""`synth report`, `synth audit` and `synth diff`: run the library functions and render their results."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from claims.card import load_verifier
from claims.embed import load_embedder
from synth import atomic
from synth.papers.library import Library
from synth.reports.audit import Audit, audit_report
from synth.reports.build import ReportRequest, build_report
from synth.reports.diff import diff_reports, junit_xml, load_sidecar
from synth.reports.pdf import write_pdf
from synth.reports.seed_format import MARKS, verified, write_markdown

EXIT_CHECK_FAILED = 1


def _models(library: Library):
    """The verifier and the embedder, reading at the precision the settings ask for."""
    precision = library.settings.precision
    return load_verifier(precision=precision), load_embedder(precision=precision)


def run_report(library: Library, request: ReportRequest, out_dir: Path, pdf: bool, claim_width: int | None,
               as_json: bool, out: Console, err: Console) -> None:
    model, embedder = _models(library)
    with err.status("building the report", spinner="dots") as status:
        report = build_report(request, library, model, embedder, progress=lambda stage: status.update(stage))
    markdown = write_markdown(report, claim_width)
    atomic.write_text(out_dir / "report.md", markdown)
    atomic.write_text(out_dir / "report.json", report.model_dump_json(indent=1) + "\n")
    written = [out_dir / "report.md", out_dir / "report.json"]
    if pdf:
        atomic.write_bytes(out_dir / "report.pdf", write_pdf(report, markdown))
        written.append(out_dir / "report.pdf")
    if as_json:
        typer.echo(json.dumps({"written": [str(p) for p in written], "score": report.score,
                               "claims": len(report.claims), "papers": len(report.papers)}))
        return
    out.print(f"{len(report.papers)} papers retrieved; {len(report.claims)} claims, {verified(report)}; "
              f"quality score {report.score if report.score is not None else '-'}/10 (it counts what the other papers read "
              "support, not how good the papers are)", highlight=False)
    for path in written:
        out.print(f"wrote {escape(str(path))}", highlight=False)


def run_audit(library: Library, report: Path, fetch: bool, fail_on: str | None, as_json: bool, out: Console,
              results: Path | None = None) -> None:
    audit = audit_report(report, library, *_models(library), fetch=fetch, results=results)
    if as_json:
        typer.echo(json.dumps(_audit_json(audit), ensure_ascii=False))
    else:
        _audit_table(audit, out)
    for line, message in audit.errors:
        typer.echo(f"synth: error: {report}:{line}: {message}", err=True)
    for note in audit.notes:
        typer.echo(f"note: {note}", err=True)
    if audit.errors:
        raise typer.Exit(2)
    if fail_on == "disagree" and any(r.disagrees for r in audit.rows):
        raise typer.Exit(EXIT_CHECK_FAILED)


def _audit_json(audit: Audit) -> dict:
    return {
        "report": str(audit.path),
        "rows": [{"line": r.row.line, "text": r.row.text, "full_text": r.full_text, "truncated": r.row.truncated,
                  "restored": r.restored, "artefacts": r.row.artefacts,
                  "report_mark": None if r.row.mark is None else MARKS[r.row.mark],
                  "report_confidence": r.row.confidence, "disagrees": r.disagrees,
                  "verdict": json.loads(r.verdict.model_dump_json())} for r in audit.rows],
        "errors": [{"line": line, "message": message} for line, message in audit.errors],
    }


def _audit_table(audit: Audit, out: Console) -> None:
    table = Table("line", "report", "synth", "claim", "evidence", box=None)
    for r in audit.rows:
        mark = "?" if r.row.mark is None else MARKS[r.row.mark]
        conf = f" {r.row.confidence:.2f}" if r.row.confidence is not None else ""
        v = r.verdict
        best = v.evidence[0] if v.evidence else None
        where = f"{best.arxiv_id or best.paper_id} p.{best.page or '-'}" if best else "-"
        flag = " [red](disagrees)[/]" if r.disagrees else ""
        if v.replication and v.replication["status"] != "NOT_APPLICABLE":
            flag += f"\nreplication: {v.replication['status']}"
            if v.replication["status"] == "NOT_COMPARABLE":
                flag += f" [dim]({escape(v.replication['reason'])})[/]"
        note = "" if r.restored == "as printed" else f"\n[dim]{escape(r.restored)}[/]"
        table.add_row(str(r.row.line), f"{mark}{conf}", f"{v.label} {v.confidence:.2f}{flag}",
                      escape(r.full_text) + note, escape(where))
    out.print(table)


def run_diff(old: Path, new: Path, max_drop: float, junit: Path | None, as_json: bool, out: Console,
             show_all: bool = False) -> None:
    changes = diff_reports(load_sidecar(old), load_sidecar(new), max_drop)
    if junit is not None:
        atomic.write_text(junit, junit_xml(changes))
    if as_json:
        for change in changes:
            typer.echo(json.dumps({"claim": change.claim, "kind": change.kind, "regression": change.regression,
                                   "change": change.describe()}, ensure_ascii=False))
    else:
        # In CI the one regression among many unchanged claims is what must be seen.
        shown = [c for c in changes if show_all or c.kind != "unchanged"]
        if shown:
            table = Table("change", "verdicts", "claim", box=None)
            for change in shown:
                style = "red" if change.regression else "green" if change.kind in ("improved", "added") else ""
                table.add_row(f"[{style}]{change.kind}[/]" if style else change.kind, change.describe(), escape(change.claim))
            out.print(table)
        counts = Counter(c.kind for c in changes)
        out.print(f"{len(changes)} claims: " + ", ".join(f"{n} {kind}" for kind, n in counts.most_common()))
    regressions = sum(c.regression for c in changes)
    if regressions:
        typer.echo(f"synth: {regressions} claim regression(s) between {old} and {new}", err=True)
        raise typer.Exit(EXIT_CHECK_FAILED)
