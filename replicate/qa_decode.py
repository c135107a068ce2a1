"""From start/end logits of each window to one answer text per question: a pure function over arrays."""

from __future__ import annotations

import numpy as np

from replicate.features import Feature
from replicate.tasks.examples import SpanExample


def best_answers(examples: list[SpanExample], features: list[Feature], logits: list[np.ndarray], *,
                 n_best: int = 20, max_answer_tokens: int = 30, allow_impossible: bool = False) -> dict[str, str]:
    """The highest-scoring valid span per example across its windows.

    Args:
        examples: the questions, with their contexts.
        features: the windows, each knowing its example and the context offsets of its tokens.
        logits: per window, an array (tokens, 2) of start and end logits.
        allow_impossible: SQuAD v2.0: answer '' when the no-answer score (<s> as start and end) beats every span.
    Returns:
        question id -> answer text ('' for no answer).
    """
    if len(features) != len(logits):
        raise ValueError(f"{len(features)} windows but {len(logits)} logit arrays")
    best: dict[int, tuple[float, str]] = {}
    null: dict[int, float] = {}
    for feature, window in zip(features, logits):
        if window.ndim != 2 or window.shape[1] != 2:
            raise ValueError(f"expected (tokens, 2) logits, got {window.shape}")
        start, end = window[:, 0], window[:, 1]
        null[feature.example] = max(null.get(feature.example, -np.inf), float(start[0] + end[0]))
        context = examples[feature.example].context
        for s in np.argsort(-start)[:n_best]:
            for e in np.argsort(-end)[:n_best]:
                if s >= len(feature.offsets) or e >= len(feature.offsets):
                    continue
                if feature.offsets[s] is None or feature.offsets[e] is None or e < s or e - s + 1 > max_answer_tokens:
                    continue
                score = float(start[s] + end[e])
                if score > best.get(feature.example, (-np.inf, ""))[0]:
                    best[feature.example] = (score, context[feature.offsets[s][0] : feature.offsets[e][1]])
    answers = {}
    for number, example in enumerate(examples):
        score, text = best.get(number, (-np.inf, ""))
        answers[example.guid] = "" if allow_impossible and null.get(number, -np.inf) > score else text
    return answers
