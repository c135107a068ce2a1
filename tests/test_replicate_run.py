"""The harness end to end on CPU: a tiny XLM-R-shaped model and tokenizer built here, data in the real formats."""

import json
import re
import sqlite3

import pytest
from typer.testing import CliRunner

from synth.cli import app

runner = CliRunner()
NLI = [("A man plays a guitar.", "A person makes music.", "entailment"),
       ("A man plays a guitar.", "Nobody is playing.", "contradiction"),
       ("A woman reads a book.", "She is at home.", "neutral"),
       ("Kids run in the park.", "Children are outside.", "entailment"),
       ("Kids run in the park.", "The kids are asleep.", "contradiction"),
       ("A dog sleeps.", "The dog is old.", "neutral")]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    from tiny_models import tiny_xlmr

    root = tmp_path_factory.mktemp("harness")
    data = root / "data"
    (data / "mnli").mkdir(parents=True)
    (data / "mnli" / "mnli_train.jsonl").write_text("".join(
        json.dumps({"premise": p, "hypothesis": h, "label": y}) + "\n" for p, h, y in NLI * 3))
    (data / "xnli").mkdir()
    rows = "".join(f"{p}\t{h}\t{y}\n" for p, h, y in NLI * 2)
    for split in ("train-en", "dev-en", "dev-de", "test-en", "test-de"):
        (data / "xnli" / f"{split}.tsv").write_text(rows)
    (data / "udpos").mkdir()
    sentence = "1\tThe\tthe\tDET\t_\t_\t2\tdet\t_\t_\n2\tdog\tdog\tNOUN\t_\t_\t3\tnsubj\t_\t_\n3\tsleeps\tsleep\tVERB\t_\t_\t0\troot\t_\t_\n\n"
    for split in ("train-en", "dev-en", "dev-de", "test-en", "test-de"):
        (data / "udpos" / f"{split}.tsv").write_text(sentence * 4)
    corpus = [f"{p} {h}" for p, h, _ in NLI] + ["The dog sleeps."]
    model = tiny_xlmr(root / "model", corpus * 5)
    return root, data, model


def _config(root, data, model, intermediate, name, output_dir=None):
    """A config of the workspace's tasks; `output_dir` gives a test run folders of its own (default: shared)."""
    path = root / f"{name}.toml"
    path.write_text(f'''model = "{model}"
intermediate = {json.dumps(intermediate)}
targets = ["xnli", "udpos"]
seeds = [1]
data_dir = "{data}"
output_dir = "{output_dir or root / 'runs'}"

[languages]
xnli = ["en", "de"]
udpos = ["en", "de"]

[hyper.default]
epochs = 1
batch_size = 4
max_length = 64
learning_rate = 1e-3
''')
    return path


def test_baseline_and_intermediate_runs_fill_the_results_table(workspace):
    root, data, model = workspace
    results = root / "results.sqlite"
    for name, intermediate in (("baseline", []), ("mnli", ["mnli"])):
        outcome = runner.invoke(app, ["replicate", "run", str(_config(root, data, model, intermediate, name)), "--results", str(results)])
        assert outcome.exit_code == 0, outcome.output
    with sqlite3.connect(results) as db:
        statuses = [r[0] for r in db.execute("SELECT status FROM runs")]
        langs = {(task, lang) for task, lang in db.execute("SELECT task, language FROM results WHERE phase = 'target'")}
        examples = dict(db.execute("SELECT task, value FROM results WHERE phase = 'train' AND metric = 'examples'"))
        tps = [r[0] for r in db.execute("SELECT tokens_per_s FROM runs")]
    assert statuses == ["done", "done"]
    assert langs == {("xnli", "en"), ("xnli", "de"), ("udpos", "en"), ("udpos", "de")}
    assert examples == {"mnli": 18.0, "xnli": 12.0, "udpos": 4.0}  # what each phase trained on, for comparability
    assert all(t and t > 0 for t in tps)
    table = runner.invoke(app, ["replicate", "results", "--results", str(results), "--json"])
    rows = [json.loads(line) for line in table.stdout.splitlines()]
    settings = {(r["intermediate"], r["target"]) for r in rows}
    assert settings == {("baseline", "xnli"), ("baseline", "udpos"), ("mnli", "xnli"), ("mnli", "udpos")}
    mnli_xnli = next(r for r in rows if r["intermediate"] == "mnli" and r["target"] == "xnli")
    base_xnli = next(r for r in rows if r["intermediate"] == "baseline" and r["target"] == "xnli")
    assert mnli_xnli["delta"] == pytest.approx(mnli_xnli["mean"] - base_xnli["mean"])
    assert 0 <= mnli_xnli["mean"] <= 100


