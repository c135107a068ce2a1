"""The task registry: each task is one small module that declares a TaskSpec and registers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from replicate.errors import LayoutError, ReplicateError

Head = Literal["pair_classification", "multiple_choice", "span_extraction", "token_tagging", "retrieval", "mlm"]


@dataclass(frozen=True)
class TaskSpec:
    name: str
    head: Head
    metric: str  # the XTREME/GLUE metric name: accuracy, f1, em_f1, bucc_f1, perplexity
    role: Literal["intermediate", "target", "both"]
    layout: dict[str, str]  # split -> path template under the data dir, with {lang} where it varies
    reader: Callable[[Path], list]
    labels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    defaults: dict = field(default_factory=dict)  # hyper-parameters: lr, epochs, batch_size, max_length
    source: str = ""  # where the defaults come from

    def path(self, data_dir: Path, split: str, language: str = "en") -> Path:
        if split not in self.layout:
            raise ReplicateError(self.name, f"has no {split!r} split (splits: {', '.join(self.layout)})")
        return data_dir / self.layout[split].format(lang=language)

    def read(self, data_dir: Path, split: str, language: str = "en") -> list:
        path = self.path(data_dir, split, language)
        if not path.exists():
            raise LayoutError(path, f"missing; {self.name} expects {data_dir}/{self.layout[split]}")
        return self.reader(path)


TASKS: dict[str, TaskSpec] = {}


def register(spec: TaskSpec) -> TaskSpec:
    if spec.name in TASKS:
        raise ReplicateError(spec.name, "registered twice")
    TASKS[spec.name] = spec
    return spec


def get_task(name: str) -> TaskSpec:
    if name not in TASKS:
        raise ReplicateError(name, f"unknown task (known: {', '.join(sorted(TASKS))})")
    return TASKS[name]
