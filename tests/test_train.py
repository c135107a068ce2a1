"""`synth train-verifier` end to end: real MiniLM weights fine-tuned a few steps on small sets in the real layouts."""

import hashlib
import json
import math
import re

import pytest
from typer.testing import CliRunner

from claims.card import load_card, load_verifier
from claims.errors import VerifierFileError
from claims.nli_data import read_nlidata
from claims.precision import training_precision
from nli_fixture import write_claimdata, write_nlidata
from paper_pdf import two_column_paper
from synth.cli import app

runner = CliRunner()
# Pairs written about a train paper's abstract (1912.00742 is a train paper by the generated pairs' split).
PASSAGE = "Pythia ranks method completions. On 2700 repositories it reaches a top-5 accuracy of 92%, 20% above the baselines."
WRITTEN = [{"paper": "1912.00742", "label": "SUPPORTED", "change": "none", "passage": PASSAGE,
            "claim": "Nine in ten of Pythia's top-5 suggestions are right, a fifth better than the baselines."},
           {"paper": "1912.00742", "label": "REFUTED", "change": "direction", "passage": PASSAGE,
            "claim": "Pythia's top-5 accuracy falls short of the baseline models'."},
           {"paper": "1912.00742", "label": "NOT_ENOUGH_INFO", "change": "unrelated", "passage": PASSAGE,
            "claim": "Pythia's suggestions take under 5 ms on a laptop CPU."}]
QUICK = ["--scale", "0.002", "--epochs", "0.5", "--batch-size", "8", "--max-length", "64"]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """One small training run, shared by the tests that read what it wrote."""
    root = tmp_path_factory.mktemp("train")
    nli, claims = write_nlidata(root / "nlidata"), write_claimdata(root / "claimdata")
    (root / "pdfs").mkdir()
    (root / "pdfs" / "2005.13013v2_paper.pdf").write_bytes(two_column_paper())
    labelled = [("s", "SUPPORTED", "none", "Accuracy improves by 5.4 points on average over the baseline."),
                ("r", "REFUTED", "number", "Accuracy improves by 9.4 points on average over the baseline."),
                ("n", "NOT_ENOUGH_INFO", "unrelated", "The encoder was pretrained on 300 languages.")]
    (root / "pdf_claims.jsonl").write_text("".join(json.dumps({"id": i, "arxiv_id": "2005.13013", "label": label, "change": change,
                                                               "claim": claim}) + "\n" for i, label, change, claim in labelled))
    (root / "written.jsonl").write_text("".join(json.dumps(row) + "\n" for row in WRITTEN))
    # Claims about another paper are trained on: each decided one with the passage found on its labelled page.
    (root / "pdfs" / "2103.04567v1_trained.pdf").write_bytes(two_column_paper(stamp=None, title="A Paper Trained On"))
    trained = [("t-s", "SUPPORTED", "none", "Each of the tasks is evaluated in 15 languages.", 1),
               ("t-r", "REFUTED", "number", "Each of the tasks is evaluated in 25 languages.", 1),
               ("t-n", "NOT_ENOUGH_INFO", "unrelated", "Each of the tasks is evaluated by three annotators.", None),
               ("t-x", "SUPPORTED", "none", "Each of the tasks is evaluated in 15 languages.", 3)]  # no page 3: no pair
    (root / "trained.jsonl").write_text("".join(json.dumps({"id": i, "arxiv_id": "2103.04567", "label": label, "change": change,
                                                            "claim": claim, "page": page}) + "\n"
                                                for i, label, change, claim, page in trained))
    args = ["train-verifier", str(nli), str(claims), "--out", str(root / "out"), "--work", str(root / "work"),
            "--cache-dir", str(root / "cache"), "--pdfs", str(root / "pdfs"), "--pdf-claims", str(root / "pdf_claims.jsonl"),
            "--written-pairs", str(root / "written.jsonl"), "--train-paper-claims", str(root / "trained.jsonl"),
            "--seed", "7", *QUICK]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return root, args, result


