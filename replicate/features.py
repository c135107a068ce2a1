"""Examples -> model inputs (token ids, label indices) for each head, and batches with dynamic padding.

Batches group examples of similar length (sorted within shuffled buckets), so
padding is small; each batch is padded only to its own longest row.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import torch

from replicate.errors import ReplicateError
from replicate.tasks.examples import ChoiceExample, PairExample, SpanExample, TaggingExample, TextExample
from replicate.tasks.registry import TaskSpec


@dataclass
class Feature:
    input_ids: list[int] | list[list[int]]  # one row, or one row per choice
    label: int | list[int] | tuple[int, int] | None
    example: int = 0  # index of the example it came from (several windows per QA example)
    offsets: list[tuple[int, int] | None] | None = None  # QA: context character span per token, None off-context
    window_start: int | None = None  # QA: index, among the context's tokens, of the window's first context token


def _label_index(spec: TaskSpec, label: str | None) -> int | None:
    if label is None:
        return None
    if label not in spec.labels:
        raise ReplicateError(spec.name, f"label {label!r} is not in the head's label set {list(spec.labels)}")
    return spec.labels.index(label)


def _first_real_pieces(tokenizer, encoding, n_words: int) -> list[int | None]:
    """Per word, the position of its first sub-word that is not XLM-R's standalone '▁' piece."""
    tokens = encoding.tokens()
    first: list[int | None] = [None] * n_words
    fallback: list[int | None] = [None] * n_words
    for position, word in enumerate(encoding.word_ids()):
        if word is None:
            continue
        fallback[word] = position if fallback[word] is None else fallback[word]
        if first[word] is None and tokens[position] != "▁":
            first[word] = position
    return [f if f is not None else b for f, b in zip(first, fallback)]


# XTREME's run_squad.py (and jiant's SQuAD-style tasks): --doc_stride 128, --max_query_length 64, at max_seq_length 384.
QA_DOC_STRIDE = 128  # context tokens from the start of one window to the start of the next (not the overlap)
QA_MAX_QUERY_TOKENS = 64  # question tokens kept; the rest of a longer question is cut off


def featurize(spec: TaskSpec, tokenizer, examples: list, max_length: int, doc_stride: int | None = None,
              max_query_length: int = QA_MAX_QUERY_TOKENS) -> list[Feature]:
    """Model inputs for `examples`.

    QA contexts too long for one input are cut into windows as XTREME cuts them:
    windows start `doc_stride` context tokens apart (default 128; for inputs so short
    that a window holds under 256 context tokens, half a window), and questions keep
    their first `max_query_length` tokens (64; at most half of what the input holds).
    """
    features: list[Feature] = []
    layout = None
    for number, example in enumerate(examples):
        if isinstance(example, PairExample):
            ids = tokenizer(example.text_a, example.text_b, truncation=True, max_length=max_length)["input_ids"]
            features.append(Feature(ids, _label_index(spec, example.label)))
        elif isinstance(example, ChoiceExample):
            first = f"{example.context} {example.question}".strip()
            rows = [tokenizer(first, choice, truncation=True, max_length=max_length)["input_ids"] for choice in example.choices]
            features.append(Feature(rows, example.label))
        elif isinstance(example, TaggingExample):
            features += _tagging(spec, tokenizer, list(example.tokens), list(example.tags or []), max_length)
        elif isinstance(example, SpanExample):
            layout = layout or _pair_layout(tokenizer)
            features += _spans(tokenizer, layout, example, number, max_length, doc_stride, max_query_length)
        elif isinstance(example, TextExample):
            features.append(_masked(tokenizer, example.text, max_length, random.Random(f"{spec.name}:{number}")))
        else:
            raise ReplicateError(spec.name, f"the {spec.head} head cannot take {type(example).__name__} yet")
    return features


