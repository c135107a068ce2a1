"""Summaries of results.sqlite: target scores per intermediate setting, averaged over languages then seeds."""

from __future__ import annotations

import json
from collections import defaultdict
from statistics import mean

def summarise(rows: list[dict]) -> list[dict]:
    """One row per (intermediate setting, target): mean over seeds of the language-averaged main metric."""
    per_seed: dict[tuple, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        config = json.loads(row["config"])
        if row["metric"] not in ("accuracy", "f1"):
            continue
        setting = "+".join(config.get("intermediate") or []) or "baseline"
        per_seed[(setting, row["task"], row["metric"])][row["seed"]].append(row["value"])
    summary = []
    for (setting, target, metric), seeds in sorted(per_seed.items()):
        values = [mean(v) for v in seeds.values()]
        summary.append({"intermediate": setting, "target": target, "metric": metric, "mean": mean(values), "n": len(values)})
    baseline = {(s["target"], s["metric"]): s["mean"] for s in summary if s["intermediate"] == "baseline"}
    for s in summary:
        base = baseline.get((s["target"], s["metric"]))
        s["delta"] = None if base is None or s["intermediate"] == "baseline" else s["mean"] - base
    return summary
