"""Telling residents apart and merging two records of one person (issue: "Noor H." three times with
nothing to tell them apart, and no way to merge two records)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake import merging
from naast.privacy.models import AuditEvent
from naast.registry.models import Client, ClientMerge
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def noors(f, org, muni):
    """Three residents called "Noor H.": two records of the same Noor (same phone), one other Noor."""
    one = f.client("Noor H.", phone="06-12345678", postcode="7991AA", birth_year=1980, municipality=muni)
    same = f.client("Noor H.", phone="+31612345678", postcode="7991AA")
    other = f.client("Noor H.", phone="0687654321", postcode="7941BB", birth_year=1999, municipality=muni)
    requests = {
        "one": f.help_request(org=org, client=one, municipality=muni, received_at=timezone.now() - timedelta(days=40)),
        "same": f.help_request(org=org, client=same, municipality=muni, received_at=timezone.now() - timedelta(days=5)),
        "other": f.help_request(org=org, client=other, municipality=muni, received_at=timezone.now() - timedelta(days=9)),
    }
    return {"one": one, "same": same, "other": other, "requests": requests}


def test_the_desk_look_up_shows_what_tells_residents_apart(f, org, noors, login):
    page = login(f.user(Role.DESK, org=org)).get(reverse("intake:desk"), {"q": "Noor"}).content.decode()
    assert page.count("Noor H.") >= 3
    assert "geboren 1980" in page and "geboren 1999" in page and "geboortejaar onbekend" in page
    assert "7991AA" in page and "7941BB" in page and "Westerveld" in page
    when = timezone.localtime(noors["requests"]["same"].received_at)
    assert f"laatste hulpvraag {when.day} " in page


def test_registering_offers_the_likeliest_match_first(f, org, muni, noors, login):
    client = login(f.user(Role.DESK, org=org))
    response = client.post(reverse("intake:desk"), {
        "channel": "phone", "referrer": "self", "question": "Weer een brief.", "urgency": "regular",
        "name": "Noor H.", "phone": "0687654321", "postcode": "7941 BB", "municipality": muni.pk, "preferred_language": "nl",
    })
    page = response.content.decode()
    most_likely = page.split("Meest waarschijnlijk:")[1][:400]
    assert "0687654321" in most_likely  # the Noor with this phone and postcode, not the other two


def _unique_clients(muni):
    period = parse_period(str(timezone.localdate().year))
    report = build_report("monitor", period, Scope(municipality=muni))
    return {fig.key: fig.value for s in report.sections for fig in s.figures}["unique_clients"]


def test_merge_moves_requests_audits_both_numbers_and_reports_count_one_client_less(f, org, muni, noors):
    coordinator = f.user(Role.COORDINATOR, org=org)
    before = _unique_clients(muni)
    record = merging.merge_clients(coordinator, keep=noors["one"], merge=noors["same"], reason="Zelfde telefoon.")
    assert _unique_clients(muni) == before - 1
    assert set(noors["one"].help_requests.all()) == {noors["requests"]["one"], noors["requests"]["same"]}
    rows = AuditEvent.objects.filter(action="change", reason__contains=f"#{noors['same'].pk} merged into "
                                     f"#{noors['one'].pk}")
    assert {r.client_id for r in rows} == {noors["one"].pk, noors["same"].pk}
    # The merged record is no longer found by a look-up; the kept one is.
    from naast.intake.selectors import find_clients
    desk = f.user(Role.DESK, org=org)
    assert noors["same"] not in find_clients(desk, "Noor") and noors["one"] in find_clients(desk, "Noor")
    # Undo within 30 days: the request goes back, reports count two again.
    assert merging.undo_merge(coordinator, record) == 1
    assert _unique_clients(muni) == before
    assert list(noors["same"].help_requests.all()) == [noors["requests"]["same"]]
    assert AuditEvent.objects.filter(reason__contains=f"merge #{record.pk} undone").count() == 2


def test_undo_is_refused_after_30_days(f, org, noors):
    from django.core.exceptions import ValidationError

    coordinator = f.user(Role.COORDINATOR, org=org)
    record = merging.merge_clients(coordinator, keep=noors["one"], merge=noors["same"], reason="Zelfde persoon.")
    ClientMerge.objects.filter(pk=record.pk).update(merged_at=timezone.now() - timedelta(days=31))
    with pytest.raises(ValidationError):
        merging.undo_merge(coordinator, record)
    assert noors["one"].help_requests.count() == 2


def test_the_duplicate_finder_lists_the_pair_and_the_merge_goes_through_a_confirm_step(f, org, noors, login):
    coordinator = f.user(Role.COORDINATOR, org=org)
    client = login(coordinator)
    page = client.get(reverse("intake:duplicates")).content.decode()
    assert "<td>zelfde telefoonnummer" in page
    compare = reverse("intake:merge") + f"?first={noors['one'].pk}&second={noors['same'].pk}"
    assert compare.replace("&", "&amp;") in page
    side_by_side = client.get(compare).content.decode()
    assert noors["requests"]["one"].reference in side_by_side and noors["requests"]["same"].reference in side_by_side
    # Without the confirmation and the reason nothing happens, and nothing typed is lost.
    response = client.post(reverse("intake:merge"), {"first": noors["one"].pk, "second": noors["same"].pk,
                                                     "keep": noors["one"].pk, "reason": "Zelfde telefoon."})
    assert response.status_code == 200 and "Zelfde telefoon." in response.content.decode()
    assert noors["same"].help_requests.count() == 1
    response = client.post(reverse("intake:merge"), {"first": noors["one"].pk, "second": noors["same"].pk,
                                                     "keep": noors["one"].pk, "reason": "Zelfde telefoon.",
                                                     "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == reverse("intake:resident", args=[noors["one"].pk])
    assert noors["same"].help_requests.count() == 0
    assert Client.objects.get(pk=noors["same"].pk).merged_into_id == noors["one"].pk
    # The finder no longer lists the pair; the recent merge can be undone from there.
    page = client.get(reverse("intake:duplicates")).content.decode()
    assert "<td>zelfde telefoonnummer" not in page
    record = ClientMerge.objects.get()
    response = client.post(reverse("intake:duplicates"), {"undo": record.pk})
    assert response.status_code == 302 and noors["same"].help_requests.count() == 1


def test_similar_name_and_same_postcode_is_a_likely_pair(f, org, muni):
    a = f.client("Jan Jansen", postcode="7991AA")
    b = f.client("Jan Jansne", postcode="7991AA")
    c = f.client("Piet Pietersen", postcode="7991AA")
    for x in (a, b, c):
        f.help_request(org=org, client=x, municipality=muni)
    pairs = merging.likely_pairs(f.user(Role.COORDINATOR, org=org))
    assert [(p.first, p.second) for p in pairs] == [(a, b)]


def test_the_same_e_mail_address_in_other_letters_is_a_likely_pair(f, org, muni):
    a = f.client("Fatima B.", email="fatima@example.org")
    b = f.client("F. Bakkali", email="Fatima@Example.org")
    c = f.client("Fatima B.", email="andere@example.org")
    for x in (a, b, c):
        f.help_request(org=org, client=x, municipality=muni)
    pairs = merging.likely_pairs(f.user(Role.COORDINATOR, org=org))
    assert [(p.first, p.second, p.why) for p in pairs] == [(a, b, "zelfde e-mailadres")]


def test_the_duplicate_finder_asks_the_same_few_queries_however_many_postcodes_are_shared(f, org, muni):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    coordinator = f.user(Role.COORDINATOR, org=org)
    merging.likely_pairs(coordinator)  # the user's roles, once

    def queries_for(n: int) -> int:
        for i in range(n):
            for name in ("Jan Jansen", "Jan Jansne"):
                f.help_request(org=org, municipality=muni, client=f.client(name, postcode=f"79{i:02d}AA",
                                                                           email=f"jan{i}@example.org"))
        with CaptureQueriesContext(connection) as captured:
            merging.likely_pairs(coordinator)
        return len(captured)

    assert queries_for(2) == queries_for(6)


def test_only_a_coordinator_who_sees_both_records_may_merge(f, org, other_org, muni, noors, login):
    from django.core.exceptions import PermissionDenied

    elsewhere = f.client("Noor H.", phone="0612345678")
    f.help_request(org=other_org, client=elsewhere, municipality=muni)
    coordinator = f.user(Role.COORDINATOR, org=org)
    with pytest.raises(PermissionDenied):
        merging.merge_clients(coordinator, keep=noors["one"], merge=elsewhere, reason="x")
    assert login(f.user(Role.DESK, org=org)).get(reverse("intake:duplicates")).status_code == 403
    assert login(f.user(Role.SUPPORTER, org=org)).post(reverse("intake:merge"), {
        "first": noors["one"].pk, "second": noors["same"].pk, "keep": noors["one"].pk, "reason": "x",
        "confirm": "on"}).status_code == 403
    assert noors["same"].help_requests.count() == 1


def test_the_look_up_links_to_the_card_only_where_the_desk_may_open_it(f, org, other_org, muni, noors, login):
    elsewhere = f.client("Noor H.", postcode="1234AB")
    f.help_request(org=other_org, client=elsewhere, municipality=muni)
    page = login(f.user(Role.DESK, org=org)).get(reverse("intake:desk"), {"q": "Noor"}).content.decode()
    assert reverse("intake:resident", args=[noors["one"].pk]) in page
    assert "1234AB" in page and reverse("intake:resident", args=[elsewhere.pk]) not in page


def test_the_card_of_a_merged_record_leads_to_the_record_that_was_kept(f, org, other_org, noors, login):
    """Issue 19 leftover: the old number of a merged record answered 403 to everyone."""
    merging.merge_clients(f.user(Role.COORDINATOR, org=org), keep=noors["one"], merge=noors["same"],
                          reason="Zelfde telefoon.")
    old_card = reverse("intake:resident", args=[noors["same"].pk])
    kept_card = reverse("intake:resident", args=[noors["one"].pk])
    desk_user = f.user(Role.DESK, org=org)
    desk = login(desk_user)
    response = desk.get(old_card)
    assert response.status_code == 302 and response["Location"] == kept_card
    page = desk.get(kept_card).content.decode()
    assert f"Registratie {noors['same'].pk} is samengevoegd met registratie {noors['one'].pk}" in page
    assert noors["requests"]["same"].reference in page
    assert AuditEvent.objects.filter(client_id=noors["same"].pk, action="read",
                                     reason=f"resident card: merged into #{noors['one'].pk}").exists()
    # Someone who may not see the kept record learns nothing, and the attempt is audited.
    response = login(f.user(Role.DESK, org=other_org)).get(old_card)
    assert response.status_code == 403 and "Noor" not in response.content.decode()
    assert AuditEvent.objects.filter(client_id=noors["same"].pk, action="refused").count() == 1
    # After an undo the old number is a record of its own again.
    merging.undo_merge(f.user(Role.COORDINATOR, org=org), ClientMerge.objects.get())
    assert login(desk_user).get(old_card).status_code == 200


def test_the_client_merge_command_merges_by_the_same_rules_as_the_page(f, org, other_org, noors):
    from io import StringIO

    from django.core.management import CommandError, call_command

    f.user(Role.COORDINATOR, org=org, username="coco")
    f.user(Role.COORDINATOR, org=other_org, username="ander")
    f.user(Role.DESK, org=org, username="balie")
    old, new = noors["same"].pk, noors["one"].pk
    refused = [
        ([str(old), str(new), "--reason", "Zelfde.", "--by", "ander"], "may not merge"),  # cannot see them
        ([str(old), str(new), "--reason", "Zelfde.", "--by", "balie"], "may not merge"),  # not a coordinator
        ([str(old), str(new), "--reason", "  ", "--by", "coco"], None),  # no reason
        ([str(old), str(old), "--reason", "Zelfde.", "--by", "coco"], None),  # the same record twice
        ([str(old), "999999", "--reason", "Zelfde.", "--by", "coco"], "no client record 999999"),
        ([str(old), str(new), "--reason", "Zelfde.", "--by", "niemand"], "No active user"),
    ]
    for args, message in refused:
        with pytest.raises(CommandError, match=message):
            call_command("client-merge", *args, stdout=StringIO())
    assert noors["same"].help_requests.count() == 1 and not ClientMerge.objects.exists()
    out = StringIO()
    call_command("client-merge", str(old), str(new), "--reason", "Zelfde telefoon.", "--by", "coco", stdout=out)
    assert f"Client {old} merged into client {new}: 1 help request(s) moved" in out.getvalue()
    assert noors["same"].help_requests.count() == 0 and noors["one"].help_requests.count() == 2
    record = ClientMerge.objects.get()
    assert (record.kept_id, record.merged_id, record.merged_by.username) == (new, old, "coco")
    assert {e.client_id for e in AuditEvent.objects.filter(reason__contains=f"#{old} merged into #{new}")} == {old, new}
    with pytest.raises(CommandError):  # merged once: not again
        call_command("client-merge", str(old), str(new), "--reason", "Nog eens.", "--by", "coco", stdout=StringIO())
