"""An annotator's claims about a whole PDF are checked against that PDF before any bench reads them."""

import json
import subprocess
import sys
from pathlib import Path

from bench_tools import bench_tool
from claims.paper_claims import read_paper_claims
from paper_pdf import two_column_paper

TOOL = Path(__file__).resolve().parents[1] / "bench" / "pdf_annotation.py"


def _tool():
    return bench_tool("pdf_annotation")


def _row(key: str, label: str, change: str, claim: str, page: int | None = None, excerpt: str | None = None) -> dict:
    row = {"id": f"u3-toy-{key}", "arxiv_id": "2005.13013", "label": label, "change": change, "claim": claim,
           "page": page}
    return row | ({"excerpt": excerpt} if excerpt else {})


# Both excerpts run over a word the PDF breaks at a line end ("multilin-", "base-").
SUPPORTED = _row("s-1", "SUPPORTED", "none", "After intermediate training the multilingual encoder gains 5.4 points "
                 "of accuracy on average.", 1, "a multilingual encoder. Its accuracy improves by 5.4 points")
REFUTED = _row("r-1", "REFUTED", "number", "The strongest model gets 85.3 on XNLI.", 2,
               "Our best model reaches 81.3 accuracy on XNLI, a gain of 5.4 points over the baseline model.")
UNDECIDED = _row("n-1", "NOT_ENOUGH_INFO", "unrelated", "Intermediate training took three days on a single GPU.")


def test_a_draft_is_checked_against_its_pages(tmp_path):
    tool = _tool()
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(two_column_paper())
    good = [json.dumps(row) for row in (SUPPORTED, REFUTED, UNDECIDED)]
    found = tool.problems(pdf, good)
    assert found == ["mix: needs 15 NOT_ENOUGH_INFO/unrelated, 4 REFUTED/direction, 4 REFUTED/entity, "
                     "3 REFUTED/negation, 7 REFUTED/number, 27 SUPPORTED/none; "
                     "has 1 NOT_ENOUGH_INFO/unrelated, 1 REFUTED/number, 1 SUPPORTED/none"]

    wrong_page = SUPPORTED | {"id": "u3-toy-s-2", "claim": "The encoder's accuracy goes up.", "page": 2}
    copied = SUPPORTED | {"id": "u3-toy-s-3", "claim": "Its accuracy improves by 5.4 points on average over the "
                                                       "baseline, say the authors."}
    no_page = REFUTED | {"id": "u3-toy-r-2", "claim": "XNLI is not evaluated.", "page": None}
    stray_key = UNDECIDED | {"sentence": 3}
    found = tool.problems(pdf, [*good, json.dumps(wrong_page), json.dumps(copied), json.dumps(no_page), good[2],
                                json.dumps(stray_key), "{"])
    assert found[:-1] == ["line 4: excerpt not found on page 2: copy it from that page",
                          "line 5: claim shares 8 consecutive words with the paper: reword it",
                          "line 6: a decided claim needs the page (1-2) that decides it",
                          "line 7: duplicate id or claim",
                          "line 8: sentence: Extra inputs are not permitted",
                          "line 9: not JSON (Expecting property name enclosed in double quotes)"]


def test_checked_drafts_become_the_claim_file_without_their_excerpts(tmp_path, monkeypatch):
    tool = _tool()
    pdf, draft, out = tmp_path / "paper.pdf", tmp_path / "draft.jsonl", tmp_path / "pdf_claims_toy.jsonl"
    pdf.write_bytes(two_column_paper())
    draft.write_text("\n".join(json.dumps(row) + "\n" for row in (SUPPORTED, REFUTED, UNDECIDED)), encoding="utf-8")
    monkeypatch.setattr(tool, "MIX", {("SUPPORTED", "none"): 1, ("REFUTED", "number"): 1,
                                      ("NOT_ENOUGH_INFO", "unrelated"): 1})
    assert tool.problems(pdf, draft.read_text(encoding="utf-8").splitlines()) == []

    done = subprocess.run([sys.executable, str(TOOL), "strip", str(draft), "--out", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    claims = read_paper_claims(out)
    assert [(c.id, c.label, c.page) for c in claims] == [("u3-toy-s-1", "SUPPORTED", 1), ("u3-toy-r-1", "REFUTED", 2),
                                                         ("u3-toy-n-1", "NOT_ENOUGH_INFO", None)]
    assert "excerpt" not in out.read_text(encoding="utf-8")


def test_a_missing_or_unreadable_file_is_one_line_naming_it(tmp_path):
    draft = tmp_path / "draft.jsonl"
    draft.write_text(json.dumps(SUPPORTED) + "\n", encoding="utf-8")
    missing = subprocess.run([sys.executable, str(TOOL), "check", str(tmp_path / "paper.pdf"), str(draft)],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr.strip().splitlines() == [f"error: FileNotFoundError: no such file: '{tmp_path / 'paper.pdf'}'"]
    draft.write_bytes(b"\xff\xfe not utf-8")
    unreadable = subprocess.run([sys.executable, str(TOOL), "strip", str(draft), "--out", str(tmp_path / "out.jsonl")],
                                capture_output=True, text=True)
    assert unreadable.returncode == 2 and not (tmp_path / "out.jsonl").exists()
    assert unreadable.stderr.strip().splitlines() == [f"error: {draft}: not UTF-8 text (byte 0)"]
    draft.write_text(json.dumps(SUPPORTED) + "\n{\n", encoding="utf-8")
    broken = subprocess.run([sys.executable, str(TOOL), "strip", str(draft), "--out", str(tmp_path / "out.jsonl")],
                            capture_output=True, text=True)
    assert broken.returncode == 2 and not (tmp_path / "out.jsonl").exists()
    assert broken.stderr.strip().splitlines() == [f"error: {draft}:2: not a claim record (JSONDecodeError)"]
