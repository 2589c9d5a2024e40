"""Builders for the self-test tests."""

from naast.reports.periods import Period
from naast.reports.queries import Scope
from naast.selftest.report import build, year_period
from naast.selftest.services import AnswerInput, save_self_test


def fill(muni, year, answers: dict, by=None):
    """Store {question key: answer code} (or AnswerInput) as the self-test of `muni` for `year`."""
    data = {key: value if isinstance(value, AnswerInput) else AnswerInput(answer=value, explanation=f"Uitleg {key}")
            for key, value in answers.items()}
    return save_self_test(muni, year, data, by=by)


def report(muni, year: int):
    period: Period = year_period(year)
    return build(period, Scope(municipality=muni))


def section(report_, key):
    return next(s for s in report_.sections if s.key == key)


def figure(report_, section_key, figure_key):
    return next(f.value for f in section(report_, section_key).figures if f.key == figure_key)


def rows(report_, section_key, table_key):
    table = next(t for t in section(report_, section_key).tables if t.key == table_key)
    return {row["code"]: row for row in table.rows}


def pdf_pages(body: bytes) -> int:
    """The number of pages of a PDF (no PDF library is installed): the /Count of its page tree's root,
    the /Pages dictionary that no other /Pages dictionary points to as /Parent (reportlab and Chromium
    write their dictionaries uncompressed)."""
    import re

    counts = []
    for match in re.finditer(rb"<<((?:(?!<<|>>).)*?/Type\s*/Pages\b(?:(?!<<|>>).)*?)>>", body, re.S):
        entry = match.group(1)
        if b"/Parent" in entry:
            continue
        found = re.search(rb"/Count\s+(\d+)", entry)
        if found:
            counts.append(int(found.group(1)))
    assert len(counts) == 1, f"expected one page tree root, found {counts}"
    return counts[0]
