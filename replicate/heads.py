"""Task heads over a shared encoder, one class per head type, registered by a decorator.

Each head takes the encoder's last hidden states and the batch, and returns
(loss or None, logits). A new head type is one class here and one
`@head("name")` line.
"""

from __future__ import annotations

import torch
from torch import nn

HEADS: dict[str, type[nn.Module]] = {}


def head(name: str):
    def register(cls):
        HEADS[name] = cls
        return cls

    return register


class _Pooled(nn.Module):
    """The first token's state through dense + tanh, as RoBERTa's classification head does."""

    def __init__(self, hidden: int, dropout: float):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.dropout = nn.Dropout(dropout)

    def forward(self, states: torch.Tensor) -> torch.Tensor:
        return self.dropout(torch.tanh(self.dense(self.dropout(states[:, 0]))))


@head("pair_classification")
class PairClassification(nn.Module):
    def __init__(self, hidden: int, num_labels: int, dropout: float = 0.1):
        super().__init__()
        self.pool = _Pooled(hidden, dropout)
        self.out = nn.Linear(hidden, num_labels)

    def forward(self, states, batch):
        logits = self.out(self.pool(states))
        loss = nn.functional.cross_entropy(logits.float(), batch["labels"]) if "labels" in batch else None
        return loss, logits


@head("token_tagging")
class TokenTagging(nn.Module):
    """One label per word, predicted at the word's first real sub-word; other positions carry label -100."""

    def __init__(self, hidden: int, num_labels: int, dropout: float = 0.1):
        super().__init__()
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, num_labels)

    def forward(self, states, batch):
        logits = self.out(self.dropout(states))
        loss = None
        if "labels" in batch:
            loss = nn.functional.cross_entropy(logits.float().flatten(0, 1), batch["labels"].flatten(), ignore_index=-100)
        return loss, logits


@head("mlm")
class MaskedLM(nn.Module):
    """RoBERTa's LM head (dense, GELU, LayerNorm, decoder over the vocabulary), -100 on unmasked tokens.

    Shaped as XLM-R's own head so that its pretrained weights load into it: continued
    pretraining then starts from what the model learned, not from a random 250k-way layer.
    """

    def __init__(self, hidden: int, vocab: int, layer_norm_eps: float = 1e-5):
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)
        self.layer_norm = nn.LayerNorm(hidden, eps=layer_norm_eps)
        self.decoder = nn.Linear(hidden, vocab)

    def forward(self, states, batch):
        logits = self.decoder(self.layer_norm(nn.functional.gelu(self.dense(states))))
        loss = None
        if "labels" in batch:
            loss = nn.functional.cross_entropy(logits.float().flatten(0, 1), batch["labels"].flatten(), ignore_index=-100)
        return loss, logits


@head("multiple_choice")
class MultipleChoice(nn.Module):
    """Each (context, choice) pair is encoded as one row; rows of an example are scored against each other."""

    def __init__(self, hidden: int, num_labels: int = 1, dropout: float = 0.1):
        super().__init__()
        self.pool = _Pooled(hidden, dropout)
        self.out = nn.Linear(hidden, 1)

    def forward(self, states, batch):
        logits = self.out(self.pool(states)).view(-1, batch["num_choices"])
        loss = nn.functional.cross_entropy(logits.float(), batch["labels"]) if "labels" in batch else None
        return loss, logits


@head("span_extraction")
class SpanExtraction(nn.Module):
    """Start and end logits over the tokens; label (0, 0) points at <s> for 'no answer in this window'."""

    def __init__(self, hidden: int, num_labels: int = 2):
        super().__init__()
        self.out = nn.Linear(hidden, 2)

    def forward(self, states, batch):
        logits = self.out(states).float()
        masked = logits.masked_fill(batch["attention_mask"].unsqueeze(-1) == 0, -1e4)
        loss = None
        if "labels" in batch:
            start, end = batch["labels"][:, 0], batch["labels"][:, 1]
            loss = (nn.functional.cross_entropy(masked[..., 0], start) + nn.functional.cross_entropy(masked[..., 1], end)) / 2
        return loss, masked
