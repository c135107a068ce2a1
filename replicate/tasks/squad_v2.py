"""SQuAD v2.0 (intermediate): extractive QA with unanswerable questions, SQuAD JSON."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="squad_v2", head="span_extraction", metric="em_f1", role="intermediate",
    layout={"train": "squad/train-v2.0.json", "val": "squad/dev-v2.0.json"}, reader=squad_json,
    defaults={**INTERMEDIATE, "max_length": 384}, source=SOURCE,
))
