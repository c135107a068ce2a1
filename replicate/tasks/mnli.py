"""MNLI (intermediate): premise/hypothesis pairs, three NLI labels; jiant JSONL."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import jsonl_pairs
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="mnli", head="pair_classification", metric="accuracy", role="intermediate",
    layout={"train": "mnli/mnli_train.jsonl", "val": "mnli/mnli_val.jsonl", "test": "mnli/mnli_test.jsonl"},
    reader=jsonl_pairs("premise", "hypothesis", "label"),
    labels=("contradiction", "entailment", "neutral"), defaults=INTERMEDIATE, source=SOURCE,
))
