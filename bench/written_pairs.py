"""Build the written pairs (bench/data/written_pairs.jsonl, written_tables.jsonl) from annotators' lines.

Annotators saw train abstracts (claims.generated_pairs.paper_split) and wrote
one of two kinds of line:
- reworded claims about numbered abstract sentences, each with the index of
  the sentence deciding it: {"paper", "sentence", "label", "change", "claim"}.
  The passage is the window around that sentence, cut as the generated pairs'
  windows are, so both kinds of pair read alike;
- a results table the paper could hold, invented from its abstract, and six
  claims a results section would make about it, each checked by computing it
  on the table: {"paper", "table": {"caption", "columns", "rows"}, "claims":
  [{"label", "change", "claim"}]}. The passage is the table as SciTab's are
  written (claims.nli_data.table_passage).
Papers kept apart for checking (--exclude, as train-verifier's --pdfs) are refused. The annotators' packets,
their protocol and the check of their lines before this build: bench/annotation_packets.py.

    python bench/written_pairs.py bench/data/written_pairs_annotated.jsonl --exclude ../shared/data/pdfs \
        --exclude NEW --out bench/data/written_pairs.jsonl
    python bench/written_pairs.py bench/data/written_tables_annotated.jsonl --exclude ../shared/data/pdfs \
        --exclude NEW --out bench/data/written_tables.jsonl

(the annotators' files, concatenated in batch order, are the *_annotated.jsonl files; the build gives the
committed files byte for byte, whose sha256 the shipped card records).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from claims.generated_pairs import sentences_of, window
from claims.nli_data import table_passage
from claims.training_sets import kept_apart_ids
from claims.written_pairs import read_written_pairs
from synth.atomic import write_text
from synth.papers.corpus import bundled_papers


_FIELDS = ("paper", "label", "change", "claim")


class _NotFound(Exception):
    """What an annotated line points at (a sentence, a table's cells) is not there."""


def _sentence_pair(row: dict, abstracts: dict[str, list[str]]) -> dict:
    paper, index = str(row["paper"]), int(row["sentence"])
    sentences = abstracts.get(paper)
    if sentences is None or not 0 <= index < len(sentences):
        raise _NotFound(f"paper {paper} has no sentence {row['sentence']}")
    passage = window(sentences, index, random.Random(f"{paper}:{row['claim']}"))
    return {k: row[k] for k in _FIELDS} | {"paper": paper, "passage": passage}


def _table_pairs(row: dict) -> list[dict]:
    table = row["table"]
    columns, rows = [str(c) for c in table["columns"]], [[str(c) for c in cells] for cells in table["rows"]]
    if not rows or any(len(cells) != len(columns) for cells in rows):
        raise _NotFound(f"paper {row['paper']}: every row of its table needs one cell per column ({len(columns)})")
    passage = table_passage(str(table["caption"]), columns, rows)
    return [{"paper": str(row["paper"])} | {k: claim[k] for k in _FIELDS[1:]} | {"passage": passage}
            for claim in row["claims"]]


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
                pairs = _table_pairs(row) if "table" in row else [_sentence_pair(row, abstracts)]
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise SystemExit(f"{path}:{number}: not an annotated claim ({exc})") from None
            except _NotFound as exc:
                raise SystemExit(f"{path}:{number}: {exc.args[0]}") from None
            lines += [json.dumps(pair, ensure_ascii=False) for pair in pairs]
    write_text(args.out, "\n".join(lines) + "\n")
    pairs, _ = read_written_pairs(args.out, kept_apart_ids(args.exclude))  # the checks train-verifier will make
    print(f"{len(pairs)} pairs -> {args.out}")


if __name__ == "__main__":
    main()
