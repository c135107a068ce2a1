"""The paper's grid from one config: the baseline, each intermediate task alone, and all of them multi-task."""

from __future__ import annotations

from dataclasses import dataclass

from replicate.config import RunConfig
from replicate.tasks import get_task


def expand_grid(config: RunConfig) -> list[RunConfig]:
    """Baseline (no intermediate task), one run per listed intermediate task, and the multi-task run of all."""
    tasks = list(dict.fromkeys(config.intermediate))
    settings: list[list[str]] = [[]] + [[t] for t in tasks] + ([tasks] if len(tasks) > 1 else [])
    return [config.model_copy(update={"intermediate": setting}) for setting in settings]


@dataclass
class PlannedRun:
    run_id: str
    seed: int
    intermediate: list[str]
    train_tokens: int  # tokens the run trains on, all phases and epochs


def _train_tokens(config: RunConfig, task: str, tokenizer) -> int:
    """Tokens per epoch x epochs for a task's English training split (capped at max_length per example)."""
    spec = get_task(task)
    if spec.head == "retrieval":
        return 0
    hyper = config.hyper_for(task)
    examples = spec.read(config.data_dir, "train", "en")[: hyper.get("max_examples")]
    texts = [" ".join(str(v) for v in vars(e).values() if isinstance(v, str)) for e in examples]
    lengths = [min(len(ids), hyper["max_length"]) for ids in tokenizer(texts)["input_ids"]] if texts else []
    return int(sum(lengths) * hyper["epochs"])


def plan(config: RunConfig, tokenizer, grid: bool) -> list[PlannedRun]:
    runs = []
    per_task: dict[str, int] = {}
    for setting in expand_grid(config) if grid else [config]:
        for task in [*setting.intermediate, *setting.targets]:
            per_task.setdefault(task, _train_tokens(setting, task, tokenizer))
        tokens = sum(per_task[t] for t in [*setting.intermediate, *setting.targets])
        runs += [PlannedRun(setting.run_id(seed), seed, setting.intermediate, tokens) for seed in setting.seeds]
    return runs
