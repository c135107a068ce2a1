"""PAN-X / WikiANN NER (target): `token<TAB>tag` lines as XTREME's preprocessing writes them, or WikiANN's raw
`lang:token<TAB>tag` (the prefix is removed when the whole file carries it); seqeval span F1."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import tags
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="panx", head="token_tagging", metric="f1", role="target",
    layout={"train": "panx/train-{lang}.tsv", "val": "panx/dev-{lang}.tsv", "test": "panx/test-{lang}.tsv"},
    reader=tags(strip_language_prefix=True), labels=("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"),
    languages=tuple(TASK_LANGUAGES["panx"]), defaults=target(10, 32, 256), source=SOURCE,
))
