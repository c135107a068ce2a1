"""Run configuration: one TOML file declares model, tasks, seeds, hyper-parameters and data; its hash is the run id."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from replicate.errors import ReplicateError
from replicate.tasks import TASKS


class Hyper(BaseModel):
    model_config = ConfigDict(extra="forbid")

    learning_rate: float | None = Field(None, gt=0, le=1, description="Peak learning rate; None: the task's default.")
    epochs: float | None = Field(None, gt=0, le=1000, description="Passes over the training data; None: the task's default.")
    batch_size: int | None = Field(None, ge=1, le=65536, description="Examples per optimiser step; None: the task's default.")
    max_length: int | None = Field(None, ge=8, le=8192, description="Longest tokenised input; None: the task's default.")
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimiser steps (tiny runs, smoke tests).")
    max_examples: int | None = Field(None, ge=1, description="Use only the first N training examples.")
    warmup_proportion: float = Field(0.1, ge=0, le=1, description="Share of steps with linearly rising learning rate.")
    weight_decay: float = Field(0.01, ge=0, le=1, description="AdamW weight decay (not on biases and LayerNorm).")
    grad_clip: float = Field(1.0, gt=0, description="Gradient-norm clip.")
    layer: int | None = Field(None, ge=0, description="Retrieval: hidden layer whose mean-pooled states embed a sentence.")
    select_every_steps: int | None = Field(None, ge=1, description="Score English dev every N steps (and at the end) "
                                           "to keep the best weights; None: after each epoch. jiant: 1000.")
    select_examples: int | None = Field(None, ge=1, description="Score only the first N English dev examples when "
                                        "selecting; None: all of them. jiant: 500.")


# Hyper fields added after runs were recorded: left out of a run's id while unset, so those runs keep their ids.
_ADDED_LATER = ("select_every_steps", "select_examples")


class RunConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    schema_version: int = Field(1, description="Version of the config layout.")
    model: str = Field(description="Pretrained encoder: a local folder (or a name cached for offline use).")
    intermediate: list[str] = Field(default_factory=list, description="Intermediate tasks; several = multi-task; empty = baseline.")
    targets: list[str] = Field(description="Target tasks, fine-tuned on English and evaluated zero-shot.")
    languages: dict[str, list[str]] = Field(default_factory=dict, description="Evaluation languages per target; default: all of the task's.")
    seeds: list[int] = Field(default_factory=lambda: [1], min_length=1, description="Random seeds; one run per seed.")
    data_dir: Path = Field(description="Folder holding each task's files in its layout (see `synth replicate tasks`).")
    output_dir: Path = Field(Path("runs"), description="Where run folders (checkpoints, results) go.")
    hyper: dict[str, Hyper] = Field(default_factory=dict, description="Per-task overrides; key 'default' applies to all.")
    compile: bool = Field(False, description="torch.compile the encoder on CUDA (slower first steps, faster after).")
    eval_split: Literal["dev", "test"] = Field(
        "dev", description="Split the targets are scored on: dev, as the paper's grid of intermediate tasks is "
                           "(tasks without a dev set, such as Tatoeba, use test), or test.")

    @field_validator("intermediate", "targets")
    @classmethod
    def _known(cls, names: list[str], info) -> list[str]:
        for name in names:
            if name not in TASKS:
                raise ValueError(f"unknown task {name!r} in {info.field_name} (known: {', '.join(sorted(TASKS))})")
        return names

    def hyper_for(self, task: str) -> dict:
        """The task's defaults, then the 'default' override, then the task's own override."""
        merged = dict(TASKS[task].defaults)
        for key in ("default", task):
            if key in self.hyper:
                merged.update({k: v for k, v in self.hyper[key].model_dump().items() if v is not None})
        return merged

    def run_id(self, seed: int) -> str:
        """sha256 of the resolved configuration of one seed: same config, same id, whatever the file looked like."""
        resolved = self.model_dump(mode="json", exclude={"output_dir", "seeds"})
        for override in resolved["hyper"].values():
            for key in _ADDED_LATER:
                if override.get(key) is None:
                    override.pop(key, None)
        resolved["seed"] = seed
        resolved["resolved_hyper"] = {t: self.hyper_for(t) for t in [*self.intermediate, *self.targets]}
        return hashlib.sha256(json.dumps(resolved, sort_keys=True).encode()).hexdigest()[:16]


def load_config(path: Path) -> RunConfig:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ReplicateError(path, "config file not found") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ReplicateError(path, f"not valid TOML ({exc})") from exc
    base = path.parent
    for key in ("data_dir", "output_dir"):
        if key in raw and not Path(raw[key]).is_absolute():
            raw[key] = str((base / raw[key]).resolve())
    model = raw.get("model")
    if isinstance(model, str) and model.startswith(".") and (base / model).exists():
        raw["model"] = str((base / model).resolve())  # a folder next to the config, not a hub name
    try:
        return RunConfig.model_validate(raw)
    except ValidationError as exc:
        detail = exc.errors()[0]
        raise ReplicateError(path, f"{'.'.join(map(str, detail['loc']))}: {detail['msg']}") from exc


def evaluation_split(layout: dict, eval_split: str) -> str:
    """The split a target is scored on ('val' or 'test'): the one asked for, else the one the task has.

    A dev set counts only when it exists per language: XQuAD's layout names SQuAD's English dev file,
    which says nothing about German, so XQuAD is scored on test whatever is asked.
    """
    has_dev = "{lang}" in layout.get("val", "")
    if eval_split == "dev":
        return "val" if has_dev else "test"
    return "test" if "test" in layout else "val"


def run_split(config: dict, layout: dict) -> str:
    """'dev' or 'test': what a recorded run scored a task on (runs from before eval_split existed used test)."""
    return "dev" if evaluation_split(layout, config.get("eval_split", "test")) == "val" else "test"
