"""MLQA (target): SQuAD v1.1 English training; MLQA JSON with context and question in one language."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="mlqa", head="span_extraction", metric="em_f1", role="target",
    layout={"train": "squad/train-v1.1.json", "val": "mlqa/MLQA_V1/dev/dev-context-{lang}-question-{lang}.json",
            "test": "mlqa/MLQA_V1/test/test-context-{lang}-question-{lang}.json"},
    reader=squad_json, languages=tuple(TASK_LANGUAGES["mlqa"]), defaults=target(2, 16, 384), source=SOURCE,
))
