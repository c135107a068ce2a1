"""PDF -> Document on real papers: throughput beside PyMuPDF's plain get_text(), and tables read as grids.

    python bench/extract.py [PDF_DIR]      (default: ../shared/data/pdfs)

Prints pages/s for synth's extraction (layout, columns, footnotes, sentences,
tables) and for bare `page.get_text()` over the same files in the same run,
and their ratio. Target (issues 2 and 15): >= 50 pages/s for synth on a 2-core
machine. Then, against bench/data/tables_by_hand.json (tables counted and rows
checked by hand against the PDFs): tables with numbers found, tables of words
read as grids, and hand-checked rows whose label and every cell came out whole.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pymupdf
from rich.console import Console
from rich.table import Table

from synth.documents.extract import extract

REPEATS = 3
BY_HAND = Path(__file__).with_name("data") / "tables_by_hand.json"


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
    console = Console()
    console.print(table)
    print(f"best of {REPEATS} runs per file; target >= 50 synth pages/s")
    console.print(_tables(pdfs))
    return 0


def _tables(pdfs: list[Path]) -> Table:
    """Tables found against the hand count, and hand-checked rows read whole."""
    truth = json.loads(BY_HAND.read_text())["papers"]
    table = Table("paper", "tables with numbers", "found", "tables of words read as grids", "rows whole (by hand)")
    sums = [0, 0, 0, 0, 0]
    for path in pdfs:
        paper_id = re.match(r"\d{4}\.\d{4,5}v\d+", path.name)
        known = truth.get(paper_id.group(0)) if paper_id else None
        if known is None:
            continue
        document = extract(path.read_bytes(), subject=path.name, paper_id="bench", max_pages=10_000).document
        found = {t.number: t for page in document.pages for t in page.tables}
        numeric = [n for n, kind in known["tables"].items() if kind == "numbers"]
        hits = sum(n in found for n in numeric)
        words = sum(known["tables"].get(n) == "text" for n in found)
        whole = sum(any(r.label == row["label"] and [c.text for c in r.cells] == row["cells"]
                        for r in (found[row["table"]].rows if row["table"] in found else []))
                    for row in known["rows"])
        counts = [len(numeric), hits, words, whole, len(known["rows"])]
        sums = [a + b for a, b in zip(sums, counts)]
        table.add_row(path.name[:40], str(counts[0]), str(hits), str(words), f"{whole}/{counts[4]}")
    table.add_row("all", str(sums[0]), str(sums[1]), str(sums[2]), f"{sums[3]}/{sums[4]}", style="bold")
    return table


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "shared" / "data" / "pdfs"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
