"""What every command group shares: the error handler, the consoles and the common options."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import pydantic
import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text
from typer.core import TyperGroup

from synth.errors import SynthError

EXIT_BAD_INPUT = 2


class SynthGroup(TyperGroup):
    """Turns the package's errors into one line on stderr and exit code 2, in one place."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except SynthError as exc:
            typer.echo(f"synth: error: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc
        except pydantic.ValidationError as exc:
            detail = exc.errors()[0]
            name = ".".join(map(str, detail["loc"]))
            typer.echo(f"synth: error: setting {name} (SYNTH_{name.upper()}): {detail['msg']}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc


out = Console(soft_wrap=True)
err = Console(stderr=True)

CacheDir = Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (default: SYNTH_CACHE_DIR, else the user cache dir).")]
Offline = Annotated[bool, typer.Option("--offline", help="Use only the cache and bundled corpus (also SYNTH_OFFLINE=1).")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON record per line.")]


class _Count(ProgressColumn):
    """'done/total' where the total is known; nothing while it is not (model loading, downloads)."""

    def render(self, task: Task) -> Text:
        return Text(f"{task.completed:,.0f}/{task.total:,.0f}" if task.total else "", style="progress.download")


def progress_bar(console: Console = err) -> Progress:
    """Progress for long work on `console` (stderr), shown only where it is a terminal: logs and pipes get none.

    Lines written to stdout while it shows go above it only when stdout is that terminal too; into a
    pipe or file they stay on stdout, so `--json` output is never moved to stderr.
    """
    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(), _Count(),
                    TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
                    redirect_stdout=sys.stdout.isatty())


def stage_name(description: str) -> str:
    """A stage's name: its description up to " (", where a stage shows what changes as it runs ("loss 0.880")."""
    return description.split(" (")[0]


def progress_lines(console: Console = err) -> Callable[[str, int, int | None], None]:
    """`report(what, done, total)` for an hour's work where `console` is no terminal (a log, CI), which
    `progress_bar` leaves blank: a timed line at each tenth of a stage done, so the run is seen alive without a line
    per step. None as a stage starts: input refused at once leaves stderr its one line of error."""
    shown: dict[str, int] = {}

    def report(what: str, done: int, total: int | None) -> None:
        tenth = done * 10 // total if total else 0
        name = stage_name(what)
        if tenth == 0 or shown.get(name) == tenth:
            return
        shown[name] = tenth
        console.print(f"{time.strftime('%H:%M:%S')} {what}: {done:,}/{total:,}", highlight=False, markup=False,
                      soft_wrap=True)

    return report


def counts(progress: Progress) -> Callable[[str, int, int], None]:
    """`report(what, done, total)` for counts that run side by side, each on a bar of its own that stays (a stage
    whose description shows what changes as it runs keeps its bar by `stage_name`); `progress_lines` in a log."""
    bars: dict[str, TaskID] = {}
    lines = progress_lines(progress.console) if progress.disable else None

    def report(what: str, done: int, total: int) -> None:
        name = stage_name(what)
        if name not in bars:
            bars[name] = progress.add_task(what, total=total)
        progress.update(bars[name], completed=done, description=what)
        if lines:
            lines(what, done, total)

    return report


def stages(progress: Progress) -> Callable[[str, int, int | None], None]:
    """`report(what, done, total)` for work that goes through named stages; total None while unknown.

    Each new stage replaces the previous one's line (a line cannot go from a count back to a spinner) and is
    drawn at once, so even a stage that ends before the next refresh is seen. Where the bar is off (a log, CI), a
    counted stage writes `progress_lines` instead.
    """
    current: dict[str, TaskID] = {}
    lines = progress_lines(progress.console) if progress.disable else None

    def report(what: str, done: int, total: int | None) -> None:
        if lines:
            lines(what, done, total)
        if what not in current:
            for task in current.values():
                progress.remove_task(task)
            current.clear()
            current[what] = progress.add_task(what, total=total, completed=done)
        else:
            progress.update(current[what], completed=done, total=total)
        progress.refresh()

    return report
