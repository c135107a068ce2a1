"""Verifier quality, numeric checks and speed, printed as tables.

    python bench/verify.py [--shared ../shared] [--skip-training]

1. Held-out quality: trains the combiner on ../shared/claimdata in this run
   (as `synth train-verifier` does) and prints accuracy, macro-F1, ECE (10
   bins) and Brier per held-out set, beside a cosine-similarity threshold
   baseline measured in the same run.
2. Numeric perturbations: numeric claims taken from the real PDFs, verified
   against their paper as stated (target >= 90% SUPPORTED) and with one number
   changed (target >= 95% REFUTED with both numbers quoted), using the
   shipped combiner.
3. Speed: 100 claims against the real PDFs (101 pages, about ten papers'
   worth of text), warm (model loaded, passage embeddings cached): claims/s
   beside the time of the embedding step alone.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from claims.combiner import load_combiner
from claims.embed import load_embedder
from claims.evidence import EvidenceIndex
from claims.passages import document_passages
from claims.selfcheck import numeric_claims, self_check
from claims.train import train_verifier
from claims.verify import Verifier
from synth.documents.extract import extract

console = Console()


def held_out(shared: Path, embedder, cache: Path) -> None:
    combiner = train_verifier(shared / "claimdata", embedder, pdfs=shared / "data" / "pdfs", cache_dir=cache)
    table = Table("held-out set", "n", "accuracy", "macro-F1", "ECE", "Brier", "baseline macro-F1", "baseline acc.",
                  title="1. held-out quality (verifier vs cosine-threshold baseline, same run)")
    for name, row in combiner.training["held_out"].items():
        v, b = row["verifier"], row.get("cosine_baseline")
        table.add_row(name, str(v["n"]), f"{v['accuracy']:.3f}", f"{v['macro_f1']:.3f}", f"{v['ece']:.3f}",
                      f"{v['brier']:.3f}", f"{b['macro_f1']:.3f}" if b else "-", f"{b['accuracy']:.3f}" if b else "-")
    console.print(table)


def perturbations(documents, combiner, embedder, cache: Path) -> None:
    table = Table("paper", "claims", "stated: SUPPORTED", "changed: REFUTED", "changed: both numbers quoted",
                  title="2. numeric claims from the real PDFs (targets: >= 90% / >= 95%)")
    totals = [0, 0, 0, 0]
    for name, document in documents:
        checked = self_check(document, combiner, embedder, limit=1000, cache_dir=cache)
        stated = [c for c in checked if c.gold == "SUPPORTED"]
        changed = [c for c in checked if c.gold == "REFUTED"]
        row = [len(stated), sum(c.correct for c in stated), sum(c.correct for c in changed),
               sum(c.correct and c.quotes_both_numbers for c in changed)]
        totals = [t + r for t, r in zip(totals, row)]
        table.add_row(name[:36], str(row[0]), *(f"{r / max(row[0], 1):.1%}" for r in row[1:]))
    table.add_row("all", str(totals[0]), *(f"{t / max(totals[0], 1):.1%}" for t in totals[1:]), style="bold")
    console.print(table)


def speed(documents, combiner, embedder, cache: Path) -> None:
    passages = [p for _, d in documents for p in document_passages(d)]
    claims = [c for _, d in documents for c in numeric_claims(d, 1000)]
    claims = (claims * (100 // max(len(claims), 1) + 1))[:100]
    started = time.perf_counter()
    EvidenceIndex(passages, embedder, cache)  # cold: embeds every passage and caches the vectors
    cold = time.perf_counter() - started
    started = time.perf_counter()
    index = EvidenceIndex(passages, embedder, cache)
    verdicts = Verifier(combiner, embedder, index).verify(claims)
    warm = time.perf_counter() - started
    started = time.perf_counter()
    embedder.encode([c.text for c in claims])
    embed_claims = time.perf_counter() - started
    table = Table("step", "seconds", "claims/s", title=f"3. speed: {len(verdicts)} claims vs {len(documents)} PDFs "
                                                       f"({len(passages)} passages), 2-core CPU; target <= 10 s warm")
    table.add_row("verify 100 claims, warm (index from cache + verify)", f"{warm:.2f}", f"{len(verdicts) / warm:.1f}")
    table.add_row("  of which: embedding the 100 claims", f"{embed_claims:.2f}", "")
    table.add_row("cold index build (embedding all passages, once)", f"{cold:.2f}", "")
    console.print(table)


def main(argv: list[str]) -> int:
    shared = Path(argv[argv.index("--shared") + 1]) if "--shared" in argv else Path(__file__).resolve().parents[2] / "shared"
    pdf_dir = shared / "data" / "pdfs"
    if not pdf_dir.is_dir():
        print(f"{pdf_dir} not found; pass --shared DIR", file=sys.stderr)
        return 2
    embedder = load_embedder()
    combiner = load_combiner()
    documents = []
    for path in sorted(pdf_dir.glob("*.pdf")):
        documents.append((path.name, extract(path.read_bytes(), subject=str(path), paper_id=path.stem[:40], max_pages=10_000).document))
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp)
        if "--skip-training" not in argv:
            held_out(shared, embedder, cache)
        perturbations(documents, combiner, embedder, cache)
        speed(documents, combiner, embedder, cache)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
