"""The monthly roll-up (reports/rollup.py): a whole-service report of many months adds up rolled-up
months and must give exactly the figures of its requests, the moment any write commits, whatever
wrote it (the lifecycle, corrections, bulk updates, deletes, raw SQL, a client merge, a change of
life domains), and whatever the deadline states are judged at."""

from datetime import timedelta

import pytest
from django.db import connection

from naast.registry import lifecycle
from naast.registry.choices import Channel, Outcome, Status
from naast.registry.models import HelpRequest
from naast.reports import rollup
from naast.reports.models import RollupMark, RollupMonth
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import ReportContext, Scope
from naast.taxonomies.models import LifeDomain

from .factories import at
from .test_period_parts import _build

pytestmark = pytest.mark.django_db

NOW = at("2026-01-01")
PERIODS = ["2024", "2023-01-01..2025-06-30", "2024-03-15..2025-02-10", "2024-H2"]


def _scan(text: str, use_rollup: bool, now=NOW):
    ctx = ReportContext(parse_period(text), Scope(), now, use_rollup=use_rollup)
    counts, groups = ctx.scan
    return counts, groups, ctx.last_year


def _same_with_and_without(text: str, now=NOW) -> None:
    assert _scan(text, True, now) == _scan(text, False, now), text


def _received(text: str, use_rollup: bool = True) -> int:
    return _scan(text, use_rollup)[0]["received"]


@pytest.fixture
def requests(f):
    built = _build(f, 150, seed=11)
    muni = f.municipality("GM0001", "Aadorp")
    with lifecycle.arbitrary_state():
        for month in range(1, 13):  # one known request mid-month, closed the next day
            received = at(f"2024-{month:02d}-10 11:00")
            built.append(f.help_request(municipality=muni, received_at=received, minutes_spent=60,
                                        status=Status.CLOSED, outcome=Outcome.ANSWERED,
                                        closed_at=received + timedelta(days=1)))
    rollup.refresh()
    return built


def test_the_roll_up_gives_the_figures_of_the_requests(requests):
    assert RollupMonth.objects.count() >= 36  # October 2022 to December 2025, every month complete
    assert not RollupMark.objects.exists()  # the refresh counted every mark
    for text in PERIODS:
        _same_with_and_without(text)
    # The full report, every section: the same with the roll-up as from the requests.
    period = parse_period("2023-01-01..2025-06-30")
    assert (build_report("monitor", period, Scope(), now=NOW).sections
            == build_report("monitor", period, Scope(), now=NOW, use_rollup=False).sections)


def test_the_report_reads_the_rolled_up_months(requests):
    """Proof the roll-up is used at all: a month changed behind its back shows; one write to the
    month, and the report counts it from its requests again."""
    month = RollupMonth.objects.get(month="2024-05-01")
    exact = _received("2024")
    month.figures["counts"]["received"] += 1000
    month.save()
    assert _received("2024") == exact + 1000
    assert _received("2024", use_rollup=False) == exact
    victim = HelpRequest.objects.filter(received_at__gte=at("2024-05-03"), received_at__lt=at("2024-05-28")).first()
    HelpRequest.objects.filter(pk=victim.pk).update(minutes_spent=45)  # any write to the month
    assert _received("2024") == exact
    rollup.refresh()
    assert _received("2024") == exact
    assert RollupMonth.objects.get(month="2024-05-01").figures["counts"]["received"] != month.figures["counts"]["received"]


def _one_in(month_start: str) -> HelpRequest:
    start = at(month_start)
    return HelpRequest.objects.filter(received_at__gte=start + timedelta(days=2),
                                      received_at__lt=start + timedelta(days=25)).order_by("pk").first()


def _write_by_update(hr):
    HelpRequest.objects.filter(pk=hr.pk).update(channel=Channel.EMAIL if hr.channel != Channel.EMAIL else Channel.PHONE)


def _write_by_bulk_update(hr):
    hr.minutes_spent = (hr.minutes_spent or 0) + 77
    HelpRequest.objects.bulk_update([hr], ["minutes_spent"])


