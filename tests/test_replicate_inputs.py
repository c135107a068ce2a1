"""Replication inputs: every config hyper-parameter is range-checked, and an unreadable results database is one line."""

import pytest

from replicate.config import load_config
from replicate.errors import ReplicateError

BASE = 'model = "m"\ntargets = ["xnli"]\ndata_dir = "d"\n'


@pytest.mark.parametrize(("extra", "field"), [
    ("[hyper.default]\nlearning_rate = -1\n", "hyper.default.learning_rate"),
    ("[hyper.default]\nbatch_size = 0\n", "hyper.default.batch_size"),
    ("[hyper.default]\nepochs = -3\n", "hyper.default.epochs"),
    ("[hyper.default]\nepochs = 1e9\nmax_steps = 3\n", "hyper.default.epochs"),
    ("[hyper.xnli]\nmax_length = 0\n", "hyper.xnli.max_length"),
    ("[hyper.default]\nwarmup_proportion = 5\n", "hyper.default.warmup_proportion"),
    ("[hyper.default]\ngrad_clip = -1\n", "hyper.default.grad_clip"),
    ("seeds = []\n", "seeds"),
])
def test_out_of_range_settings_are_refused_in_one_line(tmp_path, extra, field):
    path = tmp_path / "run.toml"
    path.write_text(BASE + extra)
    with pytest.raises(ReplicateError) as caught:
        load_config(path)
    message = str(caught.value)
    assert str(path) in message and field in message and "\n" not in message


def test_settings_in_range_load(tmp_path):
    path = tmp_path / "run.toml"
    path.write_text(BASE + "seeds = [1, 2]\n[hyper.default]\nlearning_rate = 2e-5\nbatch_size = 32\nepochs = 3\nwarmup_proportion = 0.1\n")
    config = load_config(path)
    assert config.seeds == [1, 2] and config.hyper["default"].learning_rate == 2e-5


def test_a_garbage_results_database_is_one_line_not_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from synth.cli import app

    bad = tmp_path / "results.sqlite"
    bad.write_bytes(b"this is not SQLite at all" * 100)
    result = CliRunner().invoke(app, ["replicate", "results", "--results", str(bad)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"synth: error: {bad}: not a readable results database")
    assert "Traceback" not in result.output


def test_an_empty_results_database_says_so(tmp_path):
    from typer.testing import CliRunner

    from synth.cli import app

    empty = tmp_path / "results.sqlite"
    empty.write_bytes(b"")  # 0 bytes, as an interrupted copy leaves it
    result = CliRunner().invoke(app, ["replicate", "results", "--results", str(empty)])
    assert result.exit_code == 2 and "no finished runs recorded here" in result.stderr


@pytest.mark.slow
def test_a_write_waits_for_another_process_holding_the_results_database(tmp_path):
    """Grid jobs share one database: a write lock held for seconds by another process is waited for, not a crash."""
    import subprocess
    import sys
    import time

    from replicate.results import Results

    path = tmp_path / "results.sqlite"
    Results(path).close()
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sqlite3, sys, time\n"
                               f"db = sqlite3.connect({str(path)!r}, isolation_level=None)\n"
                               "db.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(6); db.execute('COMMIT')"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        store = Results(path)
        store.start("run-1", 1, {"intermediate": []}, "cpu", {}, None)
        store.add("run-1", 1, "target", "xnli", "en", {"accuracy": 50.0})
        store.finish("run-1", "done")
        waited = time.monotonic() - started
        assert store.status("run-1") == "done" and waited > 3  # it waited for the lock instead of failing
        store.close()
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