def test_train_verifier_writes_weights_and_a_card_with_its_record(trained):
    root, _, result = trained
    assert "held-out set" in result.stdout and "scitab" in result.stdout and "taxinli" in result.stdout
    # No terminal here (as in a log or CI): no bar, but a timed line at each tenth of a stage done.
    assert re.search(r"^\d\d:\d\d:\d\d reading data: 1/1$", result.stderr, re.MULTILINE)
    assert re.search(r"^\d\d:\d\d:\d\d training cross-encoder.*: (\d+)/\1$", result.stderr, re.MULTILINE)
    card = load_card(root / "out" / "verifier.json")
    weights = root / "out" / card.weights
    assert card.weights_sha256 == hashlib.sha256(weights.read_bytes()).hexdigest()
    assert weights.stat().st_size < 50_000_000  # fp16 without the frozen word embeddings
    recorded = {d["file"]: d["sha256"] for d in card.training["data"]}
    for name in ("mnli/mnli_dev_matched_from_hans.tsv", "scitab/sci_tab_dev_half.json", "wice/dev.jsonl"):
        assert recorded[name] == hashlib.sha256((root / "nlidata" / name).read_bytes()).hexdigest()
    assert recorded["scifact/claims_train.jsonl"] == hashlib.sha256((root / "claimdata" / "scifact/claims_train.jsonl").read_bytes()).hexdigest()
    # Calibrated on held-apart pairs and on claims run as in use, those about the PDFs searched in their full text.
    assert {"generated_ml", "scitab", "pdf_claims"} < set(card.training["calibration"]["fitted_on"])
    # TaxiNLI's held pairs: one half fits the second maps of everyday sentences only, the other is scored.
    assert card.training["calibration"]["second_maps_only"] == ["taxinli"]
    assert "taxinli" not in card.training["calibration"]["fitted_on"]
    halves = card.training["split"]
    held = read_nlidata(root / "nlidata").taxinli_held
    assert halves["genre_calibration"]["taxinli"] + halves["test"]["taxinli"] == len(held)
    assert card.training["held_out"]["taxinli"]["n"] == halves["test"]["taxinli"]
    assert recorded[f"{root.name}/pdf_claims.jsonl"] == hashlib.sha256((root / "pdf_claims.jsonl").read_bytes()).hexdigest()
    # Written pairs are trained on (--scale leaves one of the three), each twice, and their file is recorded.
    assert recorded[f"{root.name}/written.jsonl"] == hashlib.sha256((root / "written.jsonl").read_bytes()).hexdigest()
    assert card.training["split"]["train"]["written_ml"] == 2
    assert recorded[f"{root.name}/trained.jsonl"] == hashlib.sha256((root / "trained.jsonl").read_bytes()).hexdigest()
    assert card.training["split"]["trained_paper_pairs"] == 3 and card.training["split"]["train"]["paper_ml"] == 6
    assert card.training["split"]["trained_paper_claims_unpaired"] == {"SUPPORTED": 1}
    held_out = card.training["held_out"]
    assert {"scitab", "generated_ml", "taxinli", "scifact", "healthver"} <= held_out.keys()
    assert all(0.0 <= row["ece"] <= 1.0 and row["n"] > 0 for row in held_out.values())
    assert all(0.0 < row["ece_if_calibrated"][0] <= row["ece_if_calibrated"][1] < 1.0 for row in held_out.values())
    assert card.training["command"].startswith("synth train-verifier")
    assert card.training["settings"]["seed"] == 7  # --seed: sampling and batch order, recorded
    assert card.training["settings"]["precision"] == training_precision("cpu")  # --precision auto, resolved and recorded
    # Inside the fit's search range (e^-3 to e^3): a few steps of training leave logits the fit may sharpen to its edge.
    assert math.exp(-3) - 1e-9 <= card.temperature <= math.exp(3) + 1e-9
    # Each commit threshold is the one with the best calibration macro-F1 among those tried, all recorded: claims about
    # whole papers, searched in full text, fit their own; every set fits the searched and given settings'.
    by_commit = card.training["calibration"]["macro_f1_by_commit"]
    for group, setting in (("fulltext", "fulltext"), ("all", "searched")):
        rows = by_commit[group]
        assert len(rows) > 1 and rows[str(card.commit[setting])]["mean"] == max(row["mean"] for row in rows.values())
    assert set(by_commit["fulltext"][str(card.commit["fulltext"])]) == {"mean", "pdf_claims"}
    assert {"pdf_claims", "scifact", "generated_ml"} < by_commit["all"][str(card.commit["searched"])].keys()
    assert card.commit["given"] == card.commit["searched"]
    # Each claim's genre is read by a classifier fitted on training and calibration claims; the second maps are
    # fitted per genre on the calibration verdicts, and every held-out row says which genres its claims were read as.
    assert {"ml", "general", "health", "biomedical"} <= set(card.genres.genres)  # the fixture has no citing sentences
    genre_keys = card.training["calibration"]["genre_keys"]
    assert any(key.startswith("ml/given/") for key in genre_keys) and any(key.startswith("ml/fulltext/") for key in genre_keys)
    assert sum(held_out["generated_ml"]["genres"].values()) == held_out["generated_ml"]["n"]
    assert max(held_out["generated_ml"]["genres"], key=held_out["generated_ml"]["genres"].get) == "ml"


