"""Decide labelled claims again from stored readings: a change of the decision rule tried on 480 claims in seconds.

    python bench/rejudge.py read CLAIMS.jsonl --out READINGS.pkl [--pdfs DIR ...] [--card CARD]
    python bench/rejudge.py judge READINGS.pkl --gold CLAIMS.jsonl [--out VERDICTS.jsonl] [--against OTHER.jsonl]
                                               [--card CARD] [--reparse] [--show CHANGE]

`read` runs a labelled claim file (bench/data/pdf_claims_*.jsonl) through synth's verification as `synth verify
--claims` does, each claim against its own paper, and keeps what deciding needs: each claim's candidates and the
cross-encoder's probabilities (claims.verify.Reading), and the tables and names of its papers. Reading is most of a
verdict's time (5 minutes for 480 claims on a 2-core CPU); `judge` decides the stored readings with the code as it
is now (claims.decide, claims.numbers, claims.subject, the card's maps) in about ten seconds, prints how many
verdicts are right per labelled change (with macro-F1 and ECE) and each way of deciding's right rate beside its
mean confidence, and lists the verdicts that differ from another run's (`--against`, a
`--out` of an earlier `judge` or the JSON lines of `synth verify --json`).

Readings belong to the code that read them: a change to retrieval, to what the cross-encoder reads, or to the
weights needs `read` again; a change to how a claim's own numbers are parsed needs `--reparse` (they are parsed
when the claim is read). A verdict decided here is the one `synth verify` gives only where nothing read changed, so
a rule found here is measured on fresh claims through the CLI (bench/verify.py --hand-only) before it is shipped.
The readings file is a pickle of this checkout's objects: scratch for this machine, never shipped or exchanged.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from claims.batch import read_claims_file, verify_requests
from claims.card import load_verifier
from claims.embed import load_embedder
from claims.metrics import by_path, scores
from claims.numbers import parse_quantities
from claims.paper_claims import add_labelled_pdf, read_paper_claims, write_unlabelled
from claims.verify import Reading, Verifier
from synth.cli import _library
from synth.errors import SynthError

console = Console()
# Bumped when what a readings file holds changes; a file of another version is read again, not misread.
READINGS_VERSION = 3  # 2: the papers of a reading know whether they were read whole; 3: every passage read


def _revision() -> str:
    found = subprocess.run(["git", "-C", str(Path(__file__).parent), "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True)
    return found.stdout.strip() or "unknown"


def read(claims: Path, out: Path, pdfs: list[Path], card: Path | None) -> int:
    library = _library(None, True)
    for folder in pdfs:
        # Into synth's cache as `synth add` puts a user's PDFs, by the rule training and the bench follow: a print
        # without arXiv's stamp under the id its file name starts with (else its claims would find no paper).
        for path in sorted(folder.glob("*.pdf")):
            try:
                add_labelled_pdf(library, path)
            except SynthError as error:
                print(f"{path}: {error}", file=sys.stderr)
                return 1
    plain = out.with_suffix(".claims.jsonl")
    write_unlabelled(read_paper_claims(claims), plain)
    requests, unread = read_claims_file(plain)
    model = load_verifier(card, precision=library.settings.precision)
    embedder = load_embedder("all-MiniLM-L6-v2", library.settings.precision)
    groups: list[dict] = []

    def keep(verifier: Verifier, readings: list) -> None:
        groups.append({"tables": verifier.tables, "papers": verifier.papers, "readings": readings})

    # Every passage read, so that a rule under which the first three no longer settle a claim decides it on all five
    # as `synth verify` would, not on the three a lazy reading kept.
    _, unsearched, caveats = verify_requests(requests, library, model, embedder, on_read=keep, lazy=False)
    # A claim left out would score the set on the claims that remain: no readings file rather than a partial one.
    for error in [*unread, *unsearched]:
        print(f"{claims}: line {error.line}: {error.message}", file=sys.stderr)
    if unread or unsearched:
        return 1
    # The caveats as `synth verify` words them; where a paper was read by its abstract, the --pdfs it lacked.
    for note in caveats.notes():
        print(f"{claims}: {note}", file=sys.stderr)
    if caveats.abstract_only:
        print(f"{claims}: no PDF of {', '.join(caveats.abstract_only)} in the cache or --pdfs", file=sys.stderr)
    temporary = out.with_suffix(".tmp")
    with temporary.open("wb") as f:
        pickle.dump({"version": READINGS_VERSION, "revision": _revision(), "claims": str(claims), "groups": groups}, f)
    os.replace(temporary, out)
    console.print(f"{out}: readings of {sum(len(g['readings']) for g in groups)} claims in {len(groups)} groups")
    return 0


def judge(readings: Path, gold_path: Path, out: Path | None, against: Path | None, card: Path | None, reparse: bool,
          show: str | None) -> int:
    with readings.open("rb") as f:
        stored = pickle.load(f)
    if not isinstance(stored, dict) or stored.get("version") != READINGS_VERSION:
        print(f"{readings}: not a readings file of version {READINGS_VERSION}; read the claims again", file=sys.stderr)
        return 2
    if stored["revision"] != _revision():
        print(f"{readings}: read at {stored['revision']}, judged at {_revision()}: the verdicts are synth's only if "
              "nothing that reading does changed since", file=sys.stderr)
    model = load_verifier(card)
    verdicts = []
    for group in stored["groups"]:
        if reparse:
            for item in group["readings"]:
                if isinstance(item, Reading):
                    item.claim = item.claim.model_copy(update={"quantities": parse_quantities(item.claim.text)})
        verdicts += Verifier.deciding(model, group["tables"], group["papers"]).judge_all(group["readings"])
    if out:
        temporary = out.with_suffix(".tmp")
        temporary.write_text("".join(v.model_dump_json() + "\n" for v in verdicts))
        os.replace(temporary, out)
    gold = {g.id: g for g in read_paper_claims(gold_path)}
    now = {v.id: v.model_dump(mode="json") for v in verdicts if v.id in gold}
    runs = {"now": now}
    if against:
        runs = {against.name: {v["id"]: v for v in map(json.loads, against.read_text().splitlines()) if v["id"] in gold},
                **runs}
    _score(gold, runs)
    if against:
        before = runs[against.name]
        changed = [i for i in now if i in before and before[i]["label"] != now[i]["label"]]
        gained = sum(now[i]["label"] == gold[i].label for i in changed) - sum(before[i]["label"] == gold[i].label for i in changed)
        console.print(f"{len(changed)} verdicts differ, {gained:+d} right")
        for i in changed:
            console.print(f"  {i} ({gold[i].label}/{gold[i].change}): {before[i]['label']} -> {now[i]['label']} "
                          f"{now[i]['confidence']:.2f} | {now[i]['reason'][:160]}", markup=False, highlight=False)
    if show:
        for i, v in now.items():
            if gold[i].change == show and v["label"] != gold[i].label:
                console.print(f"{i} {gold[i].label} -> {v['label']} {v['confidence']:.2f}\n  claim: {gold[i].claim}\n"
                              f"  reason: {v['reason']}\n  quote: {(v['evidence'] or [{}])[0].get('quote', '')[:300]}",
                              markup=False, highlight=False)
    return 0


def _score(gold: dict, runs: dict[str, dict]) -> None:
    changes = sorted({(g.label, g.change) for g in gold.values()})
    table = Table("run", "right", "macro-F1", "ECE", *(f"{label[:3]}/{change[:3]}" for label, change in changes),
                  title="right by change")
    for name, verdicts in runs.items():
        total, right = Counter(), Counter()
        for i, v in verdicts.items():
            key = (gold[i].label, gold[i].change)
            total[key] += 1
            right[key] += v["label"] == gold[i].label
        measured = scores([gold[i].label for i in verdicts], [v["label"] for v in verdicts.values()],
                          np.array([v["confidence"] for v in verdicts.values()]))
        table.add_row(name, f"{sum(right.values())}/{sum(total.values())}", f"{measured['macro_f1']:.3f}",
                      f"{measured['ece']:.3f}", *(f"{right[k]}/{total[k]}" for k in changes))
    console.print(table)
    _calibration_by_path(gold, runs)


def _calibration_by_path(gold: dict, runs: dict[str, dict]) -> None:
    """Right rate beside mean confidence per way of deciding and label: a calibration that holds overall can
    still be off on one path (numeric refutations, abstentions on another subject), which one map may mend."""
    table = Table("run", "decided by", "label", "n", "right", "mean confidence", "gap", title="calibration by path")
    for name, verdicts in runs.items():
        paths = by_path([(v["decided_by"], v["label"]) for v in verdicts.values()],
                        [v["label"] == gold[i].label for i, v in verdicts.items()],
                        [v["confidence"] for v in verdicts.values()])
        for (decided_by, label), (n, right, confidence) in sorted(paths.items()):
            table.add_row(name, decided_by, label, str(n), f"{right:.2f}", f"{confidence:.2f}",
                          f"{confidence - right:+.2f}")
    console.print(table)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    reading = commands.add_parser("read", help="read a labelled claim file once and keep the readings")
    reading.add_argument("claims", type=Path)
    reading.add_argument("--out", type=Path, required=True)
    reading.add_argument("--pdfs", type=Path, action="append", default=[], help="a folder of the claims' PDFs to add first")
    reading.add_argument("--card", type=Path)
    judging = commands.add_parser("judge", help="decide stored readings with the code as it is now")
    judging.add_argument("readings", type=Path)
    judging.add_argument("--gold", type=Path, required=True, help="the labelled claim file that was read")
    judging.add_argument("--out", type=Path, help="write the verdicts here (JSON lines, as synth verify --json)")
    judging.add_argument("--against", type=Path, help="verdicts of another run to list the differences with")
    judging.add_argument("--card", type=Path)
    judging.add_argument("--reparse", action="store_true", help="parse the claims' numbers again")
    judging.add_argument("--show", metavar="CHANGE", help="print the wrong verdicts of one change (number, entity, ...)")
    args = parser.parse_args(argv)
    if args.command == "read":
        return read(args.claims, args.out, args.pdfs, args.card)
    return judge(args.readings, args.gold, args.out, args.against, args.card, args.reparse, args.show)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
