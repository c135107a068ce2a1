"""Masked language modelling on raw text, for the "+MLM" variant (one sentence or paragraph per line)."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import text_lines
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="mlm", head="mlm", metric="perplexity", role="intermediate",
    layout={"train": "mlm/train.txt", "val": "mlm/dev.txt"}, reader=text_lines, defaults=INTERMEDIATE, source=SOURCE,
))