def test_done_runs_are_skipped_and_a_phase_resumes_from_its_checkpoint(workspace, tmp_path):
    root, data, model = workspace
    results = tmp_path / "resume.sqlite"
    config = _config(root, data, model, [], "resume", tmp_path / "runs")  # its own run folders: it damages a checkpoint
    first = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert "already done, skipped" in again.stderr
    from replicate.config import load_config

    loaded = load_config(config)
    run_dir = loaded.output_dir / loaded.run_id(loaded.seeds[0])
    # An interruption after the checkpoint but before the phase was marked done: the run picks it up.
    (run_dir / "target-xnli.done").unlink()
    with sqlite3.connect(results) as db:
        db.execute("UPDATE runs SET status='running'")
    resumed = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert resumed.exit_code == 0, resumed.output
    (run_dir / "target-udpos.pt").write_bytes(b"not a checkpoint")
    (run_dir / "target-udpos.done").unlink()
    with sqlite3.connect(results) as db:
        db.execute("UPDATE runs SET status='running'")
    broken = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert broken.exit_code == 2 and "unreadable checkpoint" in broken.stderr
    with sqlite3.connect(results) as db:
        status, error = db.execute("SELECT status, error FROM runs").fetchone()
    assert status == "failed" and "unreadable checkpoint" in error


