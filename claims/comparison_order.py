"""A comparison the passage states the other way round, or its two things exchanged: one-change refutations in prose.

"word-aligned data is more expensive to obtain than sentence-aligned parallel data" against "sentence-aligned
parallel data is more expensive to obtain than word-aligned data"; "GloVe favours smaller context window sizes than
SGNS" against "GloVe favors slightly larger window sizes ... compared to SGNS". The cross-encoder reads such pairs by
their shared words (it supported both); here each side of the one comparative word is read: the words only the
claim's first thing has, and those only its second thing has, found on the passage's sides the same way or swapped,
and the comparison's direction (its word, a negation in its clause, a passive) turned accordingly. And "CSLS
increases the similarity of hubs and decreases the similarity of isolated word vectors" against "CSLS increases the
similarity of isolated word vectors and decreases the similarity of hubs": the same words, two things exchanged
across one that is not symmetric. And "The overparameterized model ... overall a lower multilinguality score" against
"The overparameterized model reaches a higher multilinguality score than the original model": the comparative word
bound to the claim's measure, the other way; and "published after the query date" against "published prior to the
query date": order in time turned between the same words; and "MSRA ... social media messages, while Weibo is more
formal" against "Weibo contains messages from social media, MSRA is more formal": what is said of two things exchanged;
"all languages except NL" against "every language, Dutch included"; "increases thyroid volume" against "a reduction
in thyroid volume"; "a UCP1-dependent thermogenic mechanism" against "a UCP1-independent thermogenic mechanism";
"the strongest baseline was search-enabled ChatGPT" against "the strongest baseline, PaSa-GPT-4o"; "word translation
works better with layer-8 representations than with layer-0 ones" against "whereas word translation works better on
layer 0".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from claims.table_compare import CLAUSE, COMPARATIVES, NEGATION, comparative_word
from claims.text import ASIDE, STOPWORDS, content_words, stem
from synth.documents.sentences import split_sentences

# "more expensive to obtain than", "less frequent than", "more beneficial to precision compared with": the word
# "more" or "less" points the comparison.
_THAN = r"(?:than|compared (?:to|with))\b"
_OPTIONS = [*COMPARATIVES, (rf"more(?=\s+(?:[\w-]+\s+){{1,3}}{_THAN})", +1, False),
            (rf"less(?=\s+(?:[\w-]+\s+){{1,3}}{_THAN})", -1, False)]
# Comparative words whose second thing follows at once ("outperforms X", "more than X", "superior to X"); the others
# ("better", "larger") name it after "than" or "compared to".
_DIRECT = re.compile(r"(?:than|to|on|upon|over|behind)$|^(?:outperform|beat|surpass|exceed|underperform|improve)", re.I)
_OBJECT = re.compile(r"\b(?:than|compared (?:to|with)|relative to)\b", re.I)
_LEAD = re.compile(r"^(?:by|that|those|the ones?)(?:\s+(?:of|in|for|on|with|from|by))?\s+", re.I)
_AFTER_THING = re.compile(rf"{CLAUSE.pattern}|\b(?:on|in|at|for|across|over|under|with|when|if|as|by|during|from)\b", re.I)
# A comparative adjective before its noun with no "than" (or "compared to") to follow says which things, not which
# way a comparison goes: "smaller position embeddings are trained more than larger ones" compares by "more"; its
# things are the small position embeddings and the large ones.
_BASE = {"larger": "large", "smaller": "small", "higher": "high", "lower": "low", "longer": "long",
         "shorter": "short", "bigger": "big", "greater": "great"}
_ATTRIBUTIVE = re.compile(rf"\b({'|'.join(_BASE)})(?=\s+(?!(?:than|to|compared|in|on|for|with|by|and|or)\b)[a-z])"
                          r"(?!(?:\s+[\w-]+){1,3}\s+(?:than|compared|relative)\b)", re.I)


# The passage's sentence states at least this share of the claim's words: the same comparison, whichever way.
_SHARED = 0.4


def _plain(text: str) -> str:
    return _ATTRIBUTIVE.sub(lambda m: _BASE[m.group(1).lower()], text)


@dataclass(frozen=True)
class Sides:
    """One comparison: +1 when its first thing has more, the stems before the comparative word, between it and the
    second thing (the measure: "expensive to obtain"), and of the second thing."""

    sign: int
    quality: bool
    first: frozenset[str]
    measure: frozenset[str]
    second: frozenset[str]


@dataclass(frozen=True)
class Reversal:
    sentence: str  # the passage's sentence stating the comparison the other way round
    shared: float  # the share of the claim's words it states
    reason: str = "the passage states the claim's comparison the other way round"


def _order(text: str) -> list[str]:
    """The text's content words, stemmed, in order."""
    return [stem(w) for w in content_words(text)]


