"""THE awareness figures: the Wilson interval, the target of a wave's date, and a wave's counts.

Every output (the staff page, `naast report --kind awareness`, the demo) asks these functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from naast.reports.figures import THRESHOLD

from .models import Response, Target, Wave

OTHER_ANSWERS = "*"  # the channels fewer than THRESHOLD respondents named, together

Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval for a share `successes / n` (95 % by default), as fractions; None
    without respondents. Unlike "p ± 1.96·se" it stays within 0..1 and holds up for small samples
    and shares near 0 or 1."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError("successes must lie between 0 and n")
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def target_for(audience: str, on: date) -> Target | None:
    """The target that applies on a date: the latest one for the audience that started on or before it."""
    return Target.objects.filter(audience=audience, from_date__lte=on).order_by("-from_date").first()


@dataclass
class WaveFigures:
    wave: Wave
    respondents: int  # answered the awareness question
    aware: int
    aware_with_question: int
    used: int  # of aware_with_question: used client support
    channels: dict[str, int] = field(default_factory=dict)  # informed_via -> aware respondents
    target: Target | None = None

    @property
    def share(self) -> float | None:
        return 100 * self.aware / self.respondents if self.respondents else None

    @property
    def interval(self) -> tuple[float, float] | None:
        bounds = wilson_interval(self.aware, self.respondents)
        return (100 * bounds[0], 100 * bounds[1]) if bounds else None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.share is None:
            return None
        return Decimal(str(round(self.share, 6))) >= self.target.share

    @property
    def conversion(self) -> float | None:
        return 100 * self.used / self.aware_with_question if self.aware_with_question else None


def wave_figures(waves) -> list[WaveFigures]:
    """The counts of each wave: from its raw answers (aggregated in the database, empty answers
    left out of every denominator) or, for a wave without them, the counts entered by hand."""
    waves = list(waves)
    raw = {row["wave"]: row for row in Response.objects.filter(wave__in=waves).values("wave").annotate(
        n_respondents=Count("pk", filter=Q(aware__isnull=False)),
        n_aware=Count("pk", filter=Q(aware=True)),
        n_aware_with_question=Count("pk", filter=Q(aware=True, had_help_question=True, used_support__isnull=False)),
        n_used=Count("pk", filter=Q(aware=True, had_help_question=True, used_support=True)),
    ).order_by()}
    channels: dict[int, dict[str, int]] = {}
    for row in (Response.objects.filter(wave__in=waves, aware=True).values("wave", "informed_via")
                .annotate(n=Count("pk")).order_by("wave", "-n", "informed_via")):
        # "Heard of it through" is what a respondent wrote: an answer fewer than THRESHOLD people
        # gave ("my neighbour Jan") is counted under OTHER_ANSWERS, never shown as its words.
        answer = row["informed_via"] or ""
        if answer and row["n"] < THRESHOLD:
            answer = OTHER_ANSWERS
        wave_channels = channels.setdefault(row["wave"], {})
        wave_channels[answer] = wave_channels.get(answer, 0) + row["n"]
    found = []
    for wave in waves:
        if wave.pk in raw:
            row = raw[wave.pk]
            figures = WaveFigures(wave, row["n_respondents"], row["n_aware"], row["n_aware_with_question"], row["n_used"],
                                  channels.get(wave.pk, {}))
        else:
            figures = WaveFigures(wave, wave.entered_respondents or 0, wave.entered_aware or 0,
                                  wave.entered_aware_with_question or 0, wave.entered_used or 0)
        figures.target = target_for(wave.audience, wave.held_on)
        found.append(figures)
    return found
