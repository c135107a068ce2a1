"""Tatoeba (target, no training): nearest-neighbour accuracy over line-aligned translations into English."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE
from replicate.tasks.readers import aligned_sentences
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="tatoeba", head="retrieval", metric="accuracy", role="target",
    layout={"test": "tatoeba/tatoeba.{lang}-eng.{lang}"}, reader=aligned_sentences("eng"),
    languages=tuple(TASK_LANGUAGES["tatoeba"]), defaults={"max_length": 512, "layer": 14, "pooling": "mean"},
    source=SOURCE,
))