# Each rule stems the claim again for every passage read: once per text is enough.
@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    return frozenset(_order(text))


def sides(sentence: str) -> Sides | None:
    """The sentence's one comparison between two things, or None (no comparative word, more than one, or no
    second thing named)."""
    sentence = _plain(ASIDE.sub(" ", sentence))
    found = comparative_word(_OPTIONS, sentence)
    if found is None:
        return None
    sign, quality, start, end = found
    if _DIRECT.search(sentence[start:end]):
        second = end
    else:
        marker = _OBJECT.search(sentence, end)
        boundary = CLAUSE.search(sentence, end)
        if marker is None or (boundary is not None and boundary.start() < marker.start()):
            return None
        second = marker.end()
    return Sides(sign, quality, _stems(sentence[:start]), _stems(sentence[end:second]), _stems(_thing(sentence[second:])))


def _thing(text: str) -> str:
    """The second thing compared: what follows "than" (or "outperforms") up to its first preposition ("mBERT on
    XNLI" is mBERT; "that in PaSa-GPT-4o" is PaSa-GPT-4o; "by XLM-R" after a passive is XLM-R)."""
    text = _LEAD.sub("", text.lstrip())
    stop = _AFTER_THING.search(text)
    return text[:stop.start()] if stop else text


def reversal(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that compares the claim's two things the other way round: the words only
    the claim's second thing has stand before the passage's comparative word, and words only its first thing has
    after it, with the direction unchanged; or they stand where the claim has them, with the direction turned.
    None where no sentence does, or the claim compares nothing."""
    ours = sides(claim)
    if ours is None:
        return None
    first_only = ours.first - ours.second - ours.measure
    second_only = ours.second - ours.first - ours.measure
    words = _stems(_plain(claim))
    if not first_only or not second_only:
        return None
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        theirs = sides(sentence)
        if theirs is None or theirs.quality != ours.quality:
            continue
        stated = _stems(_plain(sentence))
        shared = len(words & stated) / len(words)
        if shared < _SHARED or 2 * len(ours.measure & stated) < len(ours.measure):
            continue
        # The words between the comparative word and the second thing that are no part of the claim's measure are
        # the first thing's: "is more beneficial to precision compared with recall" compares precision with recall.
        before = (theirs.first | (theirs.measure - ours.measure)) - theirs.second
        after = theirs.second - theirs.first
        if second_only & after and not second_only & before:
            direction = theirs.sign
        elif second_only & before and first_only & after and not second_only & after:
            direction = -theirs.sign
        else:
            continue
        if direction != ours.sign:
            return Reversal(sentence.strip(), round(shared, 4))
    return None


def turned(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that gives the claim's first thing the other direction of the claim's
    measure, the comparative word right before the measure's words: "The overparameterized model ... overall a lower
    multilinguality score (.58 vs. .70)" against "The overparameterized model reaches a higher multilinguality score
    than the original model". `reversal` reads a sentence of one comparative word only; this reads sentences of
    several ("lower scores for word translation, but higher ones for retrieval"), each bound to its measure. None
    where the sentence binds the measure both ways, names the claim's second thing before its comparative word (the
    second thing's direction, not the first's), or negates anything."""
    ours = sides(claim)
    if ours is None or not ours.measure:
        return None
    first_only = ours.first - ours.second - ours.measure
    second_only = ours.second - ours.first - ours.measure
    for written, sentence, shared in _unnegated(claim, passage):
        bound = [(sign, m.start()) for pattern, sign, quality in COMPARATIVES if quality == ours.quality
                 for m in re.finditer(rf"\b(?:{pattern})\b", sentence, re.I)
                 if set(_order(sentence[m.end():])[:len(ours.measure)]) == ours.measure]
        if len({sign for sign, _ in bound}) != 1 or bound[0][0] == ours.sign:
            continue
        before = _stems(sentence[:min(at for _, at in bound)])
        if first_only & before and not second_only & before:
            return Reversal(written, round(shared, 4))
    return None


def _sharing(claim: str, passage: str, without_asides: bool = False) -> Iterator[tuple[str, str, float]]:
    """Each sentence of the passage that states _SHARED of the claim's words: (as written, as read, the share of the
    claim's words it states), read without its asides where `without_asides`."""
    words = _stems(claim)
    for start, end in split_sentences(passage) if words else []:
        sentence = ASIDE.sub(" ", passage[start:end]) if without_asides else passage[start:end]
        shared = len(words & _stems(sentence)) / len(words)
        if shared >= _SHARED:
            yield passage[start:end].strip(), sentence, shared


def _unnegated(claim: str, passage: str) -> Iterator[tuple[str, str, float]]:
    """Each sentence of the passage that negates nothing and states _SHARED of the claim's words, read without its
    asides: (as written, as read, the share)."""
    return ((written, sentence, shared) for written, sentence, shared in _sharing(claim, passage, without_asides=True)
            if not NEGATION.search(sentence))


# Words of order in time that say the opposite of each other about the same thing: "published after the query date"
# against "published prior to the query date".
_OPPOSITES = {"after": r"before|prior to", "before": r"after", "prior to": r"after", "earlier than": r"later than",
              "later than": r"earlier than"}
_TIME_WORD = re.compile(r"\b(after|before|prior to|earlier than|later than)\s+", re.I)


def opposite_order(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage stating the claim's word of order in time the other way round, between the
    same words: "papers published after the query date" against "papers published prior to the query date". None
    where either negates anything (a negation turns it back)."""
    if NEGATION.search(claim):
        return None
    for found in _TIME_WORD.finditer(claim):
        before, after = _order(claim[:found.start()])[-1:], _order(claim[found.end():])[:2]
        if not before or len(after) < 2 or any(re.fullmatch(r"[\d.,]+", w) for w in after):
            continue
        opposite = re.compile(rf"\b(?:{_OPPOSITES[found.group(1).lower()]})\s+", re.I)
        for written, sentence, shared in _sharing(claim, passage):
            if NEGATION.search(sentence):
                continue
            for theirs in opposite.finditer(sentence):
                if (_order(sentence[:theirs.start()])[-1:] == before
                        and _order(sentence[theirs.end():])[:2] == after):
                    return Reversal(written, round(shared, 4))
    return None


# A sentence that exchanges two of the claim's things states most of its words (the claim's own, reordered).
_SAME_WORDS = 0.6
# Words whose two sides are not interchangeable: "helped recall more than precision", "increases the similarity of
# hubs and decreases that of isolated vectors", "published before/after".
_ASYMMETRIC = re.compile(r"\b(?:than|more|less|fewer|better|worse|higher|lower|larger|smaller|before|after|increas\w*|"
                         r"decreas\w*|outperform\w*|compared|over|rather)\b", re.I)


def swapped(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage stating the claim's words with two of its spans exchanged across a word
    that is not symmetric: "CSLS increases the similarity of hubs and decreases the similarity of isolated word
    vectors" against "CSLS increases the similarity of isolated word vectors and decreases the similarity of hubs"."""
    if not _ASYMMETRIC.search(claim):
        return None
    mine = _order(ASIDE.sub(" ", claim))
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        theirs = _order(ASIDE.sub(" ", sentence))
        common = set(mine) & set(theirs)
        if len(common) < _SAME_WORDS * len(set(mine)):
            continue
        a = [w for w in mine if w in common]
        b = [w for w in theirs if w in common]
        if _exchange(a, b):
            return Reversal(sentence.strip(), round(len(common) / len(set(mine)), 4))
    return None


def _exchange(a: list[str], b: list[str]) -> bool:
    """Is b a with two spans exchanged across words that are not symmetric (X M Y for Y M X, M holding such a word
    and X and Y none)? Two clauses exchanged whole ("decreases A and increases B" for "increases B and decreases A")
    say the same."""
    if a == b or sorted(a) != sorted(b):
        return False
    p = next(i for i in range(len(a)) if a[i] != b[i])
    q = len(a) - next(i for i in range(len(a)) if a[-1 - i] != b[-1 - i])
    mid_a, mid_b = a[p:q], b[p:q]
    for x in range(1, len(mid_a)):
        for y in range(1, len(mid_a) - x):
            X, Y, M = mid_a[:x], mid_a[len(mid_a) - y:], mid_a[x:len(mid_a) - y]
            if (X != Y and mid_b == Y + M + X and _ASYMMETRIC.search(" ".join(M))
                    and not _ASYMMETRIC.search(" ".join(X + Y))):
                return True
    return False


# Where what a sentence says of one thing ends: a clause break, or the next thing named.
_SAID_BREAK = re.compile(r"[,;:()]|\b(?:while|whereas|but|which|where)\b", re.I)
_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][\w'’-]*[\w]")


def _said_of(sentence: str, names: list[str]) -> dict[str, frozenset[str]]:
    """The stems a sentence states of each name: from each mention to the next name or clause break."""
    spots = sorted((m.start(), m.end(), name) for name in names
                   for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", sentence))
    said: dict[str, frozenset[str]] = {}
    for k, (_, end, name) in enumerate(spots):
        stop = spots[k + 1][0] if k + 1 < len(spots) else len(sentence)
        clause = sentence[end:stop]
        cut = _SAID_BREAK.search(clause)
        said[name] = said.get(name, frozenset()) | _stems(clause[:cut.start()] if cut else clause)
    return said


def exchanged(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage saying of two things what the claim says of them the other way round:
    "MSRA is described as containing social media messages, while Weibo is more formal and political" against
    "Weibo contains messages from social media, MSRA is more formal and political". Each thing's words are those
    from its name to the next name or clause break; at least two of them said of the other thing, each way, and
    fewer of its own."""
    names = list(dict.fromkeys(m.group(0) for m in _CAPITALISED.finditer(claim) if m.group(0).lower() not in STOPWORDS))
    if len(names) < 2:
        return None
    mine = _said_of(claim, names)
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        theirs = _said_of(sentence, [n for n in names if n in mine])
        for a in theirs:
            for b in theirs:
                if a >= b or not (mine.get(a) and mine.get(b)):
                    continue
                across = min(len(mine[a] & theirs[b]), len(mine[b] & theirs[a]))
                if across >= 2 and len(mine[a] & theirs[a]) < across and len(mine[b] & theirs[b]) < across:
                    shared = len(_stems(claim) & _stems(sentence)) / max(1, len(_stems(claim)))
                    return Reversal(sentence.strip(), round(shared, 4),
                                    f"the passage says of {a} and {b} what the claim says of them the other way round")
    return None


_ALL = re.compile(r"\b(?:all|every|each)\b", re.I)
_EXCEPT = re.compile(rf"{_ALL.pattern}[^.;]*?\bexcept(?:\s+for)?\s+([\w-]+(?:\s+and\s+[\w-]+)?)", re.I)
_EXCEPTION = re.compile(r"\b(?:except|excluding|but not|other than|apart from|aside from|save for)\b", re.I)


def excepted(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that says of all but something what the claim says of all, with no
    exception: "significant effects on all languages except NL" against "significant F1 gains for every target
    language, Dutch included"."""
    if not _ALL.search(claim) or _EXCEPTION.search(claim):
        return None
    for written, sentence, shared in _sharing(claim, passage):
        found = _EXCEPT.search(sentence)
        if found:
            return Reversal(written, round(shared, 4),
                            f"the passage makes an exception of {found.group(1)!r} where the claim makes none")
    return None


# Words that say which way a change goes, each bound to the measure right after it ("increases thyroid volume",
# "a substantial reduction in thyroid volume").
# (Not "improves" or "worsens": which way they go depends on the measure, and an error rate improves by falling.)
_CHANGES = ((r"increas\w*|rais(?:e|es|ed|ing)|rises?|rose|elevat\w*|gains? in", +1),
            (r"decreas\w*|reduc\w*|lower(?:s|ed|ing)|declin\w*|drops? in|dropp\w*|diminish\w*", -1))
_BOUND = re.compile(r"\s+(?:(?:in|of|the|a|an)\s+)*")


@dataclass(frozen=True)
class _Change:
    sign: int
    word: str  # the change word as written
    measure: list[str]  # the words right after it, as written


def _changes(sentence: str) -> list[_Change]:
    """Each change word of the sentence, with its direction and the words right after it."""
    out = []
    for pattern, sign in _CHANGES:
        for m in re.finditer(rf"\b(?:{pattern})\b", sentence, re.I):
            bound = _BOUND.match(sentence, m.end())
            out.append(_Change(sign, m.group(0), content_words(sentence[bound.end() if bound else m.end():])[:3]))
    return out


def changed_otherwise(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that changes the claim's measure the other way: "Radioiodine treatment
    ... increases thyroid volume" against "a substantial reduction in thyroid volume". The claim states one change
    word; the sentence binds the words right after it (two at least, or all the claim has) the other way only,
    shares 40% of the claim's words and negates nothing."""
    mine = _changes(claim)
    if len(mine) != 1 or NEGATION.search(claim) or len(mine[0].measure) < 2:
        return None
    change = mine[0]
    measure = [stem(w) for w in change.measure[:2]]
    for written, sentence, shared in _unnegated(claim, passage):
        bound = [c for c in _changes(sentence) if [stem(w) for w in c.measure[:2]] == measure]
        if bound and all(c.sign == -change.sign for c in bound):
            return Reversal(written, round(shared, 4),
                            f"the passage says {bound[0].word!r} of {' '.join(change.measure[:2])!r} where the claim "
                            f"says {change.word!r}")
    return None


# Prefixes that negate a word of six letters or more ("dis" and shorter words make other words: "disease", "inform").
_PREFIXES = ("in", "un", "non", "im", "ir")
_BASE_LETTERS = 6
_TOKEN = re.compile(r"[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")


def _opposites(word: str) -> set[str]:
    """The word (a compound's last part) with a negating prefix, or without the one it has: "dependent" /
    "independent", "UCP1-dependent" / "UCP1-independent"."""
    head, _, last = word.rpartition("-")
    lead = f"{head}-" if head else ""
    out = {lead + last[len(p):] for p in _PREFIXES if last.startswith(p) and len(last) - len(p) >= _BASE_LETTERS}
    if len(last) >= _BASE_LETTERS:
        out |= {f"{lead}{p}{last}" for p in _PREFIXES} | {f"{lead}{p}-{last}" for p in _PREFIXES}
        if head in _PREFIXES:  # "non-toxic"
            out.add(last)
    return out


def negated_word(claim: str, passage: str, paper: Iterable[str] = ()) -> Reversal | None:
    """The first sentence of the passage stating one of the claim's words with a negating prefix, or without the
    one the claim gives it, next to a word next to it in the claim, and never as the claim has it: "a UCP1-dependent
    thermogenic mechanism" against "a robust UCP1-independent thermogenic mechanism". It shares 40% of the claim's
    words and negates nothing: "pretrained (not aligned) weights" says what "unaligned pretrained weights" says.
    Where the rest of the claim's `paper` (its texts) states the claim's word next to the same word too, the two are
    names of two things the paper has ("irrelevant follow-ups" and "relevant follow-ups"), not one turned round."""
    mine = _neighbours(claim)
    for written, sentence, shared in _unnegated(claim, passage):
        theirs = _neighbours(sentence)
        for word in sorted(mine.keys() - theirs.keys()):
            # Between words the two share: "UCP1-independent thermogenic mechanism" turns the claim's word round;
            # "avoiding any parallel sentences" says nothing of its "non-parallel halves of the Bible".
            turned_round = [o for o in _opposites(word) if o in theirs and o not in mine and mine[word] & theirs[o]
                            and not _stated_beside(word, mine[word] & theirs[o], paper)]
            if turned_round:
                return Reversal(written, round(shared, 4),
                                f"the passage says {turned_round[0]!r} where the claim says {word!r}")
    return None


def _stated_beside(word: str, near: set[str], texts: Iterable[str]) -> bool:
    """Does one of the texts state the word next to one of the `near` stems?"""
    return any(_neighbours(t).get(word, set()) & near for t in texts if word in t.lower())


def _neighbours(text: str) -> dict[str, set[str]]:
    """Each word of the text (lowercased) with the stems of the content words right before and after it."""
    tokens = [t.lower() for t in _TOKEN.findall(text)]
    content = [(k, stem(t)) for k, t in enumerate(tokens) if t not in STOPWORDS]
    out: dict[str, set[str]] = {}
    for n, (k, _) in enumerate(content):
        near = {s for _, s in content[max(0, n - 1):n] + content[n + 1:n + 2]}
        out.setdefault(tokens[k], set()).update(near)
    return out


# A word that denies what follows it in its clause: "without prepending our system prompt", "no model is entirely
# safe", "was never mentioned". Not a bound ("no more than 5"), a hedge ("not only", "not necessarily", "may not act as
# an impartial judge"), "more often than not", or a contrast after a comma ("comes from the classifier, not the edit
# memory itself"), which deny nothing the claim states.
_DENIAL = re.compile(r"(?<!\bthan )(?<!\bmay )(?<!\bmight )(?<!, )\b(?:not|never|no|without|cannot|\w+n't|neither|nor|none)\b"
                     r"(?!\s+(?:only|just|merely|necessarily|more|less|fewer|longer|later|earlier|than|all|always)\b)",
                     re.I)
# A denied degree ("did not change its score substantially") says a change was small, as "changed only slightly" does;
# a denial in a condition ("if no correct solution is found") states no fact.
_DEGREE = re.compile(r"\b(?:substantial(?:ly)?|significant(?:ly)?|much|great(?:ly)?|considerabl[ey]|dramatic(?:ally)?|"
                     r"marked(?:ly)?|noticeabl[ey]|strong(?:ly)?|particular(?:ly)?|very|highly|fully|entirely|"
                     r"completely|always|necessarily)\b", re.I)
_CONDITION = re.compile(r"\b(?:if|when|whenever|unless|whether|until|once)\b", re.I)
# Words between a denial and what it denies: "was not the", "did not even".
_AUXILIARIES = frozenset("be is are was were been being do does did have has had a an the any to even yet".split())
# How many content words after a denial it covers, and how many of them the claim must state (the first among them).
_DENIED_WORDS = 4
_DENIED_SHARED = 2


def denied(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage that denies what the claim states: the first word a denial denies is the
    claim's, two content words of the next few are, and the sentence states the first nowhere else undenied ("we
    evaluate directly on the benchmark prompts without prepending our predefined system prompt" against "the authors
    prepend their predefined system prompt"; "Our tests are not functional tests" against "XSTest as a functional
    test suite"). The claim denies nothing; the sentence states 40% of its words. "Unlike prior work, which does not
    use labels, our method uses labels" states the claim's words undenied too."""
    if NEGATION.search(claim) or _DENIAL.search(claim):
        return None
    mine, keys = _stems(claim), _keys(claim)
    for written, sentence, shared in _sharing(claim, passage, without_asides=True):
        for found in _DENIAL.finditer(sentence):
            end = CLAUSE.search(sentence, found.end())
            stop = end.start() if end else len(sentence)
            opening = max((m.end() for m in CLAUSE.finditer(sentence, 0, found.start())), default=0)
            if _DEGREE.search(sentence, found.end(), stop) or _CONDITION.search(sentence, opening, found.start()):
                continue
            head = next((w for w in _TOKEN.findall(sentence, found.end(), stop) if w.lower() not in _AUXILIARIES), "")
            scope = _order(sentence[found.end():stop])[:_DENIED_WORDS]
            if (not head or _word_key(head) not in keys or len(set(scope) & mine) < _DENIED_SHARED
                    or _word_key(head) in _keys(f"{sentence[:found.start()]} {sentence[stop:]}")):
                continue
            return Reversal(written, round(shared, 4),
                            f"the passage denies what the claim states: {found.group(0)!r} before "
                            f"{' '.join(content_words(sentence[found.end():stop])[:_DENIED_WORDS])!r}")
    return None


def _word_key(word: str) -> str:
    """A word as `stem` gives it, and without a plural or third-person "s" stem leaves on: "use" and "uses" alike."""
    stemmed = stem(word.lower())
    return stemmed[:-1] if len(stemmed) > 3 and stemmed.endswith("s") and not stemmed.endswith("ss") else stemmed


def _keys(text: str) -> set[str]:
    """The `_word_key` of every word of the text, stop words too ("use" is one)."""
    return {_word_key(w) for w in _TOKEN.findall(text)}


# "the strongest baseline was X": a superlative picks out one thing, which a passage may name otherwise.
_PICKED = r"(?:strongest|best|weakest|worst|largest|smallest|highest|lowest)\s+[\w-]+"
_PICKED_IN_CLAIM = re.compile(rf"\bthe\s+({_PICKED})\s+(?:was|is|were|are)\s+([^,.;()]+)", re.I)


def picked_otherwise(claim: str, passage: str) -> Reversal | None:
    """The first sentence of the passage naming another thing what the claim says a superlative picks out: "the
    strongest baseline was search-enabled ChatGPT" against "compared to the strongest baseline, PaSa-GPT-4o"."""
    mine = _PICKED_IN_CLAIM.search(claim)
    if mine is None:
        return None
    picked, name = mine.group(1), mine.group(2).strip()
    named = re.compile(rf"\bthe\s+{re.escape(picked)}(?:\s*,\s*|\s+\(|\s+(?:was|is|were|are)\s+)([^,.;()]+)", re.I)
    ours = {w.lower() for w in _TOKEN.findall(name)}
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        theirs = named.search(sentence)
        if theirs and ours and not ours & {w.lower() for w in _TOKEN.findall(theirs.group(1))}:
            return Reversal(sentence.strip(), 1.0, f"the passage names {theirs.group(1).strip()!r} the {picked}, "
                                                   f"the claim {name!r}")
    return None


# "works better with layer-8 representations than with layer-0 ones": one thing measured in two settings.
_IN_SETTINGS = re.compile(r"\b(better|worse|higher|lower)\s+(?:with|on|in|at|for|using)\s+(.+?)\s+than\s+"
                          r"(?:with|on|in|at|for|using)?\s*(.+?)(?=[,.;(]|$)", re.I)
_CONTRASTED = re.compile(r"\b(?:whereas|while|but)\b|;", re.I)


def _setting_words(text: str) -> set[str]:
    return {stem(w) for w in re.findall(r"[A-Za-z]+|\d+", text) if w.lower() not in STOPWORDS}


def better_elsewhere(claim: str, passage: str) -> Reversal | None:
    """The first clause of the passage that puts the claim's measure ahead in the setting the claim puts behind:
    "word translation works better with layer-8 representations than with layer-0 ones" against "whereas word
    translation works better on layer 0 (.88 vs. .79)". The clause states the claim's three words before its
    comparative word, the same comparative word, and after it a word of the claim's second setting only."""
    mine = _IN_SETTINGS.search(claim)
    if mine is None:
        return None
    word = mine.group(1).lower()
    ahead, behind = _setting_words(mine.group(2)), _setting_words(mine.group(3))
    ahead_only, behind_only = ahead - behind, behind - ahead
    measure = set(_order(claim[:mine.start()])[-3:])
    if not ahead_only or not behind_only or len(measure) < 2:
        return None
    for start, end in split_sentences(passage):
        sentence = passage[start:end]
        for clause in _CONTRASTED.split(sentence):
            found = re.search(rf"\b{word}\s+(?:with|on|in|at|for|using)\s+([^,.;(]+)", clause, re.I)
            if found is None or re.search(r"\bthan\b", clause[found.end():], re.I) or NEGATION.search(clause):
                continue
            there = _setting_words(found.group(1))
            if measure <= _stems(clause[:found.start()]) and there & behind_only and not there & ahead_only:
                return Reversal(sentence.strip(), 1.0, f"the passage puts {found.group(1).strip()!r} ahead, the "
                                                       f"claim {mine.group(2).strip()!r}")
    return None
