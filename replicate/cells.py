"""What was measured for one experiment cell: the interface `claims` uses to check numbers against runs.

A cell is (intermediate setting, target, quantity): the setting is a tuple of
intermediate tasks, () for the baseline, or "best" for the best setting per
target; the target is a task name or "avg" (mean over the targets measured);
the quantity is the absolute score or the delta over the baseline. Values are
the language-averaged main metric (accuracy or F1, x100) per seed, on the dev
split when there are dev runs (the paper's grid is on dev), else on test.

A measurement also says whether its runs are like the paper's: XLM-R Large
and the real data sets. Runs of a toy model or toy data show the pipeline
works; they say nothing about the paper's numbers.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from statistics import mean, stdev
from typing import Literal

from replicate.config import run_split
from replicate.errors import ReplicateError
from replicate.tasks import TASKS

Setting = tuple[str, ...] | Literal["best"]
XLMR_LARGE = {"layers": 24, "hidden": 1024, "vocab": 250002}
# The smallest training set in the paper's grid (CommonsenseQA) has 9,741 examples; toy data has a few dozen.
MIN_EXAMPLES = 1000


@dataclass(frozen=True)
class Cell:
    setting: Setting
    target: str  # task name or "avg"
    quantity: Literal["absolute", "delta"]

    def describe(self) -> str:
        setting = "best intermediate task per target" if self.setting == "best" else "+".join(self.setting) or "baseline"
        target = "mean over targets" if self.target == "avg" else self.target
        return f"{setting} -> {target} ({'gain over the baseline' if self.quantity == 'delta' else 'score'})"


@dataclass(frozen=True)
class Measured:
    mean: float
    std: float | None  # over seeds
    n: int  # seeds
    run_ids: tuple[str, ...]
    split: str = "dev"
    unlike_paper: str | None = None  # why these runs cannot stand for the paper's, if they cannot


def unlike_paper(config: dict, examples: dict[str, float]) -> str | None:
    """Why a run is not comparable with the paper's runs (model, data, caps), or None."""
    shape = config.get("model_shape")
    if shape is None:
        return "the run records no model shape (it predates that record), so it cannot be matched to XLM-R Large"
    if shape != XLMR_LARGE:
        return (f"its encoder has {shape['layers']} layers, width {shape['hidden']} and {shape['vocab']:,} tokens; "
                "the paper's is XLM-R Large (24 layers, width 1024, 250,002 tokens)")
    small = sorted(f"{task}: {int(n)}" for task, n in examples.items() if n < MIN_EXAMPLES)
    if small:
        return f"its training sets are toy-sized ({', '.join(small)} examples); the paper's hold thousands or more"
    capped = sorted(t for t, h in (config.get("hyper") or {}).items() if h.get("max_examples") or h.get("max_steps"))
    if capped:
        return f"its training was capped (max_examples/max_steps for {', '.join(capped)})"
    return None


Scores = dict[tuple[tuple[str, ...], str, str], dict[int, tuple[float, str]]]


def _scores(path: Path) -> tuple[Scores, dict[str, str | None]]:
    """(setting, target, split) -> seed -> (language-averaged main metric, run id) for finished runs; and per run
    why it is unlike the paper's (None when it is like them)."""
    if not path.is_file():
        raise ReplicateError(path, "no results database here")
    # An audit asks for many cells of one database: read it once per version of the file.
    stat = path.stat()
    return _read_scores(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_scores(path: str, _mtime_ns: int, _size: int) -> tuple[Scores, dict[str, str | None]]:
    try:
        with closing(sqlite3.connect(path)) as db:
            rows = db.execute(
                "SELECT r.run_id, r.seed, r.task, r.language, r.metric, r.value, u.config FROM results r "
                "JOIN runs u USING (run_id) WHERE u.status = 'done' AND r.phase = 'target' "
                "AND r.metric IN ('accuracy', 'f1')").fetchall()
            trained = db.execute("SELECT r.run_id, r.task, r.value FROM results r JOIN runs u USING (run_id) "
                                 "WHERE u.status = 'done' AND r.phase = 'train' AND r.metric = 'examples'").fetchall()
    except sqlite3.DatabaseError as exc:  # garbage, truncated, or not synth's tables
        raise ReplicateError(path, f"not a readable results database ({exc})") from exc
    examples: dict[str, dict[str, float]] = defaultdict(dict)
    for run_id, task, value in trained:
        examples[run_id][task] = value
    per: dict[tuple, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    runs: dict[tuple, dict[int, str]] = defaultdict(dict)
    unlike: dict[str, str | None] = {}
    for run_id, seed, task, _language, metric, value, config_text in rows:
        config = json.loads(config_text)
        unlike.setdefault(run_id, unlike_paper(config, examples[run_id]))
        split = run_split(config, TASKS[task].layout) if task in TASKS else "test"
        # One main metric per task: F1 where a task reports it (tagging, QA, BUCC), else accuracy.
        key = (tuple(sorted(config.get("intermediate") or [])), task, split)  # a setting is a set of tasks
        per[key + (metric,)][seed].append(value)
        runs[key][seed] = run_id
    out: Scores = {}
    for (setting, task, split, metric), seeds in per.items():
        if metric == "accuracy" and (setting, task, split, "f1") in per:
            continue
        out[(setting, task, split)] = {seed: (mean(values), runs[(setting, task, split)][seed]) for seed, values in seeds.items()}
    return out, unlike


def measure(path: Path, cell: Cell) -> Measured | None:
    """The cell's value over seeds, or None when no finished run covers it (dev runs first, else test runs)."""
    all_scores, unlike = _scores(path)
    for split in ("dev", "test"):
        scores = {(s, t): v for (s, t, sp), v in all_scores.items() if sp == split}
        found = _measure(scores, cell)
        if found is not None:
            reasons = [unlike[r] for r in found.run_ids if unlike.get(r)]
            return Measured(found.mean, found.std, found.n, found.run_ids, split, reasons[0] if reasons else None)
    return None


def _measure(scores: dict, cell: Cell) -> Measured | None:
    targets = sorted({t for _, t in scores}) if cell.target == "avg" else [cell.target]
    per_seed: dict[int, list[float]] = defaultdict(list)
    run_ids: set[str] = set()
    for target in targets:
        settings = [s for s, t in scores if t == target and s] if cell.setting == "best" else [tuple(sorted(cell.setting))]
        options = []
        for setting in settings:
            found = scores.get((setting, target))
            base = scores.get(((), target))
            if not found or (cell.quantity == "delta" and not base):
                continue
            values = {seed: v - (base[seed][0] if cell.quantity == "delta" and seed in base else
                                 (mean(b for b, _ in base.values()) if cell.quantity == "delta" else 0.0))
                      for seed, (v, _) in found.items()}
            options.append((mean(values.values()), values, {r for _, r in found.values()}))
        if not options:
            if cell.target != "avg":
                return None
            continue
        _, values, ids = max(options, key=lambda o: o[0])  # "best": the best setting for this target
        for seed, value in values.items():
            per_seed[seed].append(value)
        run_ids |= ids
    if not per_seed:
        return None
    seed_values = [mean(v) for v in per_seed.values()]
    return Measured(mean(seed_values), stdev(seed_values) if len(seed_values) > 1 else None, len(seed_values),
                    tuple(sorted(run_ids)))
