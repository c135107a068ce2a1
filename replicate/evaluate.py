"""Predictions of a trained head and their score with the task's metric (XTREME's definitions)."""

from __future__ import annotations

from collections import Counter

import torch

from replicate.features import Feature, batches, to_device
from replicate.metrics import accuracy, qa_scores, tagging_f1
from replicate.precision import autocast
from replicate.qa_decode import best_answers
from replicate.tasks.registry import TaskSpec


@torch.no_grad()
def predict(model, spec: TaskSpec, features: list[Feature], batch_size: int, pad_id: int, device: torch.device,
            precision: str = "auto", group_by_length: bool = True, pad_to: int | None = None) -> list:
    """Label indices per feature (a list per position for tagging; (tokens, 2) start/end logits for spans).

    Outputs stay on the device until every batch has run, so batches are queued without a sync each.
    """
    model.eval()
    outputs: list[tuple[list[int], torch.Tensor]] = []
    for batch in batches(features, batch_size, pad_id, shuffle=False, group_by_length=group_by_length, pad_to=pad_to):
        index = batch.pop("index").tolist()
        with autocast(device, precision):
            _, logits = model(spec.name, to_device(batch, device))
        outputs.append((index, logits.float() if spec.head == "span_extraction" else logits.argmax(dim=-1)))
    out: list = [None] * len(features)
    for index, values in outputs:
        values = values.cpu()
        for row, i in enumerate(index):
            if spec.head == "span_extraction":
                out[i] = values[row, : len(features[i].input_ids)].numpy()
            else:
                out[i] = values[row].tolist()
    return out


def score(spec: TaskSpec, examples: list, features: list[Feature], predictions: list, language: str) -> dict[str, float]:
    if spec.head == "span_extraction":
        answers = best_answers(examples, features, predictions, allow_impossible=any(e.impossible for e in examples))
        dataset = [{"paragraphs": [{"context": e.context, "qas": [{"id": e.guid, "answers": [{"text": t} for t, _ in e.answers]}]}]}
                   for e in examples]
        return qa_scores(dataset, answers, language if spec.name == "mlqa" else None)
    if spec.head == "token_tagging":
        gold, found = [], []
        for feature, predicted in zip(features, predictions):
            keep = [p for p, label in enumerate(feature.label) if label != -100]
            gold.append([spec.labels[feature.label[p]] for p in keep])
            found.append([spec.labels[predicted[p]] for p in keep])
        if spec.metric == "f1":
            return tagging_f1(gold, found)
        return accuracy([t for s in gold for t in s], [t for s in found for t in s])
    return accuracy([str(f.label) for f in features], [str(p) for p in predictions])


def gold_missing(spec: TaskSpec, examples: list) -> str | None:
    """Why a split cannot be scored, or None: XTREME's download blanks the QA test answers and holds back other
    test labels, and a score against blanks would read as 0, not as 'unknown'."""
    if not examples:
        return "no examples"
    if spec.head == "span_extraction":
        answerable = [e for e in examples if not e.impossible]
        if answerable and not any(text.strip() for e in answerable for text, _ in e.answers):
            return "every answer is blank"
        return None
    if spec.head == "token_tagging":
        return "no tags" if all(e.tags is None for e in examples) else None
    if spec.head == "retrieval":
        return None if any(getattr(e, "gold", True) for e in examples) else "no gold pairs"
    return "no labels" if all(getattr(e, "label", None) is None for e in examples) else None


def majority_share(predictions: list) -> float:
    """Share of the most frequent predicted label: near 1.0 means the head collapsed to one class."""
    flat = [p for row in predictions for p in (row if isinstance(row, list) else [row])]
    return Counter(flat).most_common(1)[0][1] / len(flat) if flat else 0.0
