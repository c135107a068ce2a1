"""Summaries of results.sqlite: target scores per intermediate setting (averaged over languages, then seeds),
deltas to the baseline, the paper's numbers beside them where known, and a heatmap of the deltas."""

from __future__ import annotations

import json
from collections import defaultdict
from importlib import resources
from pathlib import Path
from statistics import mean, stdev

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from replicate.config import run_split
from replicate.errors import ReplicateError
from replicate.tasks import TASKS


class PaperScores(BaseModel):
    model_config = ConfigDict(extra="forbid")
    setting: str = Field(description="'baseline', 'best_per_target', or an intermediate setting such as 'mnli'.")
    model: str = Field(description="What was measured.")
    split: str = Field(description="Which evaluation data.")
    source: str = Field(description="Where the numbers were published or quoted.")
    note: str = Field("", description="Metric details.")
    values: dict[str, float] = Field(description="Target task -> score.")


class PaperNumbers(BaseModel):
    model_config = ConfigDict(extra="allow")
    schema_version: int = 1
    target_scores: list[PaperScores]


def load_paper_numbers(path: Path | None = None) -> PaperNumbers:
    """The shipped numbers of 2005.13013 (with sources), or a user's file in the same layout."""
    try:
        raw = path.read_bytes() if path else resources.files("replicate").joinpath("data", "paper_numbers.json").read_bytes()
        return PaperNumbers.model_validate_json(raw)
    except FileNotFoundError as exc:
        raise ReplicateError(path, "paper-numbers file not found") from exc
    except ValidationError as exc:
        raise ReplicateError(path or "paper_numbers.json", f"not a paper-numbers file ({exc.errors()[0]['msg']})") from exc


def summarise(rows: list[dict], paper: PaperNumbers | None = None) -> list[dict]:
    """One row per (intermediate setting, target, split): mean and spread over seeds of the language-averaged
    main metric. Dev and test scores are never averaged together, nor compared with each other."""
    per_seed: dict[tuple, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["metric"] not in ("accuracy", "f1"):
            continue
        config = json.loads(row["config"])
        setting = "+".join(config.get("intermediate") or []) or "baseline"
        split = run_split(config, TASKS[row["task"]].layout) if row["task"] in TASKS else "test"
        per_seed[(setting, row["task"], split, row["metric"])][row["seed"]].append(row["value"])
    summary = []
    for (setting, target, split, metric), seeds in sorted(per_seed.items()):
        values = [mean(v) for v in seeds.values()]
        summary.append({"intermediate": setting, "target": target, "split": split, "metric": metric, "mean": mean(values),
                        "std": stdev(values) if len(values) > 1 else None, "n": len(values),
                        "run_seeds": sorted(seeds)})
    baseline = {(s["target"], s["split"], s["metric"]): s["mean"] for s in summary if s["intermediate"] == "baseline"}
    for s in summary:
        base = baseline.get((s["target"], s["split"], s["metric"]))
        s["delta"] = None if base is None or s["intermediate"] == "baseline" else s["mean"] - base
        s["paper"] = None
    if paper is not None:
        _beside_paper(summary, paper)
    return summary


def _beside_paper(summary: list[dict], paper: PaperNumbers) -> None:
    """The paper's number for the same setting, target and split; 'best_per_target' goes beside our best setting."""
    for entry in paper.target_scores:
        split = "test" if "test" in entry.split.lower() else "dev"
        best: dict[str, dict] = {}
        for s in summary:
            if s["split"] == split and s["intermediate"] != "baseline" and (s["target"] not in best or s["mean"] > best[s["target"]]["mean"]):
                best[s["target"]] = s
        for target, value in entry.values.items():
            rows = [best[target]] if entry.setting == "best_per_target" and target in best else \
                [s for s in summary if s["intermediate"] == entry.setting and s["target"] == target and s["split"] == split]
            for s in rows:
                s["paper"] = {"value": value, "what": f"{entry.model}, {entry.split}", "source": entry.source}


def heatmap(summary: list[dict], path: Path) -> None:
    """Deltas to the baseline (rows: intermediate settings, columns: targets) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")  # files only; no display
    import matplotlib.pyplot as plt

    settings = sorted({s["intermediate"] for s in summary if s["delta"] is not None})
    targets = sorted({s["target"] for s in summary})
    if not settings:
        raise ReplicateError(path, "no intermediate setting with a baseline to compare: nothing to plot")
    grid = [[next((s["delta"] for s in summary if s["intermediate"] == r and s["target"] == c and s["delta"] is not None),
                  float("nan")) for c in targets] for r in settings]
    limit = max((abs(v) for row in grid for v in row if v == v), default=1.0) or 1.0
    figure, axes = plt.subplots(figsize=(1.2 * len(targets) + 2.5, 0.6 * len(settings) + 1.8))
    image = axes.imshow(grid, cmap="RdBu", vmin=-limit, vmax=limit)
    axes.set_xticks(range(len(targets)), targets, rotation=30, ha="right")
    axes.set_yticks(range(len(settings)), settings)
    for i, row in enumerate(grid):
        for j, value in enumerate(row):
            if value == value:
                dark = abs(value) > 0.6 * limit
                axes.text(j, i, f"{value:+.1f}", ha="center", va="center", fontsize=8, color="white" if dark else "black")
    axes.set_title("Target score minus baseline (mean over seeds, languages averaged)")
    figure.colorbar(image, ax=axes, label="points")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=120)
    plt.close(figure)