def _tagging(spec: TaskSpec, tokenizer, words: list[str], tags: list[str], max_length: int) -> list[Feature]:
    """A sentence too long for the model is split into word windows, so no word loses its label."""
    encoding = tokenizer(words, is_split_into_words=True, truncation=False)
    if len(encoding["input_ids"]) > max_length and len(words) > 1:
        half = len(words) // 2
        return (_tagging(spec, tokenizer, words[:half], tags[:half], max_length)
                + _tagging(spec, tokenizer, words[half:], tags[half:], max_length))
    ids = encoding["input_ids"][:max_length]
    labels = [-100] * len(ids)
    if tags:
        for word, position in enumerate(_first_real_pieces(tokenizer, encoding, len(words))):
            if position is not None and position < len(ids):
                labels[position] = _label_index(spec, tags[word])
    return [Feature(ids, labels if tags else None)]


def _masked(tokenizer, text: str, max_length: int, rng: random.Random) -> Feature:
    """BERT's masking (Devlin et al. 2019): 15% of real tokens predicted; of those 80% <mask>, 10% random, 10% kept.
    Masks are drawn once per example from a seeded generator, so a resumed run sees the same ones."""
    ids = tokenizer(text, truncation=True, max_length=max_length)["input_ids"]
    special = set(tokenizer.all_special_ids)
    labels = [-100] * len(ids)
    masked = list(ids)
    for position, token in enumerate(ids):
        if token in special or rng.random() >= 0.15:
            continue
        labels[position] = token
        draw = rng.random()
        if draw < 0.8:
            masked[position] = tokenizer.mask_token_id
        elif draw < 0.9:
            masked[position] = rng.randrange(len(tokenizer))
    return Feature(masked, labels)


def _pair_layout(tokenizer) -> tuple[list[int], list[int], list[int]]:
    """The special token ids a tokenizer puts before the question, between question and context, and after the
    context (XLM-R: [<s>], [</s>, </s>], [</s>]), read off the encoding of a probe pair."""
    probe = tokenizer("a", "b")
    ids, sequence = probe["input_ids"], probe.sequence_ids()
    question = [i for i, s in enumerate(sequence) if s == 0]
    context = [i for i, s in enumerate(sequence) if s == 1]
    if not question or not context:
        raise ReplicateError("span_extraction", "the tokenizer does not encode a question-context pair")
    return ids[: question[0]], ids[question[-1] + 1 : context[0]], ids[context[-1] + 1 :]


