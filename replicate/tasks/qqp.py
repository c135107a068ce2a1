"""QQP (intermediate): GLUE TSV (id, qid1, qid2, question1, question2, is_duplicate)."""

from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import tsv_pairs
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="qqp", head="pair_classification", metric="accuracy", role="intermediate",
    layout={"train": "qqp/train.tsv", "val": "qqp/dev.tsv"}, reader=tsv_pairs(3, 4, 5, header=True),
    labels=("0", "1"), defaults=INTERMEDIATE, source=SOURCE,
))
