"""Labelled claims about whole ML papers, each searched in its paper's full text as in use.

Written for this project about the PDFs kept apart from training (bench/data/pdf_claims_*.jsonl): one JSON
object per line, {"id", "arxiv_id", "label", "change", "claim"}, where `change` says how a claim was made from
the paper ("none" for a paraphrased finding, "number" / "direction" / "entity" / "negation" for one change that
refutes it, "unrelated" for one the paper does not decide), and for a claim the paper decides, optionally the page
(1-based) that decides it (the text is not kept: the papers' licences are not the project's). They are the only
labelled data of the kind users check: the calibration and development files calibrate the verifier
(`synth train-verifier --pdf-claims`), the test file only measures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from claims.errors import TrainingDataError
from claims.labelled import DataFile, data_file
from claims.passages import Passage, document_passages
from synth.errors import InvalidIdError
from synth.papers.ids import ArxivId, parse_arxiv_id
from synth.papers.library import Library, Stored

Change = Literal["none", "number", "direction", "entity", "negation", "unrelated"]


class PaperClaim(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    arxiv_id: str
    label: Literal["SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"]
    change: Change
    claim: str
    # Where an annotator found the deciding passage: lets the bench ask whether the verdict quotes that page.
    page: int | None = Field(default=None, ge=1)


def read_paper_claims(path: Path) -> list[PaperClaim]:
    """The claims of one file; a line that is not such a claim is an error naming the file and line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise TrainingDataError(path, f"cannot read labelled claims ({type(exc).__name__})") from exc
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            out.append(PaperClaim.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            raise TrainingDataError(path, f"line {number}: not JSON ({exc.msg})") from exc
        except ValidationError as exc:
            detail = exc.errors()[0]
            where = ".".join(map(str, detail["loc"])) or "line"
            raise TrainingDataError(path, f"line {number}: {where}: {detail['msg']}") from exc
    if not out:
        raise TrainingDataError(path, "no labelled claims in the file")
    return out


def write_unlabelled(claims: list[PaperClaim], path: Path) -> None:
    """The claims as `synth verify --claims` reads them: id, claim and paper, without their labels."""
    path.write_text("".join(json.dumps({"id": c.id, "claim": c.claim, "arxiv_id": c.arxiv_id}) + "\n" for c in claims))


def named_arxiv_id(path: Path) -> ArxivId | None:
    """The arXiv id a labelled PDF's file name starts with (`1706.08160_beyond_bilingual.pdf`, `1706.08160.pdf`), if
    any."""
    try:
        return parse_arxiv_id(path.stem.split("_")[0])
    except InvalidIdError:
        return None


def add_labelled_pdf(library: Library, path: Path) -> Stored:
    """A PDF of the labelled papers added as `synth add` adds it; a print without arXiv's stamp (a proceedings
    copy) is added under the id its file name starts with, as `synth add --arxiv-id` would. The one rule of the
    training (`--pdfs`) and the bench: the labelled claims name their paper by arXiv id."""
    return library.add(path, unstamped_id=named_arxiv_id(path))


def paper_passages(folders: list[Path], library: Library) -> dict[str, list[Passage]]:
    """Each PDF of the folders added to the library by `add_labelled_pdf`, and its passages, by arXiv id."""
    out = {}
    for path in [path for folder in folders for path in sorted(folder.glob("*.pdf"))]:
        stored = add_labelled_pdf(library, path)
        if stored.paper.arxiv_id:
            out[stored.paper.arxiv_id] = document_passages(stored.document)
    return out


def by_paper(claims: list[PaperClaim]) -> list[tuple[str, list[int]]]:
    """The positions of each paper's claims, papers in arXiv id order: a paper's claims are searched in one index."""
    out: dict[str, list[int]] = {}
    for i, claim in enumerate(claims):
        out.setdefault(claim.arxiv_id, []).append(i)
    return sorted(out.items())


def claims_about(files: list[Path], papers: dict[str, list[Passage]]) -> tuple[list[PaperClaim], list[DataFile]]:
    """The claims of the files, each about a paper of `papers` (else an error naming the file and claim), and the
    files as a training record names them."""
    out, read = [], []
    for path in files:
        claims = read_paper_claims(path)
        for claim in claims:
            if claim.arxiv_id not in papers:
                raise TrainingDataError(path, f"claim {claim.id}: paper {claim.arxiv_id} is not among the --pdfs "
                                              f"({', '.join(sorted(papers)) or 'none'})")
        out += claims
        read.append(data_file(path, len(claims)))
    return out, read
