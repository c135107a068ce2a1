"""Numeric claims about 2005.13013 against replication results: every status, and v1 (6.1) versus v2 (5.4)."""

import json

import pytest
from typer.testing import CliRunner

from claims.replication import check, map_claim
from replicate.cells import XLMR_LARGE, Cell, measure
from replicate.results import Results
from synth.cli import app

runner = CliRunner()


def _database(path, model_shape, train_examples):
    """Three seeds: XNLI baseline 70/71/72, after MNLI 75/76/77 (gain 5 +- 0); PAWS-X baseline 80, after MNLI 80.5..."""
    store = Results(path)
    scores = {(): {"xnli": [70, 71, 72], "pawsx": [80, 80, 80]},
              ("mnli",): {"xnli": [75, 76, 77], "pawsx": [80.5, 81.5, 82.5]}}
    for setting, targets in scores.items():
        for seed in range(3):
            config = {"intermediate": list(setting), "targets": list(targets), "eval_split": "dev", "model_shape": model_shape}
            run_id = f"{'+'.join(setting) or 'base'}-{seed}"
            store.start(run_id, seed, config, "cpu", {}, None)
            for task in [*setting, *targets]:
                store.add(run_id, seed, "train", task, "en", {"examples": train_examples})
            for task, values in targets.items():
                for language, offset in (("en", 1.0), ("de", -1.0)):  # languages average back to the value
                    store.add(run_id, seed, "target", task, language, {"accuracy": values[seed] + offset})
            store.finish(run_id, "done")
    store.close()
    return path


@pytest.fixture
def results(tmp_path):
    """Runs like the paper's: XLM-R Large's shape, real-sized training sets."""
    return _database(tmp_path / "results.sqlite", XLMR_LARGE, 392_702.0)


def test_runs_unlike_the_papers_do_not_reproduce_its_numbers(tmp_path):
    """A random tiny model (or toy data) shows the pipeline works; its numbers are shown, never judged against the paper's."""
    tiny = _database(tmp_path / "tiny.sqlite", {"layers": 2, "hidden": 64, "vocab": 1000}, 392_702.0)
    record = check("Intermediate-task training on MNLI improves XNLI by 5.0 points.", tiny)
    assert record["status"] == "NOT_COMPARABLE" and record["cells"][0]["measured"] == pytest.approx(5.0)
    assert "2 layers, width 64 and 1,000 tokens; the paper's is XLM-R Large" in record["reason"]
    toy = _database(tmp_path / "toy.sqlite", XLMR_LARGE, 18.0)
    record = check("Intermediate-task training on MNLI improves XNLI by 5.0 points.", toy)
    assert record["status"] == "NOT_COMPARABLE" and "toy-sized (mnli: 18, pawsx: 18, xnli: 18 examples)" in record["reason"]


def test_measure_cells_from_the_database(results):
    gain = measure(results, Cell(("mnli",), "xnli", "delta"))
    assert (gain.mean, gain.std, gain.n) == (pytest.approx(5.0), pytest.approx(0.0), 3)
    assert measure(results, Cell(("mnli",), "avg", "delta")).mean == pytest.approx((5.0 + 1.5) / 2)
    assert measure(results, Cell("best", "pawsx", "delta")).mean == pytest.approx(1.5)
    assert measure(results, Cell(("squad_v2",), "xnli", "delta")) is None


def test_reproduced_not_reproduced_not_run_and_not_applicable(results):
    ok = check("Intermediate-task training on MNLI improves XNLI by 5.0 points.", results)
    assert ok["status"] == "REPRODUCED" and ok["cells"][0]["measured"] == pytest.approx(5.0)
    assert ok["cells"][0]["tolerance_basis"].startswith("2 x seed std")
    off = check("Intermediate-task training on MNLI improves XNLI by 8.0 points.", results)
    assert off["status"] == "NOT_REPRODUCED"
    assert (off["cells"][0]["expected"], off["cells"][0]["measured"]) == (8.0, pytest.approx(5.0))
    missing = check("Intermediate-task training on HellaSwag improves PAWS-X by 2.0 points.", results)
    assert missing["status"] == "NOT_RUN"
    assert missing["command"] == f"synth replicate grid configs/xstilts.toml --results {results}"
    why = check("The intermediate tasks include question answering and paraphrase detection.", results)
    assert why["status"] == "NOT_APPLICABLE" and why["reason"] == "states no number to check against runs"


def test_version_one_number_is_told_apart_from_version_two():
    v2 = map_claim("Evaluating the best performing models for each target task on XTREME yields an average improvement of 5.4 points.")
    v1 = map_claim("Evaluating the best performing models for each target task on XTREME yields an average improvement of 6.1 points.")
    assert v2.cells[0][0] == Cell("best", "avg", "delta") and v2.cells[0][1] == 5.4
    assert "the v2 abstract's number" in v2.notes[0] and "v1 states 6.1" in v2.notes[0]
    assert "the v1 abstract's number" in v1.notes[0] and "v2 states 5.4" in v1.notes[0]


def test_lists_pair_tasks_with_their_numbers():
    mapping = map_claim("Intermediate-task training on SQuAD, MNLI, and HellaSwag yields large target-task improvements of 8.2, 7.5, and 7.0 points")
    assert [(c.setting, c.target, v) for c, v in mapping.cells] == [
        (("squad_v2",), "avg", 8.2), (("mnli",), "avg", 7.5), (("hellaswag",), "avg", 7.0)]
    assert "bare 'SQuAD' read as SQuAD v2.0" in mapping.notes


def test_audit_with_results_fills_the_replication_field(results, tmp_path):
    report = tmp_path / "report.md"
    report.write_text("\n\n# R\n\nA\n\nJuly 7, 2026\n\n## 5 Extracted Claims\n\nClaim\tVerified\tConfidence\n"
                      "Intermediate-task training on MNLI improves XNLI by 5.0 points.\t✓\t0.50\n"
                      "Intermediate-task training on HellaSwag improves PAWS-X by 2.0 points.\t✓\t0.40\n"
                      "\n## References\n\n- <http://arxiv.org/abs/2005.13013v2>\n")
    result = runner.invoke(app, ["audit", str(report), "--offline", "--results", str(results), "--json"])
    assert result.exit_code == 0, result.output
    statuses = [r["verdict"]["replication"]["status"] for r in json.loads(result.stdout)["rows"]]
    assert statuses == ["REPRODUCED", "NOT_RUN"]


def test_report_with_results_checks_the_source_papers_claims(results, tmp_path):
    out = tmp_path / "report"
    result = runner.invoke(app, ["report", "2005.13013", "--question", "Does intermediate-task training help?",
                                 "--offline", "--papers", "2", "--out", str(out), "--results", str(results)])
    assert result.exit_code == 0, result.output
    sidecar = json.loads((out / "report.json").read_text())
    source_rows = [r for r in sidecar["claims"] if r["claim"]["id"].startswith("2005.13013")]
    assert source_rows and all(r["verdict"]["replication"]["status"] for r in source_rows)
    other_rows = [r for r in sidecar["claims"] if not r["claim"]["id"].startswith("2005.13013")]
    assert all(r["verdict"]["replication"] is None for r in other_rows)
    assert "reproducibility_status" in sidecar["quality"]
