"""Forms of the publicity log: an entry (typed, or prefilled from its link), and the quick
entry's link. Choices are what the user may see (``visible_to``); the file is checked by
its content (``services_publicity.check_file``)."""

from datetime import timedelta
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Library
from paskyros.forms import CleanCharField
from portalas.forms import IsoDateField
from portalas.ordering import lt_order, sorted_lt
from viesinimas import services_publicity as services
from viesinimas.models import ActivityEvent, Practice, Publication, PublicationChannel

#: Events offered: of the last two years and the coming one (a publication may announce one).
EVENTS_BACK = timedelta(days=2 * 365)
EVENTS_AHEAD = timedelta(days=365)

#: Hosts of social networks (a link there is a social-media post).
SOCIAL_HOSTS = ("facebook.com", "fb.com", "fb.watch", "instagram.com", "youtube.com",
                "youtu.be", "x.com", "twitter.com", "tiktok.com", "linkedin.com",
                "threads.net")

http_only = URLValidator(schemes=["http", "https"],
                         message=_("Enter a web address starting with http:// or https://."))


class LinkField(forms.URLField):
    """A web address: http or https only (``https://`` added when typed without)."""

    default_validators = [http_only]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("max_length", 1000)
        super().__init__(**kwargs)


def library_label(library: Library) -> str:
    return f"{library.name} ({library.code})"


def guess_channel(url: str) -> str:
    """The channel a link suggests: a social network's post, the Library's own website (the
    one that embeds the public calendar), else another website."""
    host = (urlsplit(url or "").hostname or "").lower()
    if not host:
        return ""
    if any(host == known or host.endswith("." + known) for known in SOCIAL_HOSTS):
        return PublicationChannel.SOCIAL
    own = (urlsplit(getattr(settings, "PUBLIC_CALENDAR_EMBED_ORIGIN", "") or "").hostname
           or "").lower()
    if own and host.removeprefix("www.") == own.removeprefix("www."):
        return PublicationChannel.LIBRARY_WEBSITE
    return PublicationChannel.WEBSITE


class LibrariesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return library_label(obj)


class PublicationForm(forms.ModelForm):
    title = CleanCharField(label=capfirst(_("title")), max_length=300)
    medium = CleanCharField(label=capfirst(_("medium")), max_length=150, required=False,
                            help_text=_("The newspaper, station, site or account, e.g. "
                                        "Pajūrio naujienos."))
    url = LinkField(label=capfirst(_("link")), required=False)
    about = CleanCharField(label=capfirst(_("activity it is about")), max_length=200,
                           required=False,
                           help_text=_("When it is not an event or a practice of the portal, "
                                       "e.g. a reading campaign."))
    libraries = LibrariesField(
        label=capfirst(_("libraries")), queryset=Library.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text=_("The libraries it is about (hold Ctrl to choose several); none: the "
                    "department's own work. The library of the event or practice chosen "
                    "below is added by itself."))
    file = forms.FileField(
        label=capfirst(_("file")), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.webp"}),
        help_text=_("A scan or a photo of the article: PDF, JPEG, PNG or WebP."))

    class Meta:
        model = Publication
        fields = ["published_on", "channel", "medium", "title", "url", "file", "libraries",
                  "activity", "practice", "about", "reach", "notes"]
        field_classes = {"published_on": IsoDateField}
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        instance = self.instance if self.instance.pk else None
        chosen = list(instance.libraries.values_list("pk", flat=True)) if instance else []
        libraries = (Library.objects.visible_to(user).open_now()
                     | Library.objects.visible_to(user).filter(pk__in=chosen))
        libraries = libraries.select_related("municipality").order_by(lt_order("name"))
        self.fields["libraries"].queryset = libraries
        self.fields["libraries"].choices = self._grouped(libraries)
        today = timezone.localdate()
        events = ActivityEvent.objects.visible_to(user).filter(
            starts_on__gte=today - EVENTS_BACK, starts_on__lte=today + EVENTS_AHEAD)
        if instance and instance.activity_id:
            events = events | ActivityEvent.objects.visible_to(user).filter(
                pk=instance.activity_id)
        self.fields["activity"].queryset = events.select_related("library").order_by(
            "-starts_on", "title")
        self.fields["activity"].label_from_instance = (
            lambda e: f"{e.starts_on:%Y-%m-%d} · {e.title} · {e.library.name}")
        self.fields["activity"].help_text = _("An event of the territory's calendar.")
        self.fields["practice"].queryset = (Practice.objects.visible_to(user)
                                            .select_related("library")
                                            .order_by(lt_order("title"), "pk"))
        self.fields["practice"].label_from_instance = (
            lambda p: f"{p.title} · {p.library.name}")
        self.fields["reach"].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.fields["published_on"].help_text = _("The day it appeared, YYYY-MM-DD.")

    @staticmethod
    def _grouped(libraries) -> list:
        """The libraries grouped by municipality (in Lithuanian order)."""
        groups: dict[str, list] = {}
        for library in libraries:
            place = library.municipality.name if library.municipality else "–"
            groups.setdefault(place, []).append((library.pk, library_label(library)))
        return [(place, groups[place]) for place in sorted_lt(groups)]

    def clean_published_on(self):
        day = self.cleaned_data.get("published_on")
        if day and day > timezone.localdate():
            raise ValidationError(_("The date is in the future: a publication is logged once "
                                    "it has appeared."), code="future")
        return day

    def clean_reach(self):
        reach = self.cleaned_data.get("reach")
        if reach is not None and reach < 0:
            raise ValidationError(_("The reach cannot be negative."), code="negative")
        return reach

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):       # a new upload
            services.check_file(upload)
        return upload


class LinkForm(forms.Form):
    """The quick entry's first step: the link only."""

    url = LinkField(label=_("Link to the publication"),
                    widget=forms.URLInput(attrs={"autofocus": True,
                                                 "placeholder": "https://"}))