def test_bad_configs_and_missing_data_are_clear(workspace, tmp_path):
    root, data, model = workspace
    bad = tmp_path / "bad.toml"
    bad.write_text(f'model = "{model}"\ntargets = ["glue"]\ndata_dir = "{data}"\n')
    result = runner.invoke(app, ["replicate", "run", str(bad), "--results", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "unknown task 'glue'" in result.stderr
    offline = tmp_path / "offline.toml"
    offline.write_text(f'model = "xlm-roberta-large"\ntargets = ["xnli"]\ndata_dir = "{data}"\noutput_dir = "{tmp_path}"\n')
    result = runner.invoke(app, ["replicate", "run", str(offline), "--results", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "xlm-roberta-large: model cannot be loaded offline; give the path" in result.stderr
    missing = tmp_path / "missing.toml"
    missing.write_text(f'model = "{model}"\ntargets = ["pawsx"]\ndata_dir = "{data}"\noutput_dir = "{tmp_path}"\n')
    result = runner.invoke(app, ["replicate", "run", str(missing), "--results", str(tmp_path / "r.sqlite")])
    assert result.exit_code == 2 and "pawsx/train-en.tsv: missing; pawsx expects" in result.stderr


def test_span_extraction_trains_and_scores_with_squad_metrics(workspace, tmp_path):
    root, data, model = workspace
    squad = {"version": "1.1", "data": [{"paragraphs": [
        {"context": "The dog sleeps. A man plays a guitar.", "qas": [
            {"id": f"q{i}", "question": "Who plays a guitar?", "answers": [{"text": "A man", "answer_start": 16}]}
            for i in range(3)]}]}]}
    (data / "squad").mkdir(exist_ok=True)
    (data / "squad" / "train-v1.1.json").write_text(json.dumps(squad))
    (data / "xquad").mkdir(exist_ok=True)
    (data / "xquad" / "xquad.en.json").write_text(json.dumps(squad))
    config = tmp_path / "qa.toml"
    config.write_text(f'''model = "{model}"
targets = ["xquad"]
data_dir = "{data}"
output_dir = "{tmp_path / 'runs'}"
[languages]
xquad = ["en"]
[hyper.default]
epochs = 2
batch_size = 2
max_length = 32
learning_rate = 1e-3
''')
    results = tmp_path / "qa.sqlite"
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert outcome.exit_code == 0, outcome.output
    with sqlite3.connect(results) as db:
        metrics = dict(db.execute("SELECT metric, value FROM results WHERE task='xquad' AND phase='target'").fetchall())
    assert set(metrics) == {"exact_match", "f1"} and 0 <= metrics["exact_match"] <= metrics["f1"] <= 100


def test_best_answers_is_a_pure_function_over_logits():
    import numpy as np

    from replicate.features import Feature
    from replicate.qa_decode import best_answers
    from replicate.tasks.examples import SpanExample

    example = SpanExample("q", "Who?", "Ann met Bob.", (("Bob", 8),))
    offsets = [None, None, None, (0, 3), (4, 7), (8, 11), (11, 12), None]
    window = np.full((8, 2), -5.0)
    window[5] = [4.0, 4.0]  # "Bob" starts and ends at token 5
    window[0] = [3.0, 3.0]  # no-answer score 6 < span score 8
    answers = best_answers([example], [Feature(list(range(8)), None, 0, offsets)], [window], allow_impossible=True)
    assert answers == {"q": "Bob"}
    window[0] = [5.0, 5.0]  # now no-answer wins, but only where it is allowed
    assert best_answers([example], [Feature(list(range(8)), None, 0, offsets)], [window], allow_impossible=True) == {"q": ""}
    assert best_answers([example], [Feature(list(range(8)), None, 0, offsets)], [window]) == {"q": "Bob"}


def test_retrieval_targets_run_without_training(workspace, tmp_path):
    root, data, model = workspace
    (data / "tatoeba").mkdir(exist_ok=True)
    (data / "tatoeba" / "tatoeba.deu-eng.deu").write_text("The dog sleeps.\nA man plays a guitar.\n")
    (data / "tatoeba" / "tatoeba.deu-eng.eng").write_text("The dog sleeps.\nA man plays a guitar.\n")
    (data / "bucc2018").mkdir(exist_ok=True)
    for split in ("dev", "test"):
        (data / "bucc2018" / f"de-en.{split}.de").write_text("d1\tThe dog sleeps.\nd2\tA man plays a guitar.\n")
        (data / "bucc2018" / f"de-en.{split}.en").write_text("e1\tThe dog sleeps.\ne2\tA man plays a guitar.\ne3\tKids run.\n")
        (data / "bucc2018" / f"de-en.{split}.gold").write_text("d1\te1\nd2\te2\n")
    config = tmp_path / "retrieval.toml"
    config.write_text(f'''model = "{model}"
targets = ["tatoeba", "bucc2018"]
data_dir = "{data}"
output_dir = "{tmp_path / 'runs'}"
[languages]
tatoeba = ["deu"]
bucc2018 = ["de"]
[hyper.default]
layer = 2
''')
    results = tmp_path / "r.sqlite"
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)])
    assert outcome.exit_code == 0, outcome.output
    with sqlite3.connect(results) as db:
        scores = {(t, m): v for t, m, v in db.execute("SELECT task, metric, value FROM results WHERE phase='target'")}
    # identical sentences on both sides: every nearest neighbour is the translation
    assert scores[("tatoeba", "accuracy")] == 100.0
    assert scores[("bucc2018", "f1")] == 100.0


def test_margin_mining_and_threshold_by_hand():
    import numpy as np

    from replicate.retrieval import best_threshold, margin_candidates, tatoeba_accuracy

    src = np.array([[1.0, 0.0], [0.0, 1.0]])
    trg = np.array([[0.0, 1.0], [1.0, 0.0], [0.7071, 0.7071]])
    found = margin_candidates(src, trg, k=2)
    assert [(i, j) for i, j, _ in found] == [(0, 1), (1, 0)]
    assert best_threshold([("a", "x", 2.0), ("b", "y", 1.0), ("c", "z", 0.5)], {("a", "x"), ("c", "z")}) == 0.5
    assert tatoeba_accuracy(src, src) == {"accuracy": 100.0}


def test_target_checkpoint_is_chosen_on_english_dev(workspace, tmp_path):
    root, data, model = workspace
    config = _config(root, data, model, [], "select")
    text = config.read_text().replace("epochs = 1", "epochs = 3").replace('targets = ["xnli", "udpos"]', 'targets = ["xnli"]')
    config.write_text(text.replace("udpos = [\"en\", \"de\"]\n", ""))
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "s.sqlite")])
    assert outcome.exit_code == 0, outcome.output
    assert "target-xnli: kept the weights with English dev score" in outcome.stderr


