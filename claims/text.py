"""Word-level helpers shared by claim extraction, numbers and features."""

from __future__ import annotations

import re

# A compact English stop list (function words only), so content-word overlap means shared meaning.
STOPWORDS = frozenset(
    """a an the and or but if then than that this these those there here of in on at to for from by with without
    as is are was were be been being it its we our us they their them he she his her you your i me my not no
    do does did done so such can could may might will would shall should must also very more most less least
    into onto over under between among about above below up down out off again further once both each few
    other some any all only own same too just now which who whom whose what when where why how while during
    before after because until per via vs et al e g i.e e.g eg ie has have had having using use used""".split()
)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9\-']*|\d+(?:\.\d+)?")
# An aside in parentheses: "(up to 10 words ...)", "(Levy et al., 2015)", "(.97 vs. .16)", a label's other name.
ASIDE = re.compile(r"\([^()]*\)")
NEGATION = frozenset("not no never none nor neither cannot can't don't doesn't didn't isn't aren't wasn't weren't without fail fails failed lack lacks lacking unable".split())
UP = frozenset(
    "increase increases increased increasing improve improves improved improving improvement improvements gain gains "
    "higher more better outperform outperforms outperformed boost boosts boosted benefit benefits helps help helped "
    "raise raises raised exceed exceeds exceeded surpass surpasses surpassed superior larger greater".split()
)
DOWN = frozenset(
    "decrease decreases decreased decreasing reduce reduces reduced reducing reduction degrade degrades degraded drop "
    "drops dropped lower less worse underperform underperforms underperformed hurt hurts harm harms harmed inferior "
    "smaller fewer decline declines declined loss losses".split()
)
UNIVERSAL = frozenset("all every always each entire universally consistently".split())
EXISTENTIAL = frozenset("some several many most few often sometimes partly partially certain".split())


# Words English prose cannot go a sentence without. In a paper in another language they are a few of its words,
# from names and citations: 2.0% of a Portuguese paper's words (numbers aside), where the 251 English ML papers'
# PDFs of the project have 10.2% to 22.5% (median 16.7%).
_ENGLISH_GLUE = frozenset("the of and to is are that for with this we".split())
_ENGLISH_GLUE_LEAST = 0.04
# Fewer words than this tell nothing of a text's language (a title page, a table).
_LANGUAGE_WORDS = 200


# What a user is told of a paper whose text is not English (`synth add`, `synth fetch`, `synth verify`, `synth audit`).
NOT_ENGLISH = ("is not English: synth's models read English only and its confidences are measured on English papers, "
               "so verdicts against it are guesses")


def reads_as_english(text: str) -> bool:
    """Is `text` English prose, or too short to tell? The embedder and the cross-encoder read English only."""
    words = [t for t in tokens(text) if not t[0].isdigit()]
    return len(words) < _LANGUAGE_WORDS or sum(w in _ENGLISH_GLUE for w in words) >= _ENGLISH_GLUE_LEAST * len(words)


def tokens(text: str) -> list[str]:
    """Lower-cased words and numbers; a possessive is its owner's word ("mBERT's .81" is mBERT's)."""
    return [t.lower().removesuffix("'s") for t in _TOKEN.findall(text)]


def content_words(text: str) -> list[str]:
    """Lower-cased words that carry meaning: no stop words, no bare numbers."""
    return [t for t in tokens(text) if t not in STOPWORDS and not t[0].isdigit() and len(t) > 1]


def stem(word: str) -> str:
    """A light suffix strip so 'trained', 'training' and 'trains' meet ('train'), and so do 'tune' and 'tuning',
    'skip' and 'skipping', 'language' and 'languages', 'embedding' and 'embeddings'; not a linguistic stemmer."""
    for suffix in ("es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            word = word[: -len(suffix)]
            break
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]
    if len(word) >= 4 and word.endswith("e") and not word.endswith(("ee", "ie")):
        word = word[:-1]
    return word


def terms(text: str) -> set[str]:
    """Names and technical terms: acronyms, capitalised words inside a sentence, words with digits or hyphens."""
    found = set()
    for i, word in enumerate(re.findall(r"[A-Za-z][A-Za-z0-9\-\.]*[A-Za-z0-9]|[A-Z]", text)):
        w = word.rstrip(".")
        if (sum(c.isupper() for c in w) >= 2 or any(c.isdigit() for c in w) or "-" in w or (i > 0 and w[0].isupper())) \
                and w.lower() not in STOPWORDS:
            found.add(w.lower())
    return found
