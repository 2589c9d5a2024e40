"""Render a report (already suppressed where the reader requires it) as JSON, CSV, XLSX, PDF or HTML.

Each renderer only formats: it never computes or hides a figure itself. Every text cell of the CSV
and the XLSX goes through `naast.core.spreadsheets.inert`, so words typed by users (a signal's
text, an organisation's name) never run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from naast.core.spreadsheets import inert, inert_row

from .definitions import definitions
from .display import long_date, show
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
        "definitions": {key: {"title": str(d.title), "text": str(d.text)} for key, d in definitions().items()},
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
    """A CSV value: numbers as they are (a negative growth stays "-12"), texts never as a formula."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, int | float):
        return str(value)
    return inert(str(value))


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
                writer.writerow(inert_row([table.key, str(row.get("code", "")), str(row.get("label", "")),
                                           column.key]) + [_cell(row.get(column.key))])
    return out.getvalue()


# Excel number formats per unit: the cell keeps a number, Excel shows it as the page does.
XLSX_FORMATS = {
    "count": "#,##0",
    "eur": '"€" #,##0.00',
    "percent": "0.0%",  # stored as a fraction (18.5 → 0.185)
    "duration": "[h]:mm",  # stored as a fraction of a day (606 minutes → 10:06)
    "hours": "#,##0.0",
    "days": "#,##0",
}


def _xlsx_unit(kind: str) -> str:
    """What a duration column holds, for its header (Excel shows 10:06)."""
    return _("(hours:minutes)") if kind == "duration" else ""