def test_selection_on_a_dev_subset_every_n_steps_as_jiant_did(workspace, tmp_path):
    from replicate.train import selection_steps

    assert selection_steps([5, 5, 5], 15, None) == {5, 10, 15}
    assert selection_steps([5, 5, 5], 12, None) == {5, 10, 12}  # max_steps cuts the last epoch
    assert selection_steps([5, 5, 5], 15, 4) == {4, 8, 12, 15}
    root, data, model = workspace
    config = _config(root, data, model, [], "jiant", output_dir=tmp_path / "runs")
    text = config.read_text().replace('targets = ["xnli", "udpos"]', 'targets = ["xnli"]').replace('udpos = ["en", "de"]\n', "")
    config.write_text(text + "select_every_steps = 2\nselect_examples = 5\n")
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "j.sqlite")])
    assert outcome.exit_code == 0, outcome.output
    # 12 pairs in batches of 4: scored after steps 2 and 3, on 5 examples, so a score is a multiple of 20%.
    kept = re.search(r"target-xnli: kept the weights with English dev score ([\d.]+)", outcome.stderr)
    assert kept and float(kept.group(1)) % 20 == 0
    plain = _config(root, data, model, [], "epochwise", output_dir=tmp_path / "runs")
    plain.write_text(text)
    from replicate.config import load_config

    assert load_config(plain).run_id(1) != load_config(config).run_id(1)


def test_grid_expands_and_plan_estimates_from_measured_throughput(workspace, tmp_path):
    from replicate.config import RunConfig
    from replicate.grid import expand_grid

    root, data, model = workspace
    config = RunConfig(model=str(model), intermediate=["mnli", "qqp"], targets=["xnli"], data_dir=data)
    assert [c.intermediate for c in expand_grid(config)] == [[], ["mnli"], ["qqp"], ["mnli", "qqp"]]
    grid_config = _config(root, data, model, ["mnli"], "grid", tmp_path / "runs")
    results = tmp_path / "g.sqlite"
    ran = runner.invoke(app, ["replicate", "grid", str(grid_config), "--results", str(results)])
    assert ran.exit_code == 0, ran.output
    assert "baseline seed 1" in ran.stdout and "mnli seed 1" in ran.stdout
    again = runner.invoke(app, ["replicate", "grid", str(grid_config), "--results", str(results)])
    assert again.stderr.count("already done, skipped") == 2
    planned = runner.invoke(app, ["replicate", "plan", str(grid_config), "--grid", "--results", str(results), "--json"])
    assert planned.exit_code == 0, planned.output
    rows = [json.loads(line) for line in planned.stdout.splitlines()]
    assert [r["intermediate"] for r in rows] == [[], ["mnli"]]
    assert rows[1]["train_tokens"] > rows[0]["train_tokens"] > 0
    assert rows[0]["eval_tokens"] > 0  # English dev scoring and the zero-shot languages
    # An evaluation token (forward only) counts a third of a training token.
    assert rows[0]["hours"] == pytest.approx((rows[0]["train_tokens"] + rows[0]["eval_tokens"] / 3) / rows[0]["tokens_per_s"] / 3600)
    given = runner.invoke(app, ["replicate", "plan", str(grid_config), "--grid", "--tokens-per-s", "2000", "--json"])
    assert given.exit_code == 0, given.output
    first = json.loads(given.stdout.splitlines()[0])
    assert first["tokens_per_s"] == 2000
    assert first["hours"] == pytest.approx((first["train_tokens"] + first["eval_tokens"] / 3) / 2000 / 3600)


