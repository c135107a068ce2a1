"""Logistic calibration maps: fitted rates match what they were fitted on, and small or flat data fall back."""

import numpy as np

from claims.calibration import CEILING, FLOOR, IDENTITY, MIN_SAMPLES, fit_logistic, fit_maps


def test_a_fitted_map_gives_the_observed_rate_of_right_verdicts():
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.05, 0.95, 4000)
    # Verdicts are right with probability equal to their raw score: the map must give back about the raw score.
    right = rng.uniform(size=raw.size) < raw
    fitted = fit_logistic(raw, right)
    assert 0.8 < fitted.slope < 1.2
    for lo, hi in ((0.1, 0.3), (0.45, 0.55), (0.7, 0.9)):
        band = (raw >= lo) & (raw < hi)
        assert abs(fitted(raw[band]).mean() - right[band].mean()) < 0.04


def test_too_few_verdicts_get_their_smoothed_hit_rate():
    fitted = fit_logistic(np.linspace(0.1, 0.9, MIN_SAMPLES - 1), np.arange(MIN_SAMPLES - 1) % 3 == 0)
    assert fitted.slope == 0
    assert np.allclose(fitted([0.1, 0.9]), (10 + 1) / (29 + 2))


def test_a_falling_relation_is_not_trusted():
    raw = np.linspace(0.05, 0.95, 200)
    fitted = fit_logistic(raw, raw < 0.5)  # right more often at low scores
    assert fitted.slope == 0
    assert np.allclose(fitted(raw), 101 / 202)


def test_maps_never_say_certain_and_unseen_keys_get_even_odds():
    raw = np.linspace(0.01, 0.99, 100)
    maps = fit_maps(["a"] * 100, list(raw), [True] * 100, ["a", "b"])
    assert FLOOR <= maps["a"](0.0) and maps["a"](1.0) <= CEILING
    assert np.isclose(maps["b"](0.7), 0.5)
    assert np.isclose(IDENTITY(0.3), 0.3)


def test_a_second_map_leaves_a_key_with_too_few_verdicts_as_the_first_map_had_it():
    # The genre maps (claims.genre) refine a first map; with too few verdicts of a genre there is nothing to refine by.
    first = np.linspace(0.2, 0.9, MIN_SAMPLES - 1)
    maps = fit_maps(["few"] * first.size, list(first), [True] * first.size, ["few", "none"], too_few=IDENTITY)
    assert maps == {"few": IDENTITY, "none": IDENTITY}
    many = np.tile(first, 4)
    refined = fit_maps(["many"] * many.size, list(many), [False] * many.size, ["many"], too_few=IDENTITY)["many"]
    assert refined(0.9) < 0.05  # never right: the hit rate, whatever the first map said


def test_verdicts_of_a_genre_only_calibration_set_fit_its_second_maps_and_nothing_else():
    # TaxiNLI's calibration half (everyday sentences, genre `general`) must leave every other verdict's confidence.
    from claims.card import load_card
    from claims.train import CalibrationVerdicts

    rng = np.random.default_rng(1)
    verdicts = CalibrationVerdicts()
    for raw in rng.uniform(0.3, 0.95, 200):
        right = bool(rng.uniform() < raw)
        verdicts.add(("given",), "model:SUPPORTED", "A passage.", float(raw), right, "scitab", "given")
    card = load_card()
    before = verdicts.calibrated(card)
    for raw in rng.uniform(0.3, 0.95, 200):  # confident and never right
        verdicts.add(("given",), "model:SUPPORTED", "A passage.", float(raw), False, "taxinli", "given", first=False)
    after = verdicts.calibrated(card)
    assert after.calibration == before.calibration
    assert {k: v for k, v in after.genre_maps.items() if not k.startswith("general/")} == \
           {k: v for k, v in before.genre_maps.items() if not k.startswith("general/")}
    assert before.genre_maps["general/given/text:SUPPORTED"] == IDENTITY
    assert after.genre_maps["general/given/text:SUPPORTED"](0.9) < 0.05
