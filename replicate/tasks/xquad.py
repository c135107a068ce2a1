"""XQuAD (target): SQuAD v1.1 English training, XQuAD JSON per language for evaluation."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="xquad", head="span_extraction", metric="em_f1", role="target",
    layout={"train": "squad/train-v1.1.json", "val": "squad/dev-v1.1.json", "test": "xquad/xquad.{lang}.json"},
    reader=squad_json, languages=tuple(TASK_LANGUAGES["xquad"]), defaults=target(2, 16, 384), source=SOURCE,
))
