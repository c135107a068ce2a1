"""TyDiQA-GoldP (target): trained on the English GoldP training set only, evaluated zero-shot on each language's dev.

The files are named as XTREME's download scripts name them (`tydiqa.goldp.<lang>.dev.json`; some versions of its
preprocessing write `tydiqa.<lang>.dev.json`) or as jiant's does (`tydiqa_<lang>/tydiqa.<lang>.dev.json`); the names
are tried in that order. Some training files hold
all nine languages (jiant writes the multilingual set under the English name; XTREME keeps the original beside its
English split): of such a file only the English questions are read, or the transfer would not be zero-shot.
"""

from pathlib import Path

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.examples import SpanExample
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import FileNames, TaskSpec, register


def read(path: Path) -> list[SpanExample]:
    examples = squad_json(path)
    # TyDiQA's own ids start with the language's English name (`english-…`, `arabic-…`); XTREME's per-language
    # files drop it. Several names in one file: the multilingual training set.
    languages = {e.guid.split("-", 1)[0] for e in examples if "-" in e.guid}
    if len(languages) > 1 and "english" in languages:
        return [e for e in examples if e.guid.startswith("english-")]
    return examples


SPEC = register(TaskSpec(
    name="tydiqa", head="span_extraction", metric="em_f1", role="target",
    layout={"train": FileNames("tydiqa/tydiqa-goldp-v1.1-train/tydiqa.goldp.en.train.json",
                               "tydiqa/tydiqa-goldp-v1.1-train/tydiqa.en.train.json",
                               "tydiqa_en/tydiqa.en.train.json"),
            "test": FileNames("tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.goldp.{lang}.dev.json",
                              "tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.{lang}.dev.json",
                              "tydiqa_{lang}/tydiqa.{lang}.dev.json")},
    reader=read, languages=tuple(TASK_LANGUAGES["tydiqa"]), defaults=target(2, 16, 384), source=SOURCE,
))
