"""Progress of long work (`naast demo-data`, imports, exports, reports): one helper for every command.

On a terminal it draws a tqdm bar with the rate and the time left; when the output is not a
terminal (cron, CI, a log file) it writes plain lines instead: one each time another 10 % is done,
and one every `every` seconds (default 30, or NAAST_PROGRESS_SECONDS) while a step goes on. It always ends with one
summary line with the elapsed time. Everything goes to the stream it is given (standard error for
commands, so that standard output stays clean for data); `quiet=True` silences it. Only counts,
units and step names reach these lines, never anything about a resident.

    with Progress("import-hsds", stream=self.stderr, quiet=quiet) as progress:
        progress.stage("writing", total=len(rows), unit="records")
        for chunk in chunks:
            ...
            progress.update(len(chunk))
        progress.done(f"{len(rows):,} records")
"""

from __future__ import annotations

import math
import os
import sys
import threading
import time
from typing import TextIO

from tqdm import tqdm

EVERY_SECONDS = 30.0  # NAAST_PROGRESS_SECONDS overrides it
EVERY_PERCENT = 10


def duration(seconds: float) -> str:
    """'4.2 s', '7 min 12 s', '1 h 03 min'."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} min {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """A progress report in steps (`stage`), each with an optional total; see the module's doc."""

    def __init__(self, label: str, *, stream: TextIO | None = None, quiet: bool = False,
                 every: float | None = None, tty: bool | None = None):
        self.label = label
        # A Django OutputWrapper adds a line ending to every write: draw on the stream it wraps.
        self.stream = getattr(stream, "_out", stream) if stream is not None else sys.stderr
        self.quiet = quiet
        self.every = every or float(os.environ.get("NAAST_PROGRESS_SECONDS") or EVERY_SECONDS)
        if tty is None:
            isatty = getattr(self.stream, "isatty", None)
            tty = bool(isatty and isatty())
        self.tty = tty
        self.started = time.monotonic()
        self._lock = threading.Lock()
        self._bar: tqdm | None = None
        self._name = ""
        self._unit = "items"
        self._total: int | None = None
        self._count = 0
        self._stage_started = self.started
        self._last_line = self.started
        self._last_tenth = 0
        self._closed = False
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        if not quiet:
            self._ticker = threading.Thread(target=self._tick, name="naast-progress", daemon=True)
            self._ticker.start()

    @classmethod
    def silent(cls) -> Progress:
        return cls("", quiet=True)

    # --- what the work reports ---------------------------------------------------------------
    def stage(self, name: str, total: int | None = None, unit: str = "items") -> None:
        """Start a step: its name, and how many units it will take when that is known."""
        if self.quiet:
            return
        with self._lock:
            self._close_bar()
            self._name, self._unit, self._total, self._count = name, unit, total, 0
            self._stage_started = self._last_line = time.monotonic()
            self._last_tenth = 0
            if self.tty:
                self._bar = tqdm(total=total, desc=f"{self.label}: {name}", unit=f" {unit}", file=self.stream,
                                 nrows=50, mininterval=0.5, leave=False, unit_scale=False)

    def update(self, n: int = 1) -> None:
        if self.quiet or not n:
            return
        with self._lock:
            self._count += n
            if self._bar is not None:
                self._bar.update(n)
                return
            if self._total:
                tenth = min(10, math.floor(self._count * 100 / self._total / EVERY_PERCENT))
                if tenth > self._last_tenth:
                    self._last_tenth = tenth
                    self._line(time.monotonic())

    def write(self, message: str, file: TextIO | None = None) -> None:
        """A line of other output (to `file`, standard output by default) without breaking the bar."""
        file = file or sys.stdout
        if self._bar is not None:
            tqdm.write(message, file=file)
        else:
            print(message, file=file, flush=True)

    def done(self, summary: str = "") -> float:
        """Close the bar and write the one-line summary with the elapsed time; returns the seconds."""
        elapsed = time.monotonic() - self.started
        if self._closed:
            return elapsed
        self._closed = True
        self._stop.set()
        if self.quiet:
            return elapsed
        with self._lock:
            self._close_bar()
            text = f"{self.label}: {summary} in {duration(elapsed)}" if summary else \
                f"{self.label}: done in {duration(elapsed)}"
            print(text, file=self.stream, flush=True)
        return elapsed

    def close(self) -> None:
        """Stop without a summary (the work failed); the caller's error message says why."""
        self._closed = True
        self._stop.set()
        if not self.quiet:
            with self._lock:
                self._close_bar()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind, *_exc) -> None:
        if kind is None:
            self.done()
        else:
            self.close()

    # --- drawing ------------------------------------------------------------------------------
    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _line(self, now: float) -> None:
        """One plain line (not a terminal): step, count, rate, elapsed and time left."""
        parts = [f"{self.label}: {self._name}" if self._name else self.label]
        spent = now - self._stage_started
        if self._total:
            parts.append(f"{min(100, self._count * 100 // self._total)}% ({self._count:,} of {self._total:,} "
                         f"{self._unit})")
        elif self._count:
            parts.append(f"{self._count:,} {self._unit}")
        if self._count and spent > 0:
            parts.append(f"{self._count / spent:,.0f} {self._unit}/s")
        parts.append(f"elapsed {duration(now - self.started)}")
        if self._total and self._count and self._count < self._total:
            parts.append(f"about {duration(spent * (self._total - self._count) / self._count)} left")
        print(", ".join(parts), file=self.stream, flush=True)
        self._last_line = now

    def _tick(self) -> None:
        """Keeps the bar's clock running, and writes a line every `every` seconds in a long step."""
        interval = 1.0 if self.tty else min(1.0, self.every / 2)
        while not self._stop.wait(interval):
            with self._lock:
                if self._closed:
                    return
                if self._bar is not None:
                    self._bar.refresh(nolock=False)
                elif self._name and time.monotonic() - self._last_line >= self.every:
                    self._line(time.monotonic())
