"""naast import-requests FILE.csv|FILE.xlsx — past help requests from spreadsheets or another system.

Columns: reference, client_key, municipality_code, organisation, received_on (required); channel,
referrer, urgency, life_domains (codes separated by ";"), target_group, first_contact_on,
appointment_on, support_started_on, closed_on, outcome, minutes_spent (optional). Codes as in
docs/domain.md §5. All or nothing, idempotent on `reference` (imported requests keep their
reference). `client_key` is stored as a salted hash only; clients are matched on that hash, so the
same key in a later import finds the same client.

Status and due times come from `naast.registry.lifecycle.replay`, the rules of live work: a request
received on a day gets the same deadlines whether it was typed in at the desk or imported. A file
without the `appointment_on` (or `support_started_on`) column leaves that norm unmeasured for its
requests instead of counting them late.
"""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.tabular_import import RowError, TabularImportCommand, required
from naast.registry import lifecycle
from naast.registry.choices import Channel, Outcome, Referrer, Urgency
from naast.registry.models import Client, HelpRequest
from naast.reports.importing import Lookups, client_key_hash, parse_date, parse_int
from naast.taxonomies.models import LifeDomain, TargetGroup

# Stored as given; the request's life (status, due times) is replayed from `History`.
FIELDS = ("client_id", "municipality_id", "organisation_id", "received_at", "channel", "referrer", "target_group_id",
          "minutes_spent")


def _code(row, column, choices, default=""):
    value = row.get(column, "").strip().lower()
    if not value:
        return default
    if value not in choices:
        raise RowError(_("%(column)s %(value)r is not one of: %(codes)s.")
                       % {"column": column, "value": value, "codes": ", ".join(choices)})
    return value


class Command(TabularImportCommand):
    help = _("Import past help requests (CSV or XLSX). Idempotent on reference; nothing is written on error.")
    required_columns = ("reference", "client_key", "municipality_code", "organisation", "received_on")
    optional_columns = ("channel", "referrer", "urgency", "life_domains", "target_group", "first_contact_on",
                        "appointment_on", "support_started_on", "closed_on", "outcome", "minutes_spent")

    def prepare(self):
        self.lookups = Lookups()
        self.domains = {d.code: d.pk for d in LifeDomain.objects.all()}
        self.groups = {g.code: g.pk for g in TargetGroup.objects.all()}
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.today = timezone.localdate()
        self.clients: dict[str, int] = {}

    def row_key(self, cleaned):
        return cleaned["reference"]

    def _moment(self, day):
        return None if day is None else datetime.combine(day, time.min, tzinfo=self.zone)

    def clean_row(self, row):
        reference = required(row, "reference").upper()
        if len(reference) > 20:
            raise RowError(_("reference is longer than 20 characters."))
        client_key = required(row, "client_key")
        received = parse_date(required(row, "received_on"), "received_on")
        days = {column: parse_date(row.get(column, ""), column)
                for column in ("first_contact_on", "appointment_on", "support_started_on", "closed_on")}
        for column, day in (("received_on", received), *days.items()):
            if day is not None and day > self.today:
                raise RowError(_("%(column)s lies in the future.") % {"column": column})
            if day is not None and day < received:
                raise RowError(_("%(column)s lies before received_on.") % {"column": column})
        closed = days["closed_on"]
        outcome = _code(row, "outcome", Outcome.values)
        if outcome and not closed:
            raise RowError(_("outcome is given but closed_on is empty."))
        domain_codes = [c.strip().lower() for c in row.get("life_domains", "").replace("|", ";").split(";") if c.strip()]
        unknown = [c for c in domain_codes if c not in self.domains]
        if unknown:
            raise RowError(_("life_domains: unknown code(s) %(codes)s; use: %(known)s.")
                           % {"codes": ", ".join(unknown), "known": ", ".join(self.domains)})
        received_at = self._moment(received)
        history = lifecycle.History(
            received_at=received_at, urgency=_code(row, "urgency", Urgency.values, Urgency.REGULAR),
            first_contact_at=self._moment(days["first_contact_on"]),
            appointment_at=self._moment(days["appointment_on"]), picked_up_at=self._moment(days["support_started_on"]),
            closed_at=self._moment(closed), outcome=outcome,
            records_appointments="appointment_on" in self.header, records_pickup="support_started_on" in self.header,
        )
        try:
            lifecycle.replay(history)
        except ValidationError as exc:
            raise RowError(" ".join(exc.messages)) from exc
        group = row.get("target_group", "").strip().lower()
        if group and group not in self.groups:
            raise RowError(_("target_group %(value)r is not one of: %(codes)s.")
                           % {"value": group, "codes": ", ".join(self.groups)})
        municipality = self.lookups.municipality(required(row, "municipality_code"))
        return {
            "reference": reference,
            "client_hash": client_key_hash(client_key),
            "municipality_id": municipality.pk,
            "organisation_id": self.lookups.organisation(required(row, "organisation")).pk,
            "received_at": received_at,
            "channel": _code(row, "channel", Channel.values),
            "referrer": _code(row, "referrer", Referrer.values),
            "target_group_id": self.groups.get(group),
            "minutes_spent": parse_int(row.get("minutes_spent", ""), "minutes_spent") or 0,
            "domains": sorted({self.domains[c] for c in domain_codes}),
            "history": history,
        }

    def _client_id(self, cleaned) -> int:
        key = cleaned["client_hash"]
        if key not in self.clients:
            client = Client.objects.filter(external_key_hash=key).only("pk").first()
            if client is None:
                client = Client.objects.create(display_name=f"#{key[:8]}", external_key_hash=key,
                                               municipality_id=cleaned["municipality_id"])
            self.clients[key] = client.pk
        return self.clients[key]

    def save_row(self, cleaned):
        values = {**{k: cleaned[k] for k in FIELDS if k != "client_id"}, "client_id": self._client_id(cleaned)}
        history = cleaned["history"]
        existing = HelpRequest.objects.filter(reference=cleaned["reference"]).first()
        if existing is None:
            help_request = HelpRequest(reference=cleaned["reference"], question="", **values)
            lifecycle.write_histories([(help_request, history)], create=True)
            help_request.life_domains.set(cleaned["domains"])
            return "created"
        life = lifecycle.replay(history)
        changed = [k for k, v in values.items() if getattr(existing, k) != v]
        life_changed = any(getattr(existing, k) != v for k, v in life.items())
        domains_changed = sorted(existing.life_domains.values_list("pk", flat=True)) != cleaned["domains"]
        if not changed and not life_changed and not domains_changed:
            return "unchanged"
        for key in changed:
            setattr(existing, key, values[key])
        if changed or life_changed:
            lifecycle.write_histories([(existing, history)], other_fields=changed)
        if domains_changed:
            existing.life_domains.set(cleaned["domains"])
        return "updated"
