"""What a claim is about, and whether a passage is about the same thing; claims that are not checkable.

A passage decides a claim only when it names the claim's subject: the models,
data sets, methods, metrics and languages the claim names. "mBERT gets 65.4
on XNLI" says nothing about XLM-R, however similar its wording. Statements of
purpose or method ("We investigate whether ...", "We introduce ...") say what
a paper sets out to do, not what it found, so they get no verdict.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Names: mixed-case or all-caps words and acronyms with digits or dashes (XLM-R, mBERT, SQuAD, GPT-2, F1).
_NAME = re.compile(r"\b(?:[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9\-]*|[a-z]+[A-Z][A-Za-z0-9\-]*|[A-Z][a-z]+-[A-Z0-9][\w\-]*)\b")
# Common nouns written in capitals name no subject: "took 20 minutes on two Tesla V100 GPUs" is about the training
# whether or not its passage says "GPUs", and a number stated "on a single GPU" is not stated of another thing.
_COMMON_CAPITALS = frozenset({"GPU", "GPUs", "CPU", "CPUs", "TPU", "TPUs"})
# Units of memory and frequency are no more a subject than "minutes": "leaked 269 GB of police data" is not about GB.
_UNITS = frozenset({"KB", "MB", "GB", "TB", "PB", "KiB", "MiB", "GiB", "TiB", "kHz", "MHz", "GHz"})
# A numeral that numbers a part of the paper ("Table III", "Section IV") names the part, not what it holds.
_NUMBERED = re.compile(r"\b(?:Tables?|Tab\.|Figures?|Fig\.|Sections?|Sec\.|Appendix|Chapter|Part|Theorem|Lemma"
                       r"|Proposition|Corollary|Remark|Definition|Assumption|Conjecture|Algorithm|Eq\.|Equation)\s+$")
_ROMAN = re.compile(r"[IVXLC]+")
# A name with a word that makes it an adjective names the name: "the XLM-R-based alignment model" is about XLM-R and
# "a TensorBoard-style average" about TensorBoard, whatever the passage calls them ("-large" and "-base" are models).
# A participle does the same: "ReLU-activated units" are ReLU units, "an L1-regularized probe" is an L1 probe.
_MODIFIER = re.compile(r"-(?:based|style|like|specific|only|free|driven|aware|centric|oriented|agnostic|dependent|"
                       r"related|[a-z]{2,}ed)$")
# Languages are single capitalised words, which _NAME leaves out; these are the ones ML papers evaluate on.
LANGUAGES = frozenset(
    "English French German Spanish Italian Portuguese Dutch Russian Chinese Japanese Korean Arabic Hindi Urdu "
    "Bengali Turkish Greek Bulgarian Thai Vietnamese Swahili Indonesian Finnish Estonian Hungarian Hebrew Persian "
    "Marathi Tamil Telugu Malayalam Kazakh Georgian Yoruba Basque Afrikaans Javanese Burmese Tagalog Polish Czech "
    "Romanian Ukrainian Swedish Norwegian Danish Catalan Serbian Croatian Slovak Slovenian Lithuanian Latvian".split())
_LANGUAGE = re.compile(r"\b(" + "|".join(sorted(LANGUAGES)) + r")\b")
# A kind and a letter name one thing of that kind ("vitamin D", "hepatitis B", "method A"): the kind alone is no
# name, and a claim about vitamin D is not decided by a passage about COVID-19 that never mentions it. Only kinds:
# a letter after other words is an initial ("George W. Bush"), an abbreviation ("the U.S.") or part of a longer
# name ("regulatory T cells").
_LETTERED = re.compile(r"\b((?i:vitamin|hepatitis|influenza|method|model|system|task|subtask|setting|group|condition"
                       r"|variant|dataset|scenario|configuration|strategy|track)[ \-][A-Z])\b(?![\w\-]|\.\w)")
# ISO 639-1 codes (and the 639-2 ones papers print) of those languages: table columns are headed "fr", "DEU".
LANGUAGE_CODES = {
    **dict(zip("en fr de es it pt nl ru zh ja ko ar hi ur bn tr el bg th vi sw id fi et hu he fa mr ta te ml kk ka yo "
               "eu af jv my tl pl cs ro uk sv no da ca sr hr sk sl lt lv".split(),
               "English French German Spanish Italian Portuguese Dutch Russian Chinese Japanese Korean Arabic Hindi "
               "Urdu Bengali Turkish Greek Bulgarian Thai Vietnamese Swahili Indonesian Finnish Estonian Hungarian "
               "Hebrew Persian Marathi Tamil Telugu Malayalam Kazakh Georgian Yoruba Basque Afrikaans Javanese Burmese "
               "Tagalog Polish Czech Romanian Ukrainian Swedish Norwegian Danish Catalan Serbian Croatian Slovak "
               "Slovenian Lithuanian Latvian".split())),
    **dict(zip("eng fra fre deu ger spa ita por nld rus zho chi jpn kor ara hin tur ell bul tha vie swa fin".split(),
               "English French French German German Spanish Italian Portuguese Dutch Russian Chinese Chinese Japanese "
               "Korean Arabic Hindi Turkish Greek Bulgarian Thai Vietnamese Swahili Finnish".split())),
}
# Language -> its codes, for reading table cells.
_CODES_OF = {language: [code for code, named in LANGUAGE_CODES.items() if named == language]
             for language in set(LANGUAGE_CODES.values())}


def codes_of(language: str) -> list[str]:
    """The codes a paper may write a language by, in lower case: its two-letter codes and its first three letters
    ("hi", "hin" for Hindi); none for a word that is no language."""
    return [*_CODES_OF[language], language[:3].lower()] if language in _CODES_OF else []


_PURPOSE = re.compile(
    # "To this end, we ...", "To allow for fast experimentation we propose ...": the aim, then what was done.
    r"^(?:(?:in|with) (?:this|the present|our) (?:paper|work|study|article|thesis|section),?\s+|here,?\s+|first,?\s+"
    r"|to (?!our knowledge|the best)\w+(?:\s+[\w-]+){0,8}?,?\s+(?=we\b))?"
    r"(?:we|this (?:paper|work|study|article)|our (?:goal|aim|purpose|objective) (?:is|was) to)\s+"
    r"(?:(?:also|further|then|first|here|now|additionally)\s+)?"
    r"(?:investigat|stud|explor|examin|ask|aim|seek|propos|introduc|present|describ|consider|analy[sz]|address"
    r"|focus|discuss|tackl|revisit|test|evaluat|compar|attempt|tr[yi]|set out|look at|turn to|want|wish|hope|plan)\w*\b",
    re.IGNORECASE,
)
_RESULT_WORDS = re.compile(r"\b(?:outperform\w*|improv\w*|achiev\w*|obtain\w*|surpass\w*|better|worse|higher|lower|"
                           r"state[- ]of[- ]the[- ]art|gains?|shows? that|finds? that|results? in)\b|\d", re.IGNORECASE)


def names(text: str, *, skip_first: bool = True) -> list[str]:
    """The names in `text`, in order, each once; with `skip_first`, not a name that opens the text."""
    found = []
    for match in _NAME.finditer(text):
        name = match.group(0)
        if ((match.start() > 0 or not skip_first) and name not in found and len(name) > 1
                and name not in _COMMON_CAPITALS and name not in _UNITS
                and not (_ROMAN.fullmatch(name) and _NUMBERED.search(text[:match.start()]))):
            found.append(name)
    return found


class Term(str):
    """A name as the claim writes it, with the long form the claim defines it by ("lopinavir (LPV)"): a passage
    that names either names the term."""

    aliases: tuple[str, ...] = ()

    def __new__(cls, name: str, aliases: tuple[str, ...] = ()) -> Term:
        term = super().__new__(cls, name)
        term.aliases = aliases
        return term


def subject_terms(text: str) -> list[str]:
    """Names, kinds with their letter ("vitamin D") and languages, each once: what the claim is about. A name the
    claim defines by a long form ("lopinavir (LPV)", "BCG (Bacille Calmette-Guerin vaccine)") is one term, its long
    form an alias; the names inside the long form are not terms of their own. In a claim written in capitals (most
    of its words), words in capitals are not names ("VITAMIN D LEVELS MAY IMPACT COVID-19 MORTALITY RATES" names
    COVID-19 and VITAMIN D, a kind and its letter); ML claims name many acronyms ("On XNLI, G2S-GGNN gets a lower
    BLEU than S2S") and are not written so."""
    definitions = _definitions(text)
    words = re.findall(r"\b[A-Za-z]{3,}\b", text)
    shouted = 2 * sum(w.isupper() for w in words) > len(words) >= 3
    out: list[str] = []
    for name in dict.fromkeys(_MODIFIER.sub("", n) for n in names(text, skip_first=False)):
        if (len(name) < 2 or (shouted and name.isalpha() and name.isupper())
                or any(name in long.split() for _, long in definitions)):
            continue
        long = next((long for short, long in definitions if short == name), None)
        out.append(Term(name, (long,)) if long else name)
    for pattern in (_LETTERED, _LANGUAGE):
        for match in pattern.finditer(text):
            if match.group(1) not in out:
                out.append(match.group(1))
    return out


# "long form (SHORT)" and "SHORT (long form)": a definition of an abbreviation in the claim's own words.
_PARENTHESES = re.compile(r"\(([^()]{1,80})\)")


def _definitions(text: str) -> list[tuple[str, str]]:
    """(short form, long form) of each abbreviation the text defines in parentheses, found as Schwartz and Hearst
    (2003) do: the short form's letters, in order, in the words next to it, its first letter opening a word."""
    out = []
    for match in _PARENTHESES.finditer(text):
        inner = match.group(1).strip()
        before = text[:match.start()].split()
        if _short_form(inner):
            long = _long_form(inner, before[-min(len(inner) + 5, 2 * len(inner)):])
            if long:
                out.append((inner, long))
        elif before and _short_form(short := before[-1].strip(",;")):
            long = _long_form(short, inner.split())
            if long and len(long) > len(short):
                out.append((short, inner))
    return out


def _short_form(word: str) -> bool:
    """Could it be an abbreviation: one word of 2 to 10 letters, digits or dashes, with a capital?"""
    return re.fullmatch(r"[\w\-]{2,10}", word) is not None and any(c.isupper() for c in word)


def _long_form(short: str, words: list[str]) -> str | None:
    """The shortest tail of `words` that holds the letters of `short` in order, the first opening a word."""
    letters = [c.lower() for c in short if c.isalnum()]
    for start in range(len(words) - 1, -1, -1):
        candidate = " ".join(words[start:]).strip(",;")
        if candidate.lower().startswith(letters[0]) and _in_order(letters, candidate.lower()):
            return candidate
    return None


def _in_order(letters: list[str], text: str) -> bool:
    position = 0
    for letter in letters:
        position = text.find(letter, position) + 1
        if position == 0:
            return False
    return True


def _normal(term: str) -> str:
    # Without accents: a claim writes "Glavaš et al." where the paper writes "Glavas et al.". Most text is ASCII and
    # has none (this runs on every passage a name is looked for in).
    folded = term if term.isascii() else "".join(c for c in unicodedata.normalize("NFKD", term)
                                                 if not unicodedata.combining(c))
    # "Mixtral-8×7B" is how a PDF prints what a claim types as "Mixtral-8x7B", "CoT–output" (an en dash) "CoT-output".
    return re.sub(r"[\s\-_\u2010-\u2015\u2212]", "", folded.lower().replace("×", "x"))


def names_term(term: str, text: str) -> bool:
    """Does `text` name the claim's term (spelled with or without spaces and dashes, in the singular, written
    out as an acronym or as the claim defines it, a language by its code in a table's cell)?"""
    flat = _normal(text)
    singular = re.fullmatch(r"(.*[A-Z0-9])s", term)  # "CNNs" names what a table's "CNN" row is, "lncRNAs" an "lncRNA"
    return (_named_in(term, text, flat) or (singular is not None and _named_in(singular.group(1), text, flat))
            or any(_named_in(alias, text, flat) for alias in getattr(term, "aliases", ()))
            or _spelled_out(singular.group(1) if singular else term, text) or _coded(term, text))


def _named_in(name: str, text: str, flat: str) -> bool:
    """A name of three letters or fewer only as a word of its own (or its plural): "UN" is not named by "under",
    nor "RL" by "world", nor "MEN" by "recommended" or "men", nor "NF" by "inflammation" (in the four PDFs'
    sentences such names were "named" 40 to 190 times).
    A longer name anywhere, spaces and dashes aside: "XLM-R" in "XLM-RoBERTa", "BERT" in "mBERT"."""
    short = _normal(name)
    if len(short) > 3:
        return short in flat
    letters = [c for c in name if c.isalnum()]
    spelled = _SEPARATOR.join(map(re.escape, letters))
    if "".join(letters).isupper():
        # In capitals, in capitals only ("US" and "MEN" are not "us" and "men"), and after a lowercase prefix too:
        # "mtDNA" and "cfDNA" name DNA.
        return re.search(rf"(?<![A-Z0-9]){spelled}(?=s?(?![A-Za-z0-9]))", text) is not None
    return re.search(rf"(?<![A-Za-z0-9]){spelled}(?=s?(?![A-Za-z0-9]))", text, re.IGNORECASE) is not None


_SEPARATOR = r"[\s\-_]?"


def _coded(term: str, text: str) -> bool:
    """Is a language named by its code as a whole table cell ("EN | Europarl" for English), or in capitals as a word
    of prose ("on all languages except NL")?"""
    return any(re.search(rf"(?:^|\|)\s*{code}\s*(?:\||$)", text, re.IGNORECASE | re.MULTILINE)
               or re.search(rf"(?<![\w-]){code.upper()}(?![\w-])", text)
               for code in _CODES_OF.get(term, ()))


def _spelled_out(term: str, text: str, two: bool = False) -> bool:
    """Is an acronym written out in `text`: "NER" as "Named Entity Recognition" (as titles write it), "T2D" as
    "type 2 diabetes", "lncRNA" as "long non-coding RNA", "CMap" as "Connectivity Map"? Two capitals only with
    `two`: they are spelled out by chance ("more than" for MT), so they may excuse a name but never match one."""
    if re.fullmatch(r"[A-Z]{2,6}" if two else r"[A-Z]{3,6}", term):
        units, rest = list(term), ""
    elif re.fullmatch(r"[A-Z](?:[A-Z]|\d+)*\d(?:[A-Z]|\d+)*", term) and len(term) >= 3:
        units, rest = re.findall(r"[A-Z]|\d+", term), ""
    # One lowercase letter is too few: "mBERT" is multilingual BERT, but cross-lingual papers say "monolingual BERT".
    elif prefixed := re.fullmatch(r"([a-z]{2,3}|[A-Z]{1,2})([A-Z][A-Za-z0-9]*)", term):
        units, rest = list(prefixed.group(1)), prefixed.group(2)
        if prefixed.group(1).isupper() and not re.fullmatch(r"[A-Z][a-z]{2,}", rest):  # "CMap", not "XLNet" or "HIV"
            return False
    else:
        return False
    # A word for each letter (three letters at least, so that "a" or "of" spell nothing), the number as written.
    words = [re.escape(u) if u.isdigit() else rf"{re.escape(u)}\w{{2,}}" for u in units]
    if rest:
        words.append(re.escape(rest) + "s?")
    return re.search(r"\b" + r"[\s\-]+".join(words) + r"\b", text, re.IGNORECASE) is not None


@dataclass(frozen=True)
class SubjectMatch:
    about: bool  # the passage names enough of the claim's subject to decide it
    missing: tuple[str, ...]  # the claim's terms the passage does not name
    # The passage names what the claim is about (its first term) but another name in place of a missing one:
    # "PaSa-7b ... both based on the Qwen2.5-7b" against "PaSa-7b is based on Llama-3-8B".
    swapped: bool = False


def same_subject(claim_terms: list[str], passage: str, context: str = "") -> SubjectMatch:
    """About the same thing when the passage (or its context: its paper's title, the names its paper repeats) names
    all of the claim's terms, or at least half of them and no other name in place of the missing ones ("mBERT gets
    66.3" is not about XLM-R; "our model gets 80.9" may be). A name in the context is no other name: it names the
    paper, not what the passage is about.
    A kind with its letter ("vitamin D") must be named: a paper calls its own system "our model", but no passage is
    about vitamin D without saying so."""
    if not claim_terms:
        return SubjectMatch(True, ())
    missing = tuple(t for t in claim_terms if not names_term(t, f"{context} {passage}"))
    if not missing:
        return SubjectMatch(True, ())
    known = {_normal(t) for t in claim_terms}
    others = [t for t in subject_terms(passage) if not any(_normal(t) in k or k in _normal(t) for k in known)]
    half = (2 * (len(claim_terms) - len(missing)) >= len(claim_terms)
            and not any(_LETTERED.fullmatch(t) for t in missing))
    return SubjectMatch(half and not others, missing, swapped=half and bool(others) and claim_terms[0] not in missing)


# Names of measures, not of what is measured: "an F1 of 80.8" is still about the claim's model.
_MEASURES = frozenset(_normal(m) for m in "F1 EM BLEU ROUGE ROUGE-L METEOR AUC MRR NDCG MAP UAS LAS WER CER PPL".split())


def is_measure(word: str) -> bool:
    """Is it the name of a metric ("BLEU", "F1") rather than of a thing measured?"""
    return _normal(word) in _MEASURES


# "Compared to mBERT, ...", "... than XLM", "over previous XLM models": what a result is measured against.
_COMPARED_WITH = re.compile(r"\b(?:compared (?:to|with)|relative to|than|over|against|vs\.?|versus)\s+[^,;.()]*",
                            re.IGNORECASE)


def names_no_system(text: str) -> bool:
    """Does the text leave unnamed what its result is of: no name but those of measures ("the F1 on the test set
    reached 98%") and of what the result is compared with ("Compared to mBERT, accuracy is lower (.75 vs. .81)")?
    A language names where it was measured, not what."""
    compared = " ".join(m.group(0) for m in _COMPARED_WITH.finditer(text))
    return all(is_measure(n) or n in compared for n in names(text, skip_first=False))


def named_otherwise(before: str, claim: str) -> bool:
    """Does the text just before a passage's number name a model, data set or method the claim does not name?"""
    flat = _normal(claim)
    found = names(before, skip_first=False)
    # "the RL training phase" names what the claim calls "the reinforcement learning phase"; "four NVIDIA A100 GPUs"
    # the claim's "A100 GPUs", by maker and model.
    return any(_normal(n) not in flat and not is_measure(n) and not _spelled_out(n, claim, two=True)
               and not _makes(n, found, before, flat) for n in found)


def _makes(name: str, found: list[str], text: str, flat: str) -> bool:
    """Is the name followed in `text` by a name the claim names, as a maker is by its product?"""
    return any(_normal(m) in flat and re.search(rf"\b{re.escape(name)}\s+{re.escape(m)}\b", text) for m in found)


def opens_with_purpose(text: str) -> bool:
    """Does it open as a statement of purpose or method ('We investigate', 'This paper introduces', 'We evaluate')?"""
    return bool(_PURPOSE.match(text.strip()))


# "our framework", "our proposed model": the authors' own system, named only by the paper it is written in.
# Only "our" may be capitalised: a capitalised word between ("Our mBERT model", "our BERT model") names the system.
_OWN_WORK = re.compile(r"\b[Oo]ur (?:[a-z]+ )?(?:framework|model|method|approach|system|pipeline|agent|technique|architecture"
                       r"|algorithm|scheme)s?\b")
_NAMING = re.compile(r"\b(?:dubbed|called|named)\b", re.IGNORECASE)


def unnamed_own_work(text: str) -> bool:
    """Is the claim about its authors' own system without naming it ("our framework is proven effective")? Only
    its own paper speaks of that system so: another paper's "our framework" is that paper's own."""
    return bool(_OWN_WORK.search(text)) and not _NAMING.search(text)


# "the authors report", "in the paper", "the study's experiments": a claim about the work of the paper it cites.
_ITS_PAPER = re.compile(r"\b(?:the|this) (?:authors?|paper|study|work)(?:'s)?\b", re.IGNORECASE)


def about_its_paper(text: str) -> bool:
    """Does the claim speak of the paper it is checked against, its authors or their study ("the authors report the
    mean jailbreak score on HarmBench")? What that paper says it chose is then what the claim is about."""
    return bool(_ITS_PAPER.search(text))


def purpose_statement(text: str) -> bool:
    """'We investigate whether ...', 'This paper introduces ...' with no result stated in it."""
    return opens_with_purpose(text) and not _RESULT_WORDS.search(text)
