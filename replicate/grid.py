"""The paper's grid from one config: the baseline, each intermediate task alone, and all of them multi-task.

`plan` counts the tokens each run will train and evaluate on, from the real files and the tokenizer alone
(no weights): every example goes through `featurize` as training and evaluation see it (each answer choice,
every word of a tagging sentence, every window over a long QA context; never ids or label strings), with the
phase's epochs and its `max_steps` / `max_examples` caps, plus English dev scoring (after each epoch, or every
`select_every_steps` on the first `select_examples`) where a phase selects on it, and the zero-shot evaluation
of each target language (both sides of a retrieval corpus).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from replicate.config import RunConfig, evaluation_split
from replicate.errors import LayoutError, ReplicateError
from replicate.features import Feature, featurize, has_target, multitask_epochs
from replicate.tasks import get_task
from replicate.tasks.registry import TaskSpec
from replicate.train import selection_steps

# A forward pass (evaluation) costs about a third of a training step's forward + backward (Kaplan et al. 2020).
EVAL_WEIGHT = 1 / 3


def expand_grid(config: RunConfig) -> list[RunConfig]:
    """Baseline (no intermediate task), one run per listed intermediate task, and the multi-task run of all."""
    tasks = list(dict.fromkeys(config.intermediate))
    settings: list[list[str]] = [[]] + [[t] for t in tasks] + ([tasks] if len(tasks) > 1 else [])
    return [config.model_copy(update={"intermediate": setting}) for setting in settings]


@dataclass
class PlannedPhase:
    name: str  # intermediate, target-<task> (training, with its dev scoring), eval-<task> (zero-shot languages)
    train_tokens: int = 0
    eval_tokens: int = 0
    steps: int = 0  # optimizer steps (batches): a phase of small batches costs per step as much as per token


@dataclass
class PlannedRun:
    run_id: str
    seed: int
    intermediate: list[str]
    train_tokens: int  # real (non-pad) tokens of the batches the run trains on, all phases and epochs
    eval_tokens: int = 0  # real tokens of every forward-only pass: dev selection, zero-shot evaluation, retrieval
    phases: list[PlannedPhase] = field(default_factory=list)

    @property
    def weighted_tokens(self) -> float:
        """Training-token equivalents: evaluation tokens weighted by EVAL_WEIGHT."""
        return self.train_tokens + EVAL_WEIGHT * self.eval_tokens

    def hours(self, tokens_per_s: float) -> float:
        return self.weighted_tokens / tokens_per_s / 3600


@dataclass
class _Counted:
    tokens: int  # real tokens of all features (every row of a multiple-choice feature)
    features: int
    all_learnable: bool  # every feature has a gold target, so every batch is trained on


def _feature_tokens(feature: Feature) -> int:
    ids = feature.input_ids
    return sum(len(row) for row in ids) if ids and isinstance(ids[0], list) else len(ids)


def _learnable(feature: Feature) -> bool:
    """What `features.has_target` asks of a batch, per feature: a label with at least one position not ignored."""
    label = feature.label
    if label is None:
        return False
    return any(v != -100 for v in label) if isinstance(label, list) else True


class _Planner:
    def __init__(self, tokenizer):
        self.tokenizer = tokenizer
        self.specs: dict[tuple, TaskSpec] = {}
        self.counted: dict[tuple, _Counted] = {}
        self.missing: dict[str, None] = {}  # files the plan needs and cannot read, in order, once each

    def _cannot_read(self, exc: LayoutError) -> None:
        self.missing[exc.subject if exc.message.startswith("missing") else str(exc)] = None

    def spec(self, config: RunConfig, task: str) -> TaskSpec:
        key = (task, str(config.data_dir))
        if key not in self.specs:
            try:
                self.specs[key] = get_task(task, config.data_dir)  # CCG's label set comes from its train file
            except LayoutError as exc:
                self._cannot_read(exc)
                self.specs[key] = get_task(task)
        return self.specs[key]

    def read(self, config: RunConfig, spec: TaskSpec, split: str, language: str) -> list | None:
        try:
            return spec.read(config.data_dir, split, language)
        except LayoutError as exc:
            self._cannot_read(exc)
            return None

    def count(self, config: RunConfig, spec: TaskSpec, split: str, language: str, max_length: int,
              max_examples: int | None = None) -> _Counted:
        key = (spec.name, str(config.data_dir), split, language, max_length, max_examples)
        if key not in self.counted:
            examples = self.read(config, spec, split, language)
            if examples is None:
                self.counted[key] = _Counted(0, 0, True)
            else:
                features = featurize(spec, self.tokenizer, examples[:max_examples], max_length)
                self.counted[key] = _Counted(sum(map(_feature_tokens, features)), len(features),
                                             all(map(_learnable, features)))
        return self.counted[key]

    def train(self, config: RunConfig, specs: list[TaskSpec], seed: int) -> tuple[int, int, int]:
        """(training tokens, batches, English dev scorings) of one phase, as `runner._run`'s phase and `train_phase` run it."""
        hyper = config.hyper_for(specs[0].name)  # the phase's schedule: the first task's epochs, batch size, caps
        counted = [self.count(config, s, "train", "en", config.hyper_for(s.name)["max_length"],
                              config.hyper_for(s.name).get("max_examples")) for s in specs]
        epochs = max(1, round(hyper["epochs"]))
        per_epoch = sum(math.ceil(c.features / hyper["batch_size"]) for c in counted)
        length = epochs * per_epoch
        total = min(length, hyper.get("max_steps") or length)
        ends = selection_steps([per_epoch] * epochs, total, hyper.get("select_every_steps"))
        if total == length and all(c.all_learnable for c in counted):
            return epochs * sum(c.tokens for c in counted), total, len(ends)
        return self._replay(config, specs, hyper, seed, total), total, len(ends)

    def _replay(self, config: RunConfig, specs: list[TaskSpec], hyper: dict, seed: int, total: int) -> int:
        """The exact batches when order matters (steps capped, or batches without a target are skipped)."""
        data = []
        for spec in specs:
            own = config.hyper_for(spec.name)
            examples = self.read(config, spec, "train", "en")
            if examples is not None:
                data.append((spec, featurize(spec, self.tokenizer, examples[: own.get("max_examples")], own["max_length"])))
        pad = self.tokenizer.pad_token_id if self.tokenizer.pad_token_id is not None else 0  # pads are not counted
        schedule = [batch for epoch in multitask_epochs(data, hyper, pad, seed) for _, batch in epoch][:total]
        return sum(int(b["attention_mask"].sum()) for b in schedule if has_target(b))

    def dev(self, config: RunConfig, spec: TaskSpec) -> int:
        """Tokens of one English dev scoring (`runner._english_dev`); 0 when the phase keeps its last epoch."""
        if not spec.selects_on_english_dev(config.data_dir):
            return 0
        hyper = config.hyper_for(spec.name)
        return self.count(config, spec, "val", "en", hyper["max_length"], hyper.get("select_examples")).tokens

    def evaluate(self, config: RunConfig, spec: TaskSpec) -> int:
        """Tokens of the zero-shot evaluation on each of the target's languages."""
        hyper = config.hyper_for(spec.name)
        split = evaluation_split(spec.layout, config.eval_split)
        languages = config.languages.get(spec.name, list(spec.languages))
        if spec.head != "retrieval":
            return sum(self.count(config, spec, split, language, hyper["max_length"]).tokens for language in languages)
        # Retrieval embeds both sides; BUCC mines its dev split (threshold) and, when scored on test, the test split.
        splits = [split] if spec.name == "tatoeba" or split == "val" else ["val", split]
        return sum(self.sentences(config, spec, s, language, hyper["max_length"]) for language in languages for s in splits)

    def sentences(self, config: RunConfig, spec: TaskSpec, split: str, language: str, max_length: int) -> int:
        key = (spec.name, str(config.data_dir), split, language, max_length, "sentences")
        if key not in self.counted:
            tokens = 0
            for example in self.read(config, spec, split, language) or []:
                for side in (example.source, example.target):
                    texts = [s for _, s in side]
                    if texts:  # as `retrieval.embed` tokenizes them (its padding is not counted)
                        tokens += sum(map(len, self.tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]))
            self.counted[key] = _Counted(tokens, 0, True)
        return self.counted[key].tokens

    def run(self, config: RunConfig, seed: int) -> list[PlannedPhase]:
        phases = []
        if config.intermediate:
            specs = [self.spec(config, t) for t in config.intermediate]
            tokens, steps, ends = self.train(config, specs, seed)
            dev = self.dev(config, specs[0]) * ends if len(specs) == 1 else 0
            phases.append(PlannedPhase("intermediate", tokens, dev, steps))
        for target in config.targets:
            spec = self.spec(config, target)
            if spec.head != "retrieval":
                tokens, steps, ends = self.train(config, [spec], seed)
                phases.append(PlannedPhase(f"target-{target}", tokens, self.dev(config, spec) * ends, steps))
            phases.append(PlannedPhase(f"eval-{target}", 0, self.evaluate(config, spec)))
        return phases


def plan(config: RunConfig, tokenizer, grid: bool) -> list[PlannedRun]:
    """Every run of the config (or of its grid) with the tokens it trains and evaluates on; needs the data files
    and the tokenizer, never the weights. Raises one error naming every file the plan needs and cannot read."""
    planner = _Planner(tokenizer)
    runs = []
    for setting in expand_grid(config) if grid else [config]:
        for seed in setting.seeds:
            phases = planner.run(setting, seed)
            runs.append(PlannedRun(setting.run_id(seed), seed, setting.intermediate, sum(p.train_tokens for p in phases),
                                   sum(p.eval_tokens for p in phases), phases))
    if planner.missing:
        listed = list(planner.missing)
        more = f", and {len(listed) - 20} more" if len(listed) > 20 else ""
        raise ReplicateError(config.data_dir, f"{len(listed)} file(s) the plan needs are missing or unreadable "
                                              "(see `synth replicate tasks` for each task's layout): "
                                              + ", ".join(listed[:20]) + more)
    return runs
