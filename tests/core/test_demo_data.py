"""`naast demo-data` builds a realistic service with a login for every role."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from naast.accounts import independence
from naast.accounts.checks import municipal_staff_without_client_data_roles
from naast.accounts.models import User
from naast.accounts.roles import Role
from naast.organisations.models import District, MemberOrganisation, Municipality
from naast.registry.models import Client, HelpRequest

pytestmark = pytest.mark.django_db


def test_demo_data_covers_every_role_and_place(capsys):
    call_command("demo-data", "--requests", "60", "--quiet")
    out = capsys.readouterr().out
    assert MemberOrganisation.objects.count() == 2
    assert Municipality.objects.count() == 3 and District.objects.count() >= 9
    for role in Role.values:
        assert User.objects.filter(role_grants__role=role).exists(), role
        assert str(Role(role).label) in out
    assert HelpRequest.objects.count() == 60
    # Independence: nobody of a municipality holds a role that sees client data, and `naast check` agrees.
    assert User.objects.filter(independence.BOUND_TO_MUNICIPALITY).exists()
    assert not User.objects.filter(independence.BOUND_TO_MUNICIPALITY,
                                   role_grants__role__in=independence.CLIENT_DATA_ROLES).exists()
    assert municipal_staff_without_client_data_roles() == []
    # The planner has statistics for the help requests, so the queue starts on its fast plan.
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'registry_helprequest'")
        else:
            cursor.execute("SELECT COUNT(*) FROM pg_stats WHERE tablename = 'registry_helprequest'")
        assert cursor.fetchone()[0] > 0


def test_demo_data_is_deterministic(capsys):
    def snapshot():
        return list(Client.objects.order_by("pk").values_list("display_name", "birth_year"))[:30], list(
            HelpRequest.objects.order_by("pk").values_list("reference", "channel", "urgency")
        )[:30]

    with transaction.atomic():
        call_command("demo-data", "--requests", "30", "--quiet")
        first = snapshot()
        transaction.set_rollback(True)
    assert not HelpRequest.objects.exists()
    call_command("demo-data", "--requests", "30", "--quiet")
    assert snapshot() == first


def test_if_empty_leaves_existing_data_alone(capsys):
    call_command("demo-data", "--requests", "10", "--quiet")
    call_command("demo-data", "--requests", "10", "--if-empty")
    assert HelpRequest.objects.count() == 10
    assert "balie" in capsys.readouterr().out


def test_the_demo_supporter_and_coordinator_logins_have_open_requests_with_case_files(capsys):
    from naast.casework.models import CaseFile
    from naast.registry.choices import OPEN_STATUSES

    call_command("demo-data", "--requests", "200", "--quiet")
    for username in ("ondersteuner", "coordinator"):
        person = User.objects.get(username=username)
        own = HelpRequest.objects.filter(
            status__in=OPEN_STATUSES, assignments__supporter=person, assignments__ended_at__isnull=True
        )
        assert own.count() >= 2, username
        assert CaseFile.objects.filter(help_request__in=own).exists(), username
        assert set(own.values_list("organisation", flat=True)) == {person.organisation_id}


def test_demo_contacts_fall_in_office_hours_and_after_the_request_came_in(capsys):
    from django.utils import timezone

    from naast.casework.models import Contact

    call_command("demo-data", "--requests", "200", "--quiet")
    contacts = list(Contact.objects.select_related("help_request"))
    assert contacts
    for contact in contacts:
        assert contact.occurred_at >= contact.help_request.received_at
    in_office = [c for c in contacts if 8 <= timezone.localtime(c.occurred_at).hour < 18]
    assert len(in_office) >= 0.9 * len(contacts)  # a few are logged "now", whatever the hour