def _write_by_save(hr):
    hr.urgency = "urgent" if hr.urgency != "urgent" else "regular"
    with lifecycle.arbitrary_state():
        hr.save()


def _write_by_lifecycle(hr):
    if hr.status == Status.CLOSED:
        lifecycle.reopen(hr, has_supporters=False)
    else:
        lifecycle.close(hr, outcome=Outcome.ANSWERED, summary="klaar", at=hr.received_at + timedelta(days=1))


def _write_by_delete(hr):
    hr.life_domains.clear()
    HelpRequest.objects.filter(pk=hr.pk).delete()


def _write_by_raw_sql(hr):
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {HelpRequest._meta.db_table} SET referrer = %s WHERE id = %s", ["gp", hr.pk])


def _write_by_life_domains(hr):
    hr.life_domains.set(LifeDomain.objects.exclude(pk__in=hr.life_domains.values("pk"))[:2])


def _write_by_merge(hr):
    """Two records of one resident merged by a coordinator: the second one's requests move."""
    from naast.accounts.roles import Role
    from naast.intake.merging import merge_clients
    from tests import factories as f

    org, muni = f.organisation("Organisatie X"), f.municipality("GM0001", "Aadorp")
    keep = f.client("Noor H.", phone="0612345678", municipality=muni)
    merge = f.client("Noor H.", phone="+31612345678", municipality=muni)
    with lifecycle.arbitrary_state():
        HelpRequest.objects.filter(pk=hr.pk).update(client=merge, organisation=org, municipality=muni)
        f.help_request(org=org, client=keep, municipality=muni, received_at=hr.received_at + timedelta(hours=1))
    rollup.refresh()
    clients = _scan("2024", True)[0]["unique_clients"]
    merge_clients(f.user(Role.COORDINATOR, org=org), keep=keep, merge=merge, reason="zelfde persoon")
    assert _scan("2024", True)[0]["unique_clients"] == clients - 1


@pytest.mark.parametrize("write", [_write_by_update, _write_by_bulk_update, _write_by_save, _write_by_lifecycle,
                                   _write_by_delete, _write_by_raw_sql, _write_by_life_domains, _write_by_merge])
def test_every_way_of_writing_is_counted_at_once(requests, write):
    hr = _one_in("2024-06-01")
    before = _scan("2024", False)
    write(hr)
    assert RollupMark.objects.filter(month="2024-06").exists()
    _same_with_and_without("2024")
    _same_with_and_without("2023-01-01..2025-06-30")
    rollup.refresh()
    assert not RollupMark.objects.exists()
    _same_with_and_without("2024")
    if write is not _write_by_merge:  # the merge checks its own figure (one resident less)
        assert _scan("2024", False) != before, "the write must change a figure of 2024"


def test_a_request_moved_to_another_month_marks_both(requests):
    hr = _one_in("2024-06-01")
    rollup.refresh()
    with lifecycle.arbitrary_state():
        HelpRequest.objects.filter(pk=hr.pk).update(received_at=at("2024-09-10 12:00"),
                                                    closed_at=None, status=Status.RECEIVED)
    assert set(RollupMark.objects.values_list("month", flat=True)) >= {"2024-06", "2024-09"}
    _same_with_and_without("2024")


def test_deadline_states_are_judged_at_the_reports_cutoff(f):
    """A request of 20 December 2024 without a first contact, due 3 January 2025: still pending in
    the report of 2024, late in the report of 2024-2025. The month is rolled up as judged after
    every deadline, so the report of 2024 must not use it."""
    muni = f.municipality()
    with lifecycle.arbitrary_state():
        for day in range(1, 13):
            f.help_request(municipality=muni, received_at=at(f"2024-{day:02d}-05 10:00"),
                           first_contact_due=at(f"2024-{day:02d}-08 17:00"))
        f.help_request(municipality=muni, received_at=at("2024-12-20 10:00"), first_contact_due=at("2025-01-03 17:00"))
    rollup.refresh()
    for text, now in (("2024", NOW), ("2024-01-01..2025-12-31", NOW), ("2024", at("2024-12-31 12:00"))):
        _same_with_and_without(text, now)
    states = {state: n for (_u, state, _d), n in _scan("2024", True)[1]["contact"].items()}
    assert states.get("pending") == 1
    states = {state: n for (_u, state, _d), n in _scan("2024-01-01..2025-12-31", True)[1]["contact"].items()}
    assert states.get("pending") is None and states.get("late") == 13


