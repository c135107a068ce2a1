"""XNLI (target): premise<TAB>hypothesis<TAB>label in XTREME's layout; English train, every language test."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import tsv_pairs
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="xnli", head="pair_classification", metric="accuracy", role="target",
    layout={"train": "xnli/train-{lang}.tsv", "val": "xnli/dev-{lang}.tsv", "test": "xnli/test-{lang}.tsv"},
    reader=tsv_pairs(0, 1, 2), labels=("contradiction", "entailment", "neutral"),
    languages=tuple(TASK_LANGUAGES["xnli"]), defaults=target(2, 32, 256), source=SOURCE,
))
