"""Numbers in claims and passages: parse them with units and roles, align them, compare them.

A claim's number is checked by computation: each stated value becomes an
interval (rounding as written, 'at least', ranges, 'about'), numbers are
aligned across texts by unit, role (absolute value or change) and the words
around them, and two aligned numbers agree when their intervals meet.
"""

from __future__ import annotations

import math
import re
import unicodedata

from claims.records import NumberCheck, Quantity
from claims.subject import is_measure
from claims.text import STOPWORDS, content_words, stem
from synth.documents.sentences import split_sentences

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "twice": 2, "double": 2, "triple": 3,
}
# A share in words is the percentage papers write it as: "30K samples, a quarter of which were negatives" against
# "30K samples with 25% negatives".
_SHARES = {"half": 50.0, "one half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0,
           "one quarter": 25.0, "a fourth": 25.0, "two thirds": 200 / 3, "three quarters": 75.0, "three fourths": 75.0,
           "a fifth": 20.0, "one fifth": 20.0, "two fifths": 40.0, "three fifths": 60.0, "four fifths": 80.0,
           "a tenth": 10.0, "one tenth": 10.0}
# Before "of" or "the" it is a share of something ("half of the Bible", "the first half of the corpus").
_SHARE = re.compile(r"\b("
                    + "|".join(k.replace(" ", r"\s+") for k in sorted(_SHARES, key=len, reverse=True))
                    + r")\b(?=\s+(?:of|the)\b)", re.IGNORECASE)
# The same share in digits: "about 2/3rds of the way", "1/4 of the samples".
_FRACTION = re.compile(r"(?<![\w./])([1-9])/([2-9]|10)(?:rds?|ths?|nds?)?(?=\s+(?:of|the)\b)")
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "bn": 1e9, "t": 1e12, "trillion": 1e12}
_UNIT_ALIASES = {
    "%": "%", "percent": "%", "per cent": "%", "percentage points": "points", "percentage point": "points",
    "points": "points", "point": "points", "pts": "points", "pt": "points", "pp": "points", "p.p.": "points",
    "x": "x", "×": "x", "times": "x", "fold": "x", "-fold": "x",
    "tb": "TB", "gb": "GB", "mb": "MB", "kb": "KB",
    # Papers write binary sizes and decimal ones for the same memory ("46 GiB", "46GB GPUs").
    "tib": "TB", "gib": "GB", "mib": "MB", "kib": "KB",
    # Times as run-time tables abbreviate them ("∼4h", "35min", "12 hrs").
    "h": "hour", "hr": "hour", "hrs": "hour", "min": "minute", "mins": "minute", "s": "second", "sec": "second",
    "secs": "second", "ms": "millisecond",
    # A size written as an adjective: "384-dimensional embeddings" are 384 dimensions.
    "-dimensional": "dimension", "-dim": "dimension", "-d": "dimension",
}
# An integer alone in parentheses labels something.
_LABEL = re.compile(r"\(\d{1,3}\)")
# Metrics: a number they follow is a score of that measure, not a count of them.
_METRICS = frozenset({"accuracy", "precision", "recall", "bleu", "rouge", "meteor", "chrf", "em", "auc", "map", "mrr",
                      "ndcg", "wer", "cer", "ter", "perplexity", "ppl", "f-score", "f-measure", "f1", "rouge-1",
                      "rouge-2", "rouge-l"})
# Nouns that ML papers use for one thing counted: "30K generated examples" are "30K samples", and "a subsample of 600
# problems" (or questions) of a benchmark its "600 samples"; "40 kinds of text attacks" are "40 types of text
# attacks", "48 FIGER categories" "48 FIGER types"; "three benchmarks" (or corpora) are "three datasets"; "100,000
# mini-batch updates" are "100,000 iterations".
_COUNTED_ALIKE = {"sample": "example", "instance": "example", "data": "example", "problem": "example",
                  "question": "example", "kind": "type", "category": "type", "sort": "type", "benchmark": "dataset",
                  "corpus": "dataset", "corpora": "dataset", "update": "iteration"}
# Units of one family compare with each other: papers write "5.4 points" and "5.4%" for the same gain.
_SCORE_UNITS = {"%", "points", None}
# Units of one measure in different sizes, by their size in the family's smallest: "about 20 minutes" against "1-2
# hours", "2.5TB" against "2,500GB" are computed in one unit; "for over thirty years" is "for more than three decades".
_YEAR_SECONDS = 365.25 * 86_400
_SIZES = {"millisecond": ("time", 0.001), "second": ("time", 1), "minute": ("time", 60), "hour": ("time", 3600),
          "day": ("time", 86_400), "week": ("time", 604_800), "month": ("time", _YEAR_SECONDS / 12),
          "year": ("time", _YEAR_SECONDS), "decade": ("time", 10 * _YEAR_SECONDS),
          "century": ("time", 100 * _YEAR_SECONDS), "KB": ("bytes", 1e3), "MB": ("bytes", 1e6),
          "GB": ("bytes", 1e9), "TB": ("bytes", 1e12)}
# A negative power of ten as a PDF flattens it: "2 × 10−4" and "10−5" (the minus sign right after the 10), "10^-5".
# A hyphen or dash there writes a range ("10-20 layers"), never a power. A sentence may end after it ("10−10.").
_POWER = re.compile(r"(?<![\d.])(?:(?P<mantissa>\d+(?:\.\d+)?)\s*[×x]\s*)?10(?:\^\{?-|\^\{?−|−)(?P<exponent>\d{1,2})\}?"
                    r"(?!\d|\.\d)")
# A positive power of ten after a mantissa, as a PDF flattens it: "5 × 108 tokens" is 500 million tokens.
_FLAT_POWER = re.compile(r"(?<![\d.])(?P<mantissa>\d+(?:\.\d+)?)\s*×\s*10(?P<exponent>[3-9]|1\d)(?![\d.,])")
# Digits as papers write them: thousands apart by commas, thin or no-break spaces, or plain spaces where the groups
# are 000 ("50 000 evaluation sequences") or the number counts a plural within three words ("13 632 566 implications",
# "57 882 distinct laws"; a row of cells "64 128 256" is three numbers); by a comma and a space too,
# as a PDF sets them apart, after "=" ("n = 8, 290 texts") and where the groups are 000 ("for 100, 000 iterations";
# a list has no item "000"); elsewhere "8, 290" is a list.
_DIGITS = (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<== )\d{1,3}(?:, \d{3})+(?![\d.,])|\d{1,3}(?:[\u2009\u202f\u00a0]\d{3})+"
           r"|\d{1,3}(?: 000|, 000)+(?! ?\d|[.,]\d)"
           r"|[1-9]\d{0,2}(?: \d{3})+(?=\s(?:[a-z][a-z\-]*\s){0,2}[a-z][a-z\-]*[a-rt-z]s\b)"
           r"|\d+(?:\.\d+)?(?:[eE][\-−+]?\d+)?|\.\d+")
