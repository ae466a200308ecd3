"""Forms of registration: a librarian registers themself (their registry record is kept up
to date on the way), a director or department staff register others, staff add someone
from outside the territory's libraries."""

from crispy_forms.layout import Column, Row
from django import forms
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from bibliotekos.forms import LibraryChoiceField
from bibliotekos.models import Library, Person, Position
from mokymai.selectors import choosable_people, own_libraries
from paskyros.forms import CleanCharField
from paskyros.models import normalize_email
from portalas.forms import PhoneField, form_helper

NOTE_HELP = _("Needs the organisers should know about (access, diet…).")


def split_full_name(full_name: str) -> tuple[str, str]:
    """An account's full name as first and last name: the last word is the surname."""
    words = (full_name or "").split()
    if not words:
        return "", ""
    if len(words) == 1:
        return words[0], ""
    return " ".join(words[:-1]), words[-1]


class SelfRegistrationForm(forms.Form):
    """Who registers, as the registry keeps them: first saved into the person record (its
    history shows the change), then the registration."""

    first_name = CleanCharField(label=_("First name"), max_length=80)
    last_name = CleanCharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), max_length=254,
                             help_text=_("The confirmation and the ticket are sent here."))
    phone = PhoneField(label=_("Phone"), required=False)
    post = forms.ModelChoiceField(label=_("Post"), queryset=Position.objects.none(),
                                  required=False, empty_label=_("— choose —"))
    library = LibraryChoiceField(label=_("Library"), queryset=Library.objects.none(),
                                 required=False, empty_label=_("— choose —"))
    note = CleanCharField(label=_("Note"), max_length=500, required=False,
                          help_text=NOTE_HELP,
                          widget=forms.Textarea(attrs={"rows": 2, "data-max-length": 500}))

    def __init__(self, *args, user, person: Person | None = None, **kwargs):
        self.user, self.person = user, person
        if not kwargs.get("initial"):
            kwargs["initial"] = self.initial_for(user, person)
        super().__init__(*args, **kwargs)
        posts = Position.objects.filter(active=True)
        libraries = own_libraries(user)
        if person is not None and person.post_id:
            posts = Position.objects.filter(active=True) | Position.objects.filter(
                pk=person.post_id)
        self.fields["post"].queryset = posts.order_by("order", "name")
        self.fields["library"].queryset = libraries
        # A librarian works in a library; staff and management may have none.
        self.fields["library"].required = not user.sees_whole_territory
        self.helper = form_helper(
            Row(Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6")),
            Row(Column("email", css_class="col-md-6"), Column("phone", css_class="col-md-6")),
            Row(Column("post", css_class="col-md-6"), Column("library", css_class="col-md-6")),
            "note")

    @staticmethod
    def initial_for(user, person: Person | None) -> dict:
        if person is not None:
            return {"first_name": person.first_name, "last_name": person.last_name,
                    "email": person.email or user.email, "phone": person.phone,
                    "post": person.post_id, "library": person.library_id}
        first, last = split_full_name(user.full_name)
        library = own_libraries(user).filter(memberships__user=user).first()
        return {"first_name": first, "last_name": last, "email": user.email,
                "library": library.pk if library else None}

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def save_person(self) -> Person:
        """The user's person record with the form's data: updated (only when something
        changed, so the history shows real changes) or created linked to the account."""
        data = self.cleaned_data
        values = {"first_name": data["first_name"], "last_name": data["last_name"],
                  "email": data["email"], "phone": data["phone"] or "",
                  "post": data["post"], "library": data["library"]}
        person = self.person or Person.objects.filter(user=self.user).first()
        if person is None:
            try:
                with transaction.atomic():
                    person = Person(user=self.user, **values)
                    person._change_reason = "registration"
                    person.save()
                    return person
            except IntegrityError:  # a second click created it a moment ago
                person = Person.objects.get(user=self.user)
        changed = [name for name, value in values.items() if getattr(person, name) != value]
        if changed:
            for name in changed:
                setattr(person, name, values[name])
            person._change_reason = "registration"
            person.save()
        return person


class StaffChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.list_name


class RegisterOthersForm(forms.Form):
    """The people to register: a director's staff, or anyone of the registry for staff. A
    person outside the user's reach is an invalid choice (nobody is registered)."""

    people = StaffChoiceField(label=_("People"), queryset=Person.objects.none(),
                              widget=forms.CheckboxSelectMultiple,
                              error_messages={"required": _("Choose at least one person.")})
    note = CleanCharField(label=_("Note"), max_length=500, required=False,
                          help_text=NOTE_HELP)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = choosable_people(user).select_related("library")


class ExternalPersonForm(forms.Form):
    """Someone from outside the territory's libraries (staff only): a person without a
    library; an existing person with the same e-mail address is reused."""

    first_name = CleanCharField(label=_("First name"), max_length=80)
    last_name = CleanCharField(label=_("Last name"), max_length=80)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    organisation = CleanCharField(label=_("Organisation"), max_length=255, required=False)
    note = CleanCharField(label=_("Note"), max_length=500, required=False,
                          help_text=NOTE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6")),
            Row(Column("email", css_class="col-md-6"),
                Column("organisation", css_class="col-md-6")),
            "note")

    def clean_email(self):
        return normalize_email(self.cleaned_data["email"])

    def person(self) -> tuple[Person, bool]:
        """The person with this address (the oldest, if several), or a new one without a
        library; and whether it was created."""
        data = self.cleaned_data
        existing = (Person.objects.filter(email__iexact=data["email"]).order_by("pk").first())
        if existing is not None:
            return existing, False
        person = Person(first_name=data["first_name"], last_name=data["last_name"],
                        email=data["email"], library=None)
        person._change_reason = "registration"
        person.save()
        return person, True
