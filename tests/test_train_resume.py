"""Fine-tuning on its device: a run stopped part-way and run again ends with the weights of a run never stopped, and
what it learnt reads pairs there. On the CPU with a tiny model; on a GPU, where there is one, with MiniLM's shapes
(random weights: a GPU machine here has no MiniLM weights, and what is tested does not depend on them)."""

import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from claims.crossencoder import CrossEncoder
from claims.nli_data import Pair
from claims.precision import training_precision
from claims.records import LABELS
from claims.train_crossencoder import TrainSettings, train

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from train_speed import random_crossencoder  # noqa: E402

# The claim's last word tells its label; the premise's words do not.
CUES = {"SUPPORTED": "confirmed", "REFUTED": "contradicted", "NOT_ENOUGH_INFO": "unmentioned"}
TOPICS = ["accuracy", "recall", "latency", "perplexity", "throughput", "memory", "bleu", "rouge", "loss", "error",
          "precision", "coverage"]
PAIRS = [Pair(f"the paper reports {topic} on benchmark {n}", f"{topic} on benchmark {n} is {CUES[label]}",
              (LABELS.index(label),), "toy")
         for n, topic in enumerate(TOPICS) for label in LABELS]
WORDS = " ".join(p.premise + " " + p.claim for p in PAIRS).split()
TINY = {"hidden_size": 64, "num_hidden_layers": 2, "num_attention_heads": 2, "intermediate_size": 128, "vocab_size": 100}
GPU = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
# Each with a learning rate and number of passes at which it learns the cue (on the H200, MiniLM's shapes in bf16 had
# learnt two labels of three after 8 passes).
ON_DEVICES = pytest.mark.parametrize("device, shape, rate, epochs", [
    pytest.param("cpu", TINY, 3e-3, 8, id="cpu-tiny"),
    pytest.param("cuda", {}, 1e-3, 24, id="cuda-minilm-shapes", marks=GPU)])
# Checkpoints every 4 steps; the stopped run stops at 6, after the second, so steps 5 and 6 are done again.
STOP = 6


class Stopped(Exception):
    """Stands for an interruption (Ctrl-C, a machine taken back) between two steps."""


def fine_tune(root: Path, work: str, device: str, shape: dict, rate: float, epochs: int, stop_at: int | None = None):
    """The toy pairs fine-tuned on `device` with checkpoints in root/work, stopping after step `stop_at` if given."""
    def progress(_: str, step: int, total: int) -> None:
        if step == stop_at:
            raise Stopped

    settings = TrainSettings(epochs=epochs, batch_size=6, learning_rate=rate, warmup=0.1, max_length=32, seed=3,
                             checkpoint_every=4, precision=training_precision(device))
    model, tok = random_crossencoder(root / "model", WORDS, **shape)
    return train(PAIRS, root / work, settings, device=device, progress=progress, start=(model, tok)), tok


def largest_difference(a, b) -> float:
    return max(float((x.float() - y.float()).abs().max()) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


@ON_DEVICES
def test_a_run_stopped_part_way_resumes_to_the_weights_of_a_run_never_stopped(tmp_path, device, shape, rate, epochs):
    straight, _ = fine_tune(tmp_path, "straight", device, shape, rate, epochs)
    with pytest.raises(Stopped):
        fine_tune(tmp_path, "stopped", device, shape, rate, epochs, stop_at=STOP)
    resumed, _ = fine_tune(tmp_path, "stopped", device, shape, rate, epochs)
    # How far two runs never stopped lie apart is what the device's kernels give; a resumed run that drew other
    # dropout masks than the stopped one would have lies much further.
    again, _ = fine_tune(tmp_path, "again", device, shape, rate, epochs)
    assert largest_difference(resumed, straight) <= largest_difference(again, straight) + 1e-6


@ON_DEVICES
def test_what_it_learnt_reads_pairs_on_its_device(tmp_path, device, shape, rate, epochs):
    model, tok = fine_tune(tmp_path, "work", device, shape, rate, epochs)
    assert next(model.parameters()).device.type == device
    logits = CrossEncoder(model, tok, "toy", device).logits([p.premise for p in PAIRS], [p.claim for p in PAIRS])
    assert np.mean(logits.argmax(axis=1) == [p.target[0] for p in PAIRS]) >= 0.9
