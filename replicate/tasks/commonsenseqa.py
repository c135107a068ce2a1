"""CommonsenseQA (intermediate): five answers to a question, JSONL with answerKey."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import commonsenseqa_jsonl
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="commonsenseqa", head="multiple_choice", metric="accuracy", role="intermediate",
    layout={"train": "commonsenseqa/train_rand_split.jsonl", "val": "commonsenseqa/dev_rand_split.jsonl"},
    reader=commonsenseqa_jsonl, defaults=INTERMEDIATE, source=SOURCE,
))