def test_a_rerun_resumes_from_the_checkpoint_and_gives_the_same_weights(trained):
    root, args, _ = trained
    before = load_card(root / "out" / "verifier.json").weights_sha256
    assert (root / "work" / "checkpoint.pt").is_file()
    kept = list((root / "work").glob("paper-pairs-*.json"))
    assert len(kept) == 1
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert load_card(root / "out" / "verifier.json").weights_sha256 == before
    # The claims about the PDFs are paired once: the rerun reads their pairs from the work folder.
    assert "pairing claims" not in result.stderr
    # A damaged file of pairs is no pairs: they are searched for again, and the same weights come out.
    kept[0].write_text('{"schema_version": 1, "pairs": [')
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "pairing claims" in result.stderr and json.loads(kept[0].read_text())["schema_version"] == 1
    assert load_card(root / "out" / "verifier.json").weights_sha256 == before


def test_claims_about_new_papers_alone_fit_the_second_map_of_claims_about_whole_papers(trained, tmp_path):
    root, args, _ = trained
    out = tmp_path / "out"
    out.mkdir()
    for name in ("verifier.json", load_card(root / "out" / "verifier.json").weights):
        (out / name).write_bytes((root / "out" / name).read_bytes())
    (tmp_path / "new").mkdir()
    # A proceedings print without arXiv's stamp is the paper its file name's id names; one named by no id is no
    # labelled paper (a claim naming it would be refused).
    (tmp_path / "new" / "2101.11112v1_other.pdf").write_bytes(two_column_paper(stamp=None, title="Another Paper on Transfer"))
    (tmp_path / "new" / "notes.pdf").write_bytes(two_column_paper(stamp=None, title="Some Notes"))
    new = [("new-s", "SUPPORTED", "none", "Accuracy improves by 5.4 points on average over the baseline."),
           ("new-r", "REFUTED", "number", "Accuracy improves by 7.4 points on average over the baseline.")]
    (tmp_path / "new.jsonl").write_text("".join(json.dumps({"id": i, "arxiv_id": "2101.11112", "label": label, "change": change,
                                                            "claim": claim}) + "\n" for i, label, change, claim in new))
    again = [a if a != str(root / "out") else str(out) for a in args]
    again[again.index("--work") + 1] = str(tmp_path / "work")
    result = runner.invoke(app, [*again, "--pdfs", str(tmp_path / "new"), "--new-paper-claims", str(tmp_path / "new.jsonl"),
                                 "--recalibrate"])
    assert result.exit_code == 0, result.output
    card = load_card(out / "verifier.json")
    assert card.training["split"]["new_paper_claims"] == 2 and card.training["split"]["pdf_claims"] == 3
    recorded = {d["file"]: d["sha256"] for d in card.training["data"]}
    assert recorded[f"{tmp_path.name}/new.jsonl"] == hashlib.sha256((tmp_path / "new.jsonl").read_bytes()).hexdigest()
    # All five claims calibrate the first maps of claims searched in full text; only the new paper's two the second.
    calibration = card.training["calibration"]
    whole = sum(n for key, n in calibration["decision_keys"].items() if key.startswith("fulltext/"))
    second = sum(n for key, n in calibration["genre_keys"].items() if key.startswith("ml/fulltext/"))
    assert whole == 5 and second == 2
    # The genre classifier fitted with the weights is kept, so the claims they were trained on are not paired again
    # (that needs every trained-on paper embedded); what they were trained on is as their training recorded it.
    before = load_card(root / "out" / "verifier.json")
    assert card.genres == before.genres and not list((tmp_path / "work").glob("paper-pairs-*.json"))
    assert all(card.training["split"][k] == before.training["split"][k]
               for k in ("train", "trained_paper_pairs", "trained_paper_claims_unpaired"))


