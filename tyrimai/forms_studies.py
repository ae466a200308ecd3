"""Forms of the studies: the facts (new and edit — the version the editor saw travels in a
hidden field), how a new study starts (empty, a shipped questionnaire, a copy of an earlier
round), and the participating libraries (ticked one by one, or every library of a
municipality at once)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library, Municipality
from paskyros.forms import CleanCharField
from portalas.forms import IsoDateField
from portalas.ordering import lt_order
from tyrimai.models import LANGUAGES, Study
from tyrimai.standard import TEMPLATES

#: The optional questionnaire languages (Lithuanian is always there).
OPTIONAL_LANGUAGES = [(code, name) for code, name in LANGUAGES if code != "lt"]

START_EMPTY = "empty"
START_COPY = "copy"
TEMPLATE_PREFIX = "template:"
CHECKBOX = {"class": "form-check-input"}


class StudyForm(forms.ModelForm):
    title = CleanCharField(label=_("Title"), max_length=200)
    aim = CleanCharField(label=_("Aim"), required=False, max_length=4000,
                         widget=forms.Textarea(attrs={"rows": 3}))
    target_group = CleanCharField(label=_("Target group"), required=False, max_length=200,
                                  help_text=_("Who is asked, e.g. readers aged 15 and over, "
                                              "or residents who do not visit the library."))
    opens_on = IsoDateField(label=_("Answers from"))
    closes_on = IsoDateField(label=_("Answers until"))
    languages = forms.MultipleChoiceField(
        label=_("Questionnaire languages besides Lithuanian"), required=False,
        choices=OPTIONAL_LANGUAGES, widget=forms.CheckboxSelectMultiple)
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    class Meta:
        model = Study
        fields = ["title", "aim", "target_group", "method", "opens_on", "closes_on",
                  "languages"]

    def __init__(self, *args, user=None, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The study cannot end before it starts."))
        codes = [code for code, _name in OPTIONAL_LANGUAGES]
        cleaned["languages"] = [code for code in codes if code in (cleaned.get("languages")
                                                                    or [])]
        return cleaned


def start_choices() -> list:
    return [(START_EMPTY, _("An empty questionnaire")),
            *[(TEMPLATE_PREFIX + key, label) for key, (label, _data) in TEMPLATES.items()],
            (START_COPY, _("A copy of an earlier study (its next round)"))]


class StudyCreateForm(StudyForm):
    """A new study and what its questionnaire starts from."""

    start = forms.ChoiceField(label=_("The questionnaire"), choices=start_choices,
                              widget=forms.RadioSelect, initial=TEMPLATE_PREFIX + "satisfaction")
    copy_of = forms.ModelChoiceField(
        label=_("Earlier study"), required=False, queryset=Study.objects.none(),
        help_text=_("Its questions keep their codes, so the results compare round to "
                    "round."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["copy_of"].queryset = (Study.objects.visible_to(user)
                                           .order_by("-opens_on", "-pk"))
        self.fields["copy_of"].label_from_instance = (
            lambda study: f"{study.title} ({study.opens_on:%Y-%m-%d})")
        self.order_fields(["start", "copy_of"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") == START_COPY and not cleaned.get("copy_of"):
            self.add_error("copy_of", _("Choose the study to copy."))
        return cleaned

    def template_key(self) -> str:
        start = self.cleaned_data.get("start", "")
        return start[len(TEMPLATE_PREFIX):] if start.startswith(TEMPLATE_PREFIX) else ""

    def copy_source(self):
        return self.cleaned_data.get("copy_of") if self.cleaned_data.get(
            "start") == START_COPY else None


class LibraryChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class ParticipantsForm(forms.Form):
    """The libraries taking part: those ticked, and every open library of the ticked
    municipalities."""

    libraries = LibraryChoices(label=_("Libraries"), required=False,
                               queryset=Library.objects.none(),
                               widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX))
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Add every library of"), required=False, queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX))

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        self.study = study
        taking_part = study.participations.filter(active=True).values("library_id")
        self.fields["libraries"].queryset = (
            Library.objects.open_now() | Library.objects.filter(pk__in=taking_part)
        ).select_related("municipality").order_by(lt_order("name"), "pk")
        self.fields["municipalities"].queryset = (Municipality.objects.filter(in_territory=True)
                                                  .order_by(lt_order("name"), "pk"))
        if not self.is_bound:
            self.initial["libraries"] = list(taking_part.values_list("library_id", flat=True))

    def chosen(self) -> list:
        """The libraries ticked and those of the ticked municipalities (open ones)."""
        chosen = {library.pk: library for library in self.cleaned_data["libraries"]}
        municipalities = self.cleaned_data["municipalities"]
        if municipalities:
            for library in Library.objects.open_now().filter(municipality__in=municipalities):
                chosen.setdefault(library.pk, library)
        return list(chosen.values())
