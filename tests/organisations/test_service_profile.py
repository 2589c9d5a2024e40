"""The service profile is read on every page and every new request; each process keeps a copy."""

import pytest

from naast.organisations.models import ServiceProfile

pytestmark = pytest.mark.django_db


def test_a_saved_change_applies_at_once_in_this_process():
    profile = ServiceProfile.get()
    profile.urgent_first_contact_working_days = 5
    profile.save()
    assert ServiceProfile.get().urgent_first_contact_working_days == 5


def test_changing_a_copy_without_saving_changes_nothing_for_the_next_reader():
    profile = ServiceProfile.get()
    profile.phone = "0800 1234"
    assert ServiceProfile.get().phone == ""


def test_a_change_made_by_another_process_applies_after_the_cache_time(monkeypatch):
    import naast.organisations.models as models

    now = [1000.0]
    monkeypatch.setattr(models.time, "monotonic", lambda: now[0])
    assert ServiceProfile.get().regular_first_contact_days == 14
    # Another web process saves (its save clears only its own copy): here, a direct update.
    ServiceProfile.objects.filter(pk=1).update(regular_first_contact_days=10)
    now[0] += ServiceProfile.CACHE_SECONDS - 1
    assert ServiceProfile.get().regular_first_contact_days == 14
    now[0] += 2
    assert ServiceProfile.get().regular_first_contact_days == 10


def test_deleting_the_profile_gives_the_defaults_again():
    profile = ServiceProfile.get()
    profile.name = "Cliëntondersteuning Test"
    profile.save()
    ServiceProfile.get().delete()
    assert ServiceProfile.get().name == "Cliëntondersteuning"
