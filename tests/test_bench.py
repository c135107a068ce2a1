"""`synth replicate bench` on CPU: the harness's own paths against transformers.Trainer, and the fast-path checks.

On CPU the numbers are small-model overheads, not the GPU targets; what is tested is that
the right things are counted and compared. The GPU table lives in docs/performance.md.
"""

import json
import re
import shlex
import sys

import pytest
import torch
from typer.testing import CliRunner

from conftest import drawn_lines
from replicate.bench.ceiling import bf16_ceiling
from replicate.bench.checks import LOSS_TOLERANCE, LossAgreement
from replicate.bench.harness import bench_hyper, harness_model
from replicate.bench.suite import Suite
from replicate.bench.workloads import PAD_ID, PRESETS, WORKLOADS, encoder_config, flops_per_token, mfu, \
    non_embedding_params, synthetic_features
from replicate.errors import ReplicateError
from replicate.features import multitask_epochs
from replicate.tasks import get_task
from replicate.train import load_checkpoint, train_phase
from synth.cli import app

runner = CliRunner()


def test_flops_per_token_follows_the_stated_formula():
    large = encoder_config("xlmr-large", 512)
    # XLM-R Large has about 303M parameters in its 24 layers (560M with its 250k-word embeddings).
    assert 300e6 < non_embedding_params(large) < 305e6
    assert flops_per_token(large, 128, training=True) == pytest.approx(6 * non_embedding_params(large) + 12 * 24 * 1024 * 128)
    assert flops_per_token(large, 128, training=False) == pytest.approx(flops_per_token(large, 128, training=True) / 3)
    assert set(PRESETS) == {"xlmr-large", "xlmr-base", "tiny"}


def test_mfu_is_read_against_the_ceiling_measured_in_the_run():
    assert mfu(27_000, 1.832e9, 784e12) == pytest.approx(27_000 * 1.832e9 / 784e12)
    assert mfu(27_000, 1.832e9, None) is None  # off CUDA nothing was measured to read it against
    assert bf16_ceiling(torch.device("cpu")) is None


def test_synthetic_inputs_follow_real_lengths_and_the_cap():
    pair = synthetic_features(encoder_config("tiny", 128), WORKLOADS["train-pair-128"], 400)
    span = synthetic_features(encoder_config("tiny", 384), WORKLOADS["train-span-384"], 400)
    pair_lengths = [len(f.input_ids) for f in pair]
    assert max(pair_lengths) <= 128 and 30 < sum(pair_lengths) / 400 < 100  # NLI pairs: tens of tokens
    assert max(len(f.input_ids) for f in span) <= 384 and sum(len(f.input_ids) for f in span) / 400 > 100
    assert all(f.input_ids[0] == 0 and f.input_ids[-1] == 2 for f in pair)
    assert all(0 < f.label[0] <= f.label[1] < len(f.input_ids) - 1 for f in span)


