"""Example records the readers produce, one type per head."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PairExample:
    guid: str
    text_a: str
    text_b: str
    label: str | None  # None for unlabelled test data


@dataclass(frozen=True)
class ChoiceExample:
    guid: str
    context: str
    question: str
    choices: tuple[str, ...]
    label: int | None


@dataclass(frozen=True)
class SpanExample:
    guid: str
    question: str
    context: str
    answers: tuple[tuple[str, int], ...]  # (text, character start) pairs
    impossible: bool = False  # SQuAD v2.0 questions without an answer


@dataclass(frozen=True)
class TaggingExample:
    guid: str
    tokens: tuple[str, ...]
    tags: tuple[str, ...] | None


@dataclass(frozen=True)
class RetrievalExample:
    """One side of a parallel corpus, with the gold pairs when known."""

    source: tuple[tuple[str, str], ...]  # (id, sentence)
    target: tuple[tuple[str, str], ...]
    gold: frozenset[tuple[str, str]] = field(default_factory=frozenset)


@dataclass(frozen=True)
class TextExample:
    guid: str
    text: str
