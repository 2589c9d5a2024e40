"""Demo data: a filled self-test for last year and this year for the first two demo municipalities,
with some answers changed (better and worse), explanations and web addresses as evidence. No
uploaded documents: the demo writes nothing into the media folder (a backup of a demo holds the
case files' documents only)."""

from __future__ import annotations

from django.utils import timezone

from naast.core.demodata import DemoContext

from .models import Answer, AnswerChoice, SelfTest
from .questions import THEMES

EXPLANATIONS = {
    AnswerChoice.YES: "Vastgelegd in het beleidsplan sociaal domein en in de subsidieafspraken met de uitvoerders.",
    AnswerChoice.PARTLY: "Staat in het beleidsplan, maar is nog niet uitgewerkt in de werkprocessen van het Wmo-team.",
    AnswerChoice.NO: "Nog niet geregeld. Wordt meegenomen bij de herziening van de verordening.",
    AnswerChoice.UNKNOWN: "Navragen bij de beleidsmedewerker Wmo.",
}
# Last year's answers lean to partly/no; this year most improved, one got worse.
WEIGHTS_LAST_YEAR = [(AnswerChoice.YES, 4), (AnswerChoice.PARTLY, 3), (AnswerChoice.NO, 2), (AnswerChoice.UNKNOWN, 1)]


def _pick(rng, weights) -> str:
    total = sum(w for _c, w in weights)
    roll, upto = rng.uniform(0, total), 0.0
    for choice, weight in weights:
        upto += weight
        if roll <= upto:
            return choice
    return weights[-1][0]


def _changed(rng, before: str) -> str:
    if rng.random() < 0.7:
        return before
    better = {AnswerChoice.NO: AnswerChoice.PARTLY, AnswerChoice.PARTLY: AnswerChoice.YES,
              AnswerChoice.UNKNOWN: AnswerChoice.PARTLY, AnswerChoice.YES: AnswerChoice.PARTLY}
    return better[before]


def build(ctx: DemoContext) -> None:
    rng = ctx.rng
    this_year = timezone.localdate().year
    municipalities = ctx.objects.get("municipalities", [])[:2]
    for municipality in municipalities:
        slug = municipality.name.lower().replace(" ", "")
        answers_before = {}
        for year in (this_year - 1, this_year):
            self_test, _created = SelfTest.objects.get_or_create(municipality=municipality, year=year)
            for theme in THEMES:
                for question in theme.questions:
                    if year == this_year - 1:
                        choice = _pick(rng, WEIGHTS_LAST_YEAR)
                        answers_before[question.key] = choice
                    else:
                        choice = _changed(rng, answers_before[question.key])
                    links = [f"https://www.{slug}.example/beleid/{theme.key.replace('_', '-')}"] if choice == "yes" else []
                    Answer.objects.update_or_create(self_test=self_test, question=question.key, defaults={
                        "answer": choice, "explanation": EXPLANATIONS[choice], "links": links})
    ctx.log(f"Self-tests: {len(municipalities)} municipalities × 2 years")
