"""PAWS-X (target): id, sentence1, sentence2, label with a header row, as the PAWS-X release ships it."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import tsv_pairs
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="pawsx", head="pair_classification", metric="accuracy", role="target",
    layout={"train": "pawsx/train-{lang}.tsv", "val": "pawsx/dev-{lang}.tsv", "test": "pawsx/test-{lang}.tsv"},
    reader=tsv_pairs(1, 2, 3, header=True), labels=("0", "1"),
    languages=tuple(TASK_LANGUAGES["pawsx"]), defaults=target(5, 32, 256), source=SOURCE,
))
