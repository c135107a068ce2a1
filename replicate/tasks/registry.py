"""The task registry: each task is one small module that declares a TaskSpec and registers it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from replicate.errors import LayoutError, ReplicateError
from replicate.tasks.examples import TaggingExample

Head = Literal["pair_classification", "multiple_choice", "span_extraction", "token_tagging", "retrieval", "mlm"]


class FileNames(tuple):
    """The names different downloaders give one file, tried in order (shown as `a or b`)."""

    def __new__(cls, *names: str):
        return super().__new__(cls, names)

    def __getnewargs__(self):
        return tuple(self)

    def __str__(self) -> str:
        return " or ".join(self)


# The gold tag of an evaluation word whose tag never occurs in the training split. It has a slot in the head but is
# never a training target, so such words are scored as errors instead of stopping the evaluation.
UNSEEN_TAG = "<unseen>"


@dataclass(frozen=True)
class TaskSpec:
    name: str
    head: Head
    metric: str  # the XTREME/GLUE metric name: accuracy, f1, em_f1, bucc_f1, perplexity
    role: Literal["intermediate", "target", "both"]
    layout: dict[str, str | FileNames]  # split -> path template under the data dir, with {lang} where it varies
    reader: Callable[[Path], list]
    labels: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en",)
    defaults: dict = field(default_factory=dict)  # hyper-parameters: lr, epochs, batch_size, max_length
    source: str = ""  # where the defaults come from
    # Tagging tasks whose tag set is not fixed (CCG supertags): the label set is every tag of the English train
    # split, known only once the data is (see `with_data`).
    labels_from_train: bool = False

    def candidates(self, data_dir: Path, split: str, language: str = "en") -> list[Path]:
        if split not in self.layout:
            raise ReplicateError(self.name, f"has no {split!r} split (splits: {', '.join(self.layout)})")
        templates = self.layout[split]
        return [data_dir / t.format(lang=language) for t in ((templates,) if isinstance(templates, str) else templates)]

    def path(self, data_dir: Path, split: str, language: str = "en") -> Path:
        """The split's file: the first of its candidate names that exists, else the first name."""
        paths = self.candidates(data_dir, split, language)
        return next((p for p in paths if p.exists()), paths[0])

    def selects_on_english_dev(self, data_dir: Path) -> bool:
        """Whether training keeps the weights best on English dev: a trained head and an English dev file to score."""
        return "val" in self.layout and self.head != "retrieval" and self.path(data_dir, "val", "en").exists()

    def read(self, data_dir: Path, split: str, language: str = "en") -> list:
        path = self.path(data_dir, split, language)
        if not path.exists():
            others = [str(p) for p in self.candidates(data_dir, split, language)[1:]]
            if others:
                raise LayoutError(path, f"missing; {self.name} reads this file or {' or '.join(others)}")
            raise LayoutError(path, f"missing; {self.name} expects {data_dir}/{self.layout[split]}")
        examples = self.reader(path)
        if self.labels_from_train and self.labels:
            known = set(self.labels)
            examples = [replace(e, tags=tuple(t if t in known else UNSEEN_TAG for t in e.tags))
                        if isinstance(e, TaggingExample) and e.tags else e for e in examples]
        return examples

    def with_data(self, data_dir: Path) -> TaskSpec:
        """This task with the label set its data gives: for `labels_from_train` tasks, the tags of the English train
        split in sorted order (so the head's outputs do not depend on the order of the file), then UNSEEN_TAG."""
        if not self.labels_from_train or self.labels:
            return self
        tags = {t for e in self.read(data_dir, "train", "en") for t in (e.tags or ())} - {UNSEEN_TAG}
        if not tags:
            raise ReplicateError(self.path(data_dir, "train", "en"),
                                 f"no tags; {self.name} builds its label set from them")
        return replace(self, labels=(*sorted(tags), UNSEEN_TAG))


TASKS: dict[str, TaskSpec] = {}


def register(spec: TaskSpec) -> TaskSpec:
    if spec.name in TASKS:
        raise ReplicateError(spec.name, "registered twice")
    TASKS[spec.name] = spec
    return spec


def get_task(name: str, data_dir: Path | None = None) -> TaskSpec:
    """The registered task; with `data_dir`, with the label set its data gives (what a model for it needs)."""
    if name not in TASKS:
        raise ReplicateError(name, f"unknown task (known: {', '.join(sorted(TASKS))})")
    return TASKS[name] if data_dir is None else TASKS[name].with_data(data_dir)
