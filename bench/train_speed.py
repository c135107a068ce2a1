"""Cross-encoder training speed: pairs per second of `claims.train_crossencoder.train`, fp32 against bf16, on one device.

A `synth train-verifier` run spends most of its time there. The model has MiniLM-L6's shapes: the real weights where
the embedder package is installed, else random ones of the same shapes (a GPU machine here has no weights, and the
speed does not depend on them). Every synthetic pair is `--tokens` long, so every batch is full: the slow end, since
the real pairs are shorter. The steps are timed from the first after `--warmup`, each ending with the loss read back,
so a GPU's queue is drained before the clock is read.

    python bench/train_speed.py [--device cuda] [--steps 60] [--warmup 10] [--batch-size 32] [--tokens 160]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

# MiniLM-L6 (all-MiniLM-L6-v2's config.json).
MINILM = {"hidden_size": 384, "num_hidden_layers": 6, "num_attention_heads": 12, "intermediate_size": 1536,
          "vocab_size": 30522, "max_position_embeddings": 512}


def random_crossencoder(folder: Path, words: list[str], **shape):
    """A 3-way BERT classifier of MiniLM-L6's shapes (or `shape`'s), its weights random but the same on every call,
    and a tokenizer whose vocabulary is `words` (written to `folder`); the word embeddings frozen for training, as
    claims.crossencoder.base_model leaves them."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *sorted(set(words))]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tok = BertTokenizerFast.from_pretrained(str(folder))
    sizes = MINILM | shape
    config = BertConfig(**(sizes | {"vocab_size": max(sizes["vocab_size"], len(vocab))}), num_labels=3)
    torch.manual_seed(0)
    model = BertForSequenceClassification(config)
    model.bert.embeddings.word_embeddings.weight.requires_grad_(False)
    return model, tok


def _start(folder: Path, words: list[str]):
    """MiniLM with its real weights where they are installed, else random ones of its shapes, and a tokenizer."""
    from claims.crossencoder import base_model, tokenizer
    from claims.errors import EmbedderError

    try:
        return base_model(), tokenizer(), "all-MiniLM-L6-v2"
    except EmbedderError:  # the embedder package is not installed here, or its weights are not the real ones
        return *random_crossencoder(folder, words), "MiniLM-L6 shapes, random weights"


def measure(device: str, precision: str, steps: int, warmup: int, batch_size: int, tokens: int) -> tuple[float, str]:
    """Pairs per second over `steps` timed training steps, and which weights were trained."""
    from claims.nli_data import Pair
    from claims.train_crossencoder import TrainSettings, train

    rng = random.Random(0)
    words = [f"w{i}" for i in range(2000)]
    # Premise and claim split a full-length pair 3:1 around the three special tokens; the ample length is cut to
    # exactly `tokens` by the truncation train() applies.
    pairs = [Pair(" ".join(rng.choices(words, k=tokens)), " ".join(rng.choices(words, k=tokens // 3)),
                  (rng.randrange(3),), "synthetic") for _ in range(batch_size * (steps + warmup))]
    settings = TrainSettings(batch_size=batch_size, max_length=tokens, checkpoint_every=10**9, precision=precision)
    marks: dict[int, float] = {}

    def progress(_: str, step: int, total: int) -> None:
        if step in (warmup, total):
            marks[step] = time.perf_counter()

    with tempfile.TemporaryDirectory() as tmp:
        model, tok, weights = _start(Path(tmp) / "model", words)
        train(pairs, Path(tmp), settings, device=device, progress=progress, start=(model, tok))
    return batch_size * steps / (marks[steps + warmup] - marks[warmup]), weights


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu", help="cpu, or cuda")
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--tokens", type=int, default=160)
    args = parser.parse_args(argv)
    import torch

    if args.device.startswith("cuda") and not torch.cuda.is_available():
        print(f"{args.device} asked for, but no CUDA device is available here", file=sys.stderr)
        return 2
    name = torch.cuda.get_device_name(args.device) if args.device.startswith("cuda") else "cpu"
    rows = []
    for precision in ("fp32", "bf16"):
        speed, weights = measure(args.device, precision, args.steps, args.warmup, args.batch_size, args.tokens)
        rows.append((precision, speed))
    print(f"{name}, {weights}, batch {args.batch_size} x {args.tokens} tokens, {args.steps} steps timed after {args.warmup}")
    print("| precision | pairs/s | steps/s | x fp32 |\n| --- | --- | --- | --- |")
    for precision, speed in rows:
        print(f"| {precision} | {speed:.0f} | {speed / args.batch_size:.1f} | {speed / rows[0][1]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
