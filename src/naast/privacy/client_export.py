"""The resident's right of access (AVG art. 15): everything Naast holds about one client, as one JSON
document and as a readable PDF in Dutch. The privacy officer downloads both on the page
`privacy:client_export`; `naast client-export REFERENCE --output PATH` writes them from the shell.

Each app tells what it holds through its `resident_export.py` (`naast.core.extensions`); this module
only finds the client, puts the sections together and writes the formats. Both are audited by the
caller (`record_export`), as an export of the client.

The JSON document (`export_client`), its keys stable:

    {
      "format": "naast-client-export", "version": 1,
      "generated_at": "2026-12-06T10:15:00+01:00",      # ISO 8601, local time with offset
      "service": "Cliëntondersteuning Westerveld",      # the service profile's name
      "language": "nl",                                 # the language of titles and labels
      "client_number": 42,
      "help_requests": ["HV-7K3M-9P2Q", ...],           # the client's references, oldest first
      "sections": [
        {"key": "contacts", "title": "Contacten", "note": "...",
         "fields": [{"key": "occurred_at", "label": "Datum en tijd"}, ...],
         "rows": [{"occurred_at": "2026-11-02T14:00:00+01:00", ...}, ...]},
        ...
      ]
    }

Row values are text, numbers, true/false, null, ISO dates ("2026-11-02") and times (with their
offset), or lists of texts. A section without rows is kept (an empty list): the resident sees that
nothing of that kind is held.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import zipfile
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from naast.core.extensions import resident_export_sections
from naast.organisations.models import ServiceProfile
from naast.registry.models import Client, HelpRequest
from naast.registry.selectors import typed_reference

FORMAT = "naast-client-export"
VERSION = 1
LANGUAGE = "nl"  # the document is for the resident: Dutch, whatever the officer's screen shows


class ExportError(ValueError):
    """A reference that names no client; the message is for the person who typed it."""


def client_for_reference(text: str) -> tuple[Client, HelpRequest]:
    """The client of the help request with reference `text` (typed in any usual way), and that request.

    Raises ExportError with a message for the user when the text is no reference, names no
    request, or the request has no client recorded."""
    reference = typed_reference(text)
    if not reference:
        raise ExportError(_("This is not a help-request reference. A reference looks like HV-7K3M-9P2Q."))
    help_request = HelpRequest.objects.select_related("client").filter(reference=reference).first()
    if help_request is None:
        raise ExportError(_("No help request has the reference %(reference)s.") % {"reference": reference})
    if help_request.client is None:
        raise ExportError(_("Help request %(reference)s has no resident recorded: there is nothing to export about a "
                            "person.") % {"reference": reference})
    return help_request.client, help_request


def _json_value(value):
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def export_client(client: Client, now: dt.datetime | None = None) -> dict:
    """Everything Naast holds about `client`, as a JSON-ready dict (see the module's docstring)."""
    with translation.override(LANGUAGE):
        return _document(client, resident_export_sections(client), now or timezone.now())


def _document(client: Client, sections: list, now: dt.datetime) -> dict:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": _json_value(now),
        "service": ServiceProfile.get().name,
        "language": LANGUAGE,
        "client_number": client.pk,
        "help_requests": list(HelpRequest.objects.filter(client=client).order_by("received_at", "id")
                              .values_list("reference", flat=True)),
        "sections": [{
            "key": section.key,
            "title": str(section.title),
            "note": str(section.note),
            "fields": [{"key": key, "label": str(label)} for key, label in section.fields],
            "rows": [{key: _json_value(row.get(key)) for key, _label in section.fields} for row in section.rows],
        } for section in sections],
    }


def export_json(client: Client, now: dt.datetime | None = None) -> bytes:
    return json.dumps(export_client(client, now), ensure_ascii=False, indent=2).encode()


def export_zip(client: Client, now: dt.datetime | None = None) -> bytes:
    """The PDF, the JSON and the files that go with the sections (documents, e-mail attachments) in one
    ZIP. A file that is gone from storage is named in `ontbrekende-bestanden.txt`, not skipped silently."""
    now = now or timezone.now()
    with translation.override(LANGUAGE):
        sections = resident_export_sections(client)
        data = _document(client, sections, now)
        out = io.BytesIO()
        missing = []
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(file_name(client, "pdf", now), _pdf(data, sections, now))
            archive.writestr(file_name(client, "json", now), json.dumps(data, ensure_ascii=False, indent=2))
            for section in sections:
                for name, opener in section.files:
                    try:
                        with opener() as source, archive.open(name, "w") as target:
                            shutil.copyfileobj(source, target)
                    except OSError:
                        missing.append(name)
            if missing:
                archive.writestr("ontbrekende-bestanden.txt", "\n".join(
                    [_("These files are recorded but could not be found in storage:"), *missing]) + "\n")
        return out.getvalue()


def file_name(client: Client, extension: str, now: dt.datetime | None = None) -> str:
    """A download's name: the client's number and the date, never their name."""
    return f"inzage-client-{client.pk}-{timezone.localdate(now or timezone.now()):%Y%m%d}.{extension}"


# --- the PDF -------------------------------------------------------------------------------------
PDF_FONT_SIZE = 9
WIDE_SECTION = 6  # a section with more fields than this shows each row as a list of label and value


