"""Rebuild synth/papers/data/corpus.jsonl.gz, the bundled offline corpus, from ../shared/data/arxiv_meta.

Kept: every AMDS123 record (MIT-licensed source), the LLM Bible records whose
title or abstract is about cross-lingual, multilingual or intermediate-task
transfer (the neighbourhood of the papers synth reports on), and the
hand-added seed record of 2005.13013. Each record keeps its upstream source.

    python scripts/build_corpus.py ../shared/data/arxiv_meta
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

RELEVANT = re.compile(
    r"cross[- ]?lingual|multi[- ]?lingual|intermediate[- ]task|\btransfer|zero[- ]shot|xtreme|xlm|\bbert\b|language model",
    re.IGNORECASE,
)
FIELDS = ("arxiv_id", "version", "title", "authors", "authors_complete", "year", "date", "abstract",
          "abstract_truncated", "source")


def main(src: Path, dest: Path) -> None:
    records = []
    for line in (src / "nlp_arxiv_subset.jsonl").open(encoding="utf-8"):
        rec = json.loads(line)
        from_amds = rec["source"].startswith("AMDS123/")
        if from_amds or RELEVANT.search(rec["title"] + " " + rec["abstract"]):
            records.append(rec)
    for line in (src / "seed_records.jsonl").open(encoding="utf-8"):
        records.append(json.loads(line))
    by_id = {}
    for rec in records:
        by_id[rec["arxiv_id"]] = {k: rec[k] for k in FIELDS if k in rec}
    dest.parent.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(by_id[i], ensure_ascii=False) + "\n" for i in sorted(by_id))
    with dest.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as out:
        out.write(lines.encode("utf-8"))  # mtime=0: the same input gives the same bytes
    print(f"{len(by_id)} records -> {dest} ({dest.stat().st_size} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).resolve().parents[1] / "synth/papers/data/corpus.jsonl.gz")
