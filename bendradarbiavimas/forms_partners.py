"""Forms of the partners and agreements. Choices are what the user may see (``visible_to``):
libraries, projects, trainings and publications; the agreement's file is checked by its
content (``services_partners.check_file``). ``sections()`` lays a form out in fieldsets
(the template ``partners_form.html`` renders them)."""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, ContactLog, Partner, PartnerContact
from bibliotekos.models import Library, Organisation, OrganisationKind, Person
from mokymai.models import TrainingEvent
from paskyros.forms import CleanCharField
from paskyros.models import Role
from portalas.forms import IsoDateField, PhoneField
from portalas.ordering import lt_order
from projektai.models import Project
from viesinimas.models import Publication


def library_label(library: Library) -> str:
    return f"{library.name} ({library.code})"


class LibrariesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return library_label(obj)


def _libraries(user, chosen=()):
    scoped = Library.objects.visible_to(user)
    return (scoped.open_now() | scoped.filter(pk__in=list(chosen))).order_by(lt_order("name"))


def _libraries_field(label, help_text=""):
    return LibrariesField(label=label, queryset=Library.objects.none(), required=False,
                          widget=forms.SelectMultiple(attrs={"size": 8}),
                          help_text=help_text or _("Hold Ctrl to choose several."))


class SectionsMixin:
    #: (legend, [field names]) — the fieldsets of the page
    layout: list = []

    def sections(self):
        return [(legend, [self[name] for name in names if name in self.fields])
                for legend, names in self.layout]


# --- partners ---------------------------------------------------------------------------------

class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        short = f" ({obj.short_name})" if obj.short_name else ""
        return f"{obj.name}{short} · {obj.country}"


