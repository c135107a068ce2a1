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
    """A randomly initialised 2-layer XLM-R-shaped encoder with a SentencePiece-style (Unigram, '▁') tokenizer
    trained on `corpus`, saved as a local model folder."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # XLM-R's order: pad is 1
    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.train_from_iterator(corpus, trainers.UnigramTrainer(vocab_size=300, special_tokens=specials, unk_token="<unk>"))
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tokenizer = XLMRobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                        cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    config = XLMRobertaConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                              intermediate_size=64, max_position_embeddings=160, pad_token_id=1, bos_token_id=0,
                              eos_token_id=2)
    torch.manual_seed(0)
    folder.mkdir(parents=True, exist_ok=True)
    XLMRobertaModel(config, add_pooling_layer=False).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
