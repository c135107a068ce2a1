"""Readers for the file layouts users have: TSV/CSV, jiant-style JSONL, CoNLL-U and two-column tags, SQuAD JSON,
aligned sentence files. Each factory returns `read(path) -> list[example]`; bad lines name file and line."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from replicate.errors import LayoutError
from replicate.tasks.examples import (ChoiceExample, PairExample, RetrievalExample, SpanExample, TaggingExample,
                                      TextExample)

Reader = Callable[[Path], list]


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    try:
        with path.open(encoding="utf-8") as fh:
            yield from enumerate((line.rstrip("\n").rstrip("\r") for line in fh), start=1)
    except UnicodeDecodeError as exc:
        raise LayoutError(path, f"not UTF-8 text ({exc.reason})") from exc


def _json_lines(path: Path) -> Iterator[tuple[int, dict]]:
    for number, line in _lines(path):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            raise LayoutError(f"{path}:{number}", f"not JSON ({exc.msg})") from exc


def _field(row: dict, key: str, path: Path, number: int):
    try:
        return row[key]
    except (KeyError, IndexError, TypeError) as exc:
        raise LayoutError(f"{path}:{number}", f"no field {key!r}") from exc


def tsv_pairs(a: int, b: int, label: int | None, header: bool = False) -> Reader:
    """TAB-separated sentence pairs; columns by index (XNLI/PAWS-X in XTREME's layout, GLUE QQP)."""

    def read(path: Path) -> list[PairExample]:
        out = []
        for number, line in _lines(path):
            if not line.strip() or (header and number == 1):
                continue
            cells = line.split("\t")
            wanted = [i for i in (a, b, label) if i is not None]
            if len(cells) <= max(wanted):
                raise LayoutError(f"{path}:{number}", f"{len(cells)} columns; expected at least {max(wanted) + 1}")
            out.append(PairExample(f"{path.stem}-{number}", cells[a], cells[b], None if label is None else cells[label]))
        return out

    return read


# The gold label of a pair whose annotators reached no consensus: '-' in SNLI 1.0 and MultiNLI, -1 in Hugging Face's
# exports. Such pairs have no gold label to learn or score; they are dropped, as the SNLI authors and jiant do.
_NO_CONSENSUS = ("-", -1, "-1")


def jsonl_pairs(a: str, b: str, label: str, label_map: dict[str, str] | None = None) -> Reader:
    """One JSON object per line (jiant's MNLI, SNLI, ANLI); pairs without annotator consensus are left out."""

    def read(path: Path) -> list[PairExample]:
        out = []
        for number, row in _json_lines(path):
            raw = row.get(label)
            if raw in _NO_CONSENSUS:
                continue
            gold = None if raw in (None, "") else (label_map or {}).get(str(raw), str(raw))
            out.append(PairExample(str(row.get("uid", row.get("id", f"{path.stem}-{number}"))),
                                   _field(row, a, path, number), _field(row, b, path, number), gold))
        return out

    return read


# WikiANN's raw split files (PAN-X before XTREME's preprocessing) write every token as `<lang>:<token>`.
_LANGUAGE_PREFIX = re.compile(r"[a-z]{2,3}(?:-[a-z]+)*:")


def _language_prefix(lines: list[tuple[int, str]]) -> str:
    """The `xx:` that starts every token line of the file, or '' when they do not all share one. Decided once per
    file, never per token: a file without prefixes still holds tokens such as `12:30`, `:` or `re:`."""
    found = {(m.group(0) if (m := _LANGUAGE_PREFIX.match(line)) else "") for _, line in lines if line.strip()}
    return found.pop() if len(found) == 1 else ""


def tags(strip_language_prefix: bool = False) -> Reader:
    """CoNLL-U (UPOS column; comments, multi-word and empty nodes skipped) or `token<TAB>tag` lines, sentences
    separated by blank lines. With `strip_language_prefix`, a file whose tokens all carry the same `lang:` prefix
    (WikiANN's raw files) has it removed; files without one (XTREME's processed PAN-X) are read as they are."""

    def read(path: Path) -> list[TaggingExample]:
        sentences, tokens, labels = [], [], []
        lines = list(_lines(path))
        prefix = _language_prefix(lines) if strip_language_prefix else ""

        def flush(number: int) -> None:
            if tokens:
                sentences.append(TaggingExample(f"{path.stem}-{number}", tuple(tokens), tuple(labels)))
                tokens.clear()
                labels.clear()

        for number, line in lines:
            if not line.strip():
                flush(number)
                continue
            if line.startswith("#") and "\t" not in line:  # a CoNLL-U comment; `#<TAB>tag` is the token '#'
                continue
            cells = line.split("\t")
            if len(cells) >= 10:  # CoNLL-U
                if "-" in cells[0] or "." in cells[0]:
                    continue
                token, tag = cells[1], cells[3]
            elif len(cells) >= 2:
                token, tag = cells[0], cells[-1]
            else:
                raise LayoutError(f"{path}:{number}", "expected 'token<TAB>tag' or a 10-column CoNLL-U line")
            if prefix:
                token = token[len(prefix):]
            tokens.append(token)
            labels.append(tag)
        flush(0)
        return sentences

    return read


def squad_json(path: Path) -> list[SpanExample]:
    """SQuAD v1.1/v2.0 JSON (also XQuAD, MLQA, TyDiQA-GoldP)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LayoutError(path, f"not JSON ({exc.msg}, line {exc.lineno})") from exc
    out = []
    for article in data.get("data", []) if isinstance(data, dict) else []:
        for paragraph in article.get("paragraphs", []):
            for qa in paragraph.get("qas", []):
                answers = tuple((a["text"], int(a["answer_start"])) for a in qa.get("answers", []))
                out.append(SpanExample(qa["id"], qa["question"], paragraph["context"], answers, bool(qa.get("is_impossible"))))
    if not out:
        raise LayoutError(path, "no questions found (expected SQuAD format: data[].paragraphs[].qas[])")
    return out


def csv_choice(context: str, question: str, answers: tuple[str, ...], label: str) -> Reader:
    """Multiple choice from CSV with a header (Cosmos QA)."""

    def read(path: Path) -> list[ChoiceExample]:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        out = []
        for number, row in enumerate(rows, start=2):
            gold = row.get(label)
            out.append(ChoiceExample(row.get("id", str(number)), _field(row, context, path, number),
                                     _field(row, question, path, number),
                                     tuple(_field(row, a, path, number) for a in answers), int(gold) if gold else None))
        return out

    return read


def hellaswag_jsonl(path: Path) -> list[ChoiceExample]:
    return [ChoiceExample(str(row.get("ind", number)), _field(row, "ctx", path, number), "",
                          tuple(_field(row, "endings", path, number)),
                          int(row["label"]) if row.get("label") not in (None, "") else None)
            for number, row in _json_lines(path)]


def commonsenseqa_jsonl(path: Path) -> list[ChoiceExample]:
    out = []
    for number, row in _json_lines(path):
        question = _field(row, "question", path, number)
        choices = sorted(question["choices"], key=lambda c: c["label"])
        key = row.get("answerKey")
        label = [c["label"] for c in choices].index(key) if key else None
        out.append(ChoiceExample(row.get("id", str(number)), "", question["stem"], tuple(c["text"] for c in choices), label))
    return out


def aligned_sentences(target_suffix: str) -> Reader:
    """Line-aligned parallel files (Tatoeba): `<name>.<src>` with its translation in `<name>.<target_suffix>`."""

    def read(path: Path) -> list[RetrievalExample]:
        target = path.with_suffix(f".{target_suffix}")
        if not target.is_file():
            raise LayoutError(target, f"missing; the aligned translation of {path.name}")
        source = [s for _, s in _lines(path)]
        other = [s for _, s in _lines(target)]
        if len(source) != len(other):
            raise LayoutError(path, f"{len(source)} lines but {target.name} has {len(other)}")
        ids = [str(i) for i in range(len(source))]
        return [RetrievalExample(tuple(zip(ids, source)), tuple(zip(ids, other)), frozenset(zip(ids, ids)))]

    return read


def bucc_files(path: Path) -> list[RetrievalExample]:
    """BUCC 2018: `<lp>.<split>.<src>` and `.en` hold `id<TAB>sentence`; `.gold` holds `src_id<TAB>en_id`."""

    def pairs(file: Path) -> tuple[tuple[str, str], ...]:
        if not file.is_file():
            raise LayoutError(file, "missing; BUCC needs the source, the .en and the .gold file side by side")
        return tuple(tuple(line.split("\t", 1)) for _, line in _lines(file) if line.strip())

    english = path.with_suffix(".en")
    gold_file = path.with_suffix(".gold")
    gold = frozenset(pairs(gold_file)) if gold_file.is_file() else frozenset()
    return [RetrievalExample(pairs(path), pairs(english), gold)]


def text_lines(path: Path) -> list[TextExample]:
    return [TextExample(f"{path.stem}-{n}", line) for n, line in _lines(path) if line.strip()]