def _display(value) -> str:
    """A value as the resident reads it in the PDF (the JSON keeps ISO dates)."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, dt.datetime):
        return date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "j F Y H:i")
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, (list, tuple)):
        return "\n".join(_display(item) for item in value)
    return str(value)


def _para_text(text: str) -> str:
    """Text for a reportlab Paragraph: markup escaped, line breaks kept, and only characters the
    PDF's built-in font can show (others become '?', never an unreadable box)."""
    safe = text.encode("cp1252", errors="replace").decode("cp1252")
    return escape(safe).replace("\n", "<br/>")


def _numbered_canvas(footer: str):
    from reportlab.lib.units import cm
    from reportlab.pdfgen.canvas import Canvas

    class NumberedCanvas(Canvas):
        """Writes "page N of M" on each page once the number of pages is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self.setFont("Helvetica", 8)
                self.drawString(2 * cm, 1.2 * cm, footer.encode("cp1252", errors="replace").decode("cp1252"))
                self.drawRightString(self._pagesize[0] - 2 * cm, 1.2 * cm,
                                     _("Page %(page)s of %(total)s") % {"page": self._pageNumber, "total": total})
                super().showPage()
            super().save()

    return NumberedCanvas


def export_pdf(client: Client, now: dt.datetime | None = None) -> bytes:
    """The export as a readable Dutch document: what it is, the resident's rights, every section."""
    now = now or timezone.now()
    with translation.override(LANGUAGE):
        sections = resident_export_sections(client)
        return _pdf(_document(client, sections, now), sections, now)


def _pdf(data: dict, sections: list, now: dt.datetime) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    profile = ServiceProfile.get()
    generated = _display(now)
    styles = getSampleStyleSheet()
    body = ParagraphStyle("naast-body", parent=styles["BodyText"], fontSize=10, leading=13)
    cell = ParagraphStyle("naast-cell", parent=body, fontSize=PDF_FONT_SIZE, leading=PDF_FONT_SIZE * 1.25,
                          spaceBefore=0, spaceAfter=0)
    head = ParagraphStyle("naast-cell-head", parent=cell, fontName="Helvetica-Bold")
    note = ParagraphStyle("naast-note", parent=body, fontName="Helvetica-Oblique", fontSize=9)
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)])
    header_grid = TableStyle([*grid.getCommands(), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5"))])
    label_grid = TableStyle([*grid.getCommands(), ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#e8eef5"))])
    width = A4[0] - 4 * cm

    title = _("Your data at %(service)s") % {"service": data["service"]}
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, title=title, author=data["service"],
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    contact = ", ".join(filter(None, [profile.phone, profile.email, profile.website]))
    story = [
        Paragraph(_para_text(title), styles["Title"]),
        Paragraph(_para_text(_("Drawn up on %(date)s for client number %(number)s.") % {
            "date": generated, "number": data["client_number"]}), body),
        Paragraph(_para_text(_("What is this?")), styles["Heading2"]),
        Paragraph(_para_text(_(
            "This overview holds all the data that %(service)s keeps about you in its client system: your details, "
            "your help requests, what was recorded in your case file, the messages we received and who looked at "
            "your data. You receive it because you asked for it: under the General Data Protection Regulation (AVG) "
            "you have the right to see your data (article 15).") % {"service": data["service"]}), body),
        Paragraph(_para_text(_("Your rights")), styles["Heading2"]),
        Paragraph(_para_text(_(
            "Is something wrong or incomplete? You may ask us to correct it (article 16). You may also ask us to "
            "delete your data (article 17) or to use less of it (article 18). We answer within one month. If you do "
            "not agree with how we handle your data, you may complain to the Dutch Data Protection Authority "
            "(Autoriteit Persoonsgegevens).")), body),
    ]
    if contact:
        story.append(Paragraph(_para_text(_("Contact: %(contact)s") % {"contact": contact}), body))
    story.append(Paragraph(_para_text(_("Help requests: %(references)s") % {
        "references": ", ".join(data["help_requests"]) or "—"}), body))

    def para(text, style=cell):
        return Paragraph(_para_text(text), style)

    for section in sections:
        story.append(Paragraph(_para_text(str(section.title)), styles["Heading2"]))
        if section.note:
            story.append(para(str(section.note), note))
        fields = section.fields
        if not section.rows:
            story.append(para(_("Nothing of this kind is recorded about you."), body))
            continue
        if len(fields) <= WIDE_SECTION:
            rows = [[para(str(label), head) for _key, label in fields]]
            rows += [[para(_display(row.get(key))) for key, _label in fields] for row in section.rows]
            story.append(Table(rows, colWidths=[width / len(fields)] * len(fields), style=header_grid, repeatRows=1,
                               splitInRow=1))
        else:
            for row in section.rows:
                pairs = [[para(str(label), head), para(_display(row.get(key)))] for key, label in fields]
                table = Table(pairs, colWidths=[width * 0.32, width * 0.68], style=label_grid, splitInRow=1)
                story += [KeepTogether([table]) if len(pairs) < 25 else table, Spacer(1, 8)]
        story.append(Spacer(1, 6))
    your_data = _("Your data")
    footer = f"{data['service']} · {your_data} · {generated}"
    doc.build(story, canvasmaker=_numbered_canvas(footer))
    return out.getvalue()
