"""Publicity and good practice (charter functions 5.1, 5.5 and 2.3): the territory's
activity calendar, the publicity log, the newsletter and the good-practice catalogue.

Who sees what (decided here, in the querysets, and nowhere else):

- an activity event: everyone signed in; the public page shows only events whose library
  opted in (``public``) and that are not cancelled. A library's director and librarians
  enter and edit their own library's events (``editable_by``), staff every library's;
- a publication (the publicity log): staff and management all; a territory librarian the
  entries about their library (a director's covers its outlets);
- a newsletter: every signed-in user once sent; drafts staff (management read);
- a good practice: everyone signed in once published; drafts and practices in review
  their library's people and the whole-territory roles. Photos withdrawn are gone at once
  (files deleted), the row keeps who withdrew them and when.

The department's trainings appear in the calendar from ``mokymai`` through the kit's
calendar sources, never copied here."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library
from bibliotekos.scoping import ReferenceQuerySet, visible_library_ids


def _publication_upload_to(instance, filename: str) -> str:
    return f"viesinimas/publikacijos/{timezone.localdate():%Y}/{filename}"


def _practice_file_upload_to(instance, filename: str) -> str:
    return f"viesinimas/patirtis/{instance.practice_id}/failai/{filename}"


def _photo_upload_to(instance, filename: str) -> str:
    return f"viesinimas/patirtis/{instance.practice_id}/nuotraukos/{filename}"


def _thumbnail_upload_to(instance, filename: str) -> str:
    return f"viesinimas/patirtis/{instance.practice_id}/miniatiuros/{filename}"


def own_library_ids(user) -> frozenset[int]:
    """The libraries whose events and practice drafts a territory librarian enters: their
    memberships' libraries (a director's with its outlets). Whole-territory roles are
    handled by the callers (staff edit all, management none)."""
    if not user.is_authenticated or not user.is_active or user.sees_whole_territory:
        return frozenset()
    return frozenset(visible_library_ids(user))


def may_edit_library_item(user, library_id) -> bool:
    """Staff (and administrators) edit every library's events and practice drafts; a
    library's director and librarians their own library's; management only read."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.sees_whole_territory:
        return bool(user.can_manage_territory)
    return library_id in own_library_ids(user)


# --- reference lists -------------------------------------------------------------------