def test_results_plot_and_paper_numbers_beside_ours(workspace, tmp_path):
    root, data, model = workspace
    results = tmp_path / "p.sqlite"
    for name, intermediate, split in (("pbase", [], "test"), ("pmnli", ["mnli"], "test"), ("pdev", [], "dev")):
        config = _config(root, data, model, intermediate, name)
        config.write_text(f'eval_split = "{split}"\n' + config.read_text())
        assert runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)]).exit_code == 0
    plot = tmp_path / "heat.png"
    table = runner.invoke(app, ["replicate", "results", "--results", str(results), "--plot", str(plot), "--json"])
    assert table.exit_code == 0, table.output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = {(r["intermediate"], r["target"], r["split"]): r for r in map(json.loads, table.stdout.splitlines())}
    assert rows[("baseline", "xnli", "test")]["paper"]["value"] == 79.2  # XLM-R Large on XTREME test, with its source
    assert rows[("mnli", "xnli", "test")]["paper"]["value"] == 80.4  # X-STILTs best per target, beside our best setting
    assert "multilingual-t5" in rows[("mnli", "xnli", "test")]["paper"]["source"]
    assert rows[("baseline", "udpos", "test")]["paper"] is None  # never invented
    assert rows[("baseline", "xnli", "dev")]["paper"] is None  # test numbers are not set beside dev scores
    assert rows[("baseline", "xnli", "dev")]["delta"] is None


def test_multiple_choice_intermediate_task_then_target(workspace, tmp_path):
    root, data, model = workspace
    (data / "cosmosqa").mkdir(exist_ok=True)
    rows = ["id,context,question,answer0,answer1,answer2,answer3,label"]
    for i, (p, h, _) in enumerate(NLI * 2):
        rows.append(f'c{i},"{p}",What happens?,"{h}",Nothing.,A dog sleeps.,Kids run.,0')
    (data / "cosmosqa" / "train.csv").write_text("\n".join(rows) + "\n")
    config = _config(root, data, model, ["cosmosqa"], "choice", tmp_path / "runs")
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "c.sqlite")])
    assert outcome.exit_code == 0, outcome.output
    assert re.search(r"^intermediate step \d+ loss \d+\.\d{4}$", outcome.stderr, re.MULTILINE)


def test_intermediate_task_plus_mlm(workspace, tmp_path):
    root, data, model = workspace
    (data / "mlm").mkdir(exist_ok=True)
    (data / "mlm" / "train.txt").write_text("\n".join(f"{p} {h}" for p, h, _ in NLI * 3) + "\n")
    config = _config(root, data, model, ["mnli", "mlm"], "mlm", tmp_path / "runs")
    outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "m.sqlite")])
    assert outcome.exit_code == 0, outcome.output
    assert "holds no pretrained LM head; mlm trains a new one" in " ".join(outcome.stderr.split())  # encoder saved alone


def test_mlm_starts_from_the_checkpoints_own_lm_head(workspace, tmp_path):
    """Continued pretraining starts from XLM-R's pretrained LM head when the checkpoint has one."""
    import torch
    from transformers import AutoModel, XLMRobertaForMaskedLM

    from replicate.model import MultiTaskModel
    from replicate.tasks import get_task

    _, _, model = workspace
    encoder = AutoModel.from_pretrained(model, add_pooling_layer=False)
    torch.manual_seed(7)
    with_head = XLMRobertaForMaskedLM(encoder.config)
    with_head.save_pretrained(tmp_path / "with-head")
    built = MultiTaskModel(encoder, [get_task("mlm")], pretrained=str(tmp_path / "with-head"))
    assert built.fresh_lm_heads == []
    head = built.heads["mlm"]
    assert torch.equal(head.dense.weight, with_head.lm_head.dense.weight)
    assert torch.equal(head.decoder.weight, with_head.lm_head.decoder.weight)
    assert torch.equal(head.decoder.bias, with_head.lm_head.bias)
    assert MultiTaskModel(encoder, [get_task("mlm")], pretrained=str(model)).fresh_lm_heads == ["mlm"]


