"""The genre of a claim, read from its embedding: fitted on claims' text by data set, used to key a second map."""

import numpy as np
import pytest

from claims.calibration import Logistic
from claims.card import GENRE_KEYS, genre_key, load_card
from claims.embed import load_embedder
from claims.errors import TrainingDataError
from claims.genre import GENRES, fit_genres

ML = ["XLM-R outperforms mBERT on XNLI by 4.7 points of accuracy.", "Our model reaches 81.3 F1 on SQuAD v1.1.",
      "Fine-tuning BERT on MNLI before PAWS-X improves accuracy.", "The transformer encoder has 12 layers and 768 hidden units.",
      "Training on 2.5 TB of CommonCrawl data helps low-resource languages.", "Adam with a learning rate of 1e-5 worked best.",
      "Intermediate-task training on SQuAD helps NER in 40 languages.", "We evaluate zero-shot transfer on TyDiQA-GoldP.",
      "The largest model obtains 89.1 BLEU on WMT14 English-German.", "Dropout of 0.1 was applied to every attention layer."]
HEALTH = ["Vitamin D supplements prevent COVID-19 infection.", "Masks reduce the spread of the coronavirus indoors.",
          "Hydroxychloroquine cures patients with severe COVID-19.", "Drinking hot water kills the virus in the throat.",
          "Children are less likely to be hospitalised with COVID-19.", "Ibuprofen worsens the symptoms of the infection.",
          "The vaccine lowers the risk of death among older adults.", "Smokers have a higher risk of severe disease.",
          "Zinc lozenges shorten the duration of a cold.", "Social distancing slows the growth of new cases."]


@pytest.fixture(scope="module")
def embedder():
    return load_embedder(precision="fp32")


def test_claims_are_read_as_the_genre_of_the_claims_they_resemble(embedder):
    classifier = fit_genres([("scitab", c) for c in ML[:7]] + [("healthver", c) for c in HEALTH[:7]], embedder)
    assert classifier.genres == ["health", "ml"] and classifier.embedder == embedder.name
    assert classifier.classify(embedder.encode(ML[7:] + HEALTH[7:])) == ["ml"] * 3 + ["health"] * 3
    assert classifier.classify(np.zeros((0, 384))) == []


def test_a_data_set_without_a_genre_or_a_single_genre_is_an_error(embedder):
    with pytest.raises(TrainingDataError, match="^unknown_set: data set has no genre"):
        fit_genres([("unknown_set", "A claim.")], embedder)
    with pytest.raises(TrainingDataError, match="two genres or more"):
        fit_genres([("scitab", c) for c in ML], embedder)


def test_the_shipped_card_refines_each_confidence_by_the_claims_genre():
    card = load_card()
    assert set(card.genres.genres) == set(GENRES) and set(GENRE_KEYS) <= card.genre_maps.keys()
    key, raw, passage = "model:NOT_ENOUGH_INFO", 0.8, "A sentence of prose."
    first = card.confidence(key, raw, passage, "searched")
    second = card.genre_maps[genre_key("citation", "searched", key, passage)]
    assert card.confidence(key, raw, passage, "searched", "citation") == pytest.approx(float(second(first)))
    # Citing sentences are where the cross-encoder's abstentions are least often right (docs/verifier.md).
    assert card.confidence(key, raw, passage, "searched", "citation") < card.confidence(key, raw, passage, "searched", "health")


def test_a_card_without_a_genre_map_is_refused():
    from claims.card import VerifierCard

    record = load_card().model_dump() | {"checksum": ""}
    record["genre_maps"] = {k: v for k, v in record["genre_maps"].items() if k != GENRE_KEYS[0]}
    with pytest.raises(ValueError, match=f"calibration maps missing for \\['{GENRE_KEYS[0]}'\\]"):
        VerifierCard.model_validate(record)
    assert isinstance(load_card().genre_maps[GENRE_KEYS[0]], Logistic)


class _OtherEmbedder:
    """A retrieval embedder other than the one the genre classifier was fitted on (vectors of its own)."""

    name = "someone/other-embedder"

    def __init__(self, inner):
        self._inner = inner

    def encode(self, texts):
        return self._inner.encode(texts)[:, ::-1].copy()  # same length, another space


def test_with_another_retrieval_embedder_genres_are_still_read_by_the_classifiers_own(embedder):
    from claims.card import load_verifier
    from claims.evidence import EvidenceIndex
    from claims.passages import Passage
    from claims.verify import Verifier, claim_from_text

    other = _OtherEmbedder(embedder)
    passages = [Passage(paper_id="p", page=None, kind="sentence", text=t) for t in ML + HEALTH]
    verifier = Verifier(load_verifier(precision="fp32"), other, EvidenceIndex(passages, other))
    assert verifier.genre_embedder is not other and verifier.genre_embedder.name.startswith("all-MiniLM-L6-v2")
    verdicts = verifier.verify([claim_from_text("a", ML[0]), claim_from_text("b", HEALTH[0])])
    assert [v.genre for v in verdicts] == ["ml", "health"]
