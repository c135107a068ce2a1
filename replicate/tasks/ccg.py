"""CCG supertagging (intermediate; CCGbank, jiant's `ccg` task). CCGbank has no fixed tag list, so the label set
is every supertag of the train file (`labels_from_train`); a dev tag the train file lacks is scored as an error.

Two line layouts: `token<TAB>supertag` per line with a blank line between sentences, or jiant's one sentence per
line, `tokens<TAB>supertags` with both sides space-separated."""

from pathlib import Path

from replicate.errors import LayoutError
from replicate.tasks.defaults import INTERMEDIATE, SOURCE
from replicate.tasks.examples import TaggingExample
from replicate.tasks.readers import _lines, tags
from replicate.tasks.registry import TaskSpec, register


def read(path: Path) -> list[TaggingExample]:
    lines = [(number, line) for number, line in _lines(path) if line.strip()]
    # A supertag never holds a space, so a tag column with spaces is a whole sentence's tags.
    if not any(" " in line.split("\t")[-1].strip() for _, line in lines if "\t" in line):
        return tags()(path)
    out = []
    for number, line in lines:
        text, _, supertags = line.partition("\t")
        words, labels = text.split(), supertags.split()
        if len(words) != len(labels):
            raise LayoutError(f"{path}:{number}", f"{len(words)} tokens but {len(labels)} supertags")
        out.append(TaggingExample(f"{path.stem}-{number}", tuple(words), tuple(labels)))
    return out


SPEC = register(TaskSpec(
    name="ccg", head="token_tagging", metric="accuracy", role="intermediate",
    layout={"train": "ccg/train.tsv", "val": "ccg/dev.tsv"}, reader=read, labels_from_train=True,
    defaults=INTERMEDIATE, source=SOURCE,
))
