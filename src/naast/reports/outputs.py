"""Render a report (already suppressed where the reader requires it) as JSON, CSV, XLSX, PDF or HTML.

Each renderer only formats: it never computes or hides a figure itself.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .definitions import DEFINITIONS
from .figures import Report, Table, plain

FORMATS = ("html", "json", "csv", "xlsx", "pdf")
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def as_dict(report: Report) -> dict:
    """The JSON document (keys documented in docs/reports.md)."""
    return {
        "kind": report.kind,
        "title": str(report.title),
        "period": report.period,
        "first_day": report.first_day,
        "last_day": report.last_day,
        "scope": report.scope,
        "generated_at": report.generated_at,
        "suppressed": report.suppressed,
        "definitions": {key: {"title": str(d.title), "text": str(d.text)} for key, d in DEFINITIONS.items()},
        "sections": [
            {
                "key": s.key,
                "title": str(s.title),
                "note": str(s.note),
                "figures": {
                    f.key: {"title": str(f.title), "value": plain(f.value), "unit": f.kind, "definition": f.definition}
                    for f in s.figures
                },
                "tables": {t.key: _table_dict(t) for t in s.tables},
            }
            for s in report.sections
        ],
    }


def _table_dict(table: Table) -> dict:
    return {
        "title": str(table.title),
        "definition": table.definition,
        "note": str(table.note),
        "columns": [{"key": c.key, "title": str(c.title), "unit": c.kind} for c in table.columns],
        "rows": [{k: plain(str(v) if k == "label" else v) for k, v in row.items()} for row in table.rows],
    }


def to_json(report: Report) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=2, default=str)


def _cell(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def to_csv(report: Report, table_key: str | None = None) -> str:
    """Every table (or one), in long form: table, row code, row label, column, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["table", "row", "label", "column", "value"])
    for table in report.all_tables():
        if table_key and table.key != table_key:
            continue
        for row in table.rows:
            for column in table.columns:
                if column.kind == "label":
                    continue
                writer.writerow([table.key, row.get("code", ""), str(row.get("label", "")), column.key,
                                 _cell(row.get(column.key))])
    return out.getvalue()


def to_xlsx(report: Report) -> bytes:
    """One sheet with the headline figures, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    sheet.append([str(report.title), report.period, report.scope.get("municipality_name") or "",
                  report.scope.get("organisation") or ""])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append([_("Figure"), _("Value"), _("Definition")])
    for section in report.sections:
        for figure in section.figures:
            definition = DEFINITIONS.get(figure.definition)
            sheet.append([str(figure.title), _xlsx_value(figure.value), str(definition.text) if definition else ""])
    used = set()
    for table in report.all_tables():
        name = table.key[:31]
        if name in used:
            continue
        used.add(name)
        ws = workbook.create_sheet(name)
        ws.append([str(table.title)])
        ws["A1"].font = Font(bold=True)
        ws.append([str(c.title) for c in table.columns])
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([_xlsx_value(str(row.get(c.key, "")) if c.kind == "label" else row.get(c.key))
                       for c in table.columns])
        definition = DEFINITIONS.get(table.definition)
        if definition:
            ws.append([])
            ws.append([str(definition.text)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_value(value):
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, Decimal):
        return float(value)
    return value


def to_html(report: Report, standalone: bool = True) -> str:
    return render_to_string("reports/report_standalone.html", {"report": report})


def to_pdf(report: Report) -> bytes:
    """A plain, printable PDF for the council: headline figures, every table, the definitions."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    out = io.BytesIO()
    scope = report.scope.get("municipality_name") or report.scope.get("organisation") or _("Whole service")
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"{report.title} {report.period}", author="Naast",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    story = [Paragraph(f"{_esc(report.title)} {_esc(report.period)}", styles["Title"]),
             Paragraph(_esc(scope), styles["Heading3"])]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey), ("FONTSIZE", (0, 0), (-1, -1), 8),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    for section in report.sections:
        story.append(Paragraph(_esc(section.title), styles["Heading2"]))
        if section.note:
            story.append(Paragraph(_esc(section.note), styles["Italic"]))
        if section.figures:
            data = [[_("Figure"), _("Value")]] + [[Paragraph(_esc(f.title), styles["BodyText"]), _cell(f.value)]
                                                   for f in section.figures]
            story += [PdfTable(data, colWidths=[11 * cm, 5 * cm], style=grid), Spacer(1, 6)]
        for table in section.tables:
            story.append(Paragraph(_esc(table.title), styles["Heading4"]))
            width = 17 * cm / max(len(table.columns), 1)
            header = [Paragraph(_esc(c.title), styles["BodyText"]) for c in table.columns]
            body = [[_cell(str(row.get(c.key, "")) if c.kind == "label" else row.get(c.key)) for c in table.columns]
                    for row in table.rows]
            story.append(PdfTable([header, *body], colWidths=[width] * len(table.columns), style=grid, repeatRows=1))
            if table.note:
                story.append(Paragraph(_esc(table.note), styles["Italic"]))
            story.append(Spacer(1, 6))
    story.append(Paragraph(_("Definitions"), styles["Heading2"]))
    for definition in DEFINITIONS.values():
        story.append(Paragraph(f"<b>{_esc(definition.title)}</b>: {_esc(definition.text)}", styles["BodyText"]))
    doc.build(story)
    return out.getvalue()


def _esc(text) -> str:
    from xml.sax.saxutils import escape

    return escape(str(text))


def render(report: Report, fmt: str, table_key: str | None = None) -> bytes:
    if fmt == "json":
        return to_json(report).encode()
    if fmt == "csv":
        return to_csv(report, table_key).encode("utf-8-sig")
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "pdf":
        return to_pdf(report)
    return to_html(report).encode()
