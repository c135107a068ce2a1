"""The encoder (loaded by name or path, offline) with one head per task."""

from __future__ import annotations

import os

import torch
from torch import nn

from replicate.errors import ReplicateError
from replicate.heads import HEADS
from replicate.tasks.registry import TaskSpec


def load_encoder(name: str):
    """(encoder, tokenizer) from a local folder, or a name already in the Hugging Face cache; never downloads."""
    return _offline(name, "encoder"), load_tokenizer(name)


def load_tokenizer(name: str):
    """The tokenizer alone (planning needs no weights)."""
    return _offline(name, "tokenizer")


def model_shape(name: str) -> dict[str, int]:
    """Layers, width and vocabulary of the encoder's config: what tells XLM-R Large from a toy model."""
    config = _offline(name, "config")
    return {"layers": config.num_hidden_layers, "hidden": config.hidden_size, "vocab": config.vocab_size}


def _offline(name: str, part: str):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # before transformers is imported: the hub reads it once
    from transformers import AutoConfig, AutoModel, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    try:
        if part == "tokenizer":
            return AutoTokenizer.from_pretrained(name, local_files_only=True)
        if part == "config":
            return AutoConfig.from_pretrained(name, local_files_only=True)
        return AutoModel.from_pretrained(name, local_files_only=True, attn_implementation="sdpa", add_pooling_layer=False)
    except (OSError, ValueError) as exc:
        if part == "tokenizer":  # planning reads the tokenizer alone
            raise ReplicateError(name, "tokenizer cannot be loaded offline; give the path of a local folder with its "
                                       "tokenizer files (tokenizer.json; weights are not needed)") from exc
        raise ReplicateError(name, "model cannot be loaded offline; give the path of a local model folder "
                                   "(config.json, weights and tokenizer files)") from exc


def pretrained_lm_head(name: str) -> dict[str, torch.Tensor] | None:
    """The checkpoint's own LM head weights in MaskedLM's names, or None when the checkpoint holds no LM head
    (an encoder saved alone, like the tiny test model)."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from transformers import AutoModelForMaskedLM

    try:
        model, info = AutoModelForMaskedLM.from_pretrained(name, local_files_only=True, output_loading_info=True)
    except (OSError, ValueError):
        return None
    if any(key.startswith("lm_head.dense") for key in info["missing_keys"]):
        return None
    head = model.lm_head
    return {"dense.weight": head.dense.weight, "dense.bias": head.dense.bias,
            "layer_norm.weight": head.layer_norm.weight, "layer_norm.bias": head.layer_norm.bias,
            "decoder.weight": head.decoder.weight, "decoder.bias": head.bias}


class MultiTaskModel(nn.Module):
    def __init__(self, encoder: nn.Module, specs: list[TaskSpec], pretrained: str | None = None):
        """`pretrained`: the checkpoint the encoder came from, whose LM head an MLM task starts from."""
        super().__init__()
        self.encoder = encoder
        hidden = encoder.config.hidden_size
        def outputs(spec: TaskSpec) -> int:
            return encoder.config.vocab_size if spec.head == "mlm" else max(len(spec.labels), 1)

        self.heads = nn.ModuleDict({spec.name: HEADS[spec.head](hidden, outputs(spec)) for spec in specs})
        self.fresh_lm_heads: list[str] = []  # MLM tasks whose head starts random: the checkpoint had none
        for spec in specs:
            if spec.head == "mlm":
                weights = pretrained_lm_head(pretrained) if pretrained else None
                if weights is None:
                    self.fresh_lm_heads.append(spec.name)
                else:
                    self.heads[spec.name].load_state_dict({k: v.detach().clone() for k, v in weights.items()})

    def forward(self, task: str, batch: dict[str, torch.Tensor]):
        states = self.encoder(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).last_hidden_state
        return self.heads[task](states, batch)