def test_recalibrate_refits_the_card_of_the_weights_it_finds_without_training(trained, tmp_path):
    root, args, _ = trained
    out = tmp_path / "out"
    out.mkdir()
    before = load_card(root / "out" / "verifier.json")
    (out / before.weights).write_bytes((root / "out" / before.weights).read_bytes())
    # The card an earlier synth wrote (schema 5, isotonic maps): refused in use, refitted by --recalibrate.
    earlier = json.loads((root / "out" / "verifier.json").read_text()) | {"schema_version": 5}
    earlier["calibration"] = {key: {"x": [0.0, 1.0], "y": [0.5, 0.5]} for key in earlier["calibration"]}
    body = {k: v for k, v in earlier.items() if k != "checksum"}
    earlier["checksum"] = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()
    (out / "verifier.json").write_text(json.dumps(earlier))
    with pytest.raises(VerifierFileError, match="schema_version 5 is not 10; refit it with `synth train-verifier --recalibrate`"):
        load_card(out / "verifier.json")
    # No checkpoint in this work folder: a training would start from scratch, a recalibration needs none.
    again = [a if a != str(root / "out") else str(out) for a in args]
    again[again.index("--work") + 1] = str(tmp_path / "work")
    result = runner.invoke(app, [*again, "--recalibrate"])
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "work" / "checkpoint.pt").exists()
    # An earlier schema's card has no genre classifier to keep: it is fitted again, on the claims paired again.
    assert list((tmp_path / "work").glob("paper-pairs-*.json"))
    card = load_card(out / "verifier.json")
    assert card.schema_version == 10
    assert card.weights_sha256 == before.weights_sha256 == hashlib.sha256((out / before.weights).read_bytes()).hexdigest()
    assert card.training["recalibrated"]["command"].startswith("synth train-verifier") and card.training["recalibrated"]["at"]
    assert card.training["trained_at"] == before.training["trained_at"] and card.training["settings"]["seed"] == 7
    assert card.training["held_out"].keys() == before.training["held_out"].keys()
    # Without the weights and card of a training there is nothing to recalibrate: one line naming the file.
    empty = [a if a != str(out) else str(tmp_path / "none") for a in again]
    result = runner.invoke(app, [*empty, "--recalibrate"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {tmp_path / 'none' / 'verifier.json'}: nothing to recalibrate")


def test_verify_uses_a_trained_card_given_by_path(trained):
    root, _, _ = trained
    result = runner.invoke(app, ["verify", "XLM-R covers 100 languages.", "--paper", "1911.02116",
                                 "--verifier", str(root / "out" / "verifier.json"), "--json"])
    assert result.exit_code == 0, result.output
    verdict = json.loads(result.stdout)
    assert verdict["label"] in ("SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO") and 0 <= verdict["confidence"] <= 1
    assert set(verdict["probabilities"]) == {"SUPPORTED", "REFUTED", "NOT_ENOUGH_INFO"}


def test_damaged_or_swapped_weights_are_refused(trained, tmp_path):
    root, _, _ = trained
    card = load_card(root / "out" / "verifier.json")
    copy = tmp_path / "out"
    copy.mkdir()
    (copy / "verifier.json").write_bytes((root / "out" / "verifier.json").read_bytes())
    data = bytearray((root / "out" / card.weights).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / card.weights).write_bytes(bytes(data))
    result = runner.invoke(app, ["verify", "XLM-R covers 100 languages.", "--paper", "1911.02116", "--verifier", str(copy / "verifier.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {copy / card.weights}: sha256 ")
    (copy / card.weights).unlink()
    result = runner.invoke(app, ["verify", "XLM-R covers 100 languages.", "--paper", "1911.02116", "--verifier", str(copy / "verifier.json")])
    assert result.exit_code == 2 and "cross-encoder weights not found" in result.stderr
    with pytest.raises(Exception, match="not found"):
        load_verifier(copy / "verifier.json")


def test_train_verifier_without_its_data_names_the_folder_and_layout(tmp_path):
    claims = write_claimdata(tmp_path / "claimdata")
    result = runner.invoke(app, ["train-verifier", str(tmp_path / "nowhere"), str(claims)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {tmp_path / 'nowhere'}: NLI data folder not found (expected the layout of ../shared/nlidata")
    nli = write_nlidata(tmp_path / "nlidata")
    (nli / "rte" / "dev.tsv").unlink()
    result = runner.invoke(app, ["train-verifier", str(nli), str(claims)])
    assert result.exit_code == 2 and f"{nli / 'rte' / 'dev.tsv'}: missing" in result.stderr


def test_train_verifier_reports_a_bad_jsonl_line(tmp_path):
    nli, claims = write_nlidata(tmp_path / "nlidata"), write_claimdata(tmp_path / "claimdata")
    with (claims / "scifact" / "claims_train.jsonl").open("a") as fh:
        fh.write("{broken\n")
    result = runner.invoke(app, ["train-verifier", str(nli), str(claims), "--out", str(tmp_path / "out"), *QUICK])
    assert result.exit_code == 2
    assert "claims_train.jsonl:25: not JSON" in result.stderr
    assert not (tmp_path / "out").exists()


def test_labelled_pdf_claims_that_cannot_be_used_name_the_file_and_line(tmp_path):
    nli, claims = write_nlidata(tmp_path / "nlidata"), write_claimdata(tmp_path / "claimdata")
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "paper.pdf").write_bytes(two_column_paper())
    labelled = tmp_path / "pdf_claims.jsonl"
    base = ["train-verifier", str(nli), str(claims), "--out", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"),
            "--pdf-claims", str(labelled), *QUICK]
    line = {"id": "x", "arxiv_id": "2005.13013", "label": "TRUE", "change": "none", "claim": "Accuracy improves."}
    labelled.write_text(json.dumps(line) + "\n")
    result = runner.invoke(app, base)
    assert result.exit_code == 2 and "give --pdfs FOLDER" in result.stderr
    result = runner.invoke(app, [*base, "--pdfs", str(tmp_path / "pdfs")])
    assert result.exit_code == 2 and f"{labelled}: line 1: label: " in result.stderr
    labelled.write_text(json.dumps(line | {"label": "SUPPORTED", "page": 0}) + "\n")
    result = runner.invoke(app, [*base, "--pdfs", str(tmp_path / "pdfs")])
    assert result.exit_code == 2 and f"{labelled}: line 1: page: " in result.stderr
    labelled.write_text(json.dumps(line | {"label": "SUPPORTED", "arxiv_id": "1911.02116"}) + "\n")
    result = runner.invoke(app, [*base, "--pdfs", str(tmp_path / "pdfs")])
    assert result.exit_code == 2 and "claim x: paper 1911.02116 is not among the --pdfs (2005.13013)" in result.stderr
    # A paper's claims train or calibrate, never both.
    labelled.write_text(json.dumps(line | {"label": "SUPPORTED"}) + "\n")
    trained = tmp_path / "trained.jsonl"
    trained.write_text(json.dumps(line | {"id": "y", "label": "SUPPORTED", "page": 1}) + "\n")
    result = runner.invoke(app, [*base, "--pdfs", str(tmp_path / "pdfs"), "--train-paper-claims", str(trained)])
    assert result.exit_code == 2 and f"{trained}: paper 2005.13013 is trained on and calibrated on" in result.stderr
    assert not (tmp_path / "out").exists()


def test_written_pairs_about_papers_kept_apart_or_malformed_name_the_file_and_line(tmp_path):
    nli, claims = write_nlidata(tmp_path / "nlidata"), write_claimdata(tmp_path / "claimdata")
    (tmp_path / "pdfs").mkdir()
    (tmp_path / "pdfs" / "1906.01502v1_mbert.pdf").write_bytes(two_column_paper())  # a train paper, kept apart here
    written = tmp_path / "written.jsonl"
    base = ["train-verifier", str(nli), str(claims), "--out", str(tmp_path / "out"), "--pdfs", str(tmp_path / "pdfs"),
            "--written-pairs", str(written), *QUICK]
    for row, message in [(WRITTEN[0] | {"paper": "1906.01502"}, "paper 1906.01502 is not a train paper"),
                         (WRITTEN[0] | {"paper": "1911.02116"}, "paper 1911.02116 is not a train paper"),
                         (WRITTEN[1] | {"change": "none"}, "label 'REFUTED' with change 'none'"),
                         (WRITTEN[2] | {"passage": " "}, "missing passage")]:
        written.write_text(json.dumps(WRITTEN[0]) + "\n" + json.dumps(row) + "\n")
        result = runner.invoke(app, base)
        assert result.exit_code == 2 and f"{written}:2: {message}" in result.stderr, result.stderr
    assert not (tmp_path / "out").exists()


def test_cuda_asked_for_without_a_gpu_is_one_line(tmp_path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU; the message is for machines without one")
    nli, claims = write_nlidata(tmp_path / "nlidata"), write_claimdata(tmp_path / "claimdata")
    result = runner.invoke(app, ["train-verifier", str(nli), str(claims), "--device", "cuda"])
    assert result.exit_code == 2 and "no CUDA device is available here" in result.stderr
