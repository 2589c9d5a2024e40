import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from naast.accounts.roles import Role
from naast.core.extensions import Figure, MenuItem, Task
from naast.privacy.policy import (
    can_read_survey_comments,
    can_review_signals,
    sees_client_data,
    signals_to_review,
    works_on_cases,
)


def _caseworker(user) -> bool:
    return works_on_cases(user)


ITEMS = [
    MenuItem("casework:caseload", gettext_lazy("My caseload"), _caseworker, order=30),
    MenuItem("casework:case_meeting", gettext_lazy("Case meeting"), _caseworker, order=32),
    MenuItem("casework:signal_review", gettext_lazy("Signals to review"), can_review_signals, order=33),
    MenuItem("casework:survey_comments", gettext_lazy("Residents' comments"), can_read_survey_comments, order=35),
    MenuItem("casework:calendar_settings", gettext_lazy("Calendar link"), lambda user: works_on_cases(user) and user.has_role(Role.SUPPORTER),
             order=34),
]


def caseload_task(user) -> Task | None:
    """Supporter: their own open requests (the caseload page's query), this week's appointments
    and first contacts past their deadline; two aggregate queries."""
    from naast.registry.models import HelpRequest

    from .selectors import caseload_requests, own_appointments

    if not (sees_client_data(user) and user.has_role(Role.SUPPORTER)):
        return None
    now = timezone.now()
    own = caseload_requests(user, supporter=user).values("pk")
    counts = HelpRequest.objects.filter(pk__in=own).aggregate(
        open=Count("pk"),
        late=Count("pk", filter=Q(first_contact_at__isnull=True, first_contact_due__lt=now)),
    )
    # "This week" is the next seven days: on a Sunday, Wednesday's appointments count too.
    week_end = now + dt.timedelta(days=7)
    appointments = own_appointments(user).filter(
        cancelled_at__isnull=True, starts_at__gte=now, starts_at__lt=week_end
    ).count()
    url = reverse("casework:caseload")
    from .services import open_reminders

    due = open_reminders(user).filter(due_on__lte=timezone.localdate()).count()
    return Task(
        _("My help requests"),
        [
            Figure(ngettext("%(n)s open help request", "%(n)s open help requests", counts["open"])
                   % {"n": counts["open"]}, url, counts["open"]),
            Figure(ngettext("%(n)s appointment in the next 7 days", "%(n)s appointments in the next 7 days",
                            appointments)
                   % {"n": appointments}, url, appointments),
            Figure(ngettext("%(n)s first contact late", "%(n)s first contacts late", counts["late"])
                   % {"n": counts["late"]}, url, counts["late"]),
            Figure(ngettext("%(n)s follow-up reminder for today", "%(n)s follow-up reminders for today", due)
                   % {"n": due}, url + "#reminders", due),
        ],
        covers={"casework:caseload"},
        order=20,
    )


def signal_review_task(user) -> Task | None:
    """Coordinator: how many signals of their organisation wait for review before anything of them is
    shared (one count)."""
    from .choices import SignalStatus
    from .models import Signal

    if not can_review_signals(user):
        return None
    waiting = signals_to_review(user, Signal.objects.filter(status=SignalStatus.PENDING)).count()
    return Task(
        _("Signals"),
        [Figure(ngettext("%(n)s signal waits for your review", "%(n)s signals wait for your review", waiting)
                % {"n": waiting}, reverse("casework:signal_review"), waiting)],
        covers={"casework:signal_review"},
        order=25,
    )


TASKS = [caseload_task, signal_review_task]
