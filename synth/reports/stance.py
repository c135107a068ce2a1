"""Where a finding stands on a yes/no research question: for, against, or mixed, read from its words of direction.

The cross-encoder cannot say whether "XLM-R improves 15.7% for Swahili" answers
"Does pretraining at scale help low-resource languages?" (it reads every such
pair as NOT_ENOUGH_INFO), so the stance is read from the words that state a
direction: a gain ("improves", "outperforms", "benefits"), a loss ("hurts",
"less effective", "degrades"), each turned round by a negation before it
("without sacrificing", "does not improve"). A question that asks about a loss
("Does X hurt Y?") turns the finding's direction round too. The word that
decided is kept, so a reader sees why a finding was put where it is.
Questions that are not yes/no questions of direction ("Which properties ...")
get no stance, nor do ablations ("removing X lowers recall" says how a part
of the system matters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Higher" or "lower" says which way only beside what it measures: higher accuracy is a gain, lower error too.
_GOOD = r"(?:\w+ )?(?:accuracy|F1|scores?|recall|precision|performance|BLEU|results?)"
_BAD = r"(?:\w+ )?(?:errors?|error rates?|perplexity|loss|WER|CER|latency)"
# ... or after it: "F1 increased 3.5%", "the error rose".
_RISE, _FALL = r"(?:increas\w*|rises?|rose|risen|grows?|grew)", r"(?:decreas\w*|falls?|fell|declin\w*)"
_GAIN = (rf"higher {_GOOD}|lower {_BAD}|{_GOOD} {_RISE}|{_BAD} {_FALL}|"
         r"(?:reduc\w*|clos\w*|narrow\w*) (?:the )?(?:\w+ ){0,2}gap|improv\w*|gains?|outperform\w*|surpass\w*|"
         r"better|boost\w*|benefi(?:t\w*|cial)|help(?:s|ed|ful)?|enhanc\w*|advantage\w*|effective(?:ly|ness)?|"
         r"stronger|strong performance|performs?(?: \w+)? well|success\w*|competitive|robust|good|impressive")
_LOSS = (rf"lower {_GOOD}|higher {_BAD}|{_GOOD} {_FALL}|{_BAD} {_RISE}|"
         r"hurts?|harm\w*|degrad\w*|worse|less effective|ineffective|fail\w*|drops?|dropped|suffer\w*|lags?|"
         r"lagged|curse|sacrific\w*|at the expense|declin\w*|poor\w*|struggl\w*|limitations?|requires? more|"
         r"underperform\w*|var(?:y|ies|ied) (?:substantially|widely|greatly|considerably)")


def _cues(gain: str, loss: str) -> re.Pattern:
    return re.compile(rf"\b(?:(?P<gain>{gain})|(?P<loss>{loss}))\b", re.IGNORECASE)


_FINDING_CUES = _cues(_GAIN, _LOSS)
# "More", "higher", "fewer" alone state a direction in a question ("find more relevant papers than ..."); in a
# finding they mostly count what was studied ("more than two terabytes", "lower-level tasks").
_QUESTION_CUES = _cues(f"{_GAIN}|more|higher|greater", f"{_LOSS}|fewer|less|lower")
# A negation up to two words before a cue turns it round ("does not improve", "without sacrificing", "no gains");
# "not only" does not ("not only enhances ... but also").
_NEGATION = re.compile(r"\b(?:not|no|never|without|cannot|n't|neither|nor|fail(?:s|ed)? to)\b(?!\s+only)"
                       r"(?:\s+\w+){0,2}\s*$", re.IGNORECASE)
# "Removing the [Expand] action leads to a drop in recall": an ablation says which way a part of the system
# matters, not where the system stands on the question.
_ABLATION = re.compile(r"\b(?:remov(?:e|es|ed|ing)|ablat\w*|w/o)\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\s*(?:does|do|did|is|are|was|were|can|could|will|would|should|has|have|may|might)\b",
                     re.IGNORECASE)

STANCES = ("for", "against", "mixed")


@dataclass(frozen=True)
class Stance:
    label: str  # "for", "against" or "mixed"
    cues: tuple[str, ...]  # the words of direction that decided, as the finding writes them


def _directions(text: str, cues: re.Pattern = _FINDING_CUES) -> list[tuple[int, str]]:
    """Each word of direction in `text` with its sign (+1 a gain, -1 a loss), a negation before it applied."""
    out = []
    for match in cues.finditer(text):
        sign = 1 if match.group("gain") else -1
        out.append((-sign if _NEGATION.search(text[:match.start()]) else sign, match.group(0)))
    return out


def question_direction(question: str) -> int | None:
    """+1 for a yes/no question about a gain ("Does X help Y?"), -1 about a loss ("Does X hurt Y?"), None for a
    question of another form or with no word of direction."""
    if not _YES_NO.match(question):
        return None
    signs = {sign for sign, _ in _directions(question, _QUESTION_CUES)}
    return signs.pop() if len(signs) == 1 else None


def stance(direction: int, finding: str) -> Stance | None:
    """The finding's stance on a question of `direction`; None when it states no direction, or only of a part of
    the system taken away."""
    found = _directions(finding)
    if not found or _ABLATION.search(finding):
        return None
    signs = {sign * direction for sign, _ in found}
    label = "mixed" if len(signs) == 2 else "for" if signs == {1} else "against"
    return Stance(label, tuple(dict.fromkeys(word for _, word in found)))


# A question about one side of a pair ("low-resource languages") is not answered by a finding about the other
# side only ("representations of high resource languages are more robust").
_SIDES = (("low", "high"), ("small", "large"), ("poor", "rich"), ("short", "long"), ("few", "many"))


def _side(side: str, head: str, text: str) -> bool:
    return bool(re.search(rf"\b{side}[- ]{re.escape(head)}", text, re.IGNORECASE))


def about_the_other_side(question: str, finding: str) -> bool:
    """Does the finding speak only of the other side of a pair the question names one side of ("high resource"
    where the question asks about "low-resource")?"""
    for a, b in _SIDES:
        for mine, other in ((a, b), (b, a)):
            for head in re.findall(rf"\b{mine}[- ](\w+)", question, re.IGNORECASE):
                if _side(other, head, finding) and not _side(mine, head, finding):
                    return True
    return False
