"""The self-test report: one municipality, one year, every theme and question with the answer, its
explanation and evidence, last year's answer, and Naast's live evidence; as a `naast.reports`
`Report`, so the page, `naast report --kind selftest` and every download format (HTML, JSON, CSV,
XLSX, PDF) show the same thing, with small numbers suppressed by the reports' one function.

Report structure (JSON keys documented in docs/reports.md, "The self-test report"):
- section `summary`: table `theme_summary`, one row per theme (`code` = theme key) with the
  number of questions answered yes, partly, no, unknown, and changed since last year;
- per theme a section `theme_<theme key>` with table `answers_<theme key>`: one row per question
  (`code` = question key) with the answer, last year's answer, whether it changed, the explanation
  and the evidence;
- after a theme, the live evidence of its questions: sections `evidence_<key>` (`evidence.py`).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from naast.core.reportkit import Column, Figure, Section, Table
from naast.reports.dbfuncs import report_session
from naast.reports.figures import Report, link_figures
from naast.reports.periods import Period
from naast.reports.queries import ReportContext, Scope

from .evidence import build_evidence
from .models import Answer, AnswerChoice
from .questions import THEMES

ANSWER_CODES = [code for code, _label in AnswerChoice.choices]


def year_period(year: int, today: date | None = None) -> Period:
    """The calendar year `year` (its live figures run up to now when the year is not over)."""
    return Period(date(year, 1, 1), date(year, 12, 31), "year", str(year))


def answers_of(municipality, year: int) -> dict[str, Answer]:
    return {a.question: a for a in Answer.objects.filter(self_test__municipality=municipality, self_test__year=year)
            .prefetch_related("documents")}


def _label(code: str | None) -> str:
    return str(AnswerChoice(code).label) if code else _("Not answered")


def _evidence_text(answer: Answer | None) -> str:
    if answer is None:
        return ""
    parts = [f"{d.title}" for d in answer.documents.all()] + list(answer.links)
    return "; ".join(parts)


def build(period: Period, scope: Scope, now=None) -> Report:
    """The raw self-test report of `scope.municipality` for the year `period` starts in."""
    municipality = scope.municipality
    if municipality is None:
        raise ValueError("The self-test report is per municipality.")
    year = period.first_day.year
    period = year_period(year)
    now = now or timezone.now()
    scope = Scope(municipality=municipality)
    current, previous = answers_of(municipality, year), answers_of(municipality, year - 1)
    ctx = ReportContext(period, scope, now)
    with report_session():
        evidence = build_evidence(ctx, [q.evidence for t in THEMES for q in t.questions if q.evidence])
    sections: list[Section] = []
    summary_rows = []
    for theme in THEMES:
        rows = []
        for number, question in enumerate(theme.questions, start=1):
            answer, before = current.get(question.key), previous.get(question.key)
            code = answer.answer if answer else None
            before_code = before.answer if before else None
            rows.append({
                "code": question.key, "label": str(question.text), "number": number,
                "answer_code": code, "answer": _label(code),
                "previous_answer_code": before_code, "previous_answer": _label(before_code) if before else "",
                "changed": (code != before_code) if (answer and before) else None,
                "explanation": answer.explanation if answer else "",
                "evidence": _evidence_text(answer),
                "links": list(answer.links) if answer else [],
                "documents": [{"id": d.pk, "title": d.title, "content_type": d.content_type, "size": d.size}
                              for d in answer.documents.all()] if answer else [],
                "live_evidence": f"evidence_{question.evidence}" if question.evidence in evidence else None,
            })
        counts = {c: sum(1 for r in rows if r["answer_code"] == c) for c in ANSWER_CODES}
        summary_rows.append({"code": theme.key, "label": str(theme.title), **counts,
                             "not_answered": sum(1 for r in rows if r["answer_code"] is None),
                             "changed": sum(1 for r in rows if r["changed"])})
        table = Table(
            f"answers_{theme.key}", _("Answers: %(theme)s") % {"theme": theme.title}, "selftest_answers",
            [Column("label", _("Question"), "label"), Column("answer", _("Answer"), "answer"),
             Column("previous_answer", _("Answer %(year)s") % {"year": year - 1}, "answer"),
             Column("changed", _("Changed"), "bool"), Column("explanation", _("Explanation"), "text"),
             Column("evidence", _("Evidence"), "text")],
            rows,
        )
        sections.append(Section(f"theme_{theme.key}", str(theme.title), tables=[table]))
        for question in theme.questions:
            if question.evidence in evidence:
                sections.append(evidence[question.evidence])
    answered = sum(1 for a in current.values() if a.question in {q.key for t in THEMES for q in t.questions})
    summary = Section("summary", _("Summary per theme"), [
        Figure("questions", _("Questions"), sum(len(t.questions) for t in THEMES), "number", "selftest_answers"),
        Figure("answered", _("Answered"), answered, "number", "selftest_answers"),
        Figure("changed", _("Changed since %(year)s") % {"year": year - 1},
               sum(r["changed"] for r in summary_rows), "number", "selftest_answers"),
    ], [Table("theme_summary", _("Answers per theme"), "selftest_answers",
              [Column("label", _("Theme"), "label"),
               *[Column(code, str(label), "number") for code, label in AnswerChoice.choices],
               Column("not_answered", _("Not answered"), "number"), Column("changed", _("Changed"), "number")],
              summary_rows)])
    sections.insert(0, summary)
    link_figures(sections)
    notes = []
    if not current:
        notes.append(_("The self-test for %(year)s has not been filled in yet.") % {"year": year})
    if not previous:
        notes.append(_("There is no self-test for %(year)s to compare with.") % {"year": year - 1})
    return Report(
        kind="selftest", title=_("Self-test client support"), period=str(year),
        first_day=period.first_day.isoformat(), last_day=period.last_day.isoformat(),
        scope=scope.as_dict(), sections=sections, generated_at=now.isoformat(timespec="seconds"), notes=notes,
    )