@pytest.mark.slow
def test_bench_compares_harness_and_trainer_on_the_same_data(tmp_path):
    markdown = tmp_path / "perf.md"
    result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "3", "--warmup", "1",
                                 "--batch-size", "4", "--markdown", str(markdown), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["schema_version"] == 2 and record["device"].startswith("cpu")
    rows = {r["workload"]: r for r in record["rows"]}
    assert list(rows) == list(WORKLOADS)
    for name, row in rows.items():
        assert row["harness"]["tokens_per_s"] > 0 and row["baseline"]["tokens_per_s"] > 0
        assert row["ratio"] == pytest.approx(row["harness"]["tokens_per_s"] / row["baseline"]["tokens_per_s"])
        assert row["harness_mfu"] is None  # MFU only against the GPU's ceiling
        features = synthetic_features(encoder_config("tiny", WORKLOADS[name].max_length), WORKLOADS[name], 4 * 4)
        if name.startswith("eval"):  # both paths score the same rows after the warm-up batch: same real tokens
            real = sum(len(f.input_ids) for f in features[4:])
            assert row["harness"]["tokens"] == row["baseline"]["tokens"] == real
        else:  # the harness counts the real tokens of the batches it timed, padding excluded
            spec = get_task(WORKLOADS[name].task)
            schedule = multitask_epochs([(spec, features)], bench_hyper(4, 16), PAD_ID, seed=0)[0]
            assert row["harness"]["tokens"] == sum(int(b["attention_mask"].sum()) for _, b in schedule[1:])
    assert record["ceiling_flops"] is None  # no matrix-product ceiling off CUDA
    split = record["breakdown"]  # the first training workload's step, timed over the same batches as the harness
    assert split["workload"] == "train-pair-128" and split["steps"] == 3
    assert split["tokens"] == rows["train-pair-128"]["harness"]["tokens"]
    assert set(split["milliseconds"]) == {"forward_backward", "clip", "optimizer"}
    assert all(ms > 0 for ms in split["milliseconds"].values())
    loss = record["loss"]
    assert loss["passed"] and len(loss["fast"]) == 3
    assert 0 < loss["max_difference"] <= LOSS_TOLERANCE  # above 0: the fast path really ran in bf16
    assert [e["identical"] == e["examples"] == 16 and e["passed"] for e in record["evals"]] == [True, True]
    assert set(record["targets"].values()) == {"not measured (CPU)"}
    text = markdown.read_text()
    assert "| workload | mean tokens | GFLOP/token | harness tokens/s |" in text and "| eval-span-384 |" in text
    assert "- train-pair-128 harness step, mean of 3 timed steps: " in text and "optimizer" in text
    command = next(line.strip() for line in text.splitlines() if line.startswith("    synth replicate bench"))
    assert shlex.split(command)[3:11] == ["--preset", "tiny", "--workloads", ",".join(WORKLOADS), "--steps", "3",
                                          "--warmup", "1"]


def test_bench_profiles_the_training_step_and_both_evaluation_paths(tmp_path):
    result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "2", "--warmup", "1", "--batch-size",
                                 "2", "--workloads", "train-pair-128,eval-pair-128", "--no-checks", "--json",
                                 "--profile", str(tmp_path / "profiles.txt")])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    eval_row = record["rows"][1]
    profiles = [record["breakdown"]["profile"], eval_row["harness"]["profile"], eval_row["baseline"]["profile"]]
    assert [p["what"] for p in profiles] == ["train-pair-128, harness step", "eval-pair-128, harness",
                                             "eval-pair-128, Trainer"]
    assert [p["steps"] for p in profiles] == [2, 2, 2]  # the timed steps, the timed batches
    for found in profiles:
        assert "aten::" in found["table"]  # the operators that ran
        assert found["launches_per_step"] is None and found["kernels_ms_per_step"] is None  # no device on CPU
    assert "Backward" in profiles[0]["table"] and "Optimizer.step" in profiles[0]["table"]  # forward, backward, update
    written = (tmp_path / "profiles.txt").read_text()
    assert [line for line in written.splitlines() if line.startswith("== ")] == [
        "== train-pair-128, harness step: 2 steps profiled", "== eval-pair-128, harness: 2 steps profiled",
        "== eval-pair-128, Trainer: 2 steps profiled"]


def test_a_failed_check_exits_1_with_json_too(monkeypatch):
    def failing(*args, **kwargs):
        suite = Suite("tiny", "cpu: x86_64, 2 threads", "2026-11-30", 2, 1, 1, False, {"torch": "2"}, None)
        suite.loss = LossAgreement([1.10, 1.50], [1.10, 1.08])  # the fast path drifted: a broken kernel or mask
        return suite

    monkeypatch.setattr("replicate.bench.suite.run_suite", failing)
    for extra in ([], ["--json"]):
        result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--no-baseline", *extra])
        assert result.exit_code == 1, extra
    assert json.loads(result.stdout)["loss"]["passed"] is False


def test_bench_rejects_unknown_workloads_in_one_line():
    result = runner.invoke(app, ["replicate", "bench", "--workloads", "train-pair-128,train-pairs"])
    assert result.exit_code == 2
    assert "unknown train-pairs" in result.output


