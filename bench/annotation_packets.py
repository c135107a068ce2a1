"""Packets of train abstracts for annotators to write claims about, and the check of what they wrote.

The written pairs (bench/written_pairs.py) come from annotators' lines about numbered abstract sentences. This
makes the packets they read and checks their lines before any training reads them:

    python bench/annotation_packets.py make --exclude ../shared/data/pdfs --exclude NEW --packets 8 --size 45 --out DIR
    python bench/annotation_packets.py check DIR/packet_0.ids DIR/out_0.jsonl

`make` takes train papers (claims.generated_pairs.paper_split) that no committed annotation file names and no
kept-apart PDF is, with 5-12 sentences, in a fixed order (sha256 of `--salt` and the id), and writes per packet
its numbered abstracts (packet_K.md), its ids (packet_K.ids) and the protocol (bench/annotating.md, as
INSTRUCTIONS.md). `check` prints each problem with its line and exits 1 if there is any: a claim sharing 8
consecutive words with its sentence (a claim in the passage's own words teaches nothing the generated pairs do
not), a label with the wrong kind of change, a sentence the abstract lacks, a duplicate, a paper without its two
claims of each label.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

from claims.generated_pairs import paper_split, sentences_of
from claims.labelled import read_jsonl
from claims.training_sets import kept_apart_ids
from claims.written_pairs import CHANGES
from synth.atomic import write_text
from synth.papers.corpus import bundled_papers

HERE = Path(__file__).resolve().parent
ANNOTATED = sorted((HERE / "data").glob("written_*_annotated.jsonl"))
PROTOCOL = HERE / "annotating.md"
PER_LABEL = 2
SHARED_WORDS = 8
_WORD = re.compile(r"[a-z0-9]+")


def shares_words(claim: str, sentence: str, n: int = SHARED_WORDS) -> bool:
    """Does the claim repeat n consecutive words of the sentence (case and punctuation aside)?"""
    c, s = _WORD.findall(claim.lower()), _WORD.findall(sentence.lower())
    grams = {tuple(s[i:i + n]) for i in range(len(s) - n + 1)}
    return any(tuple(c[i:i + n]) in grams for i in range(len(c) - n + 1))


def annotated_papers(files: list[Path]) -> set[str]:
    return {str(row["paper"]) for path in files for row in read_jsonl(path)}


def fresh_papers(excluded: set[str], salt: str) -> list:
    """Train papers with 5-12 abstract sentences that no annotation file names and no kept-apart PDF is."""
    taken = excluded | annotated_papers(ANNOTATED)
    papers = [p for p in bundled_papers() if p.abstract and p.arxiv_id not in taken
              and paper_split(p.arxiv_id) == "train" and 5 <= len(sentences_of(p.abstract)) <= 12]
    return sorted(papers, key=lambda p: hashlib.sha256(f"{salt}:{p.arxiv_id}".encode()).hexdigest())


def make(excluded: set[str], packets: int, size: int, out: Path, salt: str) -> int:
    papers = fresh_papers(excluded, salt)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PROTOCOL, out / "INSTRUCTIONS.md")
    for k in range(packets):
        chunk = papers[k * size:(k + 1) * size]
        lines = [f"# Packet {k}: {len(chunk)} abstracts", ""]
        for paper in chunk:
            lines += [f"## paper {paper.arxiv_id}", f"Title: {paper.title}", ""]
            lines += [f"[{i}] {s}" for i, s in enumerate(sentences_of(paper.abstract))] + [""]
        write_text(out / f"packet_{k}.md", "\n".join(lines))
        write_text(out / f"packet_{k}.ids", "\n".join(p.arxiv_id for p in chunk) + "\n")
    return min(len(papers), packets * size)


def problems(ids: list[str], lines: list[str]) -> list[str]:
    """What is wrong with an annotator's lines about the papers `ids`, one message per problem."""
    wanted = set(ids)
    abstracts = {p.arxiv_id: sentences_of(p.abstract) for p in bundled_papers() if p.arxiv_id in wanted}
    found, seen, per_paper = [], set(), defaultdict(Counter)
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            found.append(f"line {number}: not JSON ({exc.msg})")
            continue
        if not isinstance(row, dict) or set(row) != {"paper", "sentence", "label", "change", "claim"}:
            found.append(f"line {number}: keys must be paper, sentence, label, change, claim")
            continue
        paper, sentences = str(row["paper"]), abstracts.get(str(row["paper"]))
        if sentences is None:
            found.append(f"line {number}: paper {paper} is not in this packet")
        elif not isinstance(row["sentence"], int) or not 0 <= row["sentence"] < len(sentences):
            found.append(f"line {number}: paper {paper} has no sentence {row['sentence']}")
        elif row["change"] not in CHANGES.get(row["label"], set()):
            found.append(f"line {number}: label {row['label']!r} with change {row['change']!r}")
        elif shares_words(row["claim"], sentences[row["sentence"]]):
            found.append(f"line {number}: claim shares {SHARED_WORDS} consecutive words with sentence "
                         f"{row['sentence']}: reword it")
        elif row["claim"] in seen:
            found.append(f"line {number}: duplicate claim")
        else:
            per_paper[paper][row["label"]] += 1
        seen.add(row["claim"])
    for paper in ids:
        counts = per_paper[paper]
        if any(counts[label] != PER_LABEL for label in CHANGES):
            found.append(f"paper {paper}: needs {PER_LABEL} claims of each label, has {dict(counts) or 'none'}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    made = sub.add_parser("make", help="write packets of fresh train abstracts")
    made.add_argument("--exclude", action="append", type=Path, default=[], help="folder of PDFs kept apart")
    made.add_argument("--packets", type=int, default=8)
    made.add_argument("--size", type=int, default=45)
    made.add_argument("--salt", default="written", help="orders the papers; another salt gives other packets")
    made.add_argument("--out", type=Path, required=True)
    checked = sub.add_parser("check", help="check an annotator's lines against their packet")
    checked.add_argument("ids", type=Path)
    checked.add_argument("lines", type=Path)
    args = parser.parse_args()
    if args.command == "make":
        n = make(kept_apart_ids(args.exclude), args.packets, args.size, args.out, args.salt)
        print(f"{n} abstracts in {args.packets} packets -> {args.out}")
        return 0
    ids = args.ids.read_text(encoding="utf-8").split()
    lines = args.lines.read_text(encoding="utf-8").splitlines()
    found = problems(ids, lines)
    print("\n".join(found) if found else f"OK: {sum(1 for line in lines if line.strip())} lines, {len(ids)} papers")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
