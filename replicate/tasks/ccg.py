"""CCG supertagging (intermediate): `token<TAB>supertag` lines, blank line between sentences."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import tags
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="ccg", head="token_tagging", metric="accuracy", role="intermediate",
    layout={"train": "ccg/train.tsv", "val": "ccg/dev.tsv"}, reader=tags(), defaults=INTERMEDIATE, source=SOURCE,
))
