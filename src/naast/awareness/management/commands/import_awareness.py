"""naast import-awareness FILE.csv — columns: wave, wave_date, audience, respondent, aware,
informed_via, had_help_question, used_support (yes/no fields as yes, no or empty).

All or nothing: every row is checked first and each problem is reported with its line number.
A new wave name makes a wave; a known one must keep its date and audience. Re-importing a file
updates the answers of the same respondents.
"""

from datetime import date

from django.utils.translation import gettext as _

from naast.awareness.models import Audience, Response, Wave
from naast.core.tabular_import import RowError, TabularImportCommand, required, without_nul, yes_no

FIELDS = ("aware", "informed_via", "had_help_question", "used_support")


class Command(TabularImportCommand):
    help = _("Import the answers of awareness surveys (columns: wave, wave_date, audience, respondent, aware, "
             "informed_via, had_help_question, used_support). Nothing is written on error.")
    required_columns = ("wave", "wave_date", "audience", "respondent", "aware", "informed_via", "had_help_question",
                        "used_support")

    def prepare(self):
        self.waves = {w.name.casefold(): w for w in Wave.objects.all()}
        self.seen_waves: dict[str, tuple] = {}

    def row_key(self, cleaned):
        return cleaned["wave"].casefold(), cleaned["respondent"]

    def clean_row(self, row):
        row = without_nul(row)
        name = required(row, "wave")
        if len(name) > 200:
            raise RowError(_("wave is longer than 200 characters."))
        try:
            held_on = date.fromisoformat(required(row, "wave_date"))
        except ValueError as exc:
            raise RowError(_("wave_date %(value)r is not a date; write it as 2026-11-30.")
                           % {"value": row["wave_date"]}) from exc
        audience = required(row, "audience").lower()
        if audience not in Audience.values:
            raise RowError(_("audience must be residents or referrers, not %(value)r.") % {"value": audience})
        known = self.waves.get(name.casefold())
        if known is not None:
            if (known.held_on, known.audience) != (held_on, audience):
                raise RowError(_("wave %(name)s is already in Naast with date %(date)s and audience %(audience)s.")
                               % {"name": name, "date": known.held_on.isoformat(), "audience": known.audience})
            if known.entered:
                raise RowError(_("wave %(name)s has counts entered by hand; it cannot also get answers.")
                               % {"name": name})
        first = self.seen_waves.setdefault(name.casefold(), (held_on, audience))
        if first != (held_on, audience):
            raise RowError(_("wave %(name)s has another date or audience on an earlier line.") % {"name": name})
        respondent = required(row, "respondent")
        if len(respondent) > 60:
            raise RowError(_("respondent is longer than 60 characters."))
        if "@" in respondent:
            raise RowError(_("respondent looks like an e-mail address; use the survey tool's respondent number, "
                             "never anything that names a person."))
        informed_via = " ".join(row.get("informed_via", "").lower().split())
        if len(informed_via) > 60:
            raise RowError(_("informed_via is longer than 60 characters."))
        answers = {"aware": yes_no(row, "aware"), "informed_via": informed_via,
                   "had_help_question": yes_no(row, "had_help_question"), "used_support": yes_no(row, "used_support")}
        if answers["used_support"] and answers["had_help_question"] is False:
            raise RowError(_("used_support is yes, but had_help_question is no."))
        return {"wave": name, "held_on": held_on, "audience": audience, "respondent": respondent, "answers": answers}

    def save_row(self, cleaned):
        wave = self.waves.get(cleaned["wave"].casefold())
        if wave is None:
            wave = Wave.objects.create(name=cleaned["wave"], held_on=cleaned["held_on"], audience=cleaned["audience"])
            self.waves[wave.name.casefold()] = wave
        response = Response.objects.filter(wave=wave, respondent=cleaned["respondent"]).first()
        if response is None:
            Response.objects.create(wave=wave, respondent=cleaned["respondent"], **cleaned["answers"])
            return "created"
        if all(getattr(response, k) == v for k, v in cleaned["answers"].items()):
            return "unchanged"
        for key, value in cleaned["answers"].items():
            setattr(response, key, value)
        response.save()
        return "updated"
