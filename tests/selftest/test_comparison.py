"""The self-test report: summary per theme and the comparison with last year's answers."""

import pytest

from naast.selftest.questions import QUESTIONS, THEMES

from .helpers import figure, fill, report, rows

pytestmark = pytest.mark.django_db


def test_summary_per_theme_and_changed_answers(f):
    muni = f.municipality()
    fill(muni, 2024, {"independence.professional_autonomy": "partly", "independence.separate_from_decisions": "no",
                      "independence.another_supporter": "yes", "accessibility.free": "yes"})
    fill(muni, 2025, {"independence.professional_autonomy": "yes", "independence.separate_from_decisions": "no",
                      "independence.another_supporter": "unknown", "accessibility.open_to_all": "partly"})
    built = report(muni, 2025)
    summary = rows(built, "summary", "theme_summary")
    assert summary["independence"] | {} == summary["independence"]
    assert {k: summary["independence"][k] for k in ("yes", "partly", "no", "unknown", "not_answered", "changed")} == {
        "yes": 1, "partly": 0, "no": 1, "unknown": 1, "not_answered": 0, "changed": 2}
    # Answered this year, not last year: nothing to compare, so not "changed".
    assert summary["accessibility"]["partly"] == 1 and summary["accessibility"]["not_answered"] == 1
    assert summary["accessibility"]["changed"] == 0
    answers = rows(built, "theme_independence", "answers_independence")
    assert answers["independence.professional_autonomy"]["changed"] is True
    assert answers["independence.professional_autonomy"]["previous_answer_code"] == "partly"
    assert answers["independence.separate_from_decisions"]["changed"] is False
    assert answers["independence.another_supporter"]["answer_code"] == "unknown"
    access = rows(built, "theme_accessibility", "answers_accessibility")
    assert access["accessibility.open_to_all"]["changed"] is None
    assert access["accessibility.free"]["answer_code"] is None and access["accessibility.free"]["previous_answer_code"] == "yes"
    assert figure(built, "summary", "changed") == 2
    assert figure(built, "summary", "answered") == 4
    assert figure(built, "summary", "questions") == len(QUESTIONS) == sum(len(t.questions) for t in THEMES)
    assert built.notes == []


def test_a_first_year_says_there_is_nothing_to_compare_with(f):
    muni = f.municipality()
    fill(muni, 2025, {"policy_plan.describes_support": "yes"})
    built = report(muni, 2025)
    assert built.notes == ["Er is geen zelftest over 2024 om mee te vergelijken."]
    assert figure(built, "summary", "changed") == 0
    assert "De zelftest voor 2026 is nog niet ingevuld." in report(muni, 2026).notes


def test_another_municipalitys_answers_do_not_count(f):
    muni, other = f.municipality(), f.municipality("GM0114", "Emmen")
    fill(other, 2025, {"policy_plan.describes_support": "no"})
    fill(muni, 2025, {"policy_plan.describes_support": "yes"})
    fill(other, 2024, {"policy_plan.describes_support": "yes"})
    answers = rows(report(muni, 2025), "theme_policy_plan", "answers_policy_plan")
    assert answers["policy_plan.describes_support"]["answer_code"] == "yes"
    assert answers["policy_plan.describes_support"]["previous_answer_code"] is None


def test_question_keys_are_stable_and_unique():
    keys = [q.key for t in THEMES for q in t.questions]
    assert len(keys) == len(set(keys))
    assert all(key.startswith(THEMES[[t.key for t in THEMES].index(key.split(".")[0])].key + ".") for key in keys)
    assert [t.key for t in THEMES] == ["policy_plan", "independence", "all_areas", "accessibility", "duty_to_inform",
                                       "quality", "participation"]