class PartnerCreateForm(SectionsMixin, forms.Form):
    organisation = OrganisationChoiceField(
        label=_("Organisation from the list"), queryset=Organisation.objects.none(),
        required=False, help_text=_("Organisations of the registry that are not partners yet."))
    new_name = CleanCharField(label=_("Name"), max_length=255, required=False)
    new_short_name = CleanCharField(label=_("Short name"), max_length=60, required=False)
    new_kind = forms.ChoiceField(label=_("Type"), choices=OrganisationKind.choices,
                                 initial=OrganisationKind.LIBRARY_FOREIGN, required=False)
    new_country = CleanCharField(label=_("Country"), max_length=2, required=False,
                                 initial="LT", help_text=_("Two-letter code: LT, LV, PL, DE…"))
    new_website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    new_email = forms.EmailField(label=_("E-mail"), required=False)
    areas = forms.CharField(label=capfirst(_("fields of cooperation")), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}),
                            help_text=Partner._meta.get_field("areas").help_text)
    since = IsoDateField(label=capfirst(_("partner since")), required=False)
    libraries = _libraries_field(capfirst(_("territory libraries working with it")))
    active = forms.BooleanField(label=capfirst(_("active")), required=False, initial=True)
    note = forms.CharField(label=capfirst(_("note")), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    layout = [
        (_("Choose an organisation of the list…"), ["organisation"]),
        (_("…or type a new one"), ["new_name", "new_short_name", "new_kind", "new_country",
                                   "new_website", "new_email"]),
        (_("Cooperation"), ["areas", "since", "libraries", "active", "note"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(active=True, partnership__isnull=True)
            .order_by(lt_order("name"), "pk"))
        self.fields["libraries"].queryset = _libraries(user)

    def clean_new_country(self):
        code = (self.cleaned_data.get("new_country") or "").strip().upper()
        if code and (len(code) != 2 or not code.isascii() or not code.isalpha()):
            raise ValidationError(_("Enter a two-letter country code, e.g. LT, LV, PL."),
                                  code="country")
        return code

    def clean_since(self):
        day = self.cleaned_data.get("since")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date is in the future."), code="future")
        return day

    def clean(self):
        data = super().clean()
        chosen, typed = data.get("organisation"), data.get("new_name")
        if chosen and typed:
            raise ValidationError(_("Choose an organisation from the list or type a new one "
                                    "(not both)."), code="both")
        if not chosen and not typed and "organisation" not in self.errors:
            raise ValidationError(_("Choose an organisation from the list or type a new "
                                    "one."), code="none")
        if typed and not data.get("new_country") and "new_country" not in self.errors:
            self.add_error("new_country", _("Enter a two-letter country code, e.g. LT, LV, "
                                            "PL."))
        return data

    def new_organisation(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("new_name"):
            return None
        return {"name": data["new_name"], "short_name": data.get("new_short_name") or "",
                "kind": data.get("new_kind") or OrganisationKind.OTHER,
                "country": data["new_country"], "website": data.get("new_website") or "",
                "email": data.get("new_email") or ""}


class PartnerForm(SectionsMixin, forms.ModelForm):
    libraries = _libraries_field(capfirst(_("territory libraries working with it")))

    class Meta:
        model = Partner
        fields = ["areas", "since", "libraries", "active", "note"]
        field_classes = {"since": IsoDateField}
        widgets = {"areas": forms.Textarea(attrs={"rows": 3}),
                   "note": forms.Textarea(attrs={"rows": 2})}

    layout = [(_("Cooperation"), ["areas", "since", "libraries", "active", "note"])]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        chosen = self.instance.libraries.values_list("pk", flat=True) if self.instance.pk else []
        self.fields["libraries"].queryset = _libraries(user, chosen)

    def clean_since(self):
        day = self.cleaned_data.get("since")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date is in the future."), code="future")
        return day


# --- contacts ---------------------------------------------------------------------------------

class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.list_name}" + (f" · {obj.position}" if obj.position else "")


class ConsentMixin:
    def clean(self):
        data = super().clean()
        if data.get("consent_on") and data["consent_on"] > timezone.localdate():
            self.add_error("consent_on", _("The consent date is in the future."))
        return data


class ContactCreateForm(SectionsMixin, ConsentMixin, forms.Form):
    person = PersonChoiceField(label=_("A person of the organisation"),
                               queryset=Person.objects.none(), required=False,
                               help_text=_("People of the registry who work there."))
    first_name = CleanCharField(label=_("First name"), max_length=80, required=False)
    last_name = CleanCharField(label=_("Last name"), max_length=80, required=False)
    position = CleanCharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)
    role = CleanCharField(label=capfirst(_("role")), max_length=150, required=False,
                          help_text=PartnerContact._meta.get_field("role").help_text)
    consent = forms.BooleanField(label=capfirst(_("consent given")), required=False,
                                 help_text=PartnerContact._meta.get_field("consent").help_text)
    consent_on = IsoDateField(label=capfirst(_("consent date")), required=False)
    consent_note = CleanCharField(label=capfirst(_("how the consent was given")),
                                  max_length=255, required=False,
                                  help_text=_("For example: by e-mail, signed form, in "
                                              "person."))

    layout = [
        (_("Choose a person…"), ["person"]),
        (_("…or type a new one"), ["first_name", "last_name", "position", "email", "phone"]),
        (_("Role and consent"), ["role", "consent", "consent_on", "consent_note"]),
    ]

    def __init__(self, *args, user, partner: Partner, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.partner = user, partner
        taken = partner.contacts.values("person_id")
        self.fields["person"].queryset = (Person.objects.visible_to(user)
                                          .filter(organisation_id=partner.organisation_id)
                                          .exclude(pk__in=taken)
                                          .order_by(lt_order("last_name"), "first_name"))

    def clean(self):
        data = super().clean()
        chosen = data.get("person")
        typed = data.get("first_name") or data.get("last_name")
        if chosen and typed:
            raise ValidationError(_("Choose a person or type a new one (not both)."),
                                  code="both")
        if not chosen and not typed:
            raise ValidationError(_("Choose a person or type a new one."), code="none")
        if typed and not (data.get("first_name") and data.get("last_name")):
            self.add_error("last_name", _("Give the person's first and last name."))
        if typed and not data.get("consent") and (data.get("email") or data.get("phone")):
            self.add_error("consent", _(
                "Without the person's consent only their name and role may be kept: tick "
                "the consent (and say how it was given), or leave the e-mail and phone "
                "empty."))
        return data

    def new_person(self) -> dict | None:
        data = self.cleaned_data
        if data.get("person"):
            return None
        return {key: data.get(key) or "" for key in ("first_name", "last_name", "position",
                                                     "email", "phone")}


class ContactForm(SectionsMixin, ConsentMixin, forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = ["role", "consent", "consent_on", "consent_note"]
        field_classes = {"consent_on": IsoDateField}

    layout = [(_("Role and consent"), ["role", "consent", "consent_on", "consent_note"])]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user


# --- the contact log --------------------------------------------------------------------------

class LogForm(SectionsMixin, forms.ModelForm):
    libraries = _libraries_field(capfirst(_("territory libraries involved")))

    class Meta:
        model = ContactLog
        fields = ["happened_on", "kind", "summary", "libraries", "project", "event",
                  "publication"]
        field_classes = {"happened_on": IsoDateField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    layout = [(_("The contact"), ["happened_on", "kind", "summary", "libraries"]),
              (_("What it belongs to (optional)"), ["project", "event", "publication"])]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        chosen = instance.libraries.values_list("pk", flat=True) if instance else []
        self.fields["libraries"].queryset = _libraries(user, chosen)
        self.fields["project"].queryset = (Project.objects.visible_to(user)
                                           .order_by(lt_order("title"), "pk"))
        self.fields["event"].queryset = (TrainingEvent.objects.visible_to(user)
                                         .order_by("-starts_on", "pk"))
        self.fields["event"].label_from_instance = (
            lambda e: f"{e.starts_on:%Y-%m-%d} · {e.title}" if e.starts_on else e.title)
        self.fields["publication"].queryset = (Publication.objects.visible_to(user)
                                               .order_by("-published_on", "pk"))
        self.fields["publication"].label_from_instance = (
            lambda p: f"{p.published_on:%Y-%m-%d} · {p.title}")

    def clean_happened_on(self):
        day = self.cleaned_data.get("happened_on")
        if day and day > timezone.localdate() + timedelta(days=366):
            raise ValidationError(_("The date is too far in the future."), code="future")
        return day


# --- agreements -------------------------------------------------------------------------------

class PartnersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class ResponsibleField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.email


class AgreementForm(SectionsMixin, forms.ModelForm):
    partners = PartnersField(label=capfirst(_("parties")), queryset=Partner.objects.none(),
                             widget=forms.SelectMultiple(attrs={"size": 8}),
                             help_text=_("The partners who signed it with the Library."))
    libraries = _libraries_field(capfirst(_("territory libraries concerned")))
    responsible = ResponsibleField(label=capfirst(_("responsible")),
                                   queryset=get_user_model().objects.none(), required=False,
                                   help_text=_("Gets the reminder before expiry; empty: all "
                                               "department staff."))
    file = forms.FileField(
        label=capfirst(_("signed agreement")), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt,.jpg,.jpeg,.png"}),
        help_text=_("PDF, DOCX, ODT, JPEG or PNG."))

    class Meta:
        model = Agreement
        fields = ["number", "kind", "title", "partners", "libraries", "signed_on",
                  "starts_on", "ends_on", "subject", "obligations", "file", "responsible",
                  "remind_days", "note"]
        field_classes = {"signed_on": IsoDateField, "starts_on": IsoDateField,
                         "ends_on": IsoDateField}
        widgets = {"subject": forms.Textarea(attrs={"rows": 3}),
                   "obligations": forms.Textarea(attrs={"rows": 4}),
                   "note": forms.Textarea(attrs={"rows": 2})}

    layout = [
        (_("The agreement"), ["number", "kind", "title", "partners", "libraries"]),
        (_("Dates"), ["signed_on", "starts_on", "ends_on"]),
        (_("Content"), ["subject", "obligations", "file"]),
        (_("Follow-up"), ["responsible", "remind_days", "note"]),
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        chosen_partners = instance.partners.values_list("pk", flat=True) if instance else []
        partners = (Partner.objects.visible_to(user).filter(active=True)
                    | Partner.objects.visible_to(user).filter(pk__in=list(chosen_partners)))
        self.fields["partners"].queryset = (partners.select_related("organisation")
                                            .order_by(lt_order("organisation__name"), "pk"))
        chosen = instance.libraries.values_list("pk", flat=True) if instance else []
        self.fields["libraries"].queryset = _libraries(user, chosen)
        self.fields["responsible"].queryset = (
            get_user_model().objects.filter(is_active=True,
                                            role__in=(Role.STAFF, Role.MANAGEMENT))
            .order_by("full_name", "pk"))
        self.fields["remind_days"].widget.attrs.update({"min": 0, "max": 250})

    def clean_remind_days(self):
        days = self.cleaned_data.get("remind_days")
        if days is not None and days > 250:
            raise ValidationError(_("At most 250 working days (about a year)."), code="max")
        return days

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            services.check_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The agreement cannot end before it starts: check the "
                                        "dates (valid until is earlier than valid from)."))
        return data


class TerminateForm(forms.Form):
    terminated_on = IsoDateField(label=capfirst(_("terminated on")))
    reason = CleanCharField(label=_("Reason"), max_length=300, required=False)
