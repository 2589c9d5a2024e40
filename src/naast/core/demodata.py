"""Shared state for `naast demo-data`: every app's `demo.build(ctx)` reads and extends it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from naast.core.progress import Progress


@dataclass
class DemoContext:
    seed: int = 2026
    requests: int = 400
    # How many years of help requests, and over how many municipalities and member organisations
    # (registry/demo.py adds fictional ones beyond the three municipalities and two organisations).
    years: int = 2
    municipalities: int = 3
    organisations: int = 2
    verbose: bool = True
    rng: random.Random = field(init=False)
    # Filled by the apps in order: organisations, municipalities, users, ...
    objects: dict = field(default_factory=dict)
    # `naast demo-data`'s progress bar (or plain lines); apps report their bulk work on it.
    progress: Progress = field(default_factory=Progress.silent)

    def __post_init__(self):
        self.rng = random.Random(self.seed)

    def log(self, message: str) -> None:
        if self.verbose:
            self.progress.write(message)
