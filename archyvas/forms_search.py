"""The archive search's form: the words, and filters — where to look, the register, the
year, the file index, the document kind, the dates, the correspondent and whether the
document's file is kept. Every choice is what the user may see."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from archyvas.models import FiledDocument, FilePlan, Register, RegisterEntry
from archyvas.selectors_search import ARCHIVE, EVERYWHERE, REGISTERS, Criteria, readable
from portalas.ordering import sorted_lt

WHERE = [(EVERYWHERE, _("Registers and filed documents")),
         (REGISTERS, _("Registered documents only")),
         (ARCHIVE, _("Filed documents only"))]
HAS_FILE = [("", pgettext_lazy("archive search", "With or without a file")),
            ("yes", _("With a stored file")),
            ("no", _("Without a file (or destroyed)"))]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Words, title, correspondent or number"), required=False,
                        max_length=200, strip=True,
                        help_text=_("E.g. \"G-12\", \"12\", \"ataskaita\": any case, with or "
                                    "without diacritics."))
    where = forms.ChoiceField(label=pgettext_lazy("archive search", "Where"), choices=WHERE,
                              required=False)
    register = forms.ModelChoiceField(label=pgettext_lazy("archive", "Register"),
                                      queryset=Register.objects.none(), required=False,
                                      empty_label=_("All registers"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False,
                                  empty_value=None)
    index = forms.CharField(label=_("File index"), required=False, max_length=20,
                            strip=True)
    kind = forms.ChoiceField(label=_("Document kind"), required=False)
    date_from = forms.DateField(label=pgettext_lazy("archive search", "Dated from"),
                                required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=pgettext_lazy("archive search", "Dated to"),
                              required=False, widget=forms.DateInput(attrs={"type": "date"}))
    correspondent = forms.CharField(label=_("Correspondent"), required=False, max_length=200,
                                    strip=True)
    has_file = forms.ChoiceField(label=_("File"), choices=HAS_FILE, required=False)

    #: The filters besides the words (the page opens them when one is set).
    FILTERS = ("where", "register", "year", "index", "kind", "date_from", "date_to",
               "correspondent", "has_file")

    def __init__(self, *args, user, kinds: dict, **kwargs):
        super().__init__(*args, **kwargs)
        register = self.fields["register"]
        register.queryset = Register.objects.visible_to(user).order_by("position", "name")
        register.widget.choices = list(iter(register.choices))   # one query, no count first
        # a filed document's year is its plan's
        years = set(FilePlan.objects.visible_to(user).values_list("year", flat=True))
        years |= set(readable(RegisterEntry, user).order_by().values_list(
            "year", flat=True).distinct())
        self.fields["year"].choices = [("", _("All years"))] + [
            (year, str(year)) for year in sorted(years, reverse=True)]
        present = set(readable(FiledDocument, user).order_by().values_list(
            "kind", flat=True).distinct())
        labels = {key: kinds.get(key, key) for key in present}
        self.fields["kind"].choices = [("", _("All kinds"))] + [
            (key, labels[key]) for key in sorted_lt(labels, key=lambda k: labels[k])]

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        return Criteria(q=data.get("q") or "", where=data.get("where") or EVERYWHERE,
                        register=data.get("register"), year=data.get("year"),
                        index=data.get("index") or "", kind=data.get("kind") or "",
                        date_from=data.get("date_from"), date_to=data.get("date_to"),
                        correspondent=data.get("correspondent") or "",
                        has_file=data.get("has_file") or "")

    @property
    def filtered(self) -> bool:
        """A filter besides the words is set."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.FILTERS)
