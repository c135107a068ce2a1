"""Cosmos QA (intermediate): four answers to a question about a context, CSV with header."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import csv_choice
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="cosmosqa", head="multiple_choice", metric="accuracy", role="intermediate",
    layout={"train": "cosmosqa/train.csv", "val": "cosmosqa/valid.csv"},
    reader=csv_choice("context", "question", ("answer0", "answer1", "answer2", "answer3"), "label"),
    defaults=INTERMEDIATE, source=SOURCE,
))
