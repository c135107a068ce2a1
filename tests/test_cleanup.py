from synth.documents.cleanup import join_hyphenated, lift_markers, mark, normalise_chars
from synth.documents.sentences import split_sentences


def test_ligatures_and_detached_accents_are_normalised():
    assert normalise_chars("ﬁne-tuning eﬀect ﬂow") == "fine-tuning effect flow"
    assert normalise_chars("Hinrich Sch¨utze and Vuli´c") == "Hinrich Schütze and Vulić"


def test_markers_from_span_flags_are_lifted_with_offsets():
    text, markers = lift_markers(f"We train on CCG.{mark('4')} It helps{mark('5')}.")
    assert text == "We train on CCG. It helps."
    assert markers == [(16, "4"), (25, "5")]


def test_glued_footnote_number_is_split_off():
    text, markers = lift_markers("and CCG.4 The intermediate tasks")
    assert text == "and CCG. The intermediate tasks"
    assert markers == [(8, "4")]


def test_decimal_numbers_are_not_taken_for_markers():
    text, markers = lift_markers("improves by 5.4 points and 8.2 F1.")
    assert text == "improves by 5.4 points and 8.2 F1."
    assert markers == []


def test_hyphenation_decided_by_the_documents_own_words():
    vocabulary = {"cross-lingual", "statistical", "model", "fine-tuned"}
    assert join_hyphenated("multilin", "guality", vocabulary) == "multilinguality"
    assert join_hyphenated("cross", "lingual", vocabulary) is None
    assert join_hyphenated("statistical", "model", vocabulary) is None
    assert join_hyphenated("fine", "tuned", vocabulary | {"finetuned"}) == "finetuned"


def test_sentence_split_respects_abbreviations_and_initials():
    text = "We follow Phang et al. (2020) and use XLM-R, e.g. on XNLI. J. Phang ran it. Scores rose by 5.4 points!"
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == [
        "We follow Phang et al. (2020) and use XLM-R, e.g. on XNLI.",
        "J. Phang ran it.",
        "Scores rose by 5.4 points!",
    ]


def test_a_citation_after_the_full_stop_stays_with_its_sentence():
    text = "Mined from the magazines Awake! and Watchtower. (Agić and Vulić, 2019)\nIn this work, we focus on 4 languages."
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["Mined from the magazines Awake! and Watchtower. (Agić and Vulić, 2019)",
                   "In this work, we focus on 4 languages."]


def test_each_list_item_is_a_sentence_without_its_bullet():
    text = "from the Parliament web site. (Koehn,\n2005)\n• WMT-News: news test sets\n• NewsCommentary:\nA corpus of 12 languages."
    got = [text[a:b] for a, b in split_sentences(text)]
    assert got == ["from the Parliament web site. (Koehn,\n2005)", "WMT-News: news test sets",
                   "NewsCommentary:\nA corpus of 12 languages."]
