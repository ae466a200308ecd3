"""The questionnaire: four 1–5 ratings, optionally one per lecturer (when the event had
several), and two comments. Rendered by hand (``mokymai/feedback_answer.html``): each
rating is a fieldset with a legend, each score a labelled radio button."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mokymai.models_feedback import RATINGS

COMMENT_LENGTH = 2000


class FeedbackForm(forms.Form):
    content = forms.TypedChoiceField(
        label=_("Content of the event"), choices=RATINGS, coerce=int, widget=forms.RadioSelect,
        help_text=_("Were the topics relevant, clear and well prepared?"))
    lecturers = forms.TypedChoiceField(
        label=_("Lecturers"), choices=RATINGS, coerce=int, widget=forms.RadioSelect,
        help_text=_("How well did the lecturers explain and answer questions?"))
    organisation = forms.TypedChoiceField(
        label=pgettext_lazy("feedback question", "Organisation"), choices=RATINGS, coerce=int,
        widget=forms.RadioSelect,
        help_text=_("Information beforehand, the venue or the online connection, the "
                    "timetable."))
    usefulness = forms.TypedChoiceField(
        label=_("Usefulness for work"), choices=RATINGS, coerce=int, widget=forms.RadioSelect,
        help_text=_("Will you use what you learnt in your library?"))
    most_useful = forms.CharField(
        label=_("What was most useful?"), required=False, max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}))
    to_improve = forms.CharField(
        label=_("What should be improved?"), required=False, max_length=COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}))

    RATING_FIELDS = ("content", "lecturers", "organisation", "usefulness")

    def __init__(self, *args, lecturers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.rated_lecturers = list(lecturers) if len(lecturers) > 1 else []
        for lecturer in self.rated_lecturers:
            self.fields[f"lecturer_{lecturer.pk}"] = forms.TypedChoiceField(
                label=str(lecturer), choices=[*RATINGS, ("", _("No answer"))], coerce=int,
                required=False, empty_value=None, initial="", widget=forms.RadioSelect)
        for name in ("most_useful", "to_improve"):
            self.fields[name].widget.attrs.update({"class": "form-control",
                                                   "maxlength": COMMENT_LENGTH})

    def rating_fields(self):
        return [self[name] for name in self.RATING_FIELDS]

    def lecturer_fields(self):
        return [self[f"lecturer_{lecturer.pk}"] for lecturer in self.rated_lecturers]

    def ratings(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.RATING_FIELDS}

    def lecturer_ratings(self) -> dict:
        found = {}
        for lecturer in self.rated_lecturers:
            value = self.cleaned_data.get(f"lecturer_{lecturer.pk}")
            if value is not None:
                found[lecturer.pk] = value
        return found
