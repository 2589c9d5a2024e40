"""Correcting a request's recorded facts from its page (docs/domain.md §4): the report follows the
corrected value, the old value and the reason stay visible, and only those who may correct can."""

from datetime import timedelta

import pytest
from django.utils import timezone

from naast.accounts.roles import Role
from naast.intake.services import ResidentDetails, register_request
from naast.privacy.models import AuditEvent
from naast.registry.models import Assignment, Correction
from naast.reports.monitor import build_report
from naast.reports.periods import parse_period
from naast.reports.queries import Scope
from naast.taxonomies.models import LifeDomain, TargetGroup

pytestmark = pytest.mark.django_db


def _url(hr, suffix=""):
    return f"/staff/requests/{hr.reference}/{suffix}"


def _report(muni=None):
    return build_report("monitor", parse_period(str(timezone.localdate().year)), Scope(municipality=muni))


def _table(report, section, key):
    part = next(s for s in report.sections if s.key == section)
    return {row["code"]: row for row in next(t for t in part.tables if t.key == key).rows}


@pytest.fixture
def coordinator(f, org):
    return f.user(Role.COORDINATOR, org=org, first_name="Cora")


@pytest.fixture
def from_email(org):
    """Registered from an e-mail: no municipality, no life domains, so no municipality counts it."""
    hr = register_request(channel="email", question="Ik kan mijn huur niet betalen.",
                          resident=ResidentDetails(display_name="Noor H.", phone="0612345678"), organisation=org,
                          received_at=timezone.now() - timedelta(hours=2)).help_request
    return hr


def _post(client, hr, **changes):
    data = {"urgency": hr.urgency, "display_name": hr.client.display_name, "phone": hr.client.phone,
            "email": hr.client.email, "postcode": hr.client.postcode,
            "municipality": hr.municipality_id or "", "district": hr.district_id or "",
            "target_group": hr.target_group_id or "",
            "life_domains": [d.pk for d in hr.life_domains.all()], "reason": "Bij registratie vergeten."}
    data.update(changes)
    return client.post(_url(hr, "corrigeren/"), data, follow=True)


def test_a_request_without_municipality_counts_for_it_after_the_correction(f, coordinator, login, from_email, muni):
    assert _report(muni).sections[0].figures[1].value == 0  # received in Westerveld: not this one
    page = _post(login(coordinator), from_email, municipality=muni.pk,
                 reason="Inwoner woont in Diever; mail zonder adres.").content.decode()
    assert "Gecorrigeerd: gemeente" in page
    from_email.refresh_from_db()
    assert from_email.municipality == muni
    assert _report(muni).sections[0].figures[1].value == 1
    history = page.split('id="corrections"', 1)[1]
    assert "—" in history and "Westerveld (GM1701)" in history and "Inwoner woont in Diever" in history
    assert "Cora" in history
    assert AuditEvent.objects.filter(object_label=from_email.reference, action="change", reason="correction").exists()


def test_life_domains_and_target_group_move_in_the_breakdowns(f, coordinator, login, from_email, muni):
    housing = LifeDomain.objects.get(code="housing")
    elderly = TargetGroup.objects.first()
    _post(login(coordinator), from_email, municipality=muni.pk, life_domains=[housing.pk], target_group=elderly.pk)
    report = _report(muni)
    assert _table(report, "life_domains", "by_life_domain")["housing"]["requests"] == 1
    assert _table(report, "reach", "by_target_group")[elderly.code]["requests"] == 1
    fields = set(Correction.objects.filter(help_request=from_email).values_list("field", flat=True))
    assert fields == {"municipality", "life_domains", "target_group"}


def test_a_district_of_another_municipality_is_refused(f, coordinator, login, from_email, muni):
    elsewhere = f.district("Centrum", f.municipality("GM0114", "Emmen"))
    page = _post(login(coordinator), from_email, municipality=muni.pk, district=elsewhere.pk).content.decode()
    assert "Deze wijk ligt in een andere gemeente" in page
    from_email.refresh_from_db()
    assert from_email.municipality is None and not Correction.objects.exists()


