from crispy_forms.layout import Column, Row
from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import (
    Library,
    LibraryKind,
    Membership,
    Municipality,
    MunicipalityPopulation,
    Organisation,
    Person,
    Position,
)
from paskyros.forms import CleanCharField
from paskyros.models import User, normalize_email
from portalas.forms import IsoDateField, PhoneField, form_helper
from portalas.ordering import lt_order


class LibraryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class LibrarianInviteForm(forms.Form):
    full_name = CleanCharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())
    library_role = forms.ChoiceField(label=_("Role in the library"),
                                     choices=Membership.Role.choices,
                                     initial=Membership.Role.LIBRARIAN)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = (Library.objects.visible_to(user).open_now()
                                           .order_by(lt_order("name")))

    def clean_email(self):
        email = normalize_email(self.cleaned_data["email"])
        existing = User.objects.filter(email__iexact=email).first()
        if existing and existing.has_usable_password():
            raise forms.ValidationError(
                _("This person already has an account; add the library on their page."))
        if existing and not existing.is_librarian:
            raise forms.ValidationError(_("This address belongs to an account of another role."))
        return email


class MembershipForm(forms.Form):
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none())
    library_role = forms.ChoiceField(label=_("Role in the library"),
                                     choices=Membership.Role.choices)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = (Library.objects.visible_to(user).open_now()
                                           .order_by(lt_order("name")))


class LibraryForm(forms.ModelForm):
    parent = LibraryChoiceField(label=_("Belongs to"), queryset=Library.objects.none(),
                                required=False,
                                help_text=_("Outlets belong to their system or its central "
                                            "library; systems, school libraries and the "
                                            "regional library belong to none."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https",
                             max_length=200,
                             validators=[URLValidator(schemes=["http", "https"])])

    class Meta:
        model = Library
        fields = ["code", "name", "kind", "parent", "municipality", "school_name",
                  "company_code", "address", "email", "phone", "website", "director",
                  "opened", "closed"]
        field_classes = {"opened": IsoDateField, "closed": IsoDateField, "phone": PhoneField}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        parents = (Library.objects.visible_to(user)
                   .filter(kind__in=[LibraryKind.SYSTEM, LibraryKind.CENTRAL,
                                     LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH])
                   .order_by(lt_order("name")))
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["municipality"].queryset = Municipality.objects.order_by(lt_order("name"))
        for name in ("name", "school_name", "address", "director"):
            self.fields[name].strip = True
        self.helper = form_helper(
            Row(Column("code", css_class="col-md-4"), Column("name", css_class="col-md-8")),
            Row(Column("kind", css_class="col-md-4"), Column("parent", css_class="col-md-8")),
            Row(Column("municipality", css_class="col-md-6"),
                Column("school_name", css_class="col-md-6")),
            Row(Column("company_code", css_class="col-md-4"),
                Column("address", css_class="col-md-8")),
            Row(Column("email", css_class="col-md-4"), Column("phone", css_class="col-md-4"),
                Column("website", css_class="col-md-4")),
            Row(Column("director", css_class="col-md-6"), Column("opened", css_class="col-md-3"),
                Column("closed", css_class="col-md-3")))

    def clean_code(self):
        code = self.cleaned_data["code"]
        other = Library.objects.filter(code__iexact=code).exclude(pk=self.instance.pk).first()
        if other is not None:
            raise forms.ValidationError(
                _("%(name)s already has the code %(code)s (codes are the same whatever their "
                  "letter case).") % {"name": other.name, "code": other.code})
        return code


class MunicipalityForm(forms.ModelForm):
    class Meta:
        model = Municipality
        fields = ["code", "name", "county", "in_territory"]


class PopulationForm(forms.ModelForm):
    class Meta:
        model = MunicipalityPopulation
        fields = ["year", "population"]

    def __init__(self, *args, municipality: Municipality, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"min": 1990, "max": 2100})
        self.fields["population"].widget.attrs.update({"min": 0, "max": 5_000_000})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 1990 <= year <= 2100:
            raise forms.ValidationError(_("Give a year between 1990 and 2100."))
        return year

    def clean_population(self):
        population = self.cleaned_data["population"]
        if population > 5_000_000:
            raise forms.ValidationError(_("That is more than the whole country."))
        return population

    def save(self, commit=True):
        entry, _created = MunicipalityPopulation.objects.update_or_create(
            municipality=self.municipality, year=self.cleaned_data["year"],
            defaults={"population": self.cleaned_data["population"]})
        return entry


class PersonForm(forms.ModelForm):
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none(),
                                 required=False,
                                 help_text=_("Leave empty for a lecturer or partner who works "
                                             "outside the territory's libraries."))

    class Meta:
        model = Person
        fields = ["first_name", "last_name", "post", "position", "library", "organisation",
                  "email", "phone", "education", "works_since"]
        field_classes = {"phone": PhoneField, "works_since": IsoDateField}

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["library"].queryset = (Library.objects.visible_to(user)
                                           .order_by(lt_order("name")))
        # the posts in use, and the person's own even if it has gone out of use
        posts = Position.objects.visible_to(user).filter(active=True)
        if self.instance.post_id:
            posts = posts | Position.objects.filter(pk=self.instance.post_id)
        self.fields["post"].queryset = posts.order_by("order", "name")
        self.fields["organisation"].queryset = (
            Organisation.objects.visible_to(user).filter(active=True)
            | Organisation.objects.filter(pk=self.instance.organisation_id or 0)
        ).order_by(lt_order("name"))
        self.helper = form_helper(
            Row(Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6")),
            Row(Column("post", css_class="col-md-5"), Column("position", css_class="col-md-7")),
            Row(Column("library", css_class="col-md-6"),
                Column("organisation", css_class="col-md-6")),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Row(Column("education", css_class="col-md-6"),
                Column("works_since", css_class="col-md-6")))

    def clean_works_since(self):
        works_since = self.cleaned_data.get("works_since")
        if works_since and works_since > timezone.localdate():
            raise forms.ValidationError(
                _("The first day of library work cannot be in the future."), code="future")
        return works_since


class PositionForm(forms.ModelForm):
    """A post of the list people and trainings' audiences share."""

    class Meta:
        model = Position
        fields = ["name", "order", "active"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].strip = True
        self.fields["order"].widget.attrs.update({"min": 0, "max": 32767})
        self.helper = form_helper(
            Row(Column("name", css_class="col-md-8"), Column("order", css_class="col-md-4")),
            "active")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = (Position.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
                 .first())
        if other is not None:
            raise forms.ValidationError(_("The list already has the post “%(name)s”.")
                                        % {"name": other.name})
        return name


class RegistryImportForm(forms.Form):
    file = forms.FileField(label=_("File (.csv or .xlsx)"),
                           help_text=_("The table is recognised by its header row. Codes that "
                                       "exist are updated, new ones added; nothing is "
                                       "deleted."))

    def clean_file(self):
        from django.conf import settings

        upload = self.cleaned_data["file"]
        if upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)s MB.")
                % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)})
        return upload
