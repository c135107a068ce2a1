"""`synth train-verifier` on small labelled sets in the real layouts (SciFact JSONL, HealthVer CSV), made here."""

import csv
import hashlib
import json
import random

from typer.testing import CliRunner

from claims.combiner import load_combiner
from synth.cli import app

runner = CliRunner()
DRUGS = ["aspirin", "metformin", "statins", "ibuprofen", "warfarin", "insulin", "heparin", "vitamin D",
         "zinc", "melatonin", "caffeine", "lithium"]
OUTCOMES = ["mortality", "stroke risk", "blood pressure", "hospital stays", "relapse rates", "infection rates"]


def _claimdata(root):
    rng = random.Random(7)
    corpus, claims, rows = [], [], []
    n = 0
    for drug in DRUGS:
        for outcome in OUTCOMES:
            n += 1
            value = rng.randint(5, 60)
            fact = f"In the trial, {drug} reduced {outcome} by {value}% compared with placebo."
            filler = f"Patients were followed for {rng.randint(2, 9)} years at {rng.randint(3, 20)} centres."
            corpus.append({"doc_id": n, "title": "", "abstract": [filler, fact, "Adverse events were rare."]})
            kind = n % 3
            if kind == 0:
                claims.append({"id": n, "claim": f"{drug.capitalize()} lowers {outcome} by {value}%.",
                               "evidence": {str(n): [{"sentences": [1], "label": "SUPPORT"}]}, "cited_doc_ids": [n]})
            elif kind == 1:
                claims.append({"id": n, "claim": f"{drug.capitalize()} lowers {outcome} by {value + 25}%.",
                               "evidence": {str(n): [{"sentences": [1], "label": "CONTRADICT"}]}, "cited_doc_ids": [n]})
            else:
                claims.append({"id": n, "claim": f"{drug.capitalize()} improves sleep quality in older adults.",
                               "evidence": {}, "cited_doc_ids": [n]})
            label = ["Supports", "Refutes", "Neutral"][kind]
            claim = [f"{drug} cuts {outcome}", f"{drug} raises {outcome}", f"{drug} cures baldness"][kind]
            rows.append({"id": n, "evidence": fact, "claim": claim, "label": label, "topic_ip": 1, "question": "q"})
    (root / "scifact").mkdir(parents=True)
    (root / "scifact" / "corpus.jsonl").write_text("".join(json.dumps(d) + "\n" for d in corpus))
    (root / "scifact" / "claims_train.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    (root / "healthver").mkdir()
    with (root / "healthver" / "healthver_dev.csv").open("w", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_train_verifier_writes_a_loadable_recorded_combiner(tmp_path):
    data = tmp_path / "claimdata"
    _claimdata(data)
    out = tmp_path / "verifier.json"
    result = runner.invoke(app, ["train-verifier", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "held-out set" in result.stdout and "scifact" in result.stdout
    combiner = load_combiner(out)
    recorded = {d["file"]: d["sha256"] for d in combiner.training["data"]}
    for name in ("scifact/claims_train.jsonl", "scifact/corpus.jsonl", "healthver/healthver_dev.csv"):
        assert recorded[name] == hashlib.sha256((data / name).read_bytes()).hexdigest()
    split = combiner.training["split"]
    assert split["train"] + split["calibration"] + split["test"] == 2 * len(DRUGS) * len(OUTCOMES)
    held_out = combiner.training["held_out"]["all"]["verifier"]
    assert held_out["n"] == split["test"] and held_out["accuracy"] >= 0.6
    assert combiner.training["command"] == f"synth train-verifier {data}"


def test_train_verifier_on_a_missing_folder_is_one_line(tmp_path):
    result = runner.invoke(app, ["train-verifier", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"synth: error: {tmp_path / 'nowhere'}: labelled-data folder not found"


def test_train_verifier_reports_a_bad_jsonl_line(tmp_path):
    data = tmp_path / "claimdata"
    _claimdata(data)
    with (data / "scifact" / "claims_train.jsonl").open("a") as fh:
        fh.write("{broken\n")
    result = runner.invoke(app, ["train-verifier", str(data), "--out", str(tmp_path / "v.json")])
    assert result.exit_code == 2
    assert "claims_train.jsonl:73: not JSON" in result.stderr
    assert not (tmp_path / "v.json").exists()


def _nli_pairs(data):
    pairs = []
    for row in csv.DictReader((data / "healthver" / "healthver_dev.csv").read_text().splitlines()):
        pairs.append((row["evidence"], row["claim"], {"Refutes": 0, "Supports": 1, "Neutral": 2}[row["label"]]))
    return pairs


def test_optional_nli_backend_adds_features_end_to_end(tmp_path):
    from tiny_models import tiny_nli

    data = tmp_path / "claimdata"
    _claimdata(data)
    nli = tiny_nli(tmp_path / "nli", _nli_pairs(data))
    out = tmp_path / "verifier.json"
    result = runner.invoke(app, ["train-verifier", str(data), "--nli", str(nli), "--out", str(out)])
    assert result.exit_code == 0, result.output
    combiner = load_combiner(out)
    assert combiner.features[-2:] == ["nli_entailment", "nli_contradiction"]
    assert combiner.training["nli"] == str(nli)

    claim = "Aspirin lowers mortality by 99%."
    without = runner.invoke(app, ["verify", claim, "--paper", "1911.02116", "--verifier", str(out)])
    assert without.exit_code == 2 and "trained with an NLI model" in without.stderr and "--nli" in without.stderr
    used = runner.invoke(app, ["verify", claim, "--paper", "1911.02116", "--verifier", str(out), "--nli", str(nli), "--json"])
    assert used.exit_code == 0, used.output
    features = json.loads(used.stdout)["features"]
    assert 0.0 <= features["nli_entailment"] <= 1.0 and 0.0 <= features["nli_contradiction"] <= 1.0

    shipped = runner.invoke(app, ["verify", claim, "--paper", "1911.02116", "--nli", str(nli)])
    assert shipped.exit_code == 2 and "trained without NLI features" in shipped.stderr


def test_nli_folder_that_cannot_load_is_one_line(tmp_path):
    result = runner.invoke(app, ["verify", "XLM-R covers 100 languages.", "--paper", "1911.02116", "--nli", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {tmp_path / 'none'}: cannot load NLI model offline")
