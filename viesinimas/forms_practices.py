"""Forms of the good-practice catalogue: the practice, a photo (with the consent of the
people in it — for children, their parents'), a document, "we did it too" and the review.
Choices are what the user may pick (their libraries; staff any); the services check
again."""

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from bibliotekos.scoping import memberships_of
from paskyros.forms import CleanCharField
from portalas.forms import IsoDateField, PhoneField, form_helper
from portalas.ordering import lt_order
from viesinimas import services_practices as services
from viesinimas.models import PhotoConsent, Practice, Theme

MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists starting with “-”, links; an empty "
                  "line between paragraphs.")


def home_library_id(user) -> int | None:
    """The library of the user's (first) membership: a form's first choice for them."""
    memberships = memberships_of(user)
    return memberships[0][0] if memberships else None


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def tags_for(user, chosen=()):
    """The tags in use, and the practice's own even if gone out of use."""
    chosen_ids = [theme.pk for theme in chosen]
    return (Theme.objects.visible_to(user).filter(active=True)
            | Theme.objects.visible_to(user).filter(pk__in=chosen_ids)).distinct().order_by(
        "order", "name")


class PracticeForm(forms.ModelForm):
    library = LibraryChoiceField(queryset=None, label=_("Library"))
    title = CleanCharField(label=_("Title"), max_length=200,
                           help_text=_("E.g. “Summer reading challenge”."))
    summary = CleanCharField(label=_("In one sentence"), max_length=300,
                             help_text=_("Shown on the catalogue's card."))
    what = CleanCharField(label=_("What it is"), widget=forms.Textarea(attrs={"rows": 5}),
                          max_length=20000, help_text=MARKDOWN_HELP)
    audience = CleanCharField(label=_("For whom"), max_length=300,
                              help_text=_("E.g. “children of 7–12 and their parents”."))
    how = CleanCharField(label=_("How it is done"), widget=forms.Textarea(attrs={"rows": 8}),
                         max_length=20000,
                         help_text=format_lazy("{} {}", _("The steps, so that another "
                                                          "library can repeat it."),
                                               MARKDOWN_HELP))
    results = CleanCharField(label=_("Results"), widget=forms.Textarea(attrs={"rows": 4}),
                             max_length=20000, required=False, help_text=MARKDOWN_HELP)
    costs = CleanCharField(label=_("Costs and resources"), max_length=5000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Money, people, time, premises, equipment."))
    partners = CleanCharField(label=_("Partners"), max_length=5000, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    started_on = IsoDateField(label=_("Since"), required=False,
                              help_text=_("When the library started it (YYYY-MM-DD)."))
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, label=_("Tags"),
        widget=forms.CheckboxSelectMultiple)
    contact_name = CleanCharField(label=_("Contact person"), max_length=150, required=False,
                                  help_text=_("Whom other libraries may ask about it."))
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = PhoneField(label=_("Contact phone"), required=False)

    class Meta:
        model = Practice
        fields = ["library", "title", "summary", "themes", "what", "audience", "how",
                  "results", "costs", "partners", "started_on", "contact_name",
                  "contact_email", "contact_phone"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        libraries = services.libraries_for(user)
        if self.instance.pk:  # the practice's own library, even if closed since
            libraries = Library.objects.filter(Q(pk__in=libraries.values("pk"))
                                               | Q(pk=self.instance.library_id))
        self.fields["library"].queryset = libraries.order_by(lt_order("name"))
        if self.instance.pk or libraries.count() == 1:
            self.fields["library"].empty_label = None
        elif not self.is_bound and home_library_id(user):
            self.initial.setdefault("library", home_library_id(user))
        chosen = list(self.instance.themes.all()) if self.instance.pk else []
        self.fields["themes"].queryset = tags_for(user, chosen)
        self.helper = form_helper(
            "library", "title", "summary", "themes",
            Fieldset(_("The practice"), "what", "audience", "how", "results", "costs",
                     "partners", "started_on"),
            Fieldset(_("Contact"), Row(Column("contact_name", css_class="col-md-4"),
                                       Column("contact_email", css_class="col-md-4"),
                                       Column("contact_phone", css_class="col-md-4"))))

    def clean_started_on(self):
        value = self.cleaned_data.get("started_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo"),
        help_text=format_lazy(_("A JPEG, PNG or WebP photo up to {} MB. The location and "
                                "the camera's other data are removed from it."),
                              services.PHOTO_MAX_BYTES // (1024 * 1024)),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    caption = CleanCharField(label=_("Caption"), max_length=200, required=False,
                             help_text=_("What is happening; do not name the people in it."))
    consent = forms.ChoiceField(label=_("People in the photo"), choices=PhotoConsent.choices,
                                widget=forms.RadioSelect)
    confirm = forms.BooleanField(
        label=_("I confirm the choice above: everyone recognisable in the photo agreed to its "
                "publication, and for a child under 18 their parent or guardian agreed (not "
                "the child alone). The photo is withdrawn at once if someone in it asks."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("image", "caption", "consent", "confirm")


class FileForm(forms.Form):
    file = forms.FileField(
        label=_("Document"),
        help_text=format_lazy(_("PDF, Word, Excel, PowerPoint or OpenDocument, up to {} MB."),
                              settings.UPLOAD_MAX_BYTES // (1024 * 1024)),
        widget=forms.ClearableFileInput(attrs={
            "accept": ".pdf,.docx,.xlsx,.pptx,.odt,.ods,.odp"}))
    name = CleanCharField(label=_("Name shown"), max_length=150, required=False,
                          help_text=_("Empty: the file's own name."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("file", "name")


class AdoptionForm(forms.Form):
    library = LibraryChoiceField(queryset=None, label=_("Our library"))
    adopted_on = IsoDateField(label=_("Since"), initial=timezone.localdate)
    note = CleanCharField(label=_("Our note"), required=False, max_length=5000,
                          widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=_("What you did differently, what worked, what to watch "
                                      "out for."))

    def __init__(self, *args, user, practice, **kwargs):
        super().__init__(*args, **kwargs)
        libraries = services.adoption_libraries(user, practice).order_by(lt_order("name"))
        self.fields["library"].queryset = libraries
        if libraries.count() == 1:
            self.fields["library"].empty_label = None
        elif home_library_id(user) and home_library_id(user) != practice.library_id:
            self.initial.setdefault("library", home_library_id(user))
        self.helper = form_helper("library", "adopted_on", "note")


class ReturnForm(forms.Form):
    note = CleanCharField(label=_("What the library should change"), max_length=5000,
                          widget=forms.Textarea(attrs={"rows": 3}))
