"""Ending an assignment has one writer, `registry.assignments.end_assignments`, which tells the
apps above (`registry.signals.assignments_ended`); nothing else writes `Assignment.ended_at`."""

import re
from pathlib import Path

import pytest

import naast
from naast.registry.assignments import end_assignments
from naast.registry.models import Assignment
from naast.registry.signals import assignments_ended

pytestmark = pytest.mark.django_db

SRC = Path(naast.__file__).parent
WRITES_ENDED_AT = re.compile(r"\bended_at\s*=(?!=)|[\"']ended_at[\"']\s*:")
ALLOWED = {"registry/assignments.py", "registry/models.py"}  # the writer, and the field's definition


def test_only_the_registry_ends_assignments():
    writers = [
        str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
        if "migrations" not in path.parts and str(path.relative_to(SRC)) not in ALLOWED
        and WRITES_ENDED_AT.search(path.read_text(encoding="utf-8"))
    ]
    assert writers == [], f"{writers} write Assignment.ended_at; call registry.assignments.end_assignments"


def test_ending_sends_the_signal_once_with_what_ended(f, org):
    a, b, c = (f.user("supporter", org=org) for _ in range(3))
    hr = f.help_request(org=org, supporter=a, status="assigned")
    Assignment.objects.create(help_request=hr, supporter=b)
    heard = []

    def receiver(sender, **kwargs):
        heard.append(kwargs)

    assignments_ended.connect(receiver)
    try:
        ended = end_assignments(hr, supporters=[a, c], reason="moved")
        assert end_assignments(hr, supporters=[a], reason="again") == []  # nothing active: nothing sent
    finally:
        assignments_ended.disconnect(receiver)
    assert [x.supporter for x in ended] == [a]
    assert len(heard) == 1 and heard[0]["help_request"] == hr and heard[0]["assignments"] == ended
    assert heard[0]["reason"] == "moved" and heard[0]["at"] == ended[0].ended_at
    assert list(hr.assignments.filter(ended_at__isnull=True).values_list("supporter", flat=True)) == [b.pk]
