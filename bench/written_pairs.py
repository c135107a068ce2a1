"""Build bench/data/written_pairs.jsonl from annotators' claims about numbered abstract sentences.

Annotators saw train abstracts (claims.generated_pairs.paper_split) as numbered
sentences and wrote, for each paper, reworded claims with the index of the
sentence deciding each: {"paper", "sentence", "label", "change", "claim"}. The
passage of a pair is the window around that sentence, cut as the generated
pairs' windows are, so both kinds of pair read alike. Papers kept apart for
checking (--exclude, as train-verifier's --pdfs) are refused.

    python bench/written_pairs.py bench/data/written_pairs_annotated.jsonl --exclude ../shared/data/pdfs \
        --exclude NEW --out bench/data/written_pairs.jsonl

(the annotators' files, concatenated in batch order, are bench/data/written_pairs_annotated.jsonl; the build
gives the committed file byte for byte, whose sha256 the shipped card records).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from claims.generated_pairs import sentences_of, window
from claims.training_sets import kept_apart_ids
from claims.written_pairs import read_written_pairs
from synth.atomic import write_text
from synth.papers.corpus import bundled_papers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("annotated", nargs="+", type=Path)
    parser.add_argument("--exclude", action="append", type=Path, default=[], help="folder of PDFs kept apart")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    abstracts = {p.arxiv_id: sentences_of(p.abstract) for p in bundled_papers() if p.abstract}
    lines = []
    for path in args.annotated:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                paper, index = str(row["paper"]), int(row["sentence"])
                fields = {k: row[k] for k in ("paper", "label", "change", "claim")}
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise SystemExit(f"{path}:{number}: not an annotated claim ({exc})") from None
            sentences = abstracts.get(paper)
            if sentences is None or not 0 <= index < len(sentences):
                raise SystemExit(f"{path}:{number}: paper {paper} has no sentence {row['sentence']}")
            passage = window(sentences, index, random.Random(f"{paper}:{row['claim']}"))
            lines.append(json.dumps(fields | {"passage": passage}, ensure_ascii=False))
    write_text(args.out, "\n".join(lines) + "\n")
    pairs, _ = read_written_pairs(args.out, kept_apart_ids(args.exclude))  # the checks train-verifier will make
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
