"""Tiny transformer models built in the test: a BERT-shaped NLI cross-encoder trained for a few steps."""

from __future__ import annotations

import re
from pathlib import Path

import torch
from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

LABELS = {0: "contradiction", 1: "entailment", 2: "neutral"}


def tiny_nli(folder: Path, pairs: list[tuple[str, str, int]], steps: int = 30) -> Path:
    """Write a 1-layer BERT sequence-pair classifier trained `steps` steps on (premise, hypothesis, label)."""
    words = sorted({w for p, h, _ in pairs for w in re.findall(r"\w+|[^\w\s]", (p + " " + h).lower())})
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *words]) + "\n")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=True)
    config = BertConfig(vocab_size=len(words) + 5, hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=128, num_labels=3, id2label=LABELS,
                        label2id={v: k for k, v in LABELS.items()})
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=3e-3)
    batch = tokenizer([p for p, _, _ in pairs], [h for _, h, _ in pairs], padding=True, truncation=True,
                      max_length=128, return_tensors="pt")
    labels = torch.tensor([label for _, _, label in pairs])
    model.train()
    for _ in range(steps):
        loss = model(**batch, labels=labels).loss
        loss.backward()
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    model.eval()
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder



def tiny_xlmr(folder: Path, corpus: list[str]) -> Path:
    """The package's tiny XLM-R-shaped encoder, with a small vocabulary for the test's small corpus."""
    from replicate.tiny import make_tiny_model

    return make_tiny_model(folder, corpus, vocab=300)
