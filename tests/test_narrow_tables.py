"""Tables a user sees by default stay readable in an 80-column terminal: no line wider, no word or number split."""

import pytest
from typer.testing import CliRunner

from replicate.bench.breakdown import StepBreakdown
from replicate.bench.checks import EvalAgreement, LossAgreement
from replicate.bench.harness import Measurement
from replicate.bench.profiling import Profile
from replicate.bench.suite import BenchRow, Suite
from replicate.results import Results
from replicate.tasks import TASKS
from synth.cli import app
from synth.cli_common import out

runner = CliRunner()
MULTI_TASK = "anli_plus+ccg+commonsenseqa+cosmosqa+hellaswag+mlm+mnli+qqp+squad_v1+squad_v2"


@pytest.fixture(autouse=True)
def width_from_columns(monkeypatch):
    """COLUMNS (given per run below) decides the width, even if it was set when the console was made."""
    monkeypatch.setattr(out, "_width", None)


def shown(args: list[str], width: int) -> list[str]:
    result = runner.invoke(app, args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def assert_readable(lines: list[str], width: int, whole: list[str]) -> None:
    """No line wider than the terminal, and each of `whole` on one line, as a word of its own."""
    assert max(len(line) for line in lines) <= width
    words = {word for line in lines for word in line.split()}
    assert [text for text in whole if text not in words] == []


def test_tasks_at_80_columns_keep_every_name_and_path_whole():
    lines = shown(["replicate", "tasks"], 80)
    paths = [name for spec in TASKS.values() for value in spec.layout.values() for name in str(value).split(" or ")]
    assert_readable(lines, 80, [*TASKS, *(spec.head for spec in TASKS.values()), *paths])
    assert "tydiqa/tydiqa-goldp-v1.1-train/tydiqa.goldp.en.train.json" in paths


def test_tasks_in_a_wide_terminal_are_one_table_row_per_task():
    lines = shown(["replicate", "tasks"], 200)
    assert lines[0].split() == ["task", "role", "head", "metric", "languages", "layout", "(under", "the", "data", "dir)"]
    panx = next(line for line in lines if line.split()[:1] == ["panx"])
    assert panx.split()[:6] == ["panx", "target", "token_tagging", "f1", "40", "train:"]


@pytest.fixture
def results(tmp_path, monkeypatch):
    """A results database whose summary has the long names and numbers a full grid gives."""
    import replicate.report

    def summarise(rows, paper=None):
        return [{"intermediate": setting, "target": target, "split": "test", "metric": "accuracy", "mean": 88.123,
                 "std": 0.514, "n": 3, "run_seeds": [1, 2, 3], "delta": None if setting == "baseline" else -12.345,
                 "paper": None if setting == "baseline" else
                 {"value": 87.6, "what": "XLM-R Large, test (Table 2)", "source": "the paper"}}
                for setting in ("baseline", "commonsenseqa", MULTI_TASK) for target in ("pawsx", "bucc2018")]

    monkeypatch.setattr(replicate.report, "summarise", summarise)
    path = tmp_path / "results.sqlite"
    Results(path).close()
    return path


def test_results_at_80_columns_wrap_multi_task_settings_between_tasks(results):
    lines = shown(["replicate", "results", "--results", str(results)], 80)
    assert_readable(lines, 80, ["88.12", "0.51", "-12.35", "87.6", "bucc2018", "accuracy", *MULTI_TASK.split("+")])
    assert lines[1].split() == ["intermediate", "target", "split", "metric", "mean", "±", "std", "seeds", "baseline",
                                "paper"]  # still a table, "Δ vs" above "baseline"


def test_score_at_80_columns_wraps_between_languages(tmp_path):
    from replicate.xtreme_score import TASK_LANGUAGES

    for kind in ("labels", "predictions"):
        for lang in TASK_LANGUAGES["panx"]:
            folder = tmp_path / kind / "panx"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"test-{lang}.tsv").write_text("B-PER\nO\n\n")
    lines = shown(["replicate", "score", str(tmp_path / "predictions"), str(tmp_path / "labels")], 80)
    assert_readable(lines, 80, [f"{lang}:100.00" for lang in TASK_LANGUAGES["panx"]])


def _cuda_suite() -> Suite:
    """What a GPU run reports: every column measured, with five- and six-digit numbers."""
    suite = Suite("xlmr-large", "cuda: NVIDIA H200", "2025-01-01", 32, 30, 3, False, {"torch": "2", "transformers": "4"},
                  784e12)
    suite.breakdown = StepBreakdown("train-pair-128", 30, 59_942, {"forward_backward": 62.89, "clip": 6.40, "optimizer": 5.08},
                                    Profile("train-pair-128, harness step", 5, 2_345.0, 9.87, "aten::mm ..."))
    for name, tokens in (("train-pair-128", 25_104), ("eval-span-384", 312_345)):
        suite.rows.append(BenchRow(name, 95.3, 1.84e9, Measurement(tokens * 10, 10.0, 23_456.7),
                                   Measurement(tokens * 5, 10.0, 31_234.5), 0.4567, 0.2345))
    suite.loss = LossAgreement([1.1, 1.0], [1.1, 1.0])
    suite.evals = [EvalAgreement("eval-span-384", 16, 16, 50.0, 50.0)]
    return suite


def test_bench_table_at_80_columns_never_splits_a_number(monkeypatch):
    monkeypatch.setattr("replicate.bench.suite.run_suite", lambda *args, **kwargs: _cuda_suite())
    lines = shown(["replicate", "bench", "--preset", "tiny", "--no-baseline"], 80)
    assert_readable(lines, 80, ["25,104", "12,552", "312,345", "156,172", "2.00", "45.7%", "23.4%", "23,457", "31,234",
                                "train-pair-128", "eval-span-384", "N_non_embedding", "TFLOP/s", "784", "74.37", "62.89",
                                "7.5%", "2,345", "9.87", "(13%)"])
    assert [line.rstrip() for line in lines[1:3]] == ["train-pair-128", "  mean tokens      95.3"]  # too wide for a table: a block per workload


def test_bench_table_in_a_wide_terminal_is_one_row_per_workload(monkeypatch):
    monkeypatch.setattr("replicate.bench.suite.run_suite", lambda *args, **kwargs: _cuda_suite())
    lines = shown(["replicate", "bench", "--preset", "tiny", "--no-baseline"], 160)
    row = next(line for line in lines if line.lstrip().startswith("train-pair-128"))
    assert row.split() == ["train-pair-128", "95.3", "1.840", "25,104", "12,552", "2.00", "45.7%", "23.4%", "23,457",
                           "31,234"]


def test_bench_on_cpu_leaves_out_the_columns_it_cannot_measure(monkeypatch):
    def cpu_suite(*args, **kwargs):
        suite = _cuda_suite()
        suite.device = "cpu: x86_64, 2 threads"
        for row in suite.rows:
            row.harness_mfu = row.baseline_mfu = row.harness.peak_memory_mb = row.baseline.peak_memory_mb = None
        return suite

    monkeypatch.setattr("replicate.bench.suite.run_suite", cpu_suite)
    lines = shown(["replicate", "bench", "--preset", "tiny", "--no-baseline"], 80)
    assert not any("MFU" in line or "peak" in line for line in lines[:4])
    row = next(line for line in lines if line.lstrip().startswith("train-pair-128"))
    assert row.split() == ["train-pair-128", "95.3", "1.840", "25,104", "12,552", "2.00"]