class Theme(models.Model):
    """What an event or a practice is about (reading promotion, exhibitions, digital
    literacy, local history, community…): an editable list kept by staff; the practices'
    tags are these themes."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    EVERYONE = "everyone", pgettext_lazy("audience", "Everyone")
    CHILDREN = "children", pgettext_lazy("audience", "Children")
    YOUTH = "youth", pgettext_lazy("audience", "Young people")
    ADULTS = "adults", pgettext_lazy("audience", "Adults")
    SENIORS = "seniors", pgettext_lazy("audience", "Seniors")
    FAMILIES = "families", pgettext_lazy("audience", "Families")
    DISABILITIES = "disabilities", pgettext_lazy("audience", "People with disabilities")
    LIBRARIANS = "librarians", pgettext_lazy("audience", "Librarians")


# --- 1. the territory's activity calendar ----------------------------------------------

class ActivityKind(models.TextChoices):
    EXHIBITION = "exhibition", pgettext_lazy("activity kind", "Exhibition")
    READING = "reading", pgettext_lazy("activity kind", "Reading or book presentation")
    MEETING = "meeting", pgettext_lazy("activity kind", "Meeting or evening")
    EDUCATION = "education", pgettext_lazy("activity kind", "Educational session")
    CAMPAIGN = "campaign", pgettext_lazy("activity kind", "Campaign")
    CONTEST = "contest", pgettext_lazy("activity kind", "Contest or quiz")
    FESTIVAL = "festival", pgettext_lazy("activity kind", "Festival or celebration")
    OTHER = "other", pgettext_lazy("activity kind", "Other")


class ActivityEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self

    def editable_by(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self if user.can_manage_territory else self.none()
        return self.filter(library__in=own_library_ids(user))

    def public(self):
        """What the public page (embedded by the Library's website) and the public feed
        show: events a library opted in, not cancelled."""
        return self.filter(public=True, cancelled_at__isnull=True)

    def between(self, start, end):
        """Events that take place on some day from ``start`` to ``end`` (inclusive)."""
        return self.filter(Q(starts_on__lte=end),
                           Q(ends_on__gte=start) | Q(ends_on__isnull=True, starts_on__gte=start))


class ActivityEvent(models.Model):
    """A notable event of a territory library: an exhibition, a reading, a campaign such
    as the national Libraries' Week."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="activities",
                                verbose_name=_("library"))
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=ActivityKind.choices,
                            default=ActivityKind.MEETING)
    description = models.TextField(_("description"), blank=True,
                                   help_text=_("Markdown: **bold**, *italic*, lists, links."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True,
                               help_text=_("For an exhibition or a campaign of several days."))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True,
                             help_text=_("Empty: at the library."))
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices,
                                default=Audience.EVERYONE)
    themes = models.ManyToManyField(Theme, blank=True, related_name="activities",
                                    verbose_name=_("themes"))
    campaign = models.CharField(
        _("national campaign"), max_length=120, blank=True,
        help_text=_("When the event is part of a campaign, e.g. Bibliotekų savaitė."))
    link = models.URLField(_("link"), blank=True, max_length=500)
    public = models.BooleanField(
        _("show on the public page"), default=False,
        help_text=_("The Library's website shows the event in its calendar."))
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = ActivityEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("library event")
        verbose_name_plural = _("library events")
        ordering = ["starts_on", "start_time", "title"]
        indexes = [models.Index(fields=["starts_on"]),
                   models.Index(fields=["library", "starts_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__isnull=True)
                                   | Q(ends_on__gte=models.F("starts_on")),
                                   name="viesinimas_event_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("viesinimas:event_detail", args=[self.pk])

    @property
    def last_day(self):
        return self.ends_on or self.starts_on


# --- 2. the publicity log --------------------------------------------------------------

class PublicationChannel(models.TextChoices):
    PRESS = "press", pgettext_lazy("publicity channel", "Press")
    RADIO = "radio", pgettext_lazy("publicity channel", "Radio")
    TV = "tv", pgettext_lazy("publicity channel", "Television")
    LIBRARY_WEBSITE = "library_website", pgettext_lazy("publicity channel",
                                                       "The Library's website")
    WEBSITE = "website", pgettext_lazy("publicity channel", "Other website or news portal")
    SOCIAL = "social", pgettext_lazy("publicity channel", "Social media")
    NEWSLETTER = "newsletter", pgettext_lazy("publicity channel", "Newsletter")
    OTHER = "other", pgettext_lazy("publicity channel", "Other")


class PublicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        ids = own_library_ids(user)
        if not ids:
            return self.none()
        return self.filter(pk__in=models.Subquery(
            Publication.libraries.through.objects.filter(library_id__in=ids)
            .values("publication_id")))


class Publication(models.Model):
    """One publication about the department's or a library's work."""

    published_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=20, choices=PublicationChannel.choices)
    medium = models.CharField(_("medium"), max_length=150, blank=True,
                              help_text=_("The newspaper, station, site or account."))
    title = models.CharField(_("title"), max_length=300)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    file = models.FileField(_("file"), upload_to=_publication_upload_to, max_length=300,
                            blank=True)
    libraries = models.ManyToManyField(
        Library, blank=True, related_name="publications", verbose_name=_("libraries"),
        help_text=_("The libraries it is about; none: the department's own work."))
    activity = models.ForeignKey(ActivityEvent, on_delete=models.SET_NULL, null=True,
                                 blank=True, related_name="publications",
                                 verbose_name=_("event"))
    practice = models.ForeignKey("Practice", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="publications", verbose_name=_("good practice"))
    about = models.CharField(_("activity it is about"), max_length=200, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True,
                                        help_text=_("Readers, listeners or views, when known."))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_on", "-created_at"]
        indexes = [models.Index(fields=["published_on"]),
                   models.Index(fields=["channel", "published_on"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("viesinimas:publication_detail", args=[self.pk])


# --- 4. the good-practice catalogue ----------------------------------------------------

class PracticeStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("practice status", "Draft")
    REVIEW = "review", pgettext_lazy("practice status", "Submitted for review")
    PUBLISHED = "published", pgettext_lazy("practice status", "Published")
    ARCHIVED = "archived", pgettext_lazy("practice status", "Archived")


class PracticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(Q(status=PracticeStatus.PUBLISHED)
                           | Q(library__in=own_library_ids(user)) | Q(created_by=user))

    def published(self):
        return self.filter(status=PracticeStatus.PUBLISHED)


class Practice(models.Model):
    """A good practice of a library, described so that another can take it over."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="practices",
                                verbose_name=_("library"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("in one sentence"), max_length=300)
    what = models.TextField(_("what it is"), help_text=_("Markdown."))
    audience = models.CharField(_("for whom"), max_length=300)
    how = models.TextField(_("how it is done"), help_text=_("Markdown."))
    results = models.TextField(_("results"), blank=True, help_text=_("Markdown."))
    costs = models.TextField(_("costs and resources"), blank=True)
    partners = models.TextField(_("partners"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="practices",
                                    verbose_name=_("tags"))
    status = models.CharField(_("status"), max_length=20, choices=PracticeStatus.choices,
                              default=PracticeStatus.DRAFT)
    review_note = models.TextField(_("reviewer's note"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = PracticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("viesinimas:practice_detail", args=[self.pk])


class PhotoConsent(models.TextChoices):
    NO_PEOPLE = "no_people", _("No recognisable people in the photo")
    ADULTS = "adults", _("The adults in the photo agreed to its publication")
    PARENTS = "parents", _("Children in the photo: their parents agreed to its publication")


class PracticePartQuerySet(models.QuerySet):
    """What belongs to a practice (its documents, the libraries that took it over): seen by
    whom may see the practice."""

    def visible_to(self, user):
        return self.filter(practice__in=Practice.objects.visible_to(user))


class PracticePhotoQuerySet(PracticePartQuerySet):
    def shown(self):
        """Not withdrawn: a withdrawn photo is shown nowhere (its files are gone)."""
        return self.filter(withdrawn_at__isnull=True)


class PracticePhoto(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="photos",
                                 verbose_name=_("good practice"))
    image = models.ImageField(_("photo"), upload_to=_photo_upload_to, max_length=300,
                              blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_thumbnail_upload_to,
                                  max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    consent = models.CharField(_("people in the photo"), max_length=20,
                               choices=PhotoConsent.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")

    objects = PracticePhotoQuerySet.as_manager()

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["order", "uploaded_at"]

    def __str__(self) -> str:
        return self.caption or str(_("Photo"))


class PracticeFile(models.Model):
    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="files",
                                 verbose_name=_("good practice"))
    file = models.FileField(_("file"), upload_to=_practice_file_upload_to, max_length=300)
    name = models.CharField(_("name"), max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = PracticePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    """"We did it too": a library took a practice over, with its own note."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="adoptions",
                                 verbose_name=_("good practice"))
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="adoptions",
                                verbose_name=_("library"))
    adopted_on = models.DateField(_("since"), default=timezone.localdate)
    note = models.TextField(_("our note"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = PracticePartQuerySet.as_manager()

    class Meta:
        verbose_name = _("taken over")
        verbose_name_plural = _("taken over")
        ordering = ["adopted_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["practice", "library"],
                                               name="viesinimas_adoption_once_per_library")]

    def __str__(self) -> str:
        return f"{self.library} — {self.practice}"


# --- 3. the newsletter -----------------------------------------------------------------

class NewsletterStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("newsletter status", "Draft")
    SENDING = "sending", pgettext_lazy("newsletter status", "Sending")
    SENT = "sent", pgettext_lazy("newsletter status", "Sent")


class NewsletterQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.sees_whole_territory:
            return self
        return self.filter(status=NewsletterStatus.SENT)


class Newsletter(models.Model):
    """A periodic digest for territory librarians: composed by staff from what happened
    (good practices, trainings, calls, news), sent by e-mail and kept as a web page."""

    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Markdown."))
    covers_from = models.DateField(_("news since"))
    status = models.CharField(_("status"), max_length=20, choices=NewsletterStatus.choices,
                              default=NewsletterStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "version"])

    objects = NewsletterQuerySet.as_manager()

    class Meta:
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["year", "number"],
                                               name="viesinimas_newsletter_number_per_year")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("viesinimas:newsletter_detail", args=[self.pk])


class NewsletterItem(models.Model):
    """One item of a newsletter, kept as it was sent (the source may change later)."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("newsletter"))
    section = models.CharField(_("section"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    source = models.CharField(max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("newsletter item")
        verbose_name_plural = _("newsletter items")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class NewsletterDelivery(models.Model):
    """Who was sent a newsletter: a batch that fails is retried without a second copy to
    those already sent."""

    newsletter = models.ForeignKey(Newsletter, on_delete=models.CASCADE,
                                   related_name="deliveries")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="+")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["newsletter", "user"],
                                               name="viesinimas_one_delivery_per_user")]

    def __str__(self) -> str:
        return f"{self.newsletter_id} → {self.user_id}"
