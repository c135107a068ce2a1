"""Gather the PDFs of bench/data/unseen_papers.md into one folder, for `synth train-verifier --pdfs` and the bench.

    python bench/gather_pdfs.py --repos CLONES --out new-papers [--list bench/data/unseen_papers.md]

The papers are not committed (their authors' licences); each row of the list's tables names the public GitHub
repository and path of an unmodified copy and its sha256. CLONES holds a git clone of each repository named there,
as `git clone https://github.com/OWNER/NAME` leaves it (CLONES/NAME), or a bare one (CLONES/NAME.git). A file is
taken from the clone's HEAD, else from the first commit of its history whose copy has the listed sha256 (some
repositories replaced or emptied files later), and written under the list's file name. A file already in the folder
with its sha256 is kept, so an interrupted run resumes; one with another sha256 is replaced. Every row that cannot
be had is named on one line, and the exit code is 1.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from rich.progress import Progress

from synth import atomic

LIST = Path(__file__).parent / "data" / "unseen_papers.md"
_ROW = re.compile(r"^\|\s*([^|]+?\.pdf)\s*\|[^|]*\|[^|]*\|\s*([\w.-]+/[\w.-]+):\s*([^|]+?)\s*\|\s*([0-9a-f]{64})\s*\|$")


@dataclass(frozen=True)
class Listed:
    name: str  # the file name to use
    repository: str  # OWNER/NAME
    path: str
    sha256: str


def listed(text: str) -> list[Listed]:
    """The list's rows, each file once (a paper listed in two sections is one file)."""
    rows = {m.group(1): Listed(*m.groups()) for m in map(_ROW.match, text.splitlines()) if m}
    return list(rows.values())


def _clone(repos: Path, repository: str) -> Path | None:
    name = repository.split("/", 1)[1]
    return next((d for d in (repos / name, repos / f"{name}.git") if d.is_dir()), None)


def _show(clone: Path, rev: str, path: str) -> bytes | None:
    shown = subprocess.run(["git", "-C", str(clone), "show", f"{rev}:{path}"], capture_output=True)
    return shown.stdout if shown.returncode == 0 else None


def _revisions(clone: Path, path: str) -> list[str]:
    log = subprocess.run(["git", "-C", str(clone), "log", "--all", "--format=%H", "--", path],
                         capture_output=True, text=True)
    return ["HEAD", *log.stdout.split()]


def fetch(row: Listed, repos: Path) -> bytes | str:
    """The file's bytes, or why it cannot be had."""
    clone = _clone(repos, row.repository)
    if clone is None:
        return f"no clone of {row.repository} in {repos}"
    seen = False
    for rev in _revisions(clone, row.path):
        data = _show(clone, rev, row.path)
        seen = seen or data is not None
        if data is not None and atomic.sha256_bytes(data) == row.sha256:
            return data
    return (f"{row.repository}: {row.path} has no copy with sha256 {row.sha256[:12]}…" if seen
            else f"{row.repository}: no file {row.path} in any commit")


def gather(rows: list[Listed], repos: Path, out: Path) -> list[str]:
    """Writes each row's file into `out`; the rows that cannot be had, one line each."""
    out.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    with Progress() as progress:
        task = progress.add_task("gathering PDFs", total=len(rows))
        for row in rows:
            target = out / row.name
            if not (target.is_file() and atomic.sha256_file(target) == row.sha256):
                found = fetch(row, repos)
                if isinstance(found, bytes):
                    atomic.write_bytes(target, found)
                else:
                    problems.append(f"{row.name}: {found}")
            progress.advance(task)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repos", type=Path, required=True, help="a folder of git clones of the listed repositories")
    parser.add_argument("--out", type=Path, required=True, help="the folder the PDFs are written to")
    parser.add_argument("--list", type=Path, default=LIST, help="the markdown list of papers")
    args = parser.parse_args(argv)
    try:
        rows = listed(args.list.read_text(encoding="utf-8"))
    except OSError as error:
        print(f"{args.list}: cannot read ({error.strerror})", file=sys.stderr)
        return 2
    if not rows:
        print(f"{args.list}: no rows of papers (| file | paper | pages | OWNER/NAME: path | sha256 |)", file=sys.stderr)
        return 2
    problems = gather(rows, args.repos, args.out)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{args.out}: {len(rows) - len(problems)} of {len(rows)} PDFs")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
