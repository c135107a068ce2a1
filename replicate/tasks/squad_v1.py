"""SQuAD v1.1 (intermediate): extractive QA, SQuAD JSON."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="squad_v1", head="span_extraction", metric="em_f1", role="intermediate",
    layout={"train": "squad/train-v1.1.json", "val": "squad/dev-v1.1.json"}, reader=squad_json,
    defaults={**INTERMEDIATE, "max_length": 384}, source=SOURCE,
))
