"""HellaSwag (intermediate): four endings for a context, JSONL."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import hellaswag_jsonl
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="hellaswag", head="multiple_choice", metric="accuracy", role="intermediate",
    layout={"train": "hellaswag/hellaswag_train.jsonl", "val": "hellaswag/hellaswag_val.jsonl"},
    reader=hellaswag_jsonl, defaults=INTERMEDIATE, source=SOURCE,
))
