"""The committed written pairs train on no paper that any measurement reads."""

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from claims.written_pairs import DATASET, read_written_pairs
from claims.records import LABELS

BENCH_DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
BUILD = Path(__file__).resolve().parents[1] / "bench" / "written_pairs.py"
# Each committed batch and the fewest pairs it holds: one list for both tests, so a new batch is checked by both.
COMMITTED = {"written_pairs": 2000, "written_pairs2": 1800, "written_pairs3": 2400, "written_pairs4": 1300,
             "written_pairs5": 800, "written_tables": 1900}


def _build(annotated: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD), str(annotated), "--out", str(out)], capture_output=True, text=True)


@pytest.mark.parametrize("name, at_least", COMMITTED.items())
def test_committed_written_pairs_are_about_train_papers_none_of_them_measured(name, at_least):
    measured = {json.loads(line)["arxiv_id"] for path in BENCH_DATA.glob("pdf_claims_*.jsonl")
                for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    assert {"2005.00396", "1911.02116", "2003.11080", "2310.14799"} <= measured  # developed-on and new papers alike
    pairs, record = read_written_pairs(BENCH_DATA / f"{name}.jsonl", measured)  # raises on any such paper
    assert record.rows == len(pairs) >= at_least
    assert {p.dataset for p in pairs} == {DATASET}
    counts = Counter(LABELS[p.target[0]] for p in pairs)
    assert counts["SUPPORTED"] == counts["NOT_ENOUGH_INFO"] == counts["REFUTED"]
    # Each claim is paired with the passage that decides it, not with the claim's own words.
    assert all(p.claim not in p.premise for p in pairs)


def test_annotated_claims_get_the_window_around_their_sentence(tmp_path):
    annotated = tmp_path / "annotated.jsonl"
    rows = [{"paper": "1912.00742", "sentence": 6, "label": "SUPPORTED", "change": "none",
             "claim": "Offline, Pythia gets nine in ten top-5 completions right."},
            {"paper": "1912.00742", "sentence": 9, "label": "REFUTED", "change": "number", "claim": "Pythia is slow."}]
    annotated.write_text(json.dumps(rows[0]) + "\n")
    out = tmp_path / "written.jsonl"
    done = _build(annotated, out)
    assert done.returncode == 0, done.stderr
    (pair,), _ = read_written_pairs(out, set())
    assert "top-5 accuracy of 92%" in pair.premise and pair.claim == rows[0]["claim"]
    annotated.write_text(json.dumps(rows[1]) + "\n")  # the abstract has seven sentences
    done = _build(annotated, out)
    assert done.returncode != 0 and f"{annotated}:1: paper 1912.00742 has no sentence 9" in done.stderr
    annotated.write_text(json.dumps({k: v for k, v in rows[0].items() if k != "sentence"}) + "\n")
    done = _build(annotated, out)
    assert done.returncode != 0 and done.stderr.strip() == f"{annotated}:1: not an annotated claim ('sentence')"


@pytest.mark.parametrize("name", COMMITTED)
def test_committed_pairs_are_what_the_script_builds_from_the_committed_annotations(tmp_path, name):
    out = tmp_path / "written.jsonl"
    done = _build(BENCH_DATA / f"{name}_annotated.jsonl", out)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes() == (BENCH_DATA / f"{name}.jsonl").read_bytes()


def test_an_annotated_table_gives_each_of_its_claims_the_table_as_scitab_writes_it(tmp_path):
    table = {"caption": "Table 2: Top-5 accuracy.", "columns": ["Model", "Intra", "Cross"],
             "rows": [["Pythia", "92.1", "88.0"], ["Markov chain", "71.4", "70.2"]]}
    claims = [{"label": "SUPPORTED", "change": "none", "claim": "Pythia beats the Markov chain model in both settings."},
              {"label": "REFUTED", "change": "direction", "claim": "Pythia trails the Markov chain model across projects."}]
    annotated = tmp_path / "annotated.jsonl"
    annotated.write_text(json.dumps({"paper": "1912.00742", "table": table, "claims": claims}) + "\n")
    out = tmp_path / "written.jsonl"
    done = _build(annotated, out)
    assert done.returncode == 0, done.stderr
    pairs, _ = read_written_pairs(out, set())
    assert [(p.claim, LABELS[p.target[0]], p.tags) for p in pairs] == [
        (claims[0]["claim"], "SUPPORTED", ("none",)), (claims[1]["claim"], "REFUTED", ("direction",))]
    assert pairs[0].premise == pairs[1].premise == (
        "Table 2: Top-5 accuracy.\nColumns: Model | Intra | Cross\nPythia | 92.1 | 88.0\nMarkov chain | 71.4 | 70.2")
    table["rows"][1] = ["Markov chain", "71.4"]
    annotated.write_text(json.dumps({"paper": "1912.00742", "table": table, "claims": claims}) + "\n")
    done = _build(annotated, out)
    assert done.returncode != 0
    assert done.stderr.strip() == f"{annotated}:1: paper 1912.00742: every row of its table needs one cell per column (3)"


def _packets_tool():
    sys.path.insert(0, str(BUILD.parent))
    import annotation_packets

    return annotation_packets


def test_an_annotators_lines_are_checked_before_training_reads_them():
    tool = _packets_tool()
    lines = [line for line in (BENCH_DATA / "written_pairs_annotated.jsonl").read_text(encoding="utf-8").splitlines()
             if '"2210.01296"' in line]
    assert len(lines) == 6 and tool.problems(["2210.01296"], lines) == []
    copied = json.loads(lines[0]) | {"claim": "Different from retrieval-augmented language models that retrieve "
                                              "relevant documents before generating the outputs, RECITE recites."}
    wrong_change = json.loads(lines[2]) | {"change": "none"}
    found = tool.problems(["2210.01296", "1912.00742"], [json.dumps(copied), lines[1], json.dumps(wrong_change),
                                                         *lines[3:], lines[3], "{"])
    assert found == ["line 1: claim shares 8 consecutive words with sentence 1: reword it",
                     "line 3: label 'REFUTED' with change 'none'",
                     "line 7: duplicate claim",
                     "line 8: not JSON (Expecting property name enclosed in double quotes)",
                     "paper 2210.01296: needs 2 claims of each label, has {'SUPPORTED': 1, 'REFUTED': 1, 'NOT_ENOUGH_INFO': 2}",
                     "paper 1912.00742: needs 2 claims of each label, has none"]


def test_packets_hold_fresh_train_abstracts_only(tmp_path):
    tool = _packets_tool()
    assert tool.make(set(), packets=2, size=3, out=tmp_path, salt="test") == 6
    ids = [tmp_path.joinpath(f"packet_{k}.ids").read_text().split() for k in range(2)]
    taken = tool.annotated_papers(tool.ANNOTATED)
    assert len(set(ids[0] + ids[1])) == 6 and not taken & set(ids[0] + ids[1])
    assert all(tool.paper_split(paper) == "train" for paper in ids[0] + ids[1])
    packet = tmp_path.joinpath("packet_0.md").read_text()
    assert f"## paper {ids[0][0]}" in packet and "\n[0] " in packet and (tmp_path / "INSTRUCTIONS.md").is_file()
    assert tool.make({ids[0][0]}, packets=1, size=3, out=tmp_path / "again", salt="test") == 3
    assert ids[0][0] not in tmp_path.joinpath("again", "packet_0.ids").read_text().split()
