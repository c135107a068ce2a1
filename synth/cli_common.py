"""What every command group shares: the error handler, the consoles and the common options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pydantic
import typer
from rich.console import Console
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
            typer.echo(f"synth: error: setting {'.'.join(map(str, detail['loc']))}: {detail['msg']}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc


out = Console(soft_wrap=True)
err = Console(stderr=True)

CacheDir = Annotated[Path | None, typer.Option("--cache-dir", help="Cache folder (default: SYNTH_CACHE_DIR, else the user cache dir).")]
Offline = Annotated[bool, typer.Option("--offline", help="Use only the cache and bundled corpus (also SYNTH_OFFLINE=1).")]
AsJson = Annotated[bool, typer.Option("--json", help="Machine-readable output, one JSON record per line.")]
