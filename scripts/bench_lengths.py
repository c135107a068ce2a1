"""Rebuild replicate/data/bench_lengths.json: token counts of real task inputs, for the throughput benchmark.

Pair classification: premise/hypothesis pairs of the MNLI (en), XNLI (de) and PAWS-X (de)
samples in ../shared/data. Span extraction: question + context of the SQuAD v2 and XQuAD
(en) samples, cut into windows by the harness's own featurize (384 tokens, windows starting
128 context tokens apart, questions cut to 64 tokens, as XTREME's run_squad.py does).

XLM-R's SentencePiece tokenizer cannot be had offline, so the bundled all-MiniLM-L6-v2
WordPiece tokenizer counts tokens. It splits German into more pieces than XLM-R would,
so the pair lengths lean long. Only counts are stored, no text.

    python scripts/bench_lengths.py ../shared/data
"""

from __future__ import annotations

import csv
import hashlib
import json
import sys
from pathlib import Path

PAIR_SOURCES = ("mnli/mnli_train.jsonl", "mnli/mnli_val.jsonl", "mnli/mnli_test.jsonl",
                "xnli/de_test_first300.txt", "pawsx/de_dev_first200.tsv")
SPAN_SOURCES = ("squad_v2/dev_subset_5articles_v2.0.json", "xquad/xquad.en.json")
SPAN_WINDOW = 384


def pairs(path: Path) -> list[tuple[str, str]]:
    if path.suffix == ".jsonl":
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [(r["premise"], r["hypothesis"]) for r in rows]
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    if rows and rows[0][:3] == ["id", "sentence1", "sentence2"]:
        return [(r[1], r[2]) for r in rows[1:]]
    return [(r[0], r[1]) for r in rows]


def questions(path: Path) -> list[tuple[str, str]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return [(qa["question"], p["context"]) for article in data for p in article["paragraphs"] for qa in p["qas"]]


def main(src: Path, dest: Path) -> None:
    from transformers import AutoTokenizer

    from claims.embed import default_model_dir
    from replicate.features import featurize
    from replicate.tasks import get_task
    from replicate.tasks.examples import SpanExample

    tokenizer = AutoTokenizer.from_pretrained(default_model_dir(), local_files_only=True)
    pair_lengths = [len(tokenizer(a, b)["input_ids"]) for name in PAIR_SOURCES for a, b in pairs(src / name)]
    spans = [SpanExample(guid=str(i), question=q, context=c, answers=())
             for name in SPAN_SOURCES for i, (q, c) in enumerate(questions(src / name))]
    span_lengths = [len(f.input_ids) for f in featurize(get_task("xquad"), tokenizer, spans, SPAN_WINDOW)]
    record = {
        "schema_version": 1,
        "built_by": "python scripts/bench_lengths.py ../shared/data",
        "tokenizer": "sentence-transformers/all-MiniLM-L6-v2 WordPiece (stand-in for XLM-R SentencePiece)",
        "sources": {name: hashlib.sha256((src / name).read_bytes()).hexdigest()
                    for name in (*PAIR_SOURCES, *SPAN_SOURCES)},
        "pair": pair_lengths,
        "span": span_lengths,
    }
    dest.write_text(json.dumps(record) + "\n", encoding="utf-8")
    print(f"{dest}: {len(pair_lengths)} pairs (mean {sum(pair_lengths) / len(pair_lengths):.1f} tokens), "
          f"{len(span_lengths)} QA windows (mean {sum(span_lengths) / len(span_lengths):.1f} tokens)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parent.parent / "replicate" / "data" / "bench_lengths.json")
