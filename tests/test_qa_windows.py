"""QA windows as XTREME's run_squad.py cuts them (doc_stride 128 between window starts, questions cut to 64 tokens),
and decoding over the overlapping windows (max-context starts, lowest no-answer score)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import SHARED
from replicate.features import QA_DOC_STRIDE, QA_MAX_QUERY_TOKENS, Feature, featurize
from replicate.qa_decode import best_answers, max_context_starts
from replicate.tasks import get_task
from replicate.tasks.examples import SpanExample

SPEC = get_task("xquad")


@pytest.fixture(scope="module")
def words_tokenizer():
    """XLM-R's pair layout (<s> q </s></s> c </s>) over a word-level vocabulary: one token per word w0..w1999."""
    from tokenizers import Tokenizer, models, pre_tokenizers, processors
    from transformers import XLMRobertaTokenizerFast

    specials = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
    vocab = {token: i for i, token in enumerate(specials + [f"w{i}" for i in range(2000)] + [f"q{i}" for i in range(200)])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    backend.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> </s> $B </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    return XLMRobertaTokenizerFast(tokenizer_object=backend, bos_token="<s>", eos_token="</s>", sep_token="</s>",
                                   cls_token="<s>", unk_token="<unk>", pad_token="<pad>", mask_token="<mask>")


def _context(n: int) -> str:
    return " ".join(f"w{i}" for i in range(n))


def _answer(words: range) -> tuple[str, int]:
    """(text, character start) of context words `words` in _context."""
    text = " ".join(f"w{i}" for i in words)
    return text, len(_context(words.start)) + (1 if words.start else 0)


def _first_word(feature: Feature, context: str) -> int:
    first = next(o for o in feature.offsets if o is not None)
    return int(context[first[0]:first[1]][1:])


def test_defaults_are_xtremes():
    assert (QA_DOC_STRIDE, QA_MAX_QUERY_TOKENS) == (128, 64)


def test_long_context_windows_start_128_context_tokens_apart(words_tokenizer):
    context = _context(1000)
    example = SpanExample("q", "q1 q2 q3 q4 q5", context, (_answer(range(500, 503)),))
    windows = featurize(SPEC, words_tokenizer, [example], 384)
    width = 384 - 4 - 5  # <s> q </s></s> ... </s>: 384 minus 4 specials and 5 question tokens
    starts = [w.window_start for w in windows]
    assert starts == list(range(0, 1000 - width + 128, 128)) == [0, 128, 256, 384, 512, 640]
    for window in windows:
        assert len(window.input_ids) <= 384
        assert _first_word(window, context) == window.window_start  # the ids hold that very slice
        assert window.input_ids[:7] == words_tokenizer("q1 q2 q3 q4 q5", "w0")["input_ids"][:7]  # <s> q </s>
    assert all(len(w.input_ids) == 384 for w in windows[:-1])
    last = [o for o in windows[-1].offsets if o is not None]
    assert context[last[-1][0]:last[-1][1]] == "w999"  # the last window reaches the end of the context, no further
    assert windows[-2].window_start + width < 1000
    # every window that holds the whole answer (words 500-502) is labelled with it, the others with <s>
    for window in windows:
        holds = window.window_start <= 500 and 502 < window.window_start + width
        if holds:
            s, e = window.label
            assert context[window.offsets[s][0]:window.offsets[e][1]] == "w500 w501 w502"
        else:
            assert window.label == (0, 0)
    assert sum(w.label != (0, 0) for w in windows) == 3  # starts 128, 256, 384


def test_windows_equal_the_tokenizers_own_overflow_with_the_matching_overlap(words_tokenizer):
    """HF's `stride` is the overlap; XTREME's doc_stride is the step, so overlap = window width - 128."""
    example = SpanExample("q", "q1 q2 q3", _context(900), ())
    ours = [w.input_ids for w in featurize(SPEC, words_tokenizer, [example], 384)]
    width = 384 - 4 - 3
    theirs = words_tokenizer(example.question, example.context, truncation="only_second", max_length=384,
                             stride=width - 128, return_overflowing_tokens=True)["input_ids"]
    assert ours == theirs


def test_question_longer_than_64_tokens_keeps_its_first_64(words_tokenizer):
    question = " ".join(f"q{i}" for i in range(100))
    example = SpanExample("q", question, _context(700), (_answer(range(10, 12)),))
    windows = featurize(SPEC, words_tokenizer, [example], 384)
    first_64 = words_tokenizer(" ".join(f"q{i}" for i in range(64)), add_special_tokens=False)["input_ids"]
    width = 384 - 4 - 64
    for window in windows:
        assert window.input_ids[:1 + 64 + 2] == [0] + first_64 + [2, 2]
        assert sum(o is not None for o in window.offsets) == min(width, 700 - window.window_start)
    assert [w.window_start for w in windows] == [0, 128, 256, 384]
    assert windows[0].label != (0, 0)
    # a question of 64 tokens or fewer is kept whole
    short = featurize(SPEC, words_tokenizer, [SpanExample("q", "q1 q2", _context(10), ())], 384)[0]
    assert short.input_ids[:5] == [0] + words_tokenizer("q1 q2", add_special_tokens=False)["input_ids"] + [2, 2]


def test_short_inputs_step_half_a_window_and_never_skip_context(words_tokenizer):
    example = SpanExample("q", "q1 q2 q3 q4", _context(100), ())
    windows = featurize(SPEC, words_tokenizer, [example], 32)  # 32 - 4 specials - 4 question tokens = 24 per window
    assert [w.window_start for w in windows] == [0, 12, 24, 36, 48, 60, 72, 84]
    wide = featurize(SPEC, words_tokenizer, [example], 32, doc_stride=500)  # clamped to the window: no gap
    assert [w.window_start for w in wide] == [0, 24, 48, 72, 96]
    long_question = SpanExample("q", " ".join(f"q{i}" for i in range(40)), _context(30), ())
    cut = featurize(SPEC, words_tokenizer, [long_question], 32)  # at most half of the 28 tokens go to the question
    assert cut[0].input_ids[:16] == [0] + words_tokenizer(" ".join(f"q{i}" for i in range(14)),
                                                          add_special_tokens=False)["input_ids"] + [2]


def _oracle_logits(window: Feature, spans: dict[tuple[int, int], float]) -> np.ndarray:
    """Logits that give each (start, end) position pair its score (split between start and end), -10 elsewhere."""
    logits = np.full((len(window.input_ids), 2), -10.0)
    for (s, e), score in spans.items():
        logits[s, 0], logits[e, 1] = score / 2, score / 2
    return logits


def test_answer_across_a_window_boundary_is_labelled_in_the_next_window_and_found(words_tokenizer):
    context = _context(120)
    # 32 tokens: 4 specials, 2 question tokens, 26 context tokens a window, starts 13 apart: 0, 13, 26, ...
    answer = _answer(range(25, 27))  # w25 is the last token of window 0, w26 is outside it
    example = SpanExample("q", "q1 q2", context, (answer,))
    windows = featurize(SPEC, words_tokenizer, [example], 32)
    assert [w.window_start for w in windows][:3] == [0, 13, 26]
    assert windows[0].label == (0, 0)  # only half the answer is in window 0
    s, e = windows[1].label
    assert context[windows[1].offsets[s][0]:windows[1].offsets[e][1]] == answer[0]
    assert windows[2].label == (0, 0)  # starts after w25
    # a model that points at the labelled span in every window that holds it (and at <s> elsewhere)
    logits = [_oracle_logits(w, {w.label: 8.0} if w.label != (0, 0) else {(0, 0): 2.0}) for w in windows]
    assert best_answers([example], windows, logits) == {"q": answer[0]}
    assert best_answers([example], windows, logits, allow_impossible=True) == {"q": answer[0]}


def test_a_span_starts_only_in_its_max_context_window(words_tokenizer):
    context = _context(60)
    example = SpanExample("q", "q1 q2", context, (_answer(range(20, 22)),))
    windows = featurize(SPEC, words_tokenizer, [example], 32)  # starts 0, 13, 26, 39 with 26 context tokens each
    assert [w.window_start for w in windows] == [0, 13, 26, 39]
    # w20: in window 0 at 20 (5 tokens to its right), in window 13 at 7 (7 left, 18 right) -> window 13 is its best
    allowed = max_context_starts(windows)
    lead = 1 + 2 + 2
    assert lead + 20 not in allowed[0] and lead + (20 - 13) in allowed[1]
    # every context token has exactly one max-context window
    owners = [w.window_start + p - lead for w, a in zip(windows, allowed) for p in a]
    assert sorted(owners) == list(range(60))
    # window 0 scores a wrong span starting at w20 higher than window 13 scores the right one:
    # only window 13 may start a span at w20, so its answer wins
    wrong = (lead + 20, lead + 23)
    right = (lead + 7, lead + 8)
    logits = [_oracle_logits(windows[0], {wrong: 9.0}), _oracle_logits(windows[1], {right: 6.0}),
              _oracle_logits(windows[2], {}), _oracle_logits(windows[3], {})]
    assert best_answers([example], windows, logits) == {"q": "w20 w21"}


def test_no_answer_score_is_the_lowest_over_windows(words_tokenizer):
    """SQuAD v2.0 decoding (HF/jiant): windows without the answer say 'no answer' loudly; the question still gets
    its span when the window holding it scores the span above that window's own no-answer score."""
    example = SpanExample("q", "q1 q2", _context(60), (_answer(range(40, 42)),))
    windows = featurize(SPEC, words_tokenizer, [example], 32)
    logits = [_oracle_logits(w, {w.label: 6.0, (0, 0): 1.0} if w.label != (0, 0) else {(0, 0): 9.0}) for w in windows]
    assert best_answers([example], windows, logits, allow_impossible=True) == {"q": "w40 w41"}
    logits = [_oracle_logits(w, {w.label: 6.0, (0, 0): 7.0} if w.label != (0, 0) else {(0, 0): 9.0}) for w in windows]
    assert best_answers([example], windows, logits, allow_impossible=True) == {"q": ""}


def test_real_xquad_answers_are_labelled_in_the_windows_that_hold_them(tmp_path):
    """On the XQuAD sample with a small sub-word tokenizer: every window's label is the answer (or <s> when the
    window does not hold all of it), some window holds each answer, and the windows are the tokenizer's own overflow
    windows with overlap = width - 128."""
    from replicate.model import load_tokenizer
    from replicate.tiny import make_tiny_model

    path = SHARED / "data" / "xquad" / "xquad.en.json"
    if not path.is_file():
        pytest.skip(f"{path} is absent (the shared folder sits beside the repo in the dev setup)")
    articles = json.loads(path.read_text())["data"][:6]
    examples = [SpanExample(qa["id"], qa["question"], p["context"],
                            tuple((a["text"], a["answer_start"]) for a in qa["answers"]))
                for article in articles for p in article["paragraphs"] for qa in p["qas"]]
    corpus = [p["context"] for article in articles for p in article["paragraphs"]]
    tokenizer = load_tokenizer(str(make_tiny_model(tmp_path / "model", corpus, vocab=300, hidden=8, layers=1)))
    features = featurize(SPEC, tokenizer, examples, 384)
    assert max(w.window_start for w in features) >= 128  # long contexts: several windows
    found = set()
    for feature in features:
        example = examples[feature.example]
        text = example.answers[0][0]
        if feature.label != (0, 0):
            s, e = feature.label
            span = example.context[feature.offsets[s][0]:feature.offsets[e][1]]
            assert text in span and len(span) <= len(text) + 2, (span, text)
            found.add(feature.example)
    assert found == set(range(len(examples)))
    compared = 0
    for number, example in enumerate(examples[:100]):
        question = tokenizer(example.question, add_special_tokens=False)["input_ids"]
        ours = [f for f in features if f.example == number]
        if len(question) > 64:  # the tokenizer cannot cut a question to 64 tokens itself
            assert all(f.input_ids[1:66] == question[:64] + [tokenizer.sep_token_id] for f in ours)
            continue
        compared += 1
        width = 384 - 4 - len(question)
        theirs = tokenizer(example.question, example.context, truncation="only_second", max_length=384,
                           stride=width - 128, return_overflowing_tokens=True)["input_ids"]
        assert [f.input_ids for f in ours] == theirs
    assert compared >= 50
