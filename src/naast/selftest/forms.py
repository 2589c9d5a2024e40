from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from naast.core.forms import Form
from naast.organisations.models import Municipality

from .models import AnswerChoice
from .questions import THEMES
from .services import AnswerInput, clean_links


def field_prefix(key: str) -> str:
    """A form-field prefix for a question key ("independence.another_supporter" → "independence__another_supporter")."""
    return key.replace(".", "__")


class ChooseForm(Form):
    """Which self-test: a municipality (not for funders: their own) and a year."""

    municipality = forms.ModelChoiceField(label=_("Municipality"), queryset=Municipality.objects.order_by("name"),
                                          to_field_name="code", required=True, empty_label=_("Choose a municipality"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}))

    def __init__(self, *args, fixed_municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        if fixed_municipality is not None:
            del self.fields["municipality"]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > date.today().year + 1:
            raise ValidationError(_("Choose this year, next year or an earlier year."))
        return year


class SelfTestForm(Form):
    """Every question of the self-test: answer, explanation, web addresses, a new document and the
    documents to remove. Fields are named after the question (`field_prefix`)."""

    marks_no_optional = True

    def __init__(self, *args, answers: dict | None = None, with_documents: bool = True, **kwargs):
        answers = answers or {}
        initial = {}
        for theme in THEMES:
            for question in theme.questions:
                answer = answers.get(question.key)
                p = field_prefix(question.key)
                if answer is not None:
                    initial.update({f"{p}-answer": answer.answer, f"{p}-explanation": answer.explanation,
                                    f"{p}-links": "\n".join(answer.links)})
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.questions = []
        for theme_number, theme in enumerate(THEMES, start=1):
            block = {"theme": theme, "number": theme_number, "questions": []}
            for number, question in enumerate(theme.questions, start=1):
                p, code = field_prefix(question.key), f"{theme_number}.{number}"
                answer = answers.get(question.key)
                self.fields[f"{p}-answer"] = forms.ChoiceField(
                    label=_("Answer to question %(code)s") % {"code": code}, choices=AnswerChoice.choices,
                    initial=AnswerChoice.UNKNOWN, widget=forms.RadioSelect)
                self.fields[f"{p}-explanation"] = forms.CharField(
                    label=_("Explanation (question %(code)s)") % {"code": code}, required=False, max_length=5000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("What is laid down, where, and what still has to happen."))
                self.fields[f"{p}-links"] = forms.CharField(
                    label=_("Web addresses as evidence (question %(code)s)") % {"code": code}, required=False,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text=_("One per line, starting with https://, for example the policy plan on the "
                                "municipality's website."))
                self.fields[f"{p}-upload"] = forms.FileField(
                    label=_("Add a document (question %(code)s)") % {"code": code}, required=False,
                    help_text=_("PDF, JPG, PNG, TXT, DOCX or ODT; at most 10 MB."))
                self.fields[f"{p}-upload_title"] = forms.CharField(
                    label=_("Title of the document (question %(code)s)") % {"code": code}, required=False,
                    max_length=200)
                documents = list(answer.documents.all()) if answer is not None and with_documents else []
                if documents:
                    self.fields[f"{p}-remove"] = forms.MultipleChoiceField(
                        label=_("Remove documents (question %(code)s)") % {"code": code}, required=False,
                        choices=[(str(d.pk), d.title) for d in documents], widget=forms.CheckboxSelectMultiple)
                block["questions"].append({
                    "question": question, "code": code, "documents": documents,
                    "fields": [self[f"{p}-{name}"] for name in ("answer", "explanation", "links", "upload",
                                                                 "upload_title", "remove")
                               if f"{p}-{name}" in self.fields],
                })
            self.questions.append(block)

    def clean(self):
        cleaned = super().clean()
        for theme in THEMES:
            for question in theme.questions:
                name = f"{field_prefix(question.key)}-links"
                if name in cleaned:
                    try:
                        cleaned[name] = clean_links(cleaned[name])
                    except ValidationError as error:
                        self.add_error(name, error)
        return cleaned

    def answers(self) -> dict[str, AnswerInput]:
        data = self.cleaned_data
        found = {}
        for theme in THEMES:
            for question in theme.questions:
                p = field_prefix(question.key)
                found[question.key] = AnswerInput(
                    answer=data[f"{p}-answer"], explanation=data.get(f"{p}-explanation", ""),
                    links=data.get(f"{p}-links") or [], upload=data.get(f"{p}-upload"),
                    upload_title=data.get(f"{p}-upload_title", ""),
                    remove_documents=[int(pk) for pk in data.get(f"{p}-remove", [])])
        return found
