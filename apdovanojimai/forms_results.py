"""Forms of the results area: what a diploma or a thank-you letter prints. The recipient is
typed by staff in the case the text needs (the portal declines nothing); the form only
warns while the name is still the nominative it was prefilled with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from apdovanojimai.models import Award

RECIPIENT_HELP = _("Printed exactly as typed. Type the name in the case the text needs — "
                   "usually the dative: \"Aušrai Petrauskienei\", \"Darbėnų filialui\". "
                   "Nothing is declined automatically.")


class AwardForm(forms.Form):
    """Title, recipient, text and place of one award (new or existing)."""

    title = forms.CharField(label=Award._meta.get_field("title").verbose_name,
                            max_length=200)
    recipient_text = forms.CharField(label=_("Recipient, as printed"), max_length=255,
                                     help_text=RECIPIENT_HELP)
    citation = forms.CharField(label=_("Text under the name"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}))
    place = forms.IntegerField(label=_("Place"), required=False, min_value=1, max_value=99)
    # the award's version when the form was opened: a save over someone else's is refused
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, nominative: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.nominative = nominative

    @property
    def still_nominative(self) -> bool:
        """Whether the recipient is still the prefilled nominative (worth a second look)."""
        value = self["recipient_text"].value() or ""
        return bool(self.nominative) and " ".join(value.split()) == self.nominative


class PrepareForm(AwardForm):
    """An award of one nomination on the contest's preparation page."""

    nomination = forms.IntegerField(widget=forms.HiddenInput)