def _xlsx_put(cell, value, kind: str) -> None:
    """Write `value` into an openpyxl cell with the number format of its unit; a text never as a formula."""
    value = inert(_xlsx_value(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if kind == "percent":
            value = value / 100
        elif kind == "duration":
            value = value / (24 * 60)
        if kind in XLSX_FORMATS:
            cell.number_format = XLSX_FORMATS[kind]
        elif kind == "number" and isinstance(value, float):
            cell.number_format = "0.0"
    cell.value = value


def to_xlsx(report: Report) -> bytes:
    """One sheet with the headline figures, then one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    sheet.append(inert_row([str(report.title), report.period, report.scope.get("municipality_name") or "",
                            report.scope.get("organisation") or ""]))
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(inert_row([_("Figure"), _("Value"), _("Definition")]))
    for section in report.sections:
        for figure in section.figures:
            definition = definitions().get(figure.definition)
            title = " ".join(filter(None, [str(figure.title), _xlsx_unit(figure.kind)]))
            sheet.append(inert_row([title, None, str(definition.text) if definition else ""]))
            _xlsx_put(sheet.cell(row=sheet.max_row, column=2), figure.value, figure.kind)
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 16
    used = set()
    for table in report.all_tables():
        name = table.key[:31]
        if name in used:
            continue
        used.add(name)
        ws = workbook.create_sheet(name)
        ws.append(inert_row([str(table.title)]))
        ws["A1"].font = Font(bold=True)
        ws.append(inert_row(" ".join(filter(None, [str(c.title), _xlsx_unit(c.kind)])) for c in table.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append([None] * len(table.columns))
            for i, column in enumerate(table.columns, start=1):
                value = str(row.get(column.key, "")) if column.kind == "label" else row.get(column.key)
                _xlsx_put(ws.cell(row=ws.max_row, column=i), value, column.kind)
        if table.note:
            ws.append([])
            ws.append(inert_row([str(table.note)]))
        definition = definitions().get(table.definition)
        if definition:
            ws.append([])
            ws.append(inert_row([str(definition.text)]))
        ws.column_dimensions["A"].width = 40
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


PDF_WIDTH_CM = 17  # A4 less 2 cm margins
PDF_FONT_SIZE = 7.5
PDF_PADDING = 3  # cell padding left and right (pt)


def pdf_word_width(text: str, bold: bool = False) -> float:
    """The width (pt) of the longest word of `text` in a PDF cell: a cell must be at least this wide."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = "Helvetica-Bold" if bold else "Helvetica"
    return max((stringWidth(word, font, PDF_FONT_SIZE) for word in str(text).split()), default=0)


def pdf_column_widths(table: Table) -> list[float]:
    """Column widths (pt): every column fits its longest word; the label column gets room for its
    labels (e.g. "Afspraak (alle urgenties)" on one line) up to a third of the page; a free-text
    column takes what is left; the other columns share the rest."""
    from reportlab.lib.units import cm
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = PDF_WIDTH_CM * cm
    rows = pdf_table_cells(table)
    n = len(table.columns)
    if n <= 1:
        return [total] * n
    need = [max(pdf_word_width(row[i], bold=(r == 0)) for r, row in enumerate(rows)) + 2 * PDF_PADDING + 1
            for i in range(n)]
    widths = list(need)
    spare = total - sum(widths)
    if spare <= 0:
        return widths
    labels = max(stringWidth(row[0], "Helvetica", PDF_FONT_SIZE) for row in rows[1:] or rows) + 2 * PDF_PADDING + 1
    grow = min(max(labels, total / 5) - widths[0], total / 3 - widths[0], spare)
    if grow > 0:
        widths[0] += grow
        spare -= grow
    text_columns = [i for i, c in enumerate(table.columns) if c.kind == "text"]
    receivers = text_columns or list(range(1, n))
    for i in receivers:
        widths[i] += spare / len(receivers)
    return widths


def pdf_table_cells(table: Table) -> list[list[str]]:
    """The text of every cell of `table` in the PDF, header first: the same display as the page."""
    header = [str(c.title) for c in table.columns]
    body = [[show(str(row.get(c.key, "")) if c.kind == "label" else row.get(c.key), c.kind) for c in table.columns]
            for row in table.rows]
    return [header, *body]


def to_pdf(report: Report) -> bytes:
    """A plain, printable PDF for the council: headline figures, every table, the definitions."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    styles = getSampleStyleSheet()
    # Small cells that wrap between words (never inside one: "90e perc / entiel").
    cell_style = ParagraphStyle("naast-cell", parent=styles["BodyText"], fontSize=PDF_FONT_SIZE,
                                leading=PDF_FONT_SIZE * 1.2, spaceBefore=0, spaceAfter=0, splitLongWords=0)
    head_style = ParagraphStyle("naast-head", parent=cell_style, fontName="Helvetica-Bold")
    out = io.BytesIO()
    scope = report.scope.get("municipality_name") or report.scope.get("organisation") or _("Whole service")
    doc = SimpleDocTemplate(out, pagesize=A4, title=f"{report.title} {report.period}", author="Naast",
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm, bottomMargin=2 * cm)
    dates = _("From %(first)s up to and including %(last)s.") % {
        "first": long_date(report.first_day), "last": long_date(report.last_day)}
    story = [Paragraph(f"{_esc(report.title)} {_esc(report.period)}", styles["Title"]),
             Paragraph(_esc(scope), styles["Heading3"]), Paragraph(_esc(dates), styles["BodyText"])]
    if report.suppressed:
        story.append(Paragraph(_esc(_("Numbers from 1 to 4 are shown as “<5” to protect residents.")),
                               styles["BodyText"]))
    for note in report.notes:
        story.append(Paragraph(f"<b>{_esc(note)}</b>", styles["BodyText"]))
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                       ("LEFTPADDING", (0, 0), (-1, -1), PDF_PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PDF_PADDING),
                       ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")), ("VALIGN", (0, 0), (-1, -1), "TOP")])

    def cells(rows: list[list[str]]) -> list[list]:
        return [[Paragraph(_esc(text), head_style if i == 0 else cell_style) for text in row]
                for i, row in enumerate(rows)]

    for section in report.sections:
        story.append(Paragraph(_esc(section.title), styles["Heading2"]))
        if section.note:
            story.append(Paragraph(_esc(section.note), styles["Italic"]))
        if section.figures:
            rows = [[_("Figure"), _("Value")]] + [[str(f.title), show(f.value, f.kind)] for f in section.figures]
            story += [PdfTable(cells(rows), colWidths=[11 * cm, 6 * cm], style=grid, repeatRows=1), Spacer(1, 6)]
        for table in section.tables:
            story.append(Paragraph(_esc(table.title), styles["Heading4"]))
            if table.rows:
                story.append(PdfTable(cells(pdf_table_cells(table)), colWidths=pdf_column_widths(table), style=grid,
                                      repeatRows=1))
            if table.note:
                story.append(Paragraph(_esc(table.note), styles["Italic"]))
            story.append(Spacer(1, 6))
    story.append(Paragraph(_esc(_("Definitions")), styles["Heading2"]))
    for definition in definitions().values():
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
