"""Forms and list filters of the trainings' catalogue: topics, programmes and lecturers.
Each form takes the user (the kit passes ``user=``) and offers only what the user sees."""

import django_filters
from crispy_forms.layout import HTML, Column, Fieldset, Row
from django import forms
from django.db.models import Q
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Person
from mokymai.models import Lecturer, Programme, Topic
from portalas.forms import IsoDateField, PhoneField, form_helper
from portalas.ordering import lt_order


def _topics(user, chosen=None):
    """Topics in use, and those already chosen even if out of use since."""
    topics = Topic.objects.visible_to(user).filter(active=True)
    if chosen is not None and chosen.pk:
        topics = topics | Topic.objects.filter(pk__in=chosen.topics.values("pk"))
    return topics.order_by(lt_order("name"))


def _same_name(model, field: str, value: str, instance):
    return (model.objects.filter(**{f"{field}__iexact": value}).exclude(pk=instance.pk)
            .first())


# --- topics ----------------------------------------------------------------------------------

class TopicForm(forms.ModelForm):
    class Meta:
        model = Topic
        fields = ["name", "active"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("name", "active")

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        other = _same_name(Topic, "name", name, self.instance)
        if other is not None:
            raise forms.ValidationError(_("The list already has the topic “%(name)s”.")
                                        % {"name": other.name})
        return name


# --- programmes ------------------------------------------------------------------------------

class ProgrammeForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["code", "title", "hours", "target_group", "approved_on", "topics", "aims",
                  "content", "active"]
        field_classes = {"approved_on": IsoDateField}
        widgets = {"topics": forms.CheckboxSelectMultiple,
                   "aims": forms.Textarea(attrs={"rows": 3}),
                   "content": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = _topics(user, self.instance)
        for name in ("code", "title", "target_group"):
            self.fields[name].strip = True
        self.fields["hours"].widget.attrs.update({"min": "0.5", "max": "2000", "step": "0.5"})
        self.helper = form_helper(
            Row(Column("code", css_class="col-md-3"), Column("title", css_class="col-md-9")),
            Row(Column("hours", css_class="col-md-3"),
                Column("target_group", css_class="col-md-6"),
                Column("approved_on", css_class="col-md-3")),
            "topics", "aims", "content", "active")

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code:
            other = _same_name(Programme, "code", code, self.instance)
            if other is not None:
                raise forms.ValidationError(
                    _("The programme “%(title)s” already has this code.")
                    % {"title": other.title})
        return code


# --- lecturers -------------------------------------------------------------------------------

class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        where = obj.library.name if obj.library_id else _("outside the libraries")
        return f"{obj.last_name} {obj.first_name} — {where}"


class LecturerForm(forms.ModelForm):
    """A lecturer is a person of the registry: one chosen from it (a territory librarian,
    or someone already recorded), or an external lecturer added to it here, without a
    library."""

    person = PersonChoiceField(
        label=_("A person of the registry"), queryset=Person.objects.none(), required=False,
        help_text=_("A librarian of the territory, or someone already recorded."))
    first_name = forms.CharField(label=_("First name"), max_length=80, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneField(label=_("Phone"), required=False)

    NEW_PERSON = ("first_name", "last_name", "email", "phone")

    class Meta:
        model = Lecturer
        fields = ["organisation", "topics", "notes"]
        widgets = {"topics": forms.CheckboxSelectMultiple,
                   "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = _topics(user, self.instance)
        self.fields["organisation"].strip = True
        if self.instance.pk:
            for name in ("person", *self.NEW_PERSON):
                del self.fields[name]
            self.helper = form_helper(
                HTML('<p class="mb-3"><strong>' + escape(str(self.instance.person))
                     + "</strong></p>"),
                "organisation", "topics", "notes")
            return
        self.fields["person"].queryset = (
            Person.objects.visible_to(user).filter(lecturer__isnull=True)
            .select_related("library").order_by(lt_order("last_name"), lt_order("first_name")))
        self.helper = form_helper(
            Fieldset(_("Choose a person of the registry"), "person"),
            Fieldset(_("…or add an external lecturer"),
                     Row(Column("first_name", css_class="col-md-6"),
                         Column("last_name", css_class="col-md-6")),
                     Row(Column("email", css_class="col-md-6"),
                         Column("phone", css_class="col-md-6"))),
            "organisation", "topics", "notes")

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        person = cleaned.get("person")
        typed = {name: (cleaned.get(name) or "").strip() for name in self.NEW_PERSON}
        if person is not None and any(typed.values()):
            raise forms.ValidationError(_("Either choose a person of the registry or add a "
                                          "new one, not both."))
        if person is not None or "person" in self.errors:
            return cleaned
        if not any(typed.values()):
            raise forms.ValidationError(_("Choose a person of the registry or give the new "
                                          "lecturer's name."))
        for name in ("first_name", "last_name"):
            if not typed[name]:
                self.add_error(name, _("This field is required."))
        if typed["email"] and Person.objects.filter(email__iexact=typed["email"]).exists():
            self.add_error("email", _("The registry already has a person with this e-mail "
                                      "address: choose them from the list."))
        return cleaned

    def save(self, commit=True):
        if not self.instance.pk and self.instance.person_id is None:
            person = self.cleaned_data.get("person")
            if person is None:
                person = Person.objects.create(
                    first_name=self.cleaned_data["first_name"].strip(),
                    last_name=self.cleaned_data["last_name"].strip(),
                    email=(self.cleaned_data.get("email") or "").strip().lower(),
                    phone=self.cleaned_data.get("phone") or "", library=None)
            self.instance.person = person
        return super().save(commit)


# --- list filters ----------------------------------------------------------------------------

def _topic_choices(request):
    return Topic.objects.order_by(lt_order("name"))


ACTIVE_CHOICES = [("yes", _("In use")), ("no", _("Out of use"))]


class ActiveFilterMixin:
    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "yes")


class TopicFilter(ActiveFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name",
                                  lookup_expr="icontains")
    active = django_filters.ChoiceFilter(label=_("In use"), method="by_active",
                                         empty_label=_("All"), choices=ACTIVE_CHOICES)

    class Meta:
        model = Topic
        fields = ["q", "active"]


class ProgrammeFilter(ActiveFilterMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), field_name="topics",
                                             queryset=_topic_choices,
                                             empty_label=_("All topics"))
    active = django_filters.ChoiceFilter(label=_("In use"), method="by_active",
                                         empty_label=_("All"), choices=ACTIVE_CHOICES)

    class Meta:
        model = Programme
        fields = ["q", "topic", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(code__icontains=value)
                               | Q(target_group__icontains=value)
                               | Q(aims__icontains=value))


class LecturerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    topic = django_filters.ModelChoiceFilter(label=_("Topic"), field_name="topics",
                                             queryset=_topic_choices,
                                             empty_label=_("All topics"))
    external = django_filters.ChoiceFilter(
        label=_("Works in"), method="by_place", empty_label=_("Anywhere"),
        choices=[("territory", _("A territory library")), ("external", _("Elsewhere"))])

    class Meta:
        model = Lecturer
        fields = ["q", "topic", "external"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(person__first_name__icontains=value)
                               | Q(person__last_name__icontains=value)
                               | Q(organisation__icontains=value)
                               | Q(person__library__name__icontains=value)
                               | Q(person__email__icontains=value))

    def by_place(self, queryset, name, value):
        if value == "external":
            return queryset.filter(person__library__isnull=True)
        return queryset.filter(person__library__isnull=False)
