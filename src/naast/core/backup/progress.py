"""The progress line of `naast backup` and `naast restore`, and how sizes and durations are shown."""

from __future__ import annotations

import time

from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format


class ProgressLine:
    """How far a long step is. On a terminal one line is rewritten in place; in a log (cron) a line
    is written at most every `LOG_INTERVAL` seconds, so a long run shows it is alive without filling
    the log. `done` ends the step with its result on a line of its own."""

    TERMINAL_INTERVAL = 0.2
    LOG_INTERVAL = 30.0

    def __init__(self, out):
        self.out = out
        self.terminal = out.isatty()
        self.interval = self.TERMINAL_INTERVAL if self.terminal else self.LOG_INTERVAL
        self.shown = ""  # what the terminal line says now
        self.last = time.monotonic()

    def update(self, text: str) -> None:
        now = time.monotonic()
        if now - self.last < self.interval:
            return
        self.last = now
        if self.terminal:
            self.out.write("\r" + text.ljust(len(self.shown)), ending="")
            self.out.flush()
            self.shown = text
        else:
            self.out.write(text)

    def done(self, text: str) -> None:
        if self.terminal:
            self.out.write("\r" + text.ljust(len(self.shown)))
            self.shown = ""
        else:
            self.out.write(text)
        self.last = time.monotonic()


def size(count: int) -> str:
    """A number of bytes as people read it, in the active language ("8,1 MB")."""
    return str(filesizeformat(count))


def seconds(value: float) -> str:
    """A duration in seconds with one decimal, in the active language ("3,2")."""
    return number_format(value, 1, use_l10n=True)


def number(value: int) -> str:
    """A count with thousands grouped, in the active language ("12.345")."""
    return number_format(value, 0, use_l10n=True, force_grouping=True)
