"""The need-to-know rules, one by one (naast.privacy.policy)."""

import pytest

from naast.accounts.roles import Role
from naast.privacy import policy
from naast.registry import lifecycle
from naast.registry.choices import Status

pytestmark = pytest.mark.django_db


def test_supporter_sees_only_requests_they_are_assigned_to(f, org):
    me, colleague = f.user(Role.SUPPORTER, org=org), f.user(Role.SUPPORTER, org=org)
    mine = f.help_request(org=org, supporter=me)
    duo = f.help_request(org=org, supporter=colleague)
    duo.assignments.create(supporter=me)
    theirs = f.help_request(org=org, supporter=colleague)
    assert set(policy.visible_help_requests(me)) == {mine, duo}
    assert policy.can_view_case_file(me, mine) and not policy.can_view_case_file(me, theirs)


def test_ended_assignment_removes_access(f, org):
    from django.utils import timezone

    me = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=me)
    hr.assignments.update(ended_at=timezone.now(), end_reason="client asked for another supporter")
    assert not policy.can_view_help_request(me, hr)


def test_coordinator_sees_own_organisation_and_the_shared_queue(f, org, other_org):
    coordinator = f.user(Role.COORDINATOR, org=org)
    ours, unassigned, others = f.help_request(org=org), f.help_request(org=None), f.help_request(org=other_org)
    assert set(policy.visible_help_requests(coordinator)) == {ours, unassigned}
    assert policy.can_change_help_request(coordinator, ours)
    assert not policy.can_change_help_request(coordinator, others)


def test_desk_registers_but_does_not_read_case_files(f, org):
    desk = f.user(Role.DESK, org=org)
    hr = f.help_request(org=org)
    assert policy.can_view_help_request(desk, hr)
    assert not policy.can_view_case_file(desk, hr)
    assert policy.can_change_help_request(desk, hr)
    lifecycle.contact_made(hr, at=hr.received_at)
    assert hr.status == Status.IN_PROGRESS
    assert not policy.can_change_help_request(desk, hr)


@pytest.mark.parametrize("role", [Role.FUNDER, Role.AUDITOR, Role.ADMIN, Role.PRIVACY_OFFICER])
def test_aggregate_roles_see_no_client_data(role, f, org):
    outsider = f.user(role, is_superuser=True)
    hr = f.help_request(org=None)
    assert not policy.sees_client_data(outsider)
    assert not policy.visible_help_requests(outsider).exists()
    assert not policy.visible_clients(outsider).exists()
    assert not policy.can_view_help_request(outsider, hr)


def test_inactive_user_sees_nothing(f, org):
    supporter = f.user(Role.SUPPORTER, org=org)
    hr = f.help_request(org=org, supporter=supporter)
    supporter.is_active = False
    assert not policy.can_view_help_request(supporter, hr)