def _spans(tokenizer, layout: tuple[list[int], list[int], list[int]], example: SpanExample, number: int,
           max_length: int, doc_stride: int | None, max_query_length: int) -> list[Feature]:
    """Windows <s> question </s></s> context-slice </s> over a long context, as XTREME's run_squad.py builds them.

    The question keeps its first `max_query_length` tokens; the context slices hold
    what is left of `max_length` and start `doc_stride` context tokens apart (never
    more than a window holds, so every context token is in some window); the last
    window is the first that reaches the end of the context. Each window is labelled
    with the answer's token span, or (0, 0) when the answer is not wholly inside it
    or the question has none."""
    before, between, after = layout
    room = max_length - len(before) - len(between) - len(after)
    question = tokenizer(example.question, add_special_tokens=False, verbose=False)["input_ids"]
    question = question[: min(max_query_length, room // 2)]
    context = tokenizer(example.context, add_special_tokens=False, return_offsets_mapping=True, verbose=False)
    width = room - len(question)  # context tokens per window
    if width < 1:
        raise ReplicateError("span_extraction", f"max_length {max_length} leaves no room for the context")
    step = min(doc_stride if doc_stride is not None else min(QA_DOC_STRIDE, max(1, width // 2)), width)
    if step < 1:
        raise ReplicateError("span_extraction", f"doc_stride must be at least 1, not {doc_stride}")
    answer = None if example.impossible or not example.answers else example.answers[0]
    ids, spans = context["input_ids"], [tuple(o) for o in context["offset_mapping"]]
    lead = len(before) + len(question) + len(between)
    out, start = [], 0
    while True:
        piece = slice(start, start + width)
        offsets = [None] * lead + list(spans[piece]) + [None] * len(after)
        label = (0, 0)
        if answer is not None:
            start_char, end_char = answer[1], answer[1] + len(answer[0])
            inside = [i for i, o in enumerate(offsets) if o is not None and o[0] < end_char and o[1] > start_char]
            if inside and offsets[inside[0]][0] <= start_char and offsets[inside[-1]][1] >= end_char:
                label = (inside[0], inside[-1])
        out.append(Feature(before + question + between + ids[piece] + after, label, number, offsets, start))
        if start + width >= len(ids):
            return out
        start += step


def batches(features: list[Feature], batch_size: int, pad_id: int, *, shuffle: bool, seed: int = 0,
            group_by_length: bool = True, pad_to: int | None = None) -> list[dict[str, torch.Tensor]]:
    """Padded batches; with grouping, examples are sorted by length inside buckets of 50 batches.
    Each batch is padded to its longest row, or to `pad_to` tokens (the fixed-width path it is checked against)."""
    order = list(range(len(features)))
    rng = random.Random(seed)
    if shuffle:
        rng.shuffle(order)
    if group_by_length:
        bucket = batch_size * 50
        order = [i for start in range(0, len(order), bucket)
                 for i in sorted(order[start:start + bucket], key=lambda i: _length(features[i]))]
    chunks = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        rng.shuffle(chunks)
    return [collate([features[i] for i in chunk], pad_id, pad_to) | {"index": torch.tensor(chunk)} for chunk in chunks]


def _length(feature: Feature) -> int:
    ids = feature.input_ids
    return max(len(r) for r in ids) if ids and isinstance(ids[0], list) else len(ids)


def collate(features: list[Feature], pad_id: int, pad_to: int | None = None) -> dict[str, torch.Tensor]:
    choice = bool(features) and isinstance(features[0].input_ids[0], list)
    rows = [r for f in features for r in f.input_ids] if choice else [f.input_ids for f in features]
    width = max(max(len(r) for r in rows), pad_to or 0)
    ids = torch.full((len(rows), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row)
        mask[i, : len(row)] = 1
    batch: dict[str, torch.Tensor] = {"input_ids": ids, "attention_mask": mask}
    if choice:
        batch["num_choices"] = len(features[0].input_ids)
    if all(f.label is not None for f in features):
        if isinstance(features[0].label, list):
            labels = torch.full((len(rows), width), -100, dtype=torch.long)
            for i, f in enumerate(features):
                labels[i, : len(f.label)] = torch.tensor(f.label)
            batch["labels"] = labels
        else:
            batch["labels"] = torch.tensor([f.label for f in features])
    return batch


def has_target(batch: dict) -> bool:
    """Whether a batch has anything to learn: gold labels, and at least one position not ignored (-100)."""
    labels = batch.get("labels")
    return labels is not None and bool((labels != -100).any())


def to_device(batch: dict, device: torch.device) -> dict:
    """Tensors of a batch on `device`; on CUDA through pinned memory, so the copy overlaps the running step."""
    if device.type != "cuda":
        return batch
    return {k: v.pin_memory().to(device, non_blocking=True) if torch.is_tensor(v) else v for k, v in batch.items()}


def multitask_epochs(specs_features: list[tuple[TaskSpec, list[Feature]]], hyper: dict, pad_id: int, seed: int) -> list:
    """Each epoch interleaves the batches of every task (multi-task sampling in proportion to size)."""
    count = max(1, round(hyper["epochs"]))
    epochs = []
    for epoch in range(count):
        items = [(spec.name, b) for spec, features in specs_features
                 for b in batches(features, hyper["batch_size"], pad_id, shuffle=True, seed=seed * 1000 + epoch)]
        random.Random(seed * 1000 + epoch).shuffle(items)
        epochs.append([(task, {k: v for k, v in b.items() if k != "index"}) for task, b in items])
    return epochs
