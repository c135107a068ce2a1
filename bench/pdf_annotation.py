"""The check of annotators' claims about a whole PDF, and the claim file the bench reads, made from them.

The held-out claim sets about papers (bench/data/pdf_claims_unseen*.jsonl) are written by one annotator per paper
from the PDF alone. Each decided claim comes with the page that decides it and an excerpt of that page (the
annotator's proof, never committed: the paper's text is not the project's to publish):

    python bench/pdf_annotation.py check PAPER.pdf DRAFT.jsonl
    python bench/pdf_annotation.py strip DRAFT.jsonl ... --out bench/data/pdf_claims_NAME.jsonl

`check` prints each problem with its line and exits 1 if there is any: a line that is not a claim record
(claims.paper_claims.PaperClaim plus `excerpt`), an excerpt not found on its page (PyMuPDF's text of it, 1-based),
a claim sharing 8 consecutive words with anywhere in the paper (a copied claim tests string matching, not the
verifier), a duplicate id or claim, and a mix other than the protocol's (27 SUPPORTED; 18 REFUTED: 7 number,
4 entity, 4 direction, 3 negation; 15 NOT_ENOUGH_INFO). `strip` drops the excerpts and writes the claims.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pymupdf
from pydantic import ValidationError
from rapidfuzz import fuzz

from annotation_packets import SHARED_WORDS, shares_words
from claims.paper_claims import PaperClaim
from synth.atomic import write_text

MIX = {("SUPPORTED", "none"): 27, ("REFUTED", "number"): 7, ("REFUTED", "entity"): 4, ("REFUTED", "direction"): 4,
       ("REFUTED", "negation"): 3, ("NOT_ENOUGH_INFO", "unrelated"): 15}
# PDF text breaks words at line ends and keeps ligatures; an excerpt typed from the page differs in those only.
FOUND = 90


class DraftError(Exception):
    """A draft that cannot be read, named with its file (and line)."""


def _plain(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().replace("-\n", "").split())


def _mix_text(counts: dict) -> str:
    return ", ".join(f"{n} {label}/{change}" for (label, change), n in sorted(counts.items()))


def _drafted(line: str) -> tuple[PaperClaim, str | None]:
    """A draft line's claim and its excerpt; raises JSONDecodeError or ValidationError."""
    row = json.loads(line)
    excerpt = row.pop("excerpt", None) if isinstance(row, dict) else None
    return PaperClaim.model_validate(row), excerpt


def problems(pdf: Path, lines: list[str]) -> list[str]:
    """What is wrong with an annotator's draft about the paper `pdf`, one message per problem."""
    pages = [_plain(page.get_text()) for page in pymupdf.open(pdf)]
    whole = " ".join(pages)
    found, ids, claims, mix = [], set(), set(), Counter()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            claim, excerpt = _drafted(line)
        except json.JSONDecodeError as exc:
            found.append(f"line {number}: not JSON ({exc.msg})")
            continue
        except ValidationError as exc:
            detail = exc.errors()[0]
            found.append(f"line {number}: {'.'.join(map(str, detail['loc'])) or 'line'}: {detail['msg']}")
            continue
        decided = claim.label != "NOT_ENOUGH_INFO"
        if decided and (claim.page is None or not 1 <= claim.page <= len(pages)):
            found.append(f"line {number}: a decided claim needs the page (1-{len(pages)}) that decides it")
        elif decided and (not excerpt or fuzz.partial_ratio(_plain(excerpt), pages[claim.page - 1]) < FOUND):
            found.append(f"line {number}: excerpt not found on page {claim.page}: copy it from that page")
        if shares_words(claim.claim, whole):
            found.append(f"line {number}: claim shares {SHARED_WORDS} consecutive words with the paper: reword it")
        if claim.id in ids or claim.claim in claims:
            found.append(f"line {number}: duplicate id or claim")
        ids.add(claim.id)
        claims.add(claim.claim)
        mix[claim.label, claim.change] += 1
    if mix != Counter(MIX):
        found.append(f"mix: needs {_mix_text(MIX)}; has {_mix_text(mix)}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    checked = sub.add_parser("check", help="check an annotator's draft against its PDF")
    checked.add_argument("pdf", type=Path)
    checked.add_argument("draft", type=Path)
    stripped = sub.add_parser("strip", help="write the claims of checked drafts, without their excerpts")
    stripped.add_argument("drafts", type=Path, nargs="+")
    stripped.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    try:
        return _run(args)
    except DraftError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (OSError, pymupdf.FileNotFoundError, pymupdf.FileDataError) as exc:
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0]}", file=sys.stderr)
        return 2


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise DraftError(f"{path}: not UTF-8 text (byte {exc.start})") from exc


def _claims(path: Path) -> list[PaperClaim]:
    out = []
    for number, line in enumerate(_lines(path), start=1):
        if not line.strip():
            continue
        try:
            out.append(_drafted(line)[0])
        except (json.JSONDecodeError, ValidationError) as exc:
            raise DraftError(f"{path}:{number}: not a claim record ({type(exc).__name__})") from exc
    return out


def _run(args: argparse.Namespace) -> int:
    if args.command == "check":
        lines = _lines(args.draft)
        found = problems(args.pdf, lines)
        print("\n".join(found) if found else f"OK: {sum(1 for line in lines if line.strip())} claims")
        return 1 if found else 0
    claims = [claim for path in args.drafts for claim in _claims(path)]
    write_text(args.out, "".join(json.dumps(claim.model_dump()) + "\n" for claim in claims))
    print(f"{len(claims)} claims -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
