"""Tatoeba (target, no training): nearest-neighbour accuracy over line-aligned translations into English.

The files are LASER's (data/tatoeba/v1): `tatoeba.<code>-eng.<code>` and `tatoeba.<code>-eng.eng`, named by
3-letter codes (deu, heb, cmn) while the registry and the results use XTREME's 2-letter ones (de, he, zh).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from replicate.errors import LayoutError
from replicate.languages import TASK_LANGUAGES, TATOEBA_FILE_CODES
from replicate.tasks.defaults import SOURCE
from replicate.tasks.readers import aligned_sentences
from replicate.tasks.registry import TaskSpec, register

_TWO_LETTER = {three: two for two, three in TATOEBA_FILE_CODES.items()}


@dataclass(frozen=True)
class TatoebaSpec(TaskSpec):
    """Finds a language's files under its 3-letter code; files named by the code as given are still read first."""

    def path(self, data_dir: Path, split: str, language: str = "en") -> Path:
        given = super().path(data_dir, split, language)
        if given.exists() or language not in TATOEBA_FILE_CODES:
            return given
        return super().path(data_dir, split, TATOEBA_FILE_CODES[language])

    def read(self, data_dir: Path, split: str, language: str = "en") -> list:
        path = self.path(data_dir, split, language)
        if not path.exists():
            raise LayoutError(path, _missing(data_dir, self.layout[split], language))
        return super().read(data_dir, split, language)


def _missing(data_dir: Path, layout: str, language: str) -> str:
    code = TATOEBA_FILE_CODES.get(language, language)
    message = (f"missing; tatoeba expects {data_dir}/{layout} with .eng beside it, {{lang}} the 3-letter code of "
               f"LASER's data/tatoeba/v1 ({language}: {code})")
    # XTREME's download script rewrites the files as <xx>-en.<xx> with the English side sorted: no gold alignment.
    two = _TWO_LETTER.get(language, language)
    processed = data_dir / "tatoeba" / f"{two}-en.{two}"
    if processed.exists():
        message += f"; {processed} is XTREME's processed copy, whose English lines are sorted and cannot be scored"
    return message


SPEC = register(TatoebaSpec(
    name="tatoeba", head="retrieval", metric="accuracy", role="target",
    layout={"test": "tatoeba/tatoeba.{lang}-eng.{lang}"}, reader=aligned_sentences("eng"),
    languages=tuple(TASK_LANGUAGES["tatoeba"]), defaults={"max_length": 512, "layer": 14, "pooling": "mean"},
    source=SOURCE,
))