def test_a_changed_computation_is_not_used_and_is_recomputed(requests):
    exact = _received("2024")
    RollupMonth.objects.filter(month="2024-02-01").update(version="an older definition")
    RollupMonth.objects.filter(month="2024-02-01").update(
        figures={"counts": {"received": 10**6, "answered": 0, "quick_logs": 0, "answered_quick_logs": 0}, "groups": {}})
    assert _received("2024") == exact
    assert rollup.refresh() == 1
    assert RollupMonth.objects.get(month="2024-02-01").version == rollup.version()
    assert _received("2024") == exact


def test_lost_triggers_are_made_again_and_the_roll_up_dropped(requests):
    assert rollup.installed_triggers() == set(rollup.TRIGGERS)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER reports_rollup_upd{' ON ' + HelpRequest._meta.db_table if connection.vendor == 'postgresql' else ''}")
    assert "reports_rollup_upd" not in rollup.installed_triggers()
    assert rollup.install_triggers() is True
    assert rollup.installed_triggers() == set(rollup.TRIGGERS)
    assert not RollupMonth.objects.exists()  # writes may have gone unmarked: computed again
    assert rollup.install_triggers() is False
    _same_with_and_without("2024")


def test_short_periods_and_scopes_read_the_requests(requests, django_assert_max_num_queries):
    from naast.organisations.models import Municipality

    muni = Municipality.objects.get(code="GM0001")
    assert rollup.rolled_up_scan(ReportContext(parse_period("2024-Q2"), Scope(), NOW)) is None
    assert rollup.rolled_up_scan(ReportContext(parse_period("2024"), Scope(municipality=muni), NOW)) is None
    assert rollup.rolled_up_scan(ReportContext(parse_period("2024"), Scope(), NOW)) is not None


def test_months_not_over_yet_are_not_rolled_up(f):
    from django.utils import timezone

    f.help_request(municipality=f.municipality(), received_at=timezone.now() - timedelta(hours=1))
    f.help_request(municipality=f.municipality(), received_at=timezone.now() - timedelta(days=70))
    rollup.refresh()
    this_month = timezone.localdate().replace(day=1)
    assert not RollupMonth.objects.filter(month=this_month).exists()
    assert RollupMonth.objects.filter(month__lt=this_month).exists()


def test_month_boundaries_in_local_time():
    """A UTC month touches its own local month and, for the hours after midnight in Amsterdam on
    the first, the next one."""
    from datetime import date

    assert rollup.local_months_of_mark("2024-01") == [date(2024, 1, 1), date(2024, 2, 1)]
    assert rollup.local_months_of_mark("2024-12") == [date(2024, 12, 1), date(2025, 1, 1)]
    assert rollup.months_within(date(2024, 3, 15), date(2024, 6, 30)) == [date(2024, 4, 1), date(2024, 5, 1),
                                                                          date(2024, 6, 1)]


