"""UD-POS (target): CoNLL-U (UPOS) or `token<TAB>tag`; scored with seqeval F1 as XTREME does."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import tags
from replicate.tasks.registry import TaskSpec, register

UPOS = ("ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "PUNCT",
        "SCONJ", "SYM", "VERB", "X")

SPEC = register(TaskSpec(
    name="udpos", head="token_tagging", metric="f1", role="target",
    layout={"train": "udpos/train-{lang}.tsv", "val": "udpos/dev-{lang}.tsv", "test": "udpos/test-{lang}.tsv"},
    reader=tags(), labels=UPOS, languages=tuple(TASK_LANGUAGES["udpos"]), defaults=target(10, 32, 256), source=SOURCE,
))
