"""bench/rejudge.py: readings kept once decide labelled claims again as `synth verify --claims` decides them."""

import json
import pickle
from pathlib import Path

from bench_tools import bench_tool
from paper_pdf import RESULTS_SENTENCE, two_column_paper
from typer.testing import CliRunner

from claims.verify import RERANK, Reading
from synth.cli import app

runner = CliRunner()


def _tool():
    return bench_tool("rejudge")


def _labelled(tmp_path: Path, arxiv_id: str = "2005.13013") -> Path:
    rows = [
        ("toy-s-1", "SUPPORTED", "none", RESULTS_SENTENCE),
        ("toy-r-1", "REFUTED", "number", RESULTS_SENTENCE.replace("81.3", "86.9")),
        ("toy-n-1", "NOT_ENOUGH_INFO", "unrelated", "The XNLI model was trained for 40 hours on 16 TPU v3 cores."),
        ("toy-p-1", "NOT_ENOUGH_INFO", "unrelated", "We investigate whether cross-lingual transfer works."),
    ]
    path = tmp_path / "labelled.jsonl"
    path.write_text("".join(json.dumps({"id": i, "arxiv_id": arxiv_id, "label": label, "change": change,
                                        "claim": claim, "page": 1 if label != "NOT_ENOUGH_INFO" else None}) + "\n"
                            for i, label, change, claim in rows))
    return path


def test_stored_readings_decide_the_verdicts_synth_verify_gives(tmp_path, capsys):
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(two_column_paper())
    assert runner.invoke(app, ["add", str(pdf)]).exit_code == 0
    labelled = _labelled(tmp_path)
    rejudge = _tool()
    readings, judged = tmp_path / "readings.pkl", tmp_path / "judged.jsonl"
    assert rejudge.main(["read", str(labelled), "--out", str(readings)]) == 0
    capsys.readouterr()
    # Every shortlisted passage is kept, also of the claims the first three settle: a rule that settles fewer of them
    # decides on the rest as `synth verify` would read them.
    kept = [r for group in pickle.loads(readings.read_bytes())["groups"] for r in group["readings"]
            if isinstance(r, Reading)]
    assert len(kept) == 3 and all(r.shortlisted == RERANK == len(r.candidates) for r in kept)
    assert rejudge.main(["judge", str(readings), "--gold", str(labelled), "--out", str(judged)]) == 0
    table = capsys.readouterr().out
    # What `synth verify --claims` says of the same claims, read anew.
    plain = tmp_path / "plain.jsonl"
    plain.write_text("".join(json.dumps({"id": g["id"], "claim": g["claim"], "arxiv_id": g["arxiv_id"]}) + "\n"
                             for g in map(json.loads, labelled.read_text().splitlines())))
    direct = runner.invoke(app, ["verify", "--claims", str(plain), "--json"])
    assert direct.exit_code == 0
    expected = [(v["id"], v["label"], v["confidence"], v["reason"]) for v in map(json.loads, direct.stdout.splitlines())]
    again = [(v["id"], v["label"], v["confidence"], v["reason"]) for v in map(json.loads, judged.read_text().splitlines())]
    assert again == expected
    assert expected[0][1] == "SUPPORTED" and expected[1][1] == "REFUTED"
    # Right by change, counted against the labels: the statement of purpose is not checked, so it is NOT_ENOUGH_INFO.
    right = sum(label == gold["label"] for (_, label, _, _), gold in
                zip(expected, map(json.loads, labelled.read_text().splitlines())))
    assert f"{right}/4" in table
    # Each way of deciding, with how often it was right beside its mean confidence: the numbers refuted one claim.
    by_path = table[table.index("calibration by path"):]
    numeric = next(line for line in by_path.splitlines() if "numeric" in line and "REFUTED" in line)
    assert [cell.strip() for cell in numeric.split("│") if cell.strip()][3:5] == ["1", "1.00"]
    # Against an earlier run, the verdicts that differ are listed: none here.
    assert rejudge.main(["judge", str(readings), "--gold", str(labelled), "--against", str(judged)]) == 0
    assert "0 verdicts differ, +0 right" in capsys.readouterr().out


def test_a_print_without_arxivs_stamp_is_read_under_the_id_its_file_name_starts_with(tmp_path, capsys):
    # A proceedings copy carries no stamp: `--pdfs` adds it as training and the bench do, so its claims find it
    # (an id no bundled abstract has, so that nothing but the PDF could answer).
    folder = tmp_path / "pdfs"
    folder.mkdir()
    (folder / "2412.99999_a_proceedings_copy.pdf").write_bytes(two_column_paper(stamp=None))
    readings = tmp_path / "readings.pkl"
    labelled = _labelled(tmp_path, "2412.99999")
    assert _tool().main(["read", str(labelled), "--out", str(readings), "--pdfs", str(folder)]) == 0
    assert "readings of 4 claims in 1 groups" in capsys.readouterr().out


def test_claims_whose_paper_cannot_be_had_fail_the_reading_naming_the_file_and_line(tmp_path, capsys):
    readings = tmp_path / "readings.pkl"
    assert _tool().main(["read", str(_labelled(tmp_path, "2412.99999")), "--out", str(readings)]) == 1
    err = capsys.readouterr().err
    assert "labelled.jsonl: line 1:" in err and "2412.99999" in err
    assert not readings.exists()


def test_a_readings_file_of_another_version_is_refused_in_one_line(tmp_path, capsys):
    stale = tmp_path / "old.pkl"
    stale.write_bytes(pickle.dumps({"version": 0, "groups": []}))
    rejudge = _tool()
    assert rejudge.main(["judge", str(stale), "--gold", str(_labelled(tmp_path))]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "not a readings file of version" in err and "old.pkl" in err
