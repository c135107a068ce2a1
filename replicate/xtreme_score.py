"""Score predictions in the XTREME submission layout, as the official XTREME evaluation does.

Layout: `<dir>/<task>/test-<lang>.tsv` (one label per line; tagging tasks one
tag per line with a blank line between sentences; BUCC `src<TAB>trg` pairs)
or `test-<lang>.json` for the QA tasks (labels: SQuAD-format dataset;
predictions: {question id: answer}). A task is scored when both folders hold
it; then every language XTREME lists for it must be there.
"""

from __future__ import annotations

import json
from pathlib import Path

from replicate.errors import LayoutError
from replicate.languages import GROUPS, TASK_LANGUAGES
from replicate.metrics import accuracy, bucc_f1, qa_scores, tagging_f1

_QA = set(GROUPS["qa"])


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


def _sentences(path: Path) -> list[list[str]]:
    sentences, current = [], []
    for line in _lines(path):
        if line:
            current.append(line)
        elif current:
            sentences.append(current)
            current = []
    return sentences + ([current] if current else [])


def _json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise LayoutError(path, f"not JSON ({exc.msg}, line {exc.lineno})") from exc


def _check_qa(articles, answers, predictions: Path, labels: Path) -> None:
    """Refuse what would score 0.00 for a wrong reason: files swapped, or answers to other questions."""
    if not (isinstance(articles, list) and all(isinstance(a, dict) and "paragraphs" in a for a in articles)):
        raise LayoutError(labels, "not a SQuAD-format dataset ({'data': [{'paragraphs': [{'qas': ...}]}]})")
    if not isinstance(answers, dict) or "data" in answers or not all(isinstance(v, str) for v in answers.values()):
        raise LayoutError(predictions, "not predictions: expected {question id: answer text}"
                                       " (is it a labels file? the predictions folder comes first)")
    ids = {qa["id"] for article in articles for paragraph in article["paragraphs"] for qa in paragraph["qas"]}
    if answers and not ids & answers.keys():
        raise LayoutError(predictions, f"answers none of the {len(ids)} questions of {labels.name} (ids do not match)")


def score_language(task: str, predictions: Path, labels: Path, language: str) -> dict[str, float]:
    for path in (predictions, labels):
        if not path.is_file():
            raise LayoutError(path, f"missing: {task} needs test-<lang> files for {', '.join(TASK_LANGUAGES[task])}")
    if task in ("panx", "udpos"):
        return tagging_f1(_sentences(labels), _sentences(predictions))
    if task == "bucc2018":
        return bucc_f1([line for line in _lines(labels) if line], [line for line in _lines(predictions) if line])
    if task in _QA:
        dataset = _json(labels)
        articles = dataset.get("data", dataset) if isinstance(dataset, dict) else dataset
        answers = _json(predictions)
        _check_qa(articles, answers, predictions, labels)
        return qa_scores(articles, answers, language if task == "mlqa" else None)
    gold, found = _lines(labels), _lines(predictions)
    while gold and not gold[-1]:
        gold.pop()
    while found and not found[-1]:
        found.pop()
    return accuracy(gold, found)


def score_layout(predictions: Path, labels: Path) -> tuple[dict[str, float], dict[str, dict]]:
    """(group and overall averages, per-task scores) for every task present in both folders."""
    for folder in (predictions, labels):
        if not folder.is_dir():
            raise LayoutError(folder, "not a folder (expected <task>/test-<lang>.tsv|json inside)")
    tasks = {}
    for task, languages in TASK_LANGUAGES.items():
        if not ((predictions / task).is_dir() and (labels / task).is_dir()):
            continue
        suffix = "json" if task in _QA else "tsv"
        per_metric: dict[str, dict[str, float]] = {}
        for language in languages:
            name = f"test-{language}.{suffix}"
            for metric, value in score_language(task, predictions / task / name, labels / task / name, language).items():
                per_metric.setdefault(metric, {})[language] = value
        scores: dict = dict(per_metric)
        for metric, values in per_metric.items():
            scores[f"avg_{metric}"] = sum(values.values()) / len(values)
        if task in _QA:
            scores["avg_metric"] = (scores["avg_exact_match"] + scores["avg_f1"]) / 2
        else:
            scores["avg_metric"] = scores.get("avg_f1", scores.get("avg_accuracy"))
        tasks[task] = scores
    if not tasks:
        raise LayoutError(predictions, f"no task folder present in both {predictions} and {labels}")
    overall = {group: sum(tasks[t]["avg_metric"] for t in members) / len(members)
               for group, members in GROUPS.items() if all(t in tasks for t in members)}
    if set(tasks) == set(TASK_LANGUAGES):
        overall["all_task"] = sum(t["avg_metric"] for t in tasks.values()) / len(tasks)
    return overall, tasks