@pytest.mark.django_db(transaction=True)
def test_a_write_committed_during_a_refresh_keeps_its_mark(f, monkeypatch):
    """A writer commits while a refresh is counting its month (after the refresh read the month's
    marks, before it deletes them): its mark survives the refresh, so the report still counts that
    month from its requests."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: a refresh holds the write lock (covered above)")
    import psycopg

    muni = f.municipality()
    with lifecycle.arbitrary_state():
        for day in range(1, 13):
            f.help_request(municipality=muni, received_at=at(f"2024-{day:02d}-05 10:00"), minutes_spent=30,
                           status=Status.CLOSED, outcome=Outcome.ANSWERED, closed_at=at(f"2024-{day:02d}-06 10:00"))
    rollup.refresh()
    hr = HelpRequest.objects.get(received_at=at("2024-06-05 10:00"))
    settings = connection.settings_dict
    other = psycopg.connect(dbname=settings["NAME"], user=settings["USER"] or "postgres",
                            host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432)
    try:
        other.execute(f"UPDATE {HelpRequest._meta.db_table} SET minutes_spent = 900 WHERE id = %s", [hr.pk])
        RollupMark.objects.create(month="2024-06", tx=1)  # another, committed mark of June
        compute = rollup.compute_month

        def commit_meanwhile(month):
            figures = compute(month)
            if not other.closed and month.month == 6:
                other.commit()  # the write lands while the refresh is counting June
            return figures

        monkeypatch.setattr(rollup, "compute_month", commit_meanwhile)
        rollup.refresh()
    finally:
        other.close()
    assert RollupMark.objects.filter(month="2024-06").exists()
    ctx = ReportContext(parse_period("2024"), Scope(), NOW)
    assert ctx.scan[0]["logged_minutes"] == 11 * 30 + 900


def test_the_command_fills_the_roll_up_and_finds_a_month_that_drifted(requests, capsys):
    from django.core.management import CommandError, call_command

    RollupMonth.objects.all().delete()
    call_command("report-rollup")
    assert "months computed" in capsys.readouterr().err
    assert RollupMonth.objects.filter(month="2024-05-01").exists()
    call_command("report-rollup", "--check")
    assert "Every rolled-up month equals its requests." in capsys.readouterr().out
    # A write that left no mark (the triggers switched off): the check names the month.
    month = RollupMonth.objects.get(month="2024-05-01")
    month.figures["counts"]["answered"] += 1
    month.save()
    with pytest.raises(CommandError, match="2024-05"):
        call_command("report-rollup", "--check")


def test_the_covering_indexes_are_made_again_after_a_table_rebuild_drops_them():
    """SQLite drops raw-SQL indexes when a migration rebuilds the help requests' table; every
    migrate makes the missing ones again, with the columns of the latest migration."""
    from django.core.management import call_command

    from naast.reports import indexes

    def columns():
        with connection.cursor() as cursor:
            found = connection.introspection.get_constraints(cursor, "registry_helprequest")
        return {name: found[name]["columns"] for name in indexes.INDEXES if name in found}

    # The definitions here are the ones the migrations made.
    made_by_migrations = columns()
    assert made_by_migrations == {name: [c.strip() for c in cols.split(",")] for name, cols in indexes.INDEXES.items()}
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX reports_hr_recv")
        cursor.execute("DROP INDEX reports_hr_close_org")
    assert indexes.missing() == ["reports_hr_recv", "reports_hr_close_org"]
    call_command("migrate", verbosity=0)
    assert indexes.missing() == []
    assert columns() == made_by_migrations


@pytest.mark.django_db(transaction=True)
def test_a_report_reads_one_snapshot_while_others_write(f):
    """On PostgreSQL every statement of a report sees the same requests: one written and committed
    by someone else in the middle of the report does not count in its later figures."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite reads one snapshot per transaction anyway (WAL)")
    import psycopg

    from naast.reports.dbfuncs import report_session

    muni = f.municipality()
    with lifecycle.arbitrary_state():
        f.help_request(municipality=muni, received_at=at("2024-03-05 10:00"))
    settings = connection.settings_dict
    with report_session():
        before = HelpRequest.objects.count()
        with psycopg.connect(dbname=settings["NAME"], user=settings["USER"] or "postgres",
                             host=settings["HOST"] or "127.0.0.1", port=settings["PORT"] or 5432) as other:
            other.execute(f"DELETE FROM {HelpRequest._meta.db_table}")
        assert HelpRequest.objects.count() == before == 1
    assert HelpRequest.objects.count() == 0
