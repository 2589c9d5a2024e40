"""The state of a norm (docs/domain.md §6.5) is one rule written twice: `norm_state` in Python (the
request page, the case file) and `norm_state_expression` in SQL (the reports). Both must agree."""

from datetime import timedelta

import pytest
from django.db.models import Case, DateTimeField, F, Value, When
from django.utils import timezone

from naast.registry import lifecycle
from naast.registry.models import HelpRequest

pytestmark = pytest.mark.django_db

NOW = timezone.now().replace(microsecond=0)
DAY = timedelta(days=1)

# (status, due, met, closed) relative to NOW, and the state expected at NOW.
CASES = {
    "met before the due time": ("in_progress", DAY, -DAY, None, "on_time"),
    "met exactly at the due time": ("in_progress", -DAY, -DAY, None, "on_time"),
    "met after the due time": ("in_progress", -2 * DAY, -DAY, None, "late"),
    "not met, due time passed": ("assigned", -DAY, None, None, "late"),
    "not met, not yet due": ("assigned", DAY, None, None, "pending"),
    "closed before the due time without it": ("closed", -DAY, None, -2 * DAY, "none"),
    "closed after the due time without it": ("closed", -2 * DAY, None, -DAY, "late"),
    "no due time": ("received", None, None, None, "none"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_python_and_sql_give_the_same_state(f, case):
    status, due, met, closed, expected = CASES[case]
    hr = f.help_request(status=status, received_at=NOW - 10 * DAY,
                        pickup_due=NOW + due if due is not None else None,
                        picked_up_at=NOW + met if met is not None else None,
                        closed_at=NOW + closed if closed is not None else None,
                        outcome="withdrawn" if closed is not None else "")
    norm = lifecycle.NORMS_BY_KEY["pickup"]
    assert lifecycle.norm_state(hr, norm, NOW) == expected
    closed_eff = Case(When(status="closed", then=F("closed_at")), default=Value(None), output_field=DateTimeField())
    in_sql = (HelpRequest.objects.filter(pk=hr.pk).annotate(closed_eff=closed_eff)
              .annotate(state=lifecycle.norm_state_expression(norm, NOW)).values_list("state", flat=True).get())
    assert in_sql == expected
    late_now = HelpRequest.objects.open().filter(pk=hr.pk).filter(lifecycle.overdue_q(norm, NOW)).exists()
    assert late_now == (expected == "late" and met is None and status != "closed")  # still waiting for it
