"""Form helpers: NL Design System classes and accessible error wiring on every widget."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

# Django's own "This field is required.", replaced for radio buttons by a message that says what to do.
REQUIRED = forms.Field.default_error_messages["required"]

WIDGET_CLASSES = {
    forms.Textarea: "utrecht-textarea",
    forms.Select: "utrecht-select",
    forms.SelectMultiple: "utrecht-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    # Each option's input; CheckboxSelectMultiple is a RadioSelect, so it comes first.
    forms.CheckboxSelectMultiple: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.RadioSelect: "utrecht-radio-button utrecht-radio-button--html-input",
}
# Radio buttons and check boxes of one question: NL Design System form fields, one per option.
CHOICES_TEMPLATE = "naast/widgets/choices.html"


def query_text(params, name: str = "q", max_length: int = 100) -> str:
    """A free-text query parameter (a search box) as the database can take it: trimmed, at most
    `max_length` characters, without NUL characters, which PostgreSQL refuses in any text."""
    return (params.get(name) or "").replace("\x00", "")[:max_length].strip()


def query_int(params, name: str) -> int | None:
    """A whole-number query parameter (an id in a link), or None for anything else."""
    value = params.get(name) or ""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


def apply_errors(form, error) -> None:
    """Show a service's ValidationError on the form: on the field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


class StyledFormMixin:
    """Adds component classes, `aria-describedby` for help texts and errors, and `aria-invalid`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for cls, c in WIDGET_CLASSES.items() if isinstance(widget, cls)), "utrecht-textbox")
            if css:
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
            if isinstance(widget, forms.RadioSelect):
                widget.template_name = CHOICES_TEMPLATE
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}_help"
            if isinstance(widget, forms.RadioSelect) and field.error_messages.get("required") == REQUIRED:
                field.error_messages["required"] = _("Choose an answer.")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                ids = [i for i in [widget.attrs.get("aria-describedby", ""), f"{self[name].auto_id}_error"] if i]
                widget.attrs["aria-describedby"] = " ".join(dict.fromkeys(" ".join(ids).split()))


class Form(StyledFormMixin, forms.Form):
    pass


def formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A model field's form field, with web addresses typed without a scheme read as https://
    (what people mean, and Django 6's default)."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ModelForm(StyledFormMixin, forms.ModelForm):
    """A model form with Naast's styling; a form with web addresses sets
    `Meta.formfield_callback = formfield`."""


class LongTextField(forms.CharField):
    """A text a resident writes in their own words, with a limit that never cuts silently: no
    `maxlength` attribute (a browser would drop the end of a pasted text without a word); the
    limit is said below the field, a counter (`naast/counter.js`, progressive enhancement) counts
    down while typing, and the server refuses a longer text with a message that says by how
    much, keeping every character in the form."""

    def __init__(self, *, max_length: int, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 5}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["max_length"] = _(
            "Your text has %(show_value)d characters. At most %(limit_value)d fit. Please make it shorter: "
            "nothing has been sent yet, and what you wrote is still here."
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs["data-max-length"] = str(self.max_length)
        attrs["data-counter"] = _("{count} of {max} characters")
        return attrs