def test_loss_agreement_fails_beyond_its_tolerance():
    assert LossAgreement([1.10, 1.09], [1.10, 1.08]).passed
    assert not LossAgreement([1.10, 1.20], [1.10, 1.08]).passed
    assert not LossAgreement([], []).passed


def test_a_diverging_loss_is_named_with_its_step_and_never_saved(tmp_path):
    workload = WORKLOADS["train-pair-128"]
    config = encoder_config("tiny", 128)
    features = synthetic_features(config, workload, 40)
    schedule = multitask_epochs([(get_task("xnli"), features)], bench_hyper(4, 10), PAD_ID, seed=0)[0]
    hyper = bench_hyper(4, 10) | {"learning_rate": 1e30, "warmup_proportion": 0.0}
    cpu = torch.device("cpu")
    # Losses are read every 5 steps, so the bad one (step 1) is found at step 4 and still named as step 1.
    with pytest.raises(ReplicateError, match=r"^xnli: loss became nan at step 1; lower the learning rate$"):
        train_phase(harness_model(config, workload, cpu), [schedule], hyper, cpu, None, log_every=5)
    checkpoint = tmp_path / "phase.pt"
    with pytest.raises(ReplicateError, match="at step 1;"):
        train_phase(harness_model(config, workload, cpu), [schedule], hyper, cpu, checkpoint, save_every=1, log_every=5,
                    save_every_s=0)
    assert load_checkpoint(checkpoint, cpu)["step"] == 1  # the last step whose loss was finite; step 2 was never saved


def test_a_missing_accelerate_stops_the_bench_before_it_starts(monkeypatch):
    monkeypatch.setitem(sys.modules, "accelerate", None)  # as if not installed
    result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "1", "--batch-size", "2"])
    assert result.exit_code == 2
    assert "--baseline: transformers.Trainer needs accelerate: pip install -e '.[bench]', or pass --no-baseline" in result.stderr
    no_baseline = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "1", "--warmup", "1",
                                      "--batch-size", "2", "--workloads", "eval-pair-128", "--no-baseline", "--json"])
    assert no_baseline.exit_code == 0, no_baseline.output
    assert json.loads(no_baseline.stdout)["rows"][0]["baseline"] is None


def test_bench_shows_each_measurement_and_its_count_on_stderr_with_json_clean_on_stdout(stderr_terminal):
    result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "1", "--warmup", "1", "--batch-size",
                                 "2", "--workloads", "train-pair-128,eval-pair-128", "--no-baseline", "--json"])
    assert result.exit_code == 0, result.output
    assert [row["workload"] for row in json.loads(result.stdout)["rows"]] == ["train-pair-128", "eval-pair-128"]
    drawn = drawn_lines(result.stderr)
    # Each measurement and check is named while it runs, with how many of the five are done and the time taken.
    for done, what in enumerate(["train-pair-128: harness", "train-pair-128: step time by phase",
                                 "train-pair-128: fast path vs fp32 losses", "eval-pair-128: harness",
                                 "eval-pair-128: grouped vs padded evaluation"]):
        assert any(re.search(rf"{re.escape(what)} .* {done}/5 \d+:\d\d:\d\d$", line) for line in drawn), what


def test_bench_in_a_log_writes_timed_lines_not_a_bar():
    result = runner.invoke(app, ["replicate", "bench", "--preset", "tiny", "--steps", "1", "--warmup", "1", "--batch-size",
                                 "2", "--workloads", "train-pair-128,eval-pair-128", "--no-baseline", "--no-checks",
                                 "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["rows"]) == 2
    # Each line names what runs now and how many measurements are done; none before the first is done.
    assert re.findall(r"^\d\d:\d\d:\d\d (.*)$", result.stderr, re.MULTILINE) == [
        "train-pair-128: step time by phase: 1/3", "eval-pair-128: harness: 2/3", "done: 3/3"]
