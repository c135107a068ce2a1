"""ANLI+ (intermediate): ANLI rounds 1-3, MNLI and SNLI under one NLI head; every JSONL file of the split folder.
SNLI's pairs without annotator consensus (gold label '-') have nothing to learn and are left out when read."""

from pathlib import Path

from replicate.errors import LayoutError
from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.readers import jsonl_pairs
from replicate.tasks.registry import TaskSpec, register

_ANLI = {"e": "entailment", "n": "neutral", "c": "contradiction"}
# Field names of the three sources: ANLI (context/hypothesis/label e|n|c), jiant MNLI, SNLI 1.0.
_FORMATS = (("context", "hypothesis", "label"), ("premise", "hypothesis", "label"), ("sentence1", "sentence2", "gold_label"))


def read_folder(folder: Path) -> list:
    if not folder.is_dir():
        raise LayoutError(folder, "missing; ANLI+ expects a folder of .jsonl files (ANLI R1-R3, MNLI, SNLI) per split")
    examples = []
    for path in sorted(folder.glob("*.jsonl")):
        first = next((line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()), "{}")
        fields = next((f for f in _FORMATS if all(f'"{k}"' in first for k in f)), None)
        if fields is None:
            raise LayoutError(path, "unknown NLI format (expected ANLI, jiant MNLI or SNLI fields)")
        examples += jsonl_pairs(*fields, label_map=_ANLI)(path)
    return examples


SPEC = register(TaskSpec(
    name="anli_plus", head="pair_classification", metric="accuracy", role="intermediate",
    layout={"train": "anli_plus/train", "val": "anli_plus/val"}, reader=read_folder,
    labels=("contradiction", "entailment", "neutral"), defaults=INTERMEDIATE, source=SOURCE,
))
