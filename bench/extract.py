"""PDF -> Document throughput on real papers, beside PyMuPDF's plain get_text() as the baseline.

    python bench/extract.py [PDF_DIR]      (default: ../shared/data/pdfs)

Prints pages/s for synth's extraction (layout, columns, footnotes, sentences)
and for bare `page.get_text()` over the same files in the same run, and their
ratio. Target (issue 2): >= 50 pages/s for synth on a 2-core machine.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pymupdf
from rich.console import Console
from rich.table import Table

from synth.documents.extract import extract

REPEATS = 3


def _best_of(fn) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best


def _plain(data: bytes) -> None:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        for page in doc:
            page.get_text()


def main(folder: Path) -> int:
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        print(f"no PDFs in {folder}", file=sys.stderr)
        return 2
    table = Table("paper", "pages", "synth pages/s", "get_text pages/s", "synth / get_text")
    total_pages = total_synth = total_plain = 0.0
    for path in pdfs:
        data = path.read_bytes()
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            pages = doc.page_count
        synth_s = _best_of(lambda: extract(data, subject=path.name, paper_id="bench", max_pages=10_000))
        plain_s = _best_of(lambda: _plain(data))
        total_pages += pages
        total_synth += synth_s
        total_plain += plain_s
        table.add_row(path.name[:40], str(pages), f"{pages / synth_s:.0f}", f"{pages / plain_s:.0f}", f"{plain_s / synth_s:.2f}")
    table.add_row("all", str(int(total_pages)), f"{total_pages / total_synth:.0f}", f"{total_pages / total_plain:.0f}",
                  f"{total_plain / total_synth:.2f}", style="bold")
    Console().print(table)
    print(f"best of {REPEATS} runs per file; target >= 50 synth pages/s")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdfs"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