def test_bert_masking_is_seeded_and_only_on_real_tokens(workspace):
    import random as stdlib_random

    from transformers import AutoTokenizer

    from replicate.features import _masked

    _, _, model = workspace
    tokenizer = AutoTokenizer.from_pretrained(str(model))
    text = " ".join(p for p, _, _ in NLI)
    first = _masked(tokenizer, text, 128, stdlib_random.Random(3))
    again = _masked(tokenizer, text, 128, stdlib_random.Random(3))
    assert first == again
    masked = [i for i, label in enumerate(first.label) if label != -100]
    assert masked and 0 not in masked and len(first.label) - 1 not in masked  # <s> and </s> never predicted
    assert 0.05 < len(masked) / (len(first.label) - 2) < 0.35


@pytest.mark.slow
def test_runs_as_independent_jobs_merge_into_one_table(workspace, tmp_path):
    from replicate.config import load_config
    from replicate.grid import expand_grid
    from replicate.launch import submit

    root, data, model = workspace
    config = _config(root, data, model, ["mnli"], "jobs", tmp_path / "runs")
    settings = expand_grid(load_config(config))
    jobs = submit(settings, "local", tmp_path / "jobs")  # submitit's local executor: one process per run
    run_ids = [job.result() for job in jobs]
    assert len(set(run_ids)) == 2
    results = tmp_path / "merged.sqlite"
    table = runner.invoke(app, ["replicate", "results", "--merge", str(tmp_path / "runs"), "--results", str(results), "--json"])
    assert table.exit_code == 0, table.output
    assert "merged 2 run records" in table.stderr
    settings_seen = {json.loads(line)["intermediate"] for line in table.stdout.splitlines()}
    assert settings_seen == {"baseline", "mnli"}


def test_labels_outside_the_heads_label_set_are_named(workspace, tmp_path):
    root, data, model = workspace
    bad = tmp_path / "data"
    (bad / "xnli").mkdir(parents=True)
    (bad / "xnli" / "train-en.tsv").write_text("A man plays.\tMusic.\tentails\n")
    config = tmp_path / "bad-labels.toml"
    config.write_text(f'model = "{model}"\ntargets = ["xnli"]\ndata_dir = "{bad}"\noutput_dir = "{tmp_path / "runs"}"\n')
    result = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "b.sqlite")])
    assert result.exit_code == 2
    assert "xnli: label 'entails' is not in the head's label set ['contradiction', 'entailment', 'neutral']" in result.stderr


def _results_table(path):
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT run_id, phase, task, language, metric, value FROM results").fetchall())


