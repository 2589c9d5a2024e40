from django import forms

from naast.core.forms import ModelForm

from .models import Target, Wave

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WaveForm(ModelForm):
    """A wave with counts entered by hand (a wave with imported answers keeps only its name and sample)."""

    class Meta:
        model = Wave
        fields = ["name", "held_on", "audience", "sample", "entered_respondents", "entered_aware",
                  "entered_aware_with_question", "entered_used"]
        widgets = {"held_on": DATE_INPUT, "sample": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, has_answers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.has_answers = has_answers
        if has_answers:
            for name in ("held_on", "audience", "entered_respondents", "entered_aware", "entered_aware_with_question",
                         "entered_used"):
                del self.fields[name]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class TargetForm(ModelForm):
    class Meta:
        model = Target
        fields = ["audience", "from_date", "share", "source"]
        widgets = {"from_date": DATE_INPUT}
