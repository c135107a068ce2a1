"""A tiny XLM-R-shaped encoder for CPU runs: random weights, a Unigram ('▁') tokenizer trained on the data's text.

No pretrained weights can be downloaded here; this model has the real architecture
and tokenisation behaviour (including XLM-R's standalone '▁' pieces) at a size a
laptop trains in seconds. Its scores say nothing about the paper's numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from replicate.errors import ReplicateError

SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]  # XLM-R's ids: <s>=0, <pad>=1, </s>=2


def corpus_of(data_dir: Path, limit: int = 20000) -> list[str]:
    """Text lines of every file under `data_dir` (JSON string values, TSV cells), for training the tokenizer."""
    lines: list[str] = []
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        text = path.read_text(encoding="utf-8", errors="ignore")
        if path.suffix in (".json", ".jsonl"):
            lines += [s for s in _strings(text) if " " in s]
        else:
            lines += [cell for line in text.splitlines() for cell in line.split("\t") if cell.strip()]
        if len(lines) >= limit:
            break
    if not lines:
        raise ReplicateError(data_dir, "no text found to train a tokenizer on")
    return lines[:limit]


def _strings(text: str) -> list[str]:
    out: list[str] = []

    def walk(value) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for chunk in ([text] if text.lstrip().startswith(("{", "[")) and "\n{" not in text else text.splitlines()):
        try:
            walk(json.loads(chunk))
        except json.JSONDecodeError:
            continue
    return out


def make_tiny_model(folder: Path, corpus: list[str], *, hidden: int = 32, layers: int = 2, heads: int = 2,
                    vocab: int = 1000, seed: int = 0) -> Path:
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import XLMRobertaConfig, XLMRobertaModel, XLMRobertaTokenizerFast
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()

    tok = Tokenizer(models.Unigram())
    tok.pre_tokenizer = pre_tokenizers.Metaspace()
    tok.decoder = decoders.Metaspace()
    tok.train_from_iterator(corpus, trainers.UnigramTrainer(vocab_size=vocab, special_tokens=SPECIALS, unk_token="<unk>",
                                                            show_progress=False))
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    tokenizer = XLMRobertaTokenizerFast(tokenizer_object=tok, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                        cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")
    config = XLMRobertaConfig(vocab_size=tok.get_vocab_size(), hidden_size=hidden, num_hidden_layers=layers,
                              num_attention_heads=heads, intermediate_size=4 * hidden, max_position_embeddings=514,
                              pad_token_id=1, bos_token_id=0, eos_token_id=2)
    torch.manual_seed(seed)
    folder.mkdir(parents=True, exist_ok=True)
    XLMRobertaModel(config, add_pooling_layer=False).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