@pytest.mark.slow
def test_a_run_killed_after_a_phase_resumes_to_bit_identical_results(workspace, tmp_path):
    """SIGKILL once the intermediate phase is done, run again: the same numbers as a run never interrupted."""
    import os
    import signal
    import subprocess
    import sys
    import time

    root, data, model = workspace

    def config(name):
        path = _config(root, data, model, ["mnli"], name, tmp_path / name)
        path.write_text(path.read_text().replace("epochs = 1", "epochs = 2"))
        return path

    whole = runner.invoke(app, ["replicate", "run", str(config("whole")), "--results", str(tmp_path / "whole.sqlite")])
    assert whole.exit_code == 0, whole.output
    command = [sys.executable, "-c", "from synth.cli import app; app()", "replicate", "run", str(config("killed")),
               "--results", str(tmp_path / "killed.sqlite")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 300
        while not list((tmp_path / "killed").glob("*/intermediate.done")):
            assert proc.poll() is None and time.monotonic() < deadline, "the run ended before its first phase was done"
            time.sleep(0.02)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    resumed = runner.invoke(app, ["replicate", "run", str(config("killed")), "--results", str(tmp_path / "killed.sqlite")])
    assert resumed.exit_code == 0, resumed.output
    assert "intermediate: done earlier, loaded" in resumed.stderr
    assert _results_table(tmp_path / "killed.sqlite") == _results_table(tmp_path / "whole.sqlite")


def test_a_finished_phase_whose_checkpoint_was_deleted_is_trained_again(workspace, tmp_path):
    root, data, model = workspace
    path = _config(root, data, model, [], "deleted", tmp_path / "runs")
    results = tmp_path / "r.sqlite"
    assert runner.invoke(app, ["replicate", "run", str(path), "--results", str(results)]).exit_code == 0
    before = _results_table(results)
    checkpoint = next((tmp_path / "runs").glob("*/target-xnli.pt"))
    checkpoint.unlink()  # as the unreadable-checkpoint message tells the user to
    with sqlite3.connect(results) as db:
        db.execute("UPDATE runs SET status='running'")
    again = runner.invoke(app, ["replicate", "run", str(path), "--results", str(results)])
    assert again.exit_code == 0, again.output
    assert "target-xnli: its checkpoint is gone; training it again" in again.stderr
    assert _results_table(results) == before


def test_a_split_without_gold_is_refused_not_scored_zero(workspace, tmp_path):
    """XTREME's download blanks QA test answers and deletes BUCC's test gold: refused by name, never a 0."""
    root, data, model = workspace
    blank = tmp_path / "data"
    blank.mkdir()
    context = "The dog sleeps. A man plays a guitar."
    qas = [{"id": f"q{i}", "question": "Who plays a guitar?", "answers": [{"text": "A man", "answer_start": 16}]} for i in range(3)]
    (blank / "squad").mkdir()
    (blank / "squad" / "train-v1.1.json").write_text(json.dumps({"data": [{"paragraphs": [{"context": context, "qas": qas}]}]}))
    for q in qas:
        q["answers"] = [{"text": "", "answer_start": -1}]
    (blank / "xquad").mkdir()
    (blank / "xquad" / "xquad.en.json").write_text(json.dumps({"data": [{"paragraphs": [{"context": context, "qas": qas}]}]}))
    (blank / "bucc2018").mkdir()
    for split in ("dev", "test"):
        (blank / "bucc2018" / f"de-en.{split}.de").write_text("d1\tThe dog sleeps.\n")
        (blank / "bucc2018" / f"de-en.{split}.en").write_text("e1\tThe dog sleeps.\n")
    (blank / "bucc2018" / "de-en.dev.gold").write_text("d1\te1\n")  # test gold deleted, as XTREME's download does
    for target, language, message in (("xquad", "en", "xquad test data for en has no gold labels (every answer is blank)"),
                                      ("bucc2018", "de", "bucc2018 test data for de has no gold pairs")):
        config = tmp_path / f"{target}.toml"
        config.write_text(f'''model = "{model}"
targets = ["{target}"]
eval_split = "test"
data_dir = "{blank}"
output_dir = "{tmp_path / 'runs'}"
[languages]
{target} = ["{language}"]
[hyper.default]
epochs = 1
batch_size = 2
max_length = 32
layer = 2
''')
        outcome = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / f"{target}.sqlite")])
        assert outcome.exit_code == 2, outcome.output
        assert message in outcome.stderr


def test_targets_are_scored_on_dev_by_default_and_the_table_says_so(workspace, tmp_path):
    root, data, model = workspace
    config = _config(root, data, model, [], "splits", tmp_path / "runs")
    results = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["replicate", "run", str(config), "--results", str(results)]).exit_code == 0
    table = runner.invoke(app, ["replicate", "results", "--results", str(results), "--json"])
    assert {(r["target"], r["split"]) for r in map(json.loads, table.stdout.splitlines())} == {("xnli", "dev"), ("udpos", "dev")}
    # A language XTREME gives no dev set is left out of the dev scores, said once; with neither split, it is an error.
    (data / "udpos" / "dev-de.tsv").rename(data / "udpos" / "dev-de.keep")
    try:
        partial = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "p.sqlite")])
        (data / "udpos" / "test-de.tsv").rename(data / "udpos" / "test-de.keep")
        missing = runner.invoke(app, ["replicate", "run", str(config), "--results", str(tmp_path / "m.sqlite")])
    finally:
        (data / "udpos" / "dev-de.keep").rename(data / "udpos" / "dev-de.tsv")
        if (data / "udpos" / "test-de.keep").exists():
            (data / "udpos" / "test-de.keep").rename(data / "udpos" / "test-de.tsv")
    assert partial.exit_code == 0, partial.output
    assert "warning: udpos has no dev data for de" in partial.stderr
    with sqlite3.connect(tmp_path / "p.sqlite") as db:
        assert ("udpos", "de") not in set(db.execute("SELECT task, language FROM results WHERE phase = 'target'"))
    assert missing.exit_code == 2 and "udpos/dev-de.tsv" in missing.stderr
