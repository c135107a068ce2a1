"""TyDiQA-GoldP (target): English GoldP training set only (one downloader wrote the multilingual one as English)."""

from replicate.languages import TASK_LANGUAGES
from replicate.tasks.defaults import SOURCE, target
from replicate.tasks.readers import squad_json
from replicate.tasks.registry import TaskSpec, register

SPEC = register(TaskSpec(
    name="tydiqa", head="span_extraction", metric="em_f1", role="target",
    layout={"train": "tydiqa/tydiqa-goldp-v1.1-train/tydiqa.en.train.json",
            "test": "tydiqa/tydiqa-goldp-v1.1-dev/tydiqa.{lang}.dev.json"},
    reader=squad_json, languages=tuple(TASK_LANGUAGES["tydiqa"]), defaults=target(2, 16, 384), source=SOURCE,
))
