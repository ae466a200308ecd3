"""Forms of the results pages: a filter condition to add (a question and the answers to keep),
a tag for an open answer, the reason to exclude a burst of answers. The filters live in the
address (``?f=Q6:18-29``), so a filtered page can be bookmarked and sent to a colleague."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tyrimai import selectors
from tyrimai.models import pick


class ConditionForm(forms.Form):
    """One more condition: ``fq`` the question, ``fc`` its codes ("1,2") or a range of
    numbers ("18-29"). Read from the query string; the page then moves it into ``f``."""

    fq = forms.ChoiceField(label=_("Question"))
    fc = forms.CharField(label=_("Answers to keep"), max_length=60,
                         help_text=_("Codes separated by commas, or a range of numbers, "
                                     "e.g. 1,2 or 18-29."))

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {q.code: q for q in selectors.filter_questions_of(questions)}
        self.fields["fq"].choices = [(code, f"{code}. {pick(q.text)}"[:90])
                                     for code, q in self.questions.items()]

    def clean(self):
        cleaned = super().clean()
        question = self.questions.get(cleaned.get("fq"))
        if question is None or not cleaned.get("fc"):
            return cleaned
        try:
            cleaned["codes"] = selectors.parse_codes(question, cleaned["fc"])
        except selectors.BadCondition:
            self.add_error("fc", _("These are not answers of the question."))
            return cleaned
        cleaned["condition"] = selectors.condition_value(question, cleaned["codes"])
        return cleaned


class TagForm(forms.Form):
    """A tag for an open answer (an existing one is reused by its name)."""

    name = forms.CharField(label=_("Tag"), max_length=60)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Write the tag."))
        return name


class ExcludeForm(forms.Form):
    """Why a burst of answers is left out of the results (kept with the answers)."""

    reason = forms.CharField(label=_("Why these answers are excluded"), max_length=200)