# A thousand, million or billion written as a letter after the number ("128K", "7B"), scaled by _SCALE.
_SCALE_LETTER = r"[kKMB](?![\w])"
_NUMBER = re.compile(
    rf"(?<![\w.\-–—@^])(?<![\d)]/)(?P<sign>[+\-−±])?(?P<num>{_DIGITS})"
    rf"(?P<unit>\s?%|\s?(?:TB|GB|MB|KB)\b|{_SCALE_LETTER}|x(?![\w])|×|h(?:rs?)?(?![\w])|mins?(?![\w])|m?s(?![\w])"
    r"|pp(?![\w]))?"
    r"(?![\w.]*\d)(?![A-Za-z])"
)
# Accelerators by model name: A100, H800, V100, L40, RTX4090, TPUv4 (lowercased as the counted words are).
_ACCELERATOR = re.compile(r"(?:[ahlv]\d{2,3}|rtx-?\d{4}|tpu(?:-?v\d)?|gpu)s?")
_TIMES_ACCELERATOR = re.compile(rf"^\s?[×x]\s?(?:nvidia\s+|tesla\s+)?(?:{_ACCELERATOR.pattern})(?![a-z0-9])")
_TENS = frozenset({"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"})
_UNITS_AFTER_TENS = re.compile(r"[-\s](one|two|three|four|five|six|seven|eight|nine)\b", re.IGNORECASE)
_WORD_NUMBER = re.compile(r"\b(" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
# The words that make a number a reference; after a plural, the list that follows ("Tables 2 and 3", "IDs 1, 2, 4";
# "Table 2, 5 languages" states a count). A mathematical paper numbers its statements the same way ("Theorem 5.15",
# "Remark 4.11"): the numeral names the statement; "for example 5 models" counts.
_REFERENCE_BEFORE = re.compile(
    r"\b(?:(?:table|tab\.|figure|fig\.|section|sec\.|eq\.|equation|appendix|chapter|step|line|page|pp\.|v|id|layer|version"
    r"|theorem|thm\.|lemma|remark|corollary|proposition|prop\.|definition|assumption|conjecture|algorithm|alg\."
    r"|(?<!for )example)\s*\(?"
    r"|(?:tables|figures|sections|equations|chapters|pages|ids|layers|versions|theorems|lemmas|remarks|corollaries"
    r"|propositions|definitions|assumptions|algorithms|examples)\s*\(?(?:\d+(?:\.\d+)*[a-z]?\s*(?:,|and|&)\s*)*)$",
    re.IGNORECASE)


# A term of a formula ("2n − 1", "3d−2 points", "p = q + 1"): a sign after a variable, with its coefficient. "2n + 1"
# and "2n − 1" differ by their sign, not by a number; a name's letter ("GPT-4o + 5 points") is no variable.
_FORMULA_BEFORE = re.compile(r"(?<![\w\-])\d*[A-Za-z]\s?[−+]\s?$")
# A value given to a variable ("p = 25", "𝑝= 15", "N=5.06M", "k equals 1", "Cohen's d of 1.38") is that variable's,
# whatever else the text holds ("top-k of 5" names a setting, not a variable). In parentheses it glosses the case the
# words name ("tangent to a conic (l = 2)"), and is no finding; but "(n = 200)" states a sample's size.
_VARIABLE = re.compile(r"(?<![\w\\\-])(?!a\s+[a-z])([^\W\d_])\s*(?:=|equals?|of|(?:is\s+)?set\s+to)\s*$")
_GLOSS = re.compile(r"\(\s*(?![nN]\s*=)[^\W\d_]\s*=\s*$")
# A year written short after a venue or a benchmark's name ("WMT '14", "NeurIPS'21"); "'14'" is a quoted number.
_SHORT_YEAR = re.compile(r"\b[A-Z][A-Za-z]*\s?['’]$")
# "between two and five times": the range's end in words.
_AND_WORD = re.compile(rf"^\s*and\s+{_WORD_NUMBER.pattern}", re.IGNORECASE)
# "two or three epochs": numbers in words either side of "or" are a range's ends, as "2-3 epochs" writes them.
_OR_WORD = re.compile(rf"^\s*or\s+{_WORD_NUMBER.pattern}", re.IGNORECASE)


def numbers_a_part(word: str) -> bool:
    """Is the word one that a number after it refers to a part by ("Table", "Step", "Layer"; an abbreviation with or
    without its dot, "Fig"), not a name?"""
    return any(_REFERENCE_BEFORE.search(f"{word}{dot} ") for dot in ("", "."))


# A bare number of one or two digits, or one digit and one decimal, after a capitalised word inside a sentence is
# part of a name: "Claude 3", "Claude 1.0", "Gemini 1.5 Pro", "inhibitor JIB 04", "Llama 2 models" (a metric's score
# aside: "BLEU 27").
_NAME_BEFORE = re.compile(r"(?<=[^\s.!?:]\s)([A-Z][\w\-]*)\s$")
# "no one knows", "any one of them": a pronoun, not a count.
_PRONOUN_ONE = re.compile(r"\b(?:no|any|every|some|each)\s+$", re.IGNORECASE)
# "one-hot vectors", "a one-to-one mapping", "a two-sided test", "double-layer potentials" (whatever word "double" is
# joined to): a kind of thing, nothing counted.
_KIND_COMPOUND = re.compile(r"-(?:hot|to-(?:one|many)|vs\b|versus|sided|tailed|way)\b|(?<=double)-", re.IGNORECASE)
# "one box at a time", "from one generation to the next": a way of doing things, nothing counted.
_ONE_IDIOM = re.compile(r"\bone\s+[a-z][\w\-]*\s+at\s+a\s+time\b"
                        r"|\bfrom\s+one\s+[a-z][\w\-]*\s+to\s+(?:the\s+)?(?:next|another)\b", re.IGNORECASE)
# "the one containing yes-no questions", "the one that": a thing picked out, not counted; "one minus the ratio" a term.
_THE_ONE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_ONE_PICKED = re.compile(r"\s+(?:\w+ing|\w+ed|that|which|who|whose|with)\b", re.IGNORECASE)
# A sign bounds the number after it ("≤30% on Graph Connectivity", "p < 0.05"), unless a number stands before it:
# "3 > 2" compares two numbers.
_NO_NUMBER_BEFORE = r"(?<![\d)]\s)(?<![\d)])"
_COMPARATORS = [
    (re.compile(rf"(?:at least|no less than|more than|over|above|greater than|exceed(?:s|ed|ing)?|surpass(?:es|ed|ing)?|upwards of"
                rf"|minimum of|[≥⩾]|{_NO_NUMBER_BEFORE}>)\s*$", re.I), ">="),
    (re.compile(rf"(?:at most|no more than|up to|less than|under|below|fewer than|maximum of|[≤⩽]"
                rf"|{_NO_NUMBER_BEFORE}<)\s*$", re.I), "<="),
    (re.compile(r"(?:about|around|approximately|roughly|nearly|almost|close to|~|∼|≈)\s*$", re.I), "~"),
]
# "exactly 3 layers", "a perfect precision of 1.0": no rounding allowed ("1.0" written for 0.96 would be).
_EXACT = re.compile(r"\b(?:exactly|precisely|perfect\s+(?:[\w@-]+\s+){0,2}(?:of\s+)?)\s*$", re.I)
_DELTA_BEFORE = re.compile(
    r"(?:\bby|improv\w*|gain\w*|\blos(?:es?|t|ing)|increas\w*|boost\w*|drop\w*|decreas\w*|reduc\w*|outperform\w*|lead\w*|advantage|margin"
    r"|better|worse|lower|higher|\+)(?:\s+(?:of|by|up to|about|around|nearly|over|an average of|on average))?"
    r"(?:\s*[~∼≈])?\s*$",
    re.IGNORECASE,
)
_DELTA_AFTER = re.compile(r"^\s*(?:%|percent|per cent|points?|pp|percentage points?)?\s*(?:\([A-Za-z]{1,6}\)\s*)?(?:absolute\s+|average\s+)?(?:point\s+)?(?:improvement|gain|increase|boost|drop|decrease|reduction|higher|lower|better|worse|more|less|above|below|ahead|behind)\b", re.IGNORECASE)
# A percentage compared ("250% larger than", "20 percent faster") is a change; "5 larger models" counts models.
_PERCENT_MORE = re.compile(r"^\s*(?:%|percent|per cent)?\s*(?:larger|smaller|greater|bigger|longer|shorter|fewer|faster"
                           r"|slower)\b", re.IGNORECASE)
# Words that give a change its direction, read among the content words around it ("raises recall by 9.63%" against
# "a 9.63% drop"). Not where the measure is one that falls as things improve (error, loss): there "reduces" and
# "improves" say the same.
_UP = re.compile(r"^(?:improv|gain|increas|boost|rais|rise|rose|higher|better|outperform|surpass|exceed|enhanc)")
_DOWN = re.compile(r"^(?:drop|decreas|reduc|lower|declin|fall|fell|worse|degrad|hurt|los(?:es?|t|ing)$)")
_FALLING_MEASURES = frozenset(stem(m) for m in ("error", "loss", "perplexity", "latency", "wer", "cer", "runtime", "time",
                                                 "cost", "gap", "distance"))
# "number of <up to three words, the last a plural> is set to / = / was" right before the number.
_NUMBER_OF = re.compile(r"\bnumbers? of (?:[A-Za-z][\w\-]* ){0,2}(?!(?:was|has|does)\b)([A-Za-z][A-Za-z\-]*[a-rt-z]s)"
                        r"\s*(?:\((?:[^()]{1,12})\)\s*)?(?:(?:is|was|are|were)\s+)?(?:(?:set|fixed|capped|limited)\s+(?:to|at)\s+|=\s*|:\s*)?$",
                        re.IGNORECASE)
# A setting written as key and value, "epochs: 3", "layers = 12": the plural named before counts the number.
_KEY_BEFORE = re.compile(r"\b([A-Za-z][A-Za-z\-]*[a-rt-z]s)\s*[:=]\s*$")
_NOUN_UNIT = re.compile(r"^\s*(?:-\s*)?([A-Za-z][A-Za-z\-]{1,24})")
# "98 positive and 102 negative samples": one or two words, then "and"/"or" and the next number.
_PAIRED_COUNT = re.compile(r"^(\s*(?:[A-Za-z][\w-]*\s+)?[A-Za-z][\w-]*)\s+(?:and|or)\s+[\d,.]+(?=\s)")
_LIST_GAP = re.compile(r"^\s*(?:,\s*(?:and|or)?|and|or)\s*$")
# A number that "rose 70.1 to 75.3" or went "from .70 to .12" is the first of two, not the start of a range.
_CHANGED_FROM = re.compile(r"\b(?:from|rose|rise[sn]?|fell|falls?|went|goes|grew|grows?|drop\w*|increas\w*|decreas\w*|"
                           r"improv\w*|reduc\w*|rais\w*|lower\w*|boost\w*)\s*$", re.IGNORECASE)
# "a decrease of 22.98% on AutoScholarQuery and 32.21% on RealScholarQuery": the second number is a change too.
_PAIRED_GAP = re.compile(r"^\s*(?:on|for|in|with|at)\s+[\w\-@/. ]{1,40}?\s*(?:,\s*(?:and|or)?|and|or)\s*$", re.IGNORECASE)


# One number in brackets wherever it stands ("as shown in [12]"); a list ("Llama [70, 18]", "[3-5]") where it is not
# a set of values searched ("batch sizes in [16, 32, 64]", "k = [1, 5]").
_CITATION = re.compile(r"\[\d+\]|(?<![=∈:])(?<![=∈:]\s)(?<!\bin\s)(?<!\bof\s)\[\d+(?:\s*[,–-]\s*\d+)+\]")


def parse_quantities(text: str) -> list[Quantity]:
    """Every number stated in `text`, in order, except references (Table 2, (2020), arXiv ids).

    Example:
        >>> [(q.value, q.unit, q.role) for q in parse_quantities("improves by 5.4 points on 100 languages")]
        [(5.4, 'points', 'delta'), (100.0, 'language', 'absolute')]
    """
    found: list[tuple[int, int, float, str | None, int, str]] = []
    for match in _POWER.finditer(text):
        written = f"{match.group('mantissa') or 1}e-{match.group('exponent')}"
        found.append((match.start(), match.end(), _value(written), None, _decimals(written), ""))
    for match in _FLAT_POWER.finditer(text):
        found.append((match.start(), match.end(), float(match.group("mantissa")) * 10 ** int(match.group("exponent")),
                      None, 0, ""))
    for match in _FRACTION.finditer(text):
        numerator, denominator = int(match.group(1)), int(match.group(2))
        if numerator < denominator:
            found.append((match.start(), match.end(), 100 * numerator / denominator, "%", 0, ""))
    # Where numbers stand for none: powers and shares parsed above, and citations ("[12]", "Llama [70, 18]", "[3-5]").
    skipped = [(s, e) for s, e, *_ in found] + [m.span() for m in _CITATION.finditer(text)]
    for match in _NUMBER.finditer(text):
        start, end = match.span()
        if any(s <= start < e for s, e in skipped):
            continue
        raw = match.group("num")
        before = text[max(0, start - 24) : start]
        if _REFERENCE_BEFORE.search(before) or _is_year(raw, match.group("unit"), text, start, end):
            continue
        if re.match(r"^\d{4}\.\d{4,5}", text[start:]):
            continue  # an arXiv id
        if _names_a_version(text, match):
            continue
        if match.group("unit") == "s" and re.fullmatch(r"\d0|\d{3}0", raw):
            continue  # a decade ("the 1990s", "80s"), not seconds
        if _LABEL.fullmatch(text, max(0, start - 1), end + 1):
            continue  # a label: a model's id "(17)", a list item "(1)", an equation "(3)"
        if _FORMULA_BEFORE.search(text[max(0, start - 8) : start] + (match.group("sign") or "")):
            continue
        if _GLOSS.search(before) and text[end : end + 1] == ")":
            continue
        value = _value(raw)
        unit_raw = (match.group("unit") or "").strip()
        if unit_raw.lower() in _SCALE:
            value *= _SCALE[unit_raw.lower()]
            unit_raw = ""
        elif not unit_raw:  # "1.5 million sentences" counts sentences, 1.5e6 of them
            factor, used = _scaled(text[end:])
            value, end = value * factor, end + used
        if match.group("sign") in ("-", "−"):
            value = -value
        decimals = _decimals(raw)
        found.append((start, end, value, unit_raw or None, decimals, match.group("sign") or ""))
    for match in _SHARE.finditer(text):
        found.append((match.start(), match.end(), _share(match), "%", 0, ""))
    for match in _A_SCALE.finditer(text):  # "a thousand tokens", "a million users", "half a billion examples"
        if not any(s <= match.start() < e for s, e, *_ in found):
            factor, used = _scaled(text[match.start(2) - 1 :])
            factor *= 0.5 if match.group(1) else 1
            found.append((match.start(), match.start(2) - 1 + used, factor, None, 0, ""))
    for match in _WORD_NUMBER.finditer(text):
        if any(s <= match.start() < e for s, e, *_ in found):
            continue
        word = match.group(1).lower()
        factor, used = _scaled(text[match.end() :])
        if used:  # "one hundred languages", "two million sentences", "one hundred thousand tokens"
            found.append((match.start(), match.end() + used, float(_WORD_NUMBERS[word]) * factor, None, 0, ""))
            continue
        if text[max(0, match.start() - 1) : match.start()] == "-" or _KIND_COMPOUND.match(text, match.end()):
            continue  # "no-one", "any-one"; "one-hot"
        before = text[max(0, match.start() - 8) : match.start()]
        if word == "one" and any(idiom.start() <= match.start() < idiom.end()
                                 for idiom in _ONE_IDIOM.finditer(text, max(0, match.start() - 5), match.end() + 32)):
            continue  # the idiom's own "one", not another before it ("one model and one box at a time")
        if word == "one" and (_PRONOUN_ONE.search(before)
                              or _THE_ONE.search(before) and _ONE_PICKED.match(text[match.end() :])):
            continue
        if word in {"one", "double"} and not _counted_noun(text[match.end() :]):
            continue  # "one of the", "double the" without a counted noun is not a quantity claim
        if word == "one" and re.match(r"\s+[A-Z][A-Za-z]*[a-z]", text[match.end() :]):
            # "on one GeForce GTX 1080Ti", "one Tesla V100": a name's article, as "a single GPU (GeForce GTX
            # 1080Ti)" says; "one GPU" still counts GPUs.
            continue
        # "Forty-eight facts", "thirty two models": the tens and the units are one number.
        units = _UNITS_AFTER_TENS.match(text, match.end()) if word in _TENS else None
        end = units.end() if units else match.end()
        value = _WORD_NUMBERS[word] + (_WORD_NUMBERS[units.group(1).lower()] if units else 0)
        found.append((match.start(), end, float(value), None, 0, ""))
    found.sort()
    sentences = split_sentences(text) if found else []
    quantities = [_quantity(text, *item, sentence=_sentence_of(sentences, item[0], len(text))) for item in found]
    ranges = [q.span for q in quantities if q.comparator == "range"]
    quantities = [q for q in quantities if q.comparator == "range" or not any(a < q.span[0] < b for a, b in ranges)]
    quantities = [q for q in quantities if not _in_a_name(text, q)]
    return _share_list_units(text, quantities)


# A model's size written inside its name: "Llama 3.1 70B Instruct", "Llama 2 13B" name a model as "Qwen2.5-7B" does,
# whatever word follows ("Llama-2 7B trains 0.62% of its parameters" counts no trains); two texts naming one model
# state no measurement alike ("a 65B model" still states a size).
_SIZE_IN_NAME = re.compile(r"\d+(?:\.\d+)?[BM](?![\w.-])")
# A capitalised article or possessive opens a sentence, not a name: "The 7B model", "Our 1M-width SAEs" state sizes.
_MODEL_BEFORE = re.compile(r"\b(?!(?:The|A|An|Our|Their|Its|This|These|Those|Each|Every|All|Both)\s)[A-Z][\w.-]*"
                           r"(?:\s+\d+(?:\.\d+)?)?\s+$")


def _in_a_name(text: str, q: Quantity) -> bool:
    return bool(_SIZE_IN_NAME.match(q.text)) and bool(_MODEL_BEFORE.search(text, 0, q.span[0]))


# Scale words after a number multiply it, one after another ("one hundred thousand"); "hundred" alone is a number.
_SCALE_WORD = re.compile(r"[\s-]+(hundred|thousand|million|billion|trillion)\b", re.IGNORECASE)
_A_SCALE = re.compile(r"\b(?:(half)\s+)?a\s+(thousand|million|billion|trillion)\b", re.IGNORECASE)


def _scaled(after: str) -> tuple[float, int]:
    """The factor of the scale words `after` opens with, and how many characters they take."""
    factor, used = 1.0, 0
    while scale := _SCALE_WORD.match(after, used):
        word = scale.group(1).lower()
        factor *= 100 if word == "hundred" else _SCALE[word]
        used = scale.end()
    return factor, used


def _value(digits: str) -> float:
    return float(re.sub(r"[,\s]", "", digits).replace("−", "-"))


def _share(match: re.Match) -> float:
    return _SHARES[" ".join(match.group(1).lower().split())]


def _decimals(raw: str) -> int:
    """Digits after the point, as written, and three more for a power of ten: "5e-5" is a setting (a learning rate,
    a weight decay) stated exactly, not a measurement rounded to one digit, and "1e-4" is not "5e-5"."""
    mantissa, _, exponent = raw.lower().replace("−", "-").partition("e")
    places = len(mantissa.split(".")[1]) if "." in mantissa else 0
    return max(0, places - int(exponent)) + 3 if exponent else places


_MODEL_TIER = re.compile(r"\s?(?:Pro|Flash|Turbo|Mini|Ultra|Sonnet|Haiku|Opus|Instruct|Chat|Nano|Lite)\b")


def _names_a_version(text: str, match: re.Match) -> bool:
    raw = match.group("num")
    name = _NAME_BEFORE.search(text[max(0, match.start() - 40) : match.start()])
    plain = bool(re.fullmatch(r"\d{1,2}|\d\.\d", raw)) and not match.group("unit") and not match.group("sign")
    # A size's word after it states a time or a size ("discovered by Nicaise 35 years ago"); "Llama 2 models" names.
    after = re.match(r"\s*([a-z]+)", text[match.end():])
    sized = bool(after) and _singular(after.group(1)) in _SIZES
    # A model's tier after it names a version wherever it stands: "(versions 1.0 Pro and 1.5 Pro)".
    tier = _MODEL_TIER.match(text, match.end())
    return bool(plain and (tier or name and not sized and not is_measure(name.group(1))
                           and name.group(1).lower() not in STOPWORDS))


def _counted_noun(after: str) -> bool:
    match = _NOUN_UNIT.match(after)
    return bool(match) and match.group(1).lower() not in _STOP_UNITS


# A year as written: up to 2039, since no paper read here is dated later, and 2048 is a power of two ("a shift of
# 2048", 2048 tokens).
YEAR = re.compile(r"19\d{2}|20[0-3]\d")


def _is_year(raw: str, unit: str | None, text: str, start: int, end: int) -> bool:
    if len(raw) == 2 and _SHORT_YEAR.search(text[max(0, start - 24) : start]) and text[end : end + 1] not in ("'", "’"):
        return True  # "WMT '14"
    if unit or not re.fullmatch(rf"(?:{YEAR.pattern})[a-z]?", raw):
        return False
    # What it counts follows a count ("2000 tokens", "1990 papers"), in lower case: "2019 BERT" is a year's model.
    # Not after another year it is listed with: "the 2014 and 2015 surveys" are two years' surveys.
    after = text[end:]
    plural = re.match(r"\s*([a-z][a-z\-]*[a-rt-z]s)\b", after)
    listed = re.search(rf"\b(?:{YEAR.pattern})\s*(?:,\s*|,?\s*(?:and|or)\s+|[-–]\s*)$", text[:start])
    return listed is not None or not (re.match(r"^\s*(?:%|points?)", after.lower())
                                      or plural and plural.group(1) not in _STOP_UNITS)


def _sentence_of(sentences: list[tuple[int, int]], position: int, length: int) -> tuple[int, int]:
    return next(((a, b) for a, b in sentences if a <= position < b), (0, length))


# A name right after a multiplier: a product's ("A40", "NVIDIA"), whose things it counts.
_NAME_AFTER = re.compile(r"^\s?(?:[A-Z][A-Za-z]*\d|[A-Z]{2,}\b)")


def _quantity(text: str, start: int, end: int, value: float, unit_raw: str | None, decimals: int, sign: str,
              sentence: tuple[int, int]) -> Quantity:
    after = text[end:]
    unit, unit_end = _unit(unit_raw, after)
    if unit == "x" and _NAME_AFTER.match(after):  # "8× NVIDIA RTX4090 GPUs" counts GPUs as "eight NVIDIA RTX4090 GPUs"
        unit, unit_end = _unit(None, after)
    if decimals > 0 and _measure_named(after[:unit_end], unit):
        unit, unit_end = None, 0
    # "the number of training iterations is set to 10", "number of epochs = 5": what is counted comes first.
    counted = (_NUMBER_OF.search(text[max(0, start - 70) : start]) or _KEY_BEFORE.search(text[max(0, start - 40) : start])
               if unit is None else None)
    if counted:
        noun = _singular(counted.group(1).lower())
        unit = _COUNTED_ALIKE.get(noun, noun)
    elif unit is None and (variable := _VARIABLE.search(text[max(0, start - 16) : start])):
        unit = "=" + unicodedata.normalize("NFKC", variable.group(1))
    before = text[max(0, start - 40) : start]
    comparator = "="
    for pattern, symbol in _COMPARATORS:
        if pattern.search(before):
            comparator = symbol
            break
    low, high = _bounds(value, decimals, comparator, unit)
    if comparator == "=" and _EXACT.search(before):
        low = high = value
    span_end = end + unit_end
    between = re.search(r"between\s*$", before, re.I)
    in_words = _OR_WORD.match(after) if text[start:end].isalpha() else None
    to_match = re.match(rf"^\s*(?:%|points?)?\s*(?:-|–|—|to|and)\s*([+\-]?(?:{_DIGITS}))", after) or (
        _AND_WORD.match(after) if between else None) or in_words
    # "888 to 978 word pairs" is a range, "from .70 to .12" a change.
    spanned = to_match and (re.match(r"^\s*(?:-|–|—)", after) or re.match(r"^\s*(?:%|points?)?\s*to\b", after)
                            and not _CHANGED_FROM.search(before) or in_words)
    if between and to_match or spanned:
        other = _WORD_NUMBERS.get(to_match.group(1).lower()) or _value(to_match.group(1))
        # "between 4K and 128K": the second number's scale letter is its own, as the first's was.
        scaled = re.match(_SCALE_LETTER, after[to_match.end() :])
        other *= _SCALE[scaled.group(0).lower()] if scaled else 1
        letter = scaled.end() if scaled else 0
        low, high = min(value, other), max(value, other)
        comparator = "range"
        unit, more = _unit(None, after[to_match.end() + letter :])
        more += letter
        unit = unit or ("%" if "%" in after[: to_match.end()] else None)
        span_end = end + to_match.end() + more
        value = (low + high) / 2
    delta = (sign == "+" or bool(_DELTA_BEFORE.search(before) and not _by_whom(before, unit))
             or bool(_DELTA_AFTER.match(after)) or (unit == "%" and bool(_PERCENT_MORE.match(after))))
    return Quantity(
        text=text[start:span_end].strip(),
        value=value,
        low=low,
        high=high,
        unit=unit,
        comparator=comparator,
        role="delta" if delta else "absolute",
        decimals=decimals,
        span=(start, span_end),
        # The words that say what a number is about are in its own sentence: "in all three languages. Entity
        # linking or wikification is another task" does not count languages of wikification.
        before=content_words(text[sentence[0]:start])[-5:],
        after=content_words(text[span_end:max(span_end, sentence[1])])[:5],
    )


def _measure_named(words: str, unit: str | None) -> bool:
    """Do the words after a number with decimals name what it measures, not things it counts? Nothing comes in 0.565
    pieces: "0.565 success" is a success rate, "a 0.05 fraction of tokens" a share and "a temperature of 0.7 along a
    single path" a temperature, as "0.88 accuracy" is a score; "1.5 epochs" (a plural) and "2.5 hours" (a size) stay
    as they are."""
    last = words.split()[-1].lower() if words.strip() else ""
    plural = last == "data" or _a_plural(last)
    # _counts_by is False for no unit, a score's, a size's or a factor's.
    return not plural and _counts_by(unit) and unit not in {"gpu", "count"} and unit not in _UNIT_ALIASES.values()


def _a_plural(word: str) -> bool:
    """A plural in -s, not a word ending in -ss ("success", "loss")."""
    return word.endswith("s") and not word.endswith("ss")


# "annotated by eight graduate student volunteers", "written by 3 experts": who did it, counted, not a change.
_DONE_BY = re.compile(r"\b([A-Za-z]+(?:ed|en))\s+by\s*$")


def _by_whom(before: str, unit: str | None) -> bool:
    """Does "by" before a count of things name who did what the verb before it says, not by how much it changed?"""
    done = _DONE_BY.search(before)
    return bool(done and unit is not None and _counts_by(unit)
                and not (_UP.match(done.group(1).lower()) or _DOWN.match(done.group(1).lower())))


def _unit(unit_raw: str | None, after: str) -> tuple[str | None, int]:
    """Normalised unit and how many characters of `after` it used."""
    if unit_raw:
        return _UNIT_ALIASES.get(unit_raw.lower(), unit_raw), 0
    lowered = after.lower()
    # A count of accelerators written as a product: "4 × A100-80G GPUs", "8×NVIDIA H800(80GB)".
    accelerators = _TIMES_ACCELERATOR.match(lowered)
    if accelerators:
        return "gpu", accelerators.end()
    for alias in sorted(_UNIT_ALIASES, key=len, reverse=True):
        # A whole word: "eight H200 GPUs" names a GPU, not hours.
        match = re.match(rf"^\s?{re.escape(alias)}(?![a-z0-9])", lowered)
        if match and alias not in {"x", "m", "b", "t"}:
            return _UNIT_ALIASES[alias], match.end()
    scale = re.match(r"^\s?(thousand|million|billion|trillion)\b", lowered)
    if scale:
        return None, scale.end()
    # "10 out of 11 tasks" and "four of eight tasks" count tasks, as 11 and eight do; "3 out of 5" counts something,
    # never a score.
    # "36/41 of the sleeper agents" counts agents as "36 of the 41 sleeper agents" does.
    out_of = re.match(rf"^\s*(?:/\s*\d[\d,]*\s+of\s+(?:the\s+)?|(?:out\s+)?of\s+(?:the\s+)?(?:\d[\d,]*|{_WORD_NUMBER.pattern})\b)",
                      after, re.IGNORECASE)
    if out_of:
        unit, used = _unit(None, after[out_of.end():])
        return (unit, out_of.end() + used) if unit else ("count", out_of.end())
    # A modifier is passed over to what is counted: a pair of words joined by a slash ("500 yes/no questions"), a
    # superlative's "most" ("the 20 most activating contexts" are the "50 top-activating contexts" counted otherwise)
    # or an adverb in -ly ("50 randomly chosen examples" counts examples, not "randomly"s).
    modifier = re.match(r"^\s*(?:[A-Za-z]+/[A-Za-z]+|most|least)(?=\s+[A-Za-z])", after, re.IGNORECASE)
    adverb = None if modifier else re.match(r"^\s*([A-Za-z]+)\b", after)
    if adverb and adverb.group(1).lower() not in _STOP_UNITS and _adverb(adverb.group(1).lower()):
        modifier = adverb
    if modifier:
        unit, used = _unit(None, after[modifier.end():])
        return (unit, modifier.end() + used) if unit else (None, 0)
    # A counted noun: "100 languages", "nine English intermediate tasks" (the first plural within three words, four
    # after a participle: "100 sampled AutoScholarQuery query-paper pairs" counts pairs, not "sampled"); a name with
    # digits is passed over as any word is ("eight H200 GPUs", "8 NVIDIA H800 GPUs" count GPUs).
    nouns = list(re.finditer(r"\s*(?:-\s*)?([A-Z][A-Za-z0-9\-]{1,24}|[A-Za-z][A-Za-z\-]{1,24})", after[:80]))
    # "data" before more nouns names their kind ("2224 data contamination detection tasks" counts tasks), as a
    # participle does.
    first = nouns[0].group(1).lower() if nouns else ""
    nouns = nouns[:4 if first.endswith("ed") or first == "data" else 3]
    words = []
    for m in nouns:
        if m.start() != (words[-1][1].end() if words else 0):
            break
        word = m.group(1).lower().rstrip("-")
        if word in _STOP_UNITS:
            break
        words.append((word, m))
    # A metric named after its number makes it a score, not a count: ".75 accuracy", "29.87 BLEU", and so does a
    # name in capitals that counts nothing after it ("0.885 CoSA compared with"; "8 NVIDIA GPUs" counts GPUs).
    if words and (words[0][0] in _METRICS or _metric_name(words[0][1].group(1), after[words[0][1].end():])):
        return None, 0
    # "data" is a plural without an s: "1000 vanilla harmful data" counts examples, as "1,000 harmful examples" does.
    plural = (next(((w, m) for w, m in words if _a_plural(w)), None)
              or next(((w, m) for w, m in words if w == "data"), None))
    # "98 positive and 102 negative samples": the first number counts what the second does.
    paired = _PAIRED_COUNT.match(after)
    if paired and not plural:
        unit, _ = _unit(None, after[paired.end():])
        if unit:
            return unit, paired.end(1)
    # A verb counts nothing: "a gamma of 2 worked best" ("seed" and "speed" are nouns), "a batch size of 64 ran for",
    # "a batch of 64 occupies 20 GB" (a verb that may be a plural noun only before its object).
    if words and (not plural and (re.fullmatch(r"\w{3,}(?<!e)ed", words[0][0]) or words[0][0] in _PAST)
                  or words[0][0] in _VERBS and re.match(r"\s+(?:(?:the|an?)\b|\d)", after[words[0][1].end():])):
        return None, 0
    # An accelerator's model name counts accelerators, as "GPUs" after it would: "8×NVIDIA H800(80GB)" is "eight
    # NVIDIA H800 GPUs".
    accelerator = next(((w, m) for w, m in words if _ACCELERATOR.fullmatch(w)), None)
    if accelerator and (plural is None or _singular(plural[0]) in {"gpu", "tpu", "card", "accelerator"}):
        return "gpu", (plural or accelerator)[1].end()
    if plural or words:
        word, m = plural or words[0]
        noun = _singular(word)
        # "21 instances of random number sequences" counts sequences, as "41 random number sequences" does.
        of = _OF_THINGS.match(after, m.end()) if noun in _INSTANCES else None
        unit, used = _unit(None, after[of.end():]) if of else (None, 0)
        if unit and unit != "count":
            return unit, of.end() + used
        return _COUNTED_ALIKE.get(noun, noun), m.end()
    return None, 0


# Past forms that are no participles: "kept", "held" or "left" may describe what a number counts ("150 kept").
_PAST = frozenset("ran took gave got became fell rose grew won went came".split())
_VERBS = frozenset("occupies takes yields achieves reaches requires gives produces exceeds outperforms consumes "
                   "contains needs uses".split())
# Nouns that count occurrences of the things named after "of": "21 instances of random number sequences".
_INSTANCES = frozenset({"instance", "example", "case", "occurrence"})
_OF_THINGS = re.compile(r"\s+of\s+(?=[A-Za-z])")


def _metric_name(word: str, rest: str) -> bool:
    """Is a word in capitals right after a number a score's name ("0.885 CoSA compared with"), where nothing it
    could name follows ("8 NVIDIA H800 GPUs", "16 JailBreakV-28k policies" count)?"""
    if sum(c.isupper() for c in word) < 2 or word.endswith("s"):
        return False
    following = re.match(r"\s*([A-Za-z][\w-]*)", rest)  # a whole word: "A100" is no article "A"
    return re.match(r"\s*(?:[,.;:)]|$)", rest) is not None or bool(following and following.group(1).lower() in _STOP_UNITS)


# Words after a number that count nothing: function words ("a P@1 of 0.62 without a seed lexicon") and the verbs a
# number's phrase ends before ("raising alpha to 2.0 increases recall"). Not "more" or "other": "5 more languages".
_STOP_UNITS = (STOPWORDS - {"more", "less", "other", "few", "further", "same"}) | {
    "respectively", "relative", "whereas", "although", "though", "since", "across", "against", "through", "versus", "compared",
    "instead", "yet", "increases", "increased", "decreases", "decreased", "improves", "improved", "reduces", "reduced",
    "raises", "raised", "lowers", "lowered", "drops", "dropped", "rises", "rose", "falls", "fell", "reaches", "reached",
    "achieves", "achieved", "obtains", "obtained", "outperforms", "outperformed", "yields", "yielded", "gives", "gave",
    "shows", "showed", "surpasses", "surpassed", "exceeds", "exceeded", "represents", "corresponds", "indicates",
    "suggests", "remains", "becomes", "means", "denotes", "marks",
    # Adverbs and conjunctions a number's phrase ends before: "version 3 slightly reduced", "0.8 unless stated".
    "unless", "slightly", "significantly", "substantially", "considerably", "marginally", "overall", "alone", "apiece",
    "consistently", "typically", "usually", "mostly", "largely", "still", "otherwise", "roughly", "approximately",
    "nearly", "almost", "minus", "plus"}


# Nouns in -ly, which count: "3 families", "two anomalies".
_LY_NOUNS = frozenset("family assembly anomaly supply reply ally rally monopoly homily butterfly".split())


def _adverb(word: str) -> bool:
    """Is it an adverb in -ly (not a noun such as "family")?"""
    return len(word) > 4 and word.endswith("ly") and word not in _LY_NOUNS


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if _a_plural(word) and len(word) > 3:
        return word[:-1]
    return word


def _bounds(value: float, decimals: int, comparator: str, unit: str | None) -> tuple[float, float]:
    half = 0.5 * 10 ** (-decimals) if (decimals or unit in _SCORE_UNITS) else 0.0
    if comparator == ">=":
        return value, math.inf
    if comparator == "<=":
        return -math.inf, value
    if comparator == "~":
        spread = max(half, abs(value) * 0.05)
        return value - spread, value + spread
    return value - half, value + half


def _share_list_units(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """'improvements of 8.2, 7.5, and 7.0 points': a list shares the last item's unit and the first's role."""
    out: list[Quantity] = []
    i = 0
    while i < len(quantities):
        j = i
        while j + 1 < len(quantities) and quantities[j].unit is None and _LIST_GAP.match(
            text[quantities[j].span[1] : quantities[j + 1].span[0]]
        ):
            j += 1
        group = quantities[i : j + 1]
        unit = group[-1].unit
        role = "delta" if any(q.role == "delta" for q in group) else "absolute"
        for q in group:
            low, high = (_bounds(q.value, q.decimals, q.comparator, unit) if q.comparator in "=~" and unit != q.unit
                         else (q.low, q.high))
            out.append(q.model_copy(update={"unit": unit, "role": role, "low": low, "high": high}))
        i = j + 1
    for k in range(1, len(out)):
        previous, q = out[k - 1], out[k]
        if previous.role == "delta" and q.role != "delta" and q.unit == previous.unit and _PAIRED_GAP.match(
                text[previous.span[1]:q.span[0]]):
            out[k] = q.model_copy(update={"role": "delta"})
    return out


# A plural noun followed by the things it stands for: "starting from random seeds 0, 1, 2, and 3", "three metrics: run
# time, token consumption, and turns", "two datasets (SST-2 and IMDB)". Items are short and, but after a colon or in
# parentheses, begin as names and numbers do, so that words going on about the noun are no list ("questions for
# randomly sampled head, torso, and tail entities"); examples ("such as A and B") are not all of them.
_ITEM = r"[^\s,;:()][^,;:()]{0,39}?"
_NAMED_ITEM = r"[A-Z0-9][^,;:()]{0,39}?"
_ITEMS = r"(?:{item},\s+){{0,9}}{item},?\s+(?:and|or)\s+{item}"
_LISTED = re.compile(rf"(?P<noun>[A-Za-z][A-Za-z\-]+[a-rt-z]s)(?:\s*:\s*(?!such\b|including\b|like\b|e\.g\.)"
                     rf"(?P<items>{_ITEMS.format(item=_ITEM)})(?=\s*(?:[.;)](?!\d)|$))"
                     rf"|\s+\((?P<within>{_ITEMS.format(item=_ITEM)})\)"
                     rf"|\s+(?P<named>{_ITEMS.format(item=_NAMED_ITEM)})(?=\s*(?:[.;:)](?!\d)|$)))")
_PLURAL = re.compile(r"\b[A-Za-z][A-Za-z\-]+[a-rt-z]s\b")
_ITEM_GAP = re.compile(r",\s*(?:and|or)\s+|,\s*|\s+(?:and|or)\s+")


def _a_name(item: str) -> bool:
    """Is a listed item a name ("Llama 2 70B", "o3-mini", "Chain of Thought"), not words going on ("8-23 out of 32 in
    LLaMa" after "layers", "about 3" after "hours")? Each word of it bears a capital or a digit, but a small word
    between two capitalised ones."""
    words = item.split()
    return all(any(ch.isupper() or ch.isdigit() for ch in word)
               or 0 < k < len(words) - 1 and words[k] in STOPWORDS and words[k - 1][0].isupper()
               and words[k + 1][0].isupper()
               for k, word in enumerate(words))


def listed_counts(text: str) -> list[Quantity]:
    """How many things a text lists after their plural noun, as counts of that noun: "random seeds 0, 1, 2, and 3"
    states four seeds, which a claim's "four random seeds" is compared with. Lists of two to ten short items, each
    after the noun nearest to it ("lasts 500k steps, starting from random seeds 0, 1, 2, and 3" lists seeds)."""
    found = [m for noun in _PLURAL.finditer(text) if (m := _LISTED.match(text, noun.start()))]
    out = []
    sentences = split_sentences(text)
    for m in found:
        group = next(g for g in ("items", "within", "named") if m.group(g))
        start, end = m.start(group), m.end(group)
        items = [item for item in _ITEM_GAP.split(m.group(group)) if item.strip()]
        nearer = any(start <= other.start() < end for other in found)
        noun = _singular(m.group("noun").lower())
        if nearer or not 2 <= len(items) <= 10 or any(len(item.split()) > 5 for item in items) or noun in _STOP_UNITS:
            continue
        # Only a list after a colon may be of plain words ("three metrics: run time, token consumption, and turns");
        # no one lists hours or days by name ("83 hours (about 3 and a half days)").
        if group != "items" and not all(_a_name(item) for item in items) or noun in _SIZES:
            continue
        sentence = _sentence_of(sentences, m.start(), len(text))
        out.append(Quantity(text=text[start:end], value=float(len(items)), low=float(len(items)),
                            high=float(len(items)), unit=_COUNTED_ALIKE.get(noun, noun), span=(start, end),
                            before=content_words(text[sentence[0]:start])[-5:],
                            after=content_words(text[end:max(end, sentence[1])])[:5]))
    return out


def is_score(quantity: Quantity) -> bool:
    """A score or a change: a percentage, points, a factor, or a bare difference or decimal ("76.2 on XNLI"); not a
    count of things, even one the parser read as a change ("three lower-level tasks")."""
    return quantity.unit in ("%", "points", "x") or (quantity.unit is None and (quantity.role == "delta" or quantity.decimals > 0))


def compatible(a: Quantity, b: Quantity) -> bool:
    if a.role != b.role:
        return False
    if a.unit == b.unit or _one_measure(a.unit, b.unit):
        return True
    if _counts_alike(a, b) or _counts_alike(b, a) or _same_people(a, b) or _same_people(b, a):
        return True
    # A bare number in the thousands or more counts something (as _counts_alike says): no share or score of points
    # ("70.2% of Llama2-Chat 70B's responses" once met the 70B).
    if {a.unit, b.unit} & {"%", "points"} and any(q.unit is None and abs(q.value) >= 1000 for q in (a, b)):
        return False
    return a.unit in _SCORE_UNITS and b.unit in _SCORE_UNITS


# How many words near both numbers (_context_overlap) make a number of another unit possibly the claim's measure.
_ALIKE_AROUND = 0.7


def written_otherwise(claim: Quantity, stated: Quantity) -> bool:
    """Might a passage's number of another unit be of the claim number's measure, written otherwise, among the same
    words? A bare number whose measure is named before it ("a mini-batch size of 21" for "25 examples per
    mini-batch", "sequences of length 200") or a count of things called by another name ("1200 rectified linear
    units" for "800 ReLUs"); the units say no more than that the texts word it differently. Whole numbers only, and
    none written with a scale letter ("the 8B model", "128K entries"): a score, a p-value or a size is stated of its
    measure by its own unit."""
    if (claim.role != stated.role or not claim.value.is_integer() or not stated.value.is_integer()
            or re.search(rf"\d{_SCALE_LETTER}", claim.text) or _context_overlap(claim, stated) < _ALIKE_AROUND):
        return False
    return stated.unit is None or counts_things(claim) and counts_things(stated)


def counts_things(quantity: Quantity) -> bool:
    """Does the number count things it names ("four target languages", "1,948 papers"), not a score, a size or a
    factor?"""
    return _counts_by(quantity.unit)


def _counts_by(unit: str | None) -> bool:
    """Is the unit a thing counted, not a score's, a size's, a factor's or a variable's?"""
    return unit not in _SCORE_UNITS and unit not in _SIZES and unit != "x" and not unit.startswith("=")


def _counts_alike(counted: Quantity, bare: Quantity) -> bool:
    """A number with no unit in the thousands or more counts something, and is compared with a count of things in the
    thousands ("plateaued around 40K" against "plateaus at around 150K sentences"), not with fewer ("90 languages")."""
    return counts_things(counted) and bare.unit is None and min(abs(counted.value), abs(bare.value)) >= 1000


# Nouns for people taking part in a study. "eight graduate student volunteers" are students, and "5 graduate
# students" count them; "3 model sizes" are no models, so only people are counted by the noun before their own.
_PEOPLE = frozenset({"volunteer", "annotator", "participant", "student", "worker", "crowdworker", "rater", "expert",
                     "person", "people", "user", "subject", "respondent", "labeler", "labeller", "evaluator", "judge",
                     "researcher", "developer", "reviewer", "assessor", "speaker", "player", "clinician", "physician"})


# Words for people that say nothing of their role: "72 people took part" counts the study's participants.
_ANYONE = frozenset({"people", "person"})


def _same_people(described: Quantity, counted: Quantity) -> bool:
    """Does `described` count people as `counted`'s noun names them, with more words ("eight graduate student
    volunteers" against "5 Chinese graduate students"), or as mere people ("64 participants" against "72 people")?"""
    return (described.unit in _PEOPLE and counted.unit in _PEOPLE
            and (counted.unit in _ANYONE or counted.unit in {_singular(w.lower()) for w in _qualifiers(described)}))


def _one_measure(a: str | None, b: str | None) -> bool:
    """Are two different units sizes of one measure (minutes and hours, GB and TB)?"""
    return a in _SIZES and b in _SIZES and _SIZES[a][0] == _SIZES[b][0]


def in_unit_of(q: Quantity, other: Quantity) -> Quantity:
    """`q` in `other`'s unit where both are sizes of one measure (2 hours as 120 minutes), else `q` as it is."""
    if q.unit == other.unit or not _one_measure(q.unit, other.unit):
        return q
    return _scaled_by(q, _SIZES[q.unit][1] / _SIZES[other.unit][1], other.unit, q.decimals)


def _rounded(q: Quantity, other: Quantity) -> Quantity:
    """`q`, a whole number of a larger unit than `other`'s, as the span it rounds: "a two-week window" for March 1-15
    (15 days), "one month" for 30 days. In one unit, "5 days" is 5 days."""
    if q.decimals or q.comparator != "=" or _SIZES[q.unit][1] <= _SIZES[other.unit][1]:
        return q
    return q.model_copy(update={"low": q.value - 0.5, "high": q.value + 0.5})


def _scaled_by(q: Quantity, factor: float, unit: str | None, decimals: int) -> Quantity:
    return q.model_copy(update={"value": q.value * factor, "low": q.low * factor, "high": q.high * factor,
                                "unit": unit, "decimals": decimals})


def _a_fraction(q: Quantity, other: Quantity) -> bool:
    """Is `q` a bare number that may be `other`'s percentage written as a fraction ("0.762" for "76.2%")?"""
    return other.unit == "%" and q.unit is None and q.decimals > 0 and 0 < abs(q.value) <= 1


def readings(claim: Quantity, evidence: Quantity) -> list[tuple[Quantity, Quantity]]:
    """The ways two quantities of one family may be read in one unit: as written (sizes of one measure in the claim's
    unit), and a percentage against a bare fraction also as two percentages. Papers write a result as "76.2%" in
    prose and "0.762" in a table; a bare "0.5" may as well be a gain of half a point, so both readings stand."""
    if claim.unit != evidence.unit and _one_measure(claim.unit, evidence.unit):
        claim, evidence = _rounded(claim, evidence), _rounded(evidence, claim)
    out = [(claim, in_unit_of(evidence, claim))]
    if _a_fraction(evidence, claim):
        out.append((claim, _scaled_by(evidence, 100.0, "%", max(0, evidence.decimals - 2))))
    elif _a_fraction(claim, evidence):
        out.append((_scaled_by(claim, 100.0, "%", max(0, claim.decimals - 2)), evidence))
    elif _power_flattened(evidence, claim):
        out.append((claim, evidence.model_copy(update={"value": claim.value, "low": claim.value, "high": claim.value})))
    return out


# A power of ten whose exponent a PDF's text lost as a superscript: "a factor of 104" is 10^4, "with 107 samples" 10^7.
_TEN_TO = re.compile(r"10([1-9]\d?)(?![\d.,])")  # no exponent starts with 0: "1005" is 1005


def _power_flattened(q: Quantity, other: Quantity) -> bool:
    """May `q`, written as "10" and digits, be the power of ten `other` states ("ten thousand" for "104")?"""
    power = _TEN_TO.match(q.text)
    return (power is not None and q.comparator == "=" and int(power.group(1)) >= 3
            and other.value == 10 ** int(power.group(1)))


def nearest_reading(claim: Quantity, evidence: Quantity) -> tuple[Quantity, Quantity]:
    """The reading (readings) in which the two values stand nearest: the one a verdict shows its difference in."""
    return min(readings(claim, evidence), key=lambda pair: abs(pair[0].value - pair[1].value)
               / max(abs(pair[0].value), abs(pair[1].value), 1e-12))


def _direction(q: Quantity) -> str | None:
    """The word that says a change is a rise or a fall, where its words say one and not the other."""
    words = q.before + q.after
    if any(stem(w) in _FALLING_MEASURES for w in words):
        return None
    up = [w for w in words if _UP.match(w)]
    down = [w for w in words if _DOWN.match(w)]
    return up[0] if up and not down else down[0] if down and not up else None


def _opposite(a: Quantity, b: Quantity) -> bool:
    """Two changes, one stated as a rise and the other as a fall."""
    if a.role != "delta" or b.role != "delta":
        return False
    da, db = _direction(a), _direction(b)
    return da is not None and db is not None and bool(_UP.match(da)) != bool(_UP.match(db))


def agrees(claim: Quantity, evidence: Quantity) -> bool | None:
    """True when the evidence's statement implies the claim's, False when they cannot both hold, else None.

    Values are intervals (rounding as written, bounds, ranges). Two bounds of one
    kind ('more than one' / 'more than 4', 'up to 10' / 'up to 15') or two
    ranges state the same limits, so their limits must match; otherwise the
    claim holds when the evidence's interval lies inside the claim's, fails
    when the intervals are disjoint, and is left open when they only overlap.
    """
    if _opposite(claim, evidence):
        return False
    found = [_agrees_in_one_unit(a, b) for a, b in readings(claim, evidence)]
    return True if True in found else None if None in found else False


def _agrees_in_one_unit(claim: Quantity, evidence: Quantity) -> bool | None:
    same_kind = claim.comparator == evidence.comparator and claim.comparator in (">=", "<=", "range")
    if same_kind:
        ends = [(claim.low, evidence.low, claim.decimals, evidence.decimals), (claim.high, evidence.high, claim.decimals, evidence.decimals)]
        return all(_close(a, b, da, db) for a, b, da, db in ends if math.isfinite(a) or math.isfinite(b))
    # Intervals that only touch are two values stated alike, each rounded: "76.2%" is not "76.3%".
    low, high = max(claim.low, evidence.low), min(claim.high, evidence.high)
    touching = math.isclose(low, high, rel_tol=1e-9)
    if (high < low and not touching) or (touching and claim.high > claim.low and evidence.high > evidence.low):
        return False
    if claim.low <= evidence.low and evidence.high <= claim.high:
        return True
    # A value stated two decimals finer than the evidence's is not confirmed by it: "0.4" may round 0.392 and as well
    # 0.36. One decimal finer is a value rounded as papers round it ("76.24" in a table, "76.2" in prose).
    if claim.decimals - evidence.decimals >= 2:
        return None
    return None if not (claim.comparator == "=" and evidence.comparator == "=") else True


def _close(a: float, b: float, decimals_a: int, decimals_b: int) -> bool:
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= 0.5 * 10 ** (-min(decimals_a, decimals_b)) + 1e-9


def tolerance(claim: Quantity, evidence: Quantity) -> float:
    """The largest difference between the two stated values that still counts as agreement, in the unit of the
    reading in which they stand nearest (the claim's, or percentages for a fraction against a percentage)."""
    def half(q: Quantity) -> float:
        return (q.high - q.low) / 2 if math.isfinite(q.high - q.low) else math.inf
    a, b = nearest_reading(claim, evidence)
    return half(a) + half(b)


def _context_overlap(a: Quantity, b: Quantity) -> float:
    """Shared words near both numbers, each weighted by nearness (1 next to the number, 1/2 two words away...)."""

    def nearness(q: Quantity) -> dict[str, float]:
        weights: dict[str, float] = {}
        for word, distance in _near(q):
            # Without hyphens: a PDF line break writes "RealScholar-Query" for RealScholarQuery.
            key = stem(word.replace("-", ""))
            weights[key] = max(weights.get(key, 0.0), 1.0 / distance)
        return weights

    wa, wb = nearness(a), nearness(b)
    return sum(min(wa[w], wb[w]) for w in wa.keys() & wb.keys())


def _missing_near_words(q: Quantity, passage_words: set[str]) -> float:
    """Weight of the claim's words next to its number (one or two away) that the passage never uses.

    "hidden size 64" is not "batch size 256": 'size' is shared, 'hidden' is nowhere in the passage.
    """
    stems = {stem(w) for w in passage_words}
    near = [(w, d) for w, d in _near(q) if d <= 2] + [(w, 1) for w in _qualifiers(q)]
    return sum(1.0 / d for w, d in near if stem(w) not in stems and not (_parts(w) and _parts(w) <= stems))


def _parts(word: str) -> set[str]:
    """The stemmed words of a hyphenated word ("layer-8": layer; "pseudo-labeled": pseudo, label), none for one word."""
    parts = [p for p in word.split("-") if p.isalpha() and len(p) > 1]
    return {stem(p) for p in parts} if "-" in word else set()


def _qualifiers(q: Quantity) -> list[str]:
    """The words between a number and the noun it counts, which say what is counted ("15 annotated relevant
    papers" are not "76 candidate papers")."""
    words = [w for w in content_words(q.text) if w not in _WORD_NUMBERS]
    if not (q.unit and words and _singular(words[-1]) == q.unit):
        return []
    # An adverb and the participle it qualifies say how things were picked, not which: "200 randomly sampled LM
    # continuations" are "200 randomly chosen LM continuations".
    picked = {i + k for i, w in enumerate(words[:-1]) if _adverb(w) for k in (0, 1)}
    return [w for i, w in enumerate(words[:-1]) if i not in picked]


def _near(q: Quantity) -> list[tuple[str, int]]:
    """(word, distance in words from the number) for the words around a quantity."""
    return [(w, len(q.before) - i) for i, w in enumerate(q.before)] + [(w, i + 1) for i, w in enumerate(q.after)]


def align(claim: list[Quantity], evidence: list[Quantity], passage_words: set[str] | None = None) -> list[NumberCheck]:
    """Pair each claim quantity with the evidence quantity about the same thing, if there is one.

    Candidates share unit family and role; among them the one whose surrounding
    words overlap most with the claim quantity's is taken, and it must share at
    least one word (or a counted noun as unit) to count as the same quantity; shared
    words count by nearness, so a word next to both numbers outweighs one five words off.
    """
    checks: list[NumberCheck] = []
    used: set[int] = set()
    # A number the passage states as the claim writes it, of the same measure, is that number's and no other's: "a
    # temperature of 0.5, top-p of 0.99 and top-k of 5" once paired its 0.5 with the passage's top-k of 5 because
    # "temperature" stood nearer to it. Words around both say so; three digits or more as written say so alone
    # ("98.4% for GPT-4" among other models' agreements, the claim's "annotators agreed" nearer another's 96.4%).
    reserved = {id(q): j for q in claim for j, e in enumerate(evidence)
                if compatible(q, e) and q.text == e.text and (_context_overlap(q, e) >= 1.0 or digits_written(q.text) >= 3)}
    taken = set(reserved.values())
    for q in claim:
        best, best_score = None, 0.0
        own = reserved.get(id(q))
        for j, e in enumerate(evidence):
            if j in used or not compatible(q, e) or ((own is not None or j in taken) and own != j):
                continue
            score = _context_overlap(q, e)
            agreed = agrees(q, e)
            # A value the claim itself states of another thing is that number's, not a conflict for this one
            # ("a space for 90 languages by mapping 89 languages" against the passage's 90 languages; "24 of the 60
            # tasks" against "the 24 tasks", the claim's 24 counting them too), unless the words around both numbers
            # say they are the same and the passage states the other number again ("available in 135 languages"
            # against "available in 90 languages" where the claim's 90 is the passage's other one).
            if not agreed and any(o is not q and same_number(o, e)
                                  and (score < 1.0 or not any(f is not e and same_number(o, f) for f in evidence))
                                  for o in claim):
                continue
            if passage_words is not None:
                score -= 0.5 * _missing_near_words(q, passage_words)
            score += 1.5 if q.unit not in _SCORE_UNITS and e.unit not in _SCORE_UNITS else 0
            # Prefer the reading in which the texts agree, the more so the more digits agree: two passages' 32.21
            # are rarely a coincidence, two 4s often are.
            score += 0.25 * min(4, digits_written(q.text)) if agreed else 0.0
            if score > best_score:
                best, best_score = j, score
        if best is None or best_score < 1.0:
            checks.append(NumberCheck(claim=q, evidence=None, tolerance=0.0, agrees=None))
            continue
        used.add(best)
        e = evidence[best]
        other = _other_things(q, e)
        if other:
            checks.append(NumberCheck(claim=q, evidence=e, tolerance=tolerance(q, e), agrees=False, why=other))
            continue
        checks.append(NumberCheck(claim=q, evidence=e, tolerance=tolerance(q, e), agrees=agrees(q, e), why=_why(q, e)))
    return checks


# Where one clause ends and another, which may state another thing's number, begins: "the peak rate was 0.7% and the
# mean rate was 2.2%", "0.7% for peak, 2.2% for mean". A sentence ends where a stop is followed by a space.
_CLAUSE_BREAK = re.compile(r"[,;:()]|[.!?](?=\s)|\b(?:and|while|whereas|but|versus|vs|compared|against|than)\b",
                           re.IGNORECASE)


def _clause_words(text: str, q: Quantity) -> dict[str, str]:
    """The content words of the clause of `text` that states `q`, the number itself left out, by their stems."""
    start, end = q.span
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    after = _CLAUSE_BREAK.search(text, end)
    words = content_words(text[left:start]) + content_words(text[end:after.start() if after else len(text)])
    return {stem(w): w for w in words}


def uncross(checks: list[NumberCheck], claim: str, passage: str) -> list[NumberCheck]:
    """The checks with each pair of the claim's numbers that the passage states of each other's things paired as the
    passage states them.

    `align` pairs a number with the passage's number written the same, and words around both numbers often name
    both things: "the peak rate was 0.7% and the mean rate was 2.2%" against "the mean rate was 0.7% and the peak
    rate was 2.2%" agreed twice. Here each number's own clause tells the things apart: the word that tells the
    claim's first number from its second ("peak") is in the clause of the passage's second number and not its first,
    and the other way round, so the claim's 0.7% is compared with the passage's 2.2%.
    """
    out = list(checks)
    for i, a in enumerate(out):
        for j in range(i + 1, len(out)):
            b = out[j]
            if not (a.agrees and b.agrees and a.evidence is not None and b.evidence is not None
                    and compatible(a.claim, b.evidence) and compatible(b.claim, a.evidence)
                    and agrees(a.claim, b.claim) is False):
                continue
            mine_a, mine_b = _clause_words(claim, a.claim), _clause_words(claim, b.claim)
            theirs_a, theirs_b = _clause_words(passage, a.evidence), _clause_words(passage, b.evidence)
            only_a, only_b = mine_a.keys() - mine_b.keys(), mine_b.keys() - mine_a.keys()
            if not (only_a & theirs_b.keys() and not only_a & theirs_a.keys()
                    and only_b & theirs_a.keys() and not only_b & theirs_b.keys()):
                continue
            out[i] = _crosswise(a.claim, b.evidence, [theirs_b[k] for k in only_a & theirs_b.keys()])
            out[j] = _crosswise(b.claim, a.evidence, [theirs_a[k] for k in only_b & theirs_a.keys()])
            a = out[i]
    return out


def _crosswise(claim: Quantity, evidence: Quantity, words: list[str]) -> NumberCheck:
    why = f"the passage states {evidence.text!r} of {', '.join(sorted(words))}"
    return NumberCheck(claim=claim, evidence=evidence, tolerance=tolerance(claim, evidence),
                       agrees=agrees(claim, evidence), why=why)


def same_number(a: Quantity, b: Quantity) -> bool:
    """Do two quantities state one value of one measure, or one count however the things are called ("ten
    follow-ups" and "10 different questions", "two" and "two prompts")?"""
    counts = all(q.unit is None or counts_things(q) for q in (a, b))
    return a.role == b.role and (compatible(a, b) or counts) and agrees(a, b) is True


def _other_things(claim: Quantity, evidence: Quantity) -> str:
    """Why two counts of one noun count other things, or "": of one kind (a word between number and noun shared),
    each says which by a word the other lacks ("3,011 expand session trajectories" against "3,011 search session
    trajectories"). A count that says less ("3,011 trajectories") counts the same things, and two that share no such
    word describe them in other words ("10 cross-lingual datasets", "10 new datasets")."""
    def kinds(q: Quantity, other: Quantity) -> set[str]:
        # The other's noun among the words is what both count ("student volunteers" against "students").
        return {stem(part) for w in _qualifiers(q) for part in w.split("-") if part} - {stem(other.unit or "")}
    mine, theirs = kinds(claim, evidence), kinds(evidence, claim)
    if mine & theirs and mine - theirs and theirs - mine:
        return f"unit {claim.unit!r}, but other things counted: {claim.text!r} against {evidence.text!r}"
    return ""


def digits_written(written: str) -> int:
    """How many digits a number is written with, less leading zeros: 0.680 and 43.8% three, 8% one."""
    return max(1, len(re.sub(r"^0+", "", re.sub(r"\D", "", written))))


def _why(a: Quantity, b: Quantity) -> str:
    """Why two quantities were taken to be the same measure: unit, role and the words around both."""
    shared = sorted({stem(w) for w, _ in _near(a)} & {stem(w) for w, _ in _near(b)})
    unit = f"unit {a.unit!r}" if a.unit == b.unit else f"units {a.unit!r}/{b.unit!r} (one family)"
    read_a, read_b = nearest_reading(a, b)
    if read_a.unit == read_b.unit == "%" != (a.unit if b.unit == "%" else b.unit):
        unit += ", the fraction read as a percentage"
    turned = f", opposite directions: {_direction(a)!r} / {_direction(b)!r}" if _opposite(a, b) else ""
    return f"{unit}, both {'changes' if a.role == 'delta' else 'values'}" + (f", words near both: {', '.join(shared)}" if shared else "") + turned


def perturb(text: str, quantity: Quantity) -> str:
    """`text` with one stated number changed to a clearly different value, written the same way.

    Example:
        >>> perturb("improves by 5.4 points", parse_quantities("improves by 5.4 points")[0])
        'improves by 8.1 points'
    """
    start, end = quantity.span
    share = _SHARE.match(text, start)
    if share:
        # "half of which" becomes "a quarter of which", "the first half of" "the first 25% of".
        half = _share(share) == 50
        if re.search(r"\b(?:the|first|second|other|last)\s+$", text[:start], re.IGNORECASE):
            return text[:start] + ("25%" if half else "50%") + text[share.end():]
        return text[:start] + ("a quarter" if half else "half") + text[share.end():]
    match = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?").search(text, start, end)
    if match is None:  # a number written as a word
        word = _WORD_NUMBER.search(text, start, end)
        if word is None:  # "a thousand tokens": the article is the number
            return text[:start] + "three" + text[start + 1 :]
        return text[: word.start()] + str(int(_WORD_NUMBERS[word.group(1).lower()]) + 3) + text[word.end() :]
    written_value = float(match.group(0).replace(",", ""))
    changed = written_value * 1.5 if written_value >= 2 else written_value + 3
    places = _decimals(match.group(0))  # the digits' own: "5e-5" is written "8e-5", not "7.50000e-5"
    written = f"{changed:.{places}f}"
    if written == match.group(0).replace(",", ""):
        written = f"{changed + 1:.{places}f}"
    return text[: match.start()] + written + text[match.end() :]
