"""From start/end logits of each window to one answer text per question: a pure function over arrays.

Decoding over overlapping windows follows the SQuAD scripts XTREME and jiant use:
a span may start only at a token in the window where that token has the most
context around it (its 'max context' window), and for SQuAD v2.0 the no-answer
score of a question is its lowest over its windows.
"""

from __future__ import annotations

import numpy as np

from replicate.features import Feature
from replicate.tasks.examples import SpanExample


def max_context_starts(features: list[Feature]) -> list[set[int] | None]:
    """Per window, the positions of the context tokens for which it is the max-context window.

    A token's context in a window is min(tokens left of it, tokens right of it) within
    the window's context, plus 0.01 x the window's context length; the first window
    wins a tie. None for a window that does not say where it starts in the context
    (every position allowed).
    """
    best: dict[tuple[int, int], tuple[float, int]] = {}  # (example, context token) -> (score, window)
    layout: list[tuple[int, int] | None] = []  # per window: (first context position, context tokens)
    for number, feature in enumerate(features):
        positions = [i for i, o in enumerate(feature.offsets or []) if o is not None]
        if feature.window_start is None or not positions:
            layout.append(None)
            continue
        first, length = positions[0], len(positions)
        layout.append((first, length))
        for j in range(length):
            score = min(j, length - 1 - j) + 0.01 * length
            key = (feature.example, feature.window_start + j)
            if key not in best or score > best[key][0]:
                best[key] = (score, number)
    allowed: list[set[int] | None] = []
    for number, (feature, spot) in enumerate(zip(features, layout)):
        if spot is None:
            allowed.append(None if feature.window_start is None else set())
            continue
        first, length = spot
        allowed.append({first + j for j in range(length) if best[(feature.example, feature.window_start + j)][1] == number})
    return allowed


def best_answers(examples: list[SpanExample], features: list[Feature], logits: list[np.ndarray], *,
                 n_best: int = 20, max_answer_tokens: int = 30, allow_impossible: bool = False) -> dict[str, str]:
    """The highest-scoring valid span per example across its windows.

    Args:
        examples: the questions, with their contexts.
        features: the windows, each knowing its example and the context offsets of its tokens.
        logits: per window, an array (tokens, 2) of start and end logits.
        allow_impossible: SQuAD v2.0: answer '' when the no-answer score (<s> as start and end, lowest over the
            question's windows) beats every span.
    Returns:
        question id -> answer text ('' for no answer).
    """
    if len(features) != len(logits):
        raise ValueError(f"{len(features)} windows but {len(logits)} logit arrays")
    best: dict[int, tuple[float, str]] = {}
    null: dict[int, float] = {}
    for feature, window, starts in zip(features, logits, max_context_starts(features)):
        if window.ndim != 2 or window.shape[1] != 2:
            raise ValueError(f"expected (tokens, 2) logits, got {window.shape}")
        start, end = window[:, 0], window[:, 1]
        null[feature.example] = min(null.get(feature.example, np.inf), float(start[0] + end[0]))
        context = examples[feature.example].context
        for s in np.argsort(-start)[:n_best]:
            if starts is not None and s not in starts:
                continue
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