def test_correcting_the_urgency_of_a_closed_request_moves_its_deadline_in_the_report(f, coordinator, login, muni, org):
    received = timezone.now() - timedelta(days=20)
    hr = f.help_request(org=org, municipality=muni, received_at=received, urgency="regular", status="closed",
                        first_contact_due=received + timedelta(days=14), first_contact_at=received + timedelta(days=6),
                        closed_at=received + timedelta(days=10), outcome="answered")
    before = _table(_report(muni), "timeliness", "timeliness")
    assert before["regular"]["on_time"] == 1 and before["urgent"]["measured"] == 0
    _post(login(coordinator), hr, urgency="urgent", reason="Was een crisis: urgent.")
    hr.refresh_from_db()
    assert hr.urgency == "urgent" and hr.first_contact_due < hr.first_contact_at  # 3 working days: late now
    after = _table(_report(muni), "timeliness", "timeliness")
    assert after["urgent"]["late"] == 1 and after["regular"]["measured"] == 0


def test_contact_details_are_corrected_with_their_old_value_kept(coordinator, login, from_email):
    page = _post(login(coordinator), from_email, phone="0522 123 456").content.decode()
    from_email.client.refresh_from_db()
    assert from_email.client.phone == "0522 123 456"
    correction = Correction.objects.get(field="phone")
    assert correction.old_value == "0612345678" and correction.subject == "client"
    assert "0612345678" in page.split('id="corrections"', 1)[1]


@pytest.mark.parametrize(("changes", "message"), [
    ({"phone": "12345"}, "Vul een geldig telefoonnummer"),
    ({"postcode": "12"}, "Vul een Nederlandse postcode in"),
    ({"email": "geen-adres"}, "Vul een geldig e-mailadres in"),
    ({"display_name": " "}, "Vul een naam, voorletters of een schuilnaam in"),
    ({"reason": ""}, "Dit veld is verplicht"),
    ({}, "Er is niets gewijzigd"),
])
def test_bad_corrections_are_refused_in_dutch_and_change_nothing(coordinator, login, from_email, changes, message):
    page = _post(login(coordinator), from_email, **changes).content.decode()
    assert message in page
    assert not Correction.objects.exists()


def test_only_the_coordinator_and_the_assigned_supporter_may_correct(f, org, other_org, login, from_email):
    supporter = f.user(Role.SUPPORTER, org=org)
    Assignment.objects.create(help_request=from_email, supporter=supporter)
    assert login(supporter).get(_url(from_email, "corrigeren/")).status_code == 200
    for user in (f.user(Role.DESK, org=org), f.user(Role.SUPPORTER, org=org), f.user(Role.COORDINATOR, org=other_org),
                 f.user(Role.FUNDER)):
        client = login(user)
        assert client.get(_url(from_email, "corrigeren/")).status_code == 403
        assert client.post(_url(from_email, "corrigeren/"), {"reason": "x", "urgency": "urgent"}).status_code == 403
    assert not Correction.objects.exists()


def test_the_request_page_shows_the_three_norms(f, coordinator, login, org):
    received = timezone.now() - timedelta(days=30)
    hr = f.help_request(org=org, received_at=received, first_contact_due=received + timedelta(days=14),
                        first_contact_at=received + timedelta(days=2), appointment_due=received + timedelta(days=4),
                        pickup_due=received + timedelta(days=28), status="in_progress")
    page = login(coordinator).get(_url(hr)).content.decode()
    norms = page.split('id="norms"', 1)[1].split("</dl>", 1)[0]
    assert "Eerste contact" in norms and "op tijd" in norms
    assert "Afspraak gemaakt" in norms and "Ondersteuning gestart" in norms
    assert norms.count("te laat") == 2  # no appointment made, support not started after 28 days
