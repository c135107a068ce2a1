"""BUCC 2018 (target, no training): mined sentence pairs scored by F1 over id pairs."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE
from replicate.tasks.readers import bucc_files
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="bucc2018", head="retrieval", metric="bucc_f1", role="target",
    layout={"val": "bucc2018/{lang}-en.dev.{lang}", "test": "bucc2018/{lang}-en.test.{lang}"}, reader=bucc_files,
    languages=tuple(TASK_LANGUAGES["bucc2018"]), defaults={"max_length": 512, "layer": 14, "pooling": "mean"},
    source=SOURCE,
))
