"""XTREME metrics on hand-computed cases, and `synth replicate score` on the submission layout."""

import json

import pytest
from typer.testing import CliRunner

from conftest import SHARED
from replicate.errors import ReplicateError
from replicate.metrics import accuracy, bucc_f1, mlqa_normalise, qa_scores, squad_normalise, tagging_f1
from synth.cli import app

runner = CliRunner()


def test_accuracy_and_length_mismatch():
    assert accuracy(["1", "0", "1", "1"], ["1", "1", "1", "0"]) == {"accuracy": 50.0}
    with pytest.raises(ReplicateError):
        accuracy(["1", "0"], ["1"])


def test_tagging_f1_is_seqeval_span_f1():
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"]]
    # one of two gold spans found, one of two predicted spans right -> P = R = F1 = 50
    assert tagging_f1(gold, pred) == pytest.approx({"f1": 50.0, "precision": 50.0, "recall": 50.0})
    # POS tags without prefixes are scored the same way XTREME does (no warning leaks out)
    assert tagging_f1([["NOUN", "VERB", "NOUN"]], [["NOUN", "VERB", "NOUN"]])["f1"] == pytest.approx(100.0)


def test_bucc_f1_by_hand():
    gold = ["de-1\ten-1", "de-2\ten-2", "de-3\ten-3"]
    pred = ["de-1\ten-1", "de-2\ten-9"]
    # precision 1/2, recall 1/3 -> F1 = 0.4
    assert bucc_f1(gold, pred) == pytest.approx({"f1": 40.0, "precision": 50.0, "recall": 100 / 3})
    assert bucc_f1(gold, ["x\ty"])["f1"] == 0.0


def test_squad_and_mlqa_normalisation():
    assert squad_normalise("The Eiffel  Tower!") == "eiffel tower"
    assert mlqa_normalise("Der Turm«", "de") == "turm"
    assert mlqa_normalise("北京大学 in 2020", "zh") == "北 京 大 学 in 2020"


def test_qa_scores_by_hand():
    dataset = [{"paragraphs": [{"context": "c", "qas": [
        {"id": "q1", "answers": [{"text": "the red cat"}]},
        {"id": "q2", "answers": [{"text": "in 1994"}, {"text": "1994"}]},
        {"id": "q3", "answers": [{"text": "Paris"}]},
    ]}]}]
    predictions = {"q1": "red cat", "q2": "1994 and later"}  # q3 unanswered: counts as wrong
    scores = qa_scores(dataset, predictions)
    # q1 EM 1 F1 1; q2 EM 0, F1 vs "1994" = 2*(1/3*1)/(1/3+1) = 0.5; q3 0
    assert scores == pytest.approx({"exact_match": 100 / 3, "f1": 50.0})


def _layout(root, task, lang, labels, predictions, suffix="tsv"):
    for kind, content in (("labels", labels), ("predictions", predictions)):
        folder = root / kind / task
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"test-{lang}.{suffix}").write_text(content)


def test_score_layout_from_the_cli(tmp_path):
    from replicate.xtreme_score import TASK_LANGUAGES

    for lang in TASK_LANGUAGES["bucc2018"]:
        _layout(tmp_path, "bucc2018", lang, "a\tb\nc\td\n", "a\tb\n")
    result = runner.invoke(app, ["replicate", "score", str(tmp_path / "predictions"), str(tmp_path / "labels"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["tasks"]["bucc2018"]["avg_f1"] == pytest.approx(100 * 2 / 3)
    assert "retrieval" not in scores["overall"]  # tatoeba missing: no group score, as in XTREME


def test_missing_language_file_names_the_file_and_layout(tmp_path):
    _layout(tmp_path, "pawsx", "de", "1\n0\n", "1\n1\n")
    result = runner.invoke(app, ["replicate", "score", str(tmp_path / "predictions"), str(tmp_path / "labels")])
    assert result.exit_code == 2
    assert "test-en.tsv: missing: pawsx needs test-<lang> files for de, en, es, fr, ja, ko, zh" in result.stderr


QA_LABELS = json.dumps({"version": "1.1", "data": [{"paragraphs": [{"context": "Paris is in France.", "qas": [
    {"id": "q1", "question": "Where is Paris?", "answers": [{"text": "France", "answer_start": 12}]}]}]}]})


@pytest.mark.parametrize("prediction, message", [
    (QA_LABELS, "not predictions: expected {question id: answer text} (is it a labels file?"),
    (json.dumps({"other-id": "France"}), "answers none of the 1 questions of test-en.json"),
])
def test_qa_scored_against_the_wrong_files_is_an_error_not_zero(tmp_path, prediction, message):
    from replicate.xtreme_score import TASK_LANGUAGES

    for lang in TASK_LANGUAGES["xquad"]:
        _layout(tmp_path, "xquad", lang, QA_LABELS, prediction, suffix="json")
    result = runner.invoke(app, ["replicate", "score", str(tmp_path / "predictions"), str(tmp_path / "labels")])
    assert result.exit_code == 2, result.output
    assert message in result.stderr


def test_not_a_folder(tmp_path):
    result = runner.invoke(app, ["replicate", "score", str(tmp_path / "nope"), str(tmp_path)])
    assert result.exit_code == 2 and "not a folder" in result.stderr


def test_shared_mock_submission_scores_match_a_direct_count():
    root = SHARED / "data" / "xtreme_mock_test_data"
    if not root.is_dir():
        pytest.skip(f"{root} is absent (the shared folder sits beside the repo in the dev setup)")
    result = runner.invoke(app, ["replicate", "score", str(root / "predictions"), str(root / "labels"), "--json"])
    assert result.exit_code == 0, result.output
    tasks = json.loads(result.stdout)["tasks"]
    assert set(tasks) == {"pawsx", "xnli", "panx", "udpos", "bucc2018", "tatoeba", "xquad", "mlqa", "tydiqa"}
    for task in ("pawsx", "xnli", "tatoeba"):
        for lang, value in tasks[task]["accuracy"].items():
            gold = (root / "labels" / task / f"test-{lang}.tsv").read_text().split()
            pred = (root / "predictions" / task / f"test-{lang}.tsv").read_text().split()
            assert value == pytest.approx(100 * sum(g == p for g, p in zip(gold, pred)) / len(gold))
    for task in ("mlqa", "tydiqa"):
        assert tasks[task]["avg_metric"] == pytest.approx((tasks[task]["avg_exact_match"] + tasks[task]["avg_f1"]) / 2)
    # The tagging scores XTREME's own evaluate_test.py expects of this mock submission (computed with the
    # seqeval 0.0.12 of 2020); seqeval >= 1.0 gives udpos avg_f1 70.398 instead.
    assert {k: tasks["udpos"][k] for k in ("avg_f1", "avg_precision", "avg_recall")} == pytest.approx(
        {"avg_f1": 70.21746048354693, "avg_precision": 71.02232625883823, "avg_recall": 69.54982073976082})
    assert {k: tasks["panx"][k] for k in ("avg_f1", "avg_precision", "avg_recall")} == pytest.approx(
        {"avg_f1": 57.50793650793652, "avg_precision": 54.729166666666664, "avg_recall": 62.750000000000014})
