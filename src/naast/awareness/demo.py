"""Demo data: three awareness waves. Residents in November 2019 (answers: 67 of 240 know client
support, against the target of 30 %) and November 2020 (answers: 121 of 260, against 50 %), and
referrers in November 2019 (counts entered by hand: 34 of 60, against 50 %)."""

from datetime import date

from naast.core.demodata import DemoContext

from .models import Response, Wave

CHANNELS = ["huisarts", "gemeente", "krant", "website", "familie of buren", "wijkteam"]


def _answers(ctx: DemoContext, wave: Wave, total: int, aware: int) -> None:
    rng = ctx.rng
    rows = []
    for i in range(total):
        knows = i < aware
        question = rng.random() < (0.35 if knows else 0.2)
        rows.append(Response(
            wave=wave, respondent=f"{wave.held_on.year}-{i + 1:04d}", aware=knows,
            informed_via=rng.choice(CHANNELS) if knows else "",
            had_help_question=question if rng.random() > 0.03 else None,
            used_support=(rng.random() < 0.55) if knows and question else (False if question else None)))
    Response.objects.bulk_create(rows)


def build(ctx: DemoContext) -> None:
    if Wave.objects.exists():
        return
    first = Wave.objects.create(name="Inwonerspeiling 2019", held_on=date(2019, 11, 15), audience="residents",
                                sample="Inwonerspanel, 240 inwoners van 18 jaar en ouder, online vragenlijst")
    _answers(ctx, first, 240, 67)
    Wave.objects.create(name="Vindplaatsenpeiling 2019", held_on=date(2019, 11, 20), audience="referrers",
                        sample="60 huisartsen, wijkverpleegkundigen en consulenten, telefonisch",
                        entered_respondents=60, entered_aware=34, entered_aware_with_question=20, entered_used=13)
    second = Wave.objects.create(name="Inwonerspeiling 2020", held_on=date(2020, 11, 16), audience="residents",
                                 sample="Inwonerspanel, 260 inwoners van 18 jaar en ouder, online vragenlijst")
    _answers(ctx, second, 260, 121)
    ctx.log("Awareness: 3 survey waves (2019 and 2020).")
