"""What was measured for one experiment cell: the interface `claims` uses to check numbers against runs.

A cell is (intermediate setting, target, quantity): the setting is a tuple of
intermediate tasks, () for the baseline, or "best" for the best setting per
target; the target is a task name or "avg" (mean over the targets measured);
the quantity is the absolute score or the delta over the baseline. Values are
the language-averaged main metric (accuracy or F1, x100) per seed.
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

from replicate.errors import ReplicateError

Setting = tuple[str, ...] | Literal["best"]


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


def _scores(path: Path) -> dict[tuple[tuple[str, ...], str], dict[int, tuple[float, str]]]:
    """(setting, target) -> seed -> (language-averaged main metric, run id), for finished runs."""
    if not path.is_file():
        raise ReplicateError(path, "no results database here")
    # An audit asks for many cells of one database: read it once per version of the file.
    stat = path.stat()
    return _read_scores(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_scores(path: str, _mtime_ns: int, _size: int) -> dict[tuple[tuple[str, ...], str], dict[int, tuple[float, str]]]:
    try:
        with closing(sqlite3.connect(path)) as db:
            rows = db.execute(
                "SELECT r.run_id, r.seed, r.task, r.language, r.metric, r.value, u.config FROM results r "
                "JOIN runs u USING (run_id) WHERE u.status = 'done' AND r.metric IN ('accuracy', 'f1')").fetchall()
    except sqlite3.DatabaseError as exc:  # garbage, truncated, or not synth's tables
        raise ReplicateError(path, f"not a readable results database ({exc})") from exc
    per: dict[tuple, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    runs: dict[tuple, dict[int, str]] = defaultdict(dict)
    for run_id, seed, task, _language, metric, value, config in rows:
        # One main metric per task: F1 where a task reports it (tagging, QA, BUCC), else accuracy.
        key = (tuple(sorted(json.loads(config).get("intermediate") or [])), task)  # a setting is a set of tasks
        per[key + (metric,)][seed].append(value)
        runs[key][seed] = run_id
    out: dict[tuple, dict[int, tuple[float, str]]] = {}
    for (setting, task, metric), seeds in per.items():
        if metric == "accuracy" and (setting, task, "f1") in per:
            continue
        out[(setting, task)] = {seed: (mean(values), runs[(setting, task)][seed]) for seed, values in seeds.items()}
    return out


def measure(path: Path, cell: Cell) -> Measured | None:
    """The cell's value over seeds, or None when no finished run covers it."""
    scores = _scores(path)
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
