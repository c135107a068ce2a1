"""The path a user would otherwise take: `transformers.Trainer` with its defaults, on the benchmark's own data.

Defaults kept: random order (no length grouping), padding to each batch's longest row
(DataCollatorWithPadding), the default optimiser and schedule, SDPA attention (set in the shared config); bf16 on
CUDA, fp32 on CPU as the harness does. Only what would write files or logs is turned off.
"""

from __future__ import annotations

import importlib.util
import tempfile
import time
import torch

from replicate.bench.harness import Measurement, frees_memory, time_evaluation
from replicate.bench.workloads import PAD_ID, Workload
from replicate.device import peak_mb, reset_peak, synchronize
from replicate.errors import ReplicateError
from replicate.features import Feature


def require_trainer() -> None:
    """Checked before the first measurement, so a missing package fails the run at once, not halfway."""
    if importlib.util.find_spec("accelerate") is None:
        raise ReplicateError("--baseline", "transformers.Trainer needs accelerate: pip install -e '.[bench]', "
                                           "or pass --no-baseline")


def _padding_tokenizer():
    """A tokenizer that only pads (with XLM-R's <pad> id): the collator needs one, the ids are already made."""
    from tokenizers import Tokenizer, models
    from transformers import PreTrainedTokenizerFast

    vocab = {"<s>": 0, "<pad>": PAD_ID, "</s>": 2, "<unk>": 3}
    return PreTrainedTokenizerFast(tokenizer_object=Tokenizer(models.WordLevel(vocab, unk_token="<unk>")),
                                   pad_token="<pad>", bos_token="<s>", eos_token="</s>", unk_token="<unk>")


def _rows(features: list[Feature], workload: Workload) -> list[dict]:
    rows = []
    for f in features:
        row = {"input_ids": f.input_ids, "attention_mask": [1] * len(f.input_ids)}
        if workload.head == "span_extraction":
            row |= {"start_positions": f.label[0], "end_positions": f.label[1]}
        else:
            row["labels"] = f.label
        rows.append(row)
    return rows


def _model(config, workload: Workload, device: torch.device):
    from transformers import XLMRobertaForQuestionAnswering, XLMRobertaForSequenceClassification

    torch.manual_seed(0)
    with device:
        if workload.head == "span_extraction":
            return XLMRobertaForQuestionAnswering(config)
        return XLMRobertaForSequenceClassification(type(config)(**config.to_dict() | {"num_labels": 3}))


@frees_memory
def measure_trainer(config, workload: Workload, features: list[Feature], batch_size: int, warmup: int,
                    device: torch.device, profiled: bool = False) -> Measurement:
    """Real tokens/s of Trainer.train or Trainer.predict, warmed up as the harness is (measure_harness): training
    runs two epochs and times the second after its first `warmup` steps, so each batch shape has been seen before."""
    from transformers import DataCollatorWithPadding, PrinterCallback, Trainer, TrainerCallback, TrainingArguments
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    collate = DataCollatorWithPadding(_padding_tokenizer())
    batch_tokens: list[int] = []

    def counting(rows):
        batch = collate(rows)
        batch_tokens.append(int(batch["attention_mask"].sum()))
        return batch

    clock: dict[str, float] = {}

    class Clock(TrainerCallback):
        def on_step_begin(self, args, state, control, **kwargs):
            if state.global_step == steps + warmup and "start" not in clock:
                synchronize(device)
                clock["start"] = time.perf_counter()

        def on_train_end(self, args, state, control, **kwargs):
            synchronize(device)
            clock["end"] = time.perf_counter()

    model = _model(config, workload, device)
    rows = _rows(features, workload)
    steps = len(rows) // batch_size  # per epoch
    with tempfile.TemporaryDirectory() as scratch:
        args = TrainingArguments(output_dir=scratch, per_device_train_batch_size=batch_size,
                                 per_device_eval_batch_size=batch_size, max_steps=2 * steps,
                                 bf16=device.type == "cuda", use_cpu=device.type != "cuda", save_strategy="no",
                                 report_to="none", disable_tqdm=True, logging_strategy="no")
        trainer = Trainer(model=model, args=args, train_dataset=rows if workload.training else None,
                          data_collator=counting, callbacks=[Clock()])
        trainer.remove_callback(PrinterCallback)  # it prints the metrics dict; the bench prints its own table
        reset_peak(device)
        if workload.training:
            trainer.train()
            return Measurement(sum(batch_tokens[steps + warmup:2 * steps]), clock["end"] - clock["start"], peak_mb(device))
        return time_evaluation(lambda part: trainer.predict(rows[part]), features, batch_size, warmup, device,
                               f"{workload.name}, Trainer" if profiled else None)
