from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.scoping import ReferenceQuerySet, ScopedQuerySet


class County(models.Model):
    """Apskritis. Not owned by a library: visible to every signed-in user."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """Savivaldybė. Public reference data: visible to every signed-in user."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(County, on_delete=models.PROTECT, related_name="municipalities",
                               verbose_name=_("county"))
    in_territory = models.BooleanField(
        _("in the territory"), default=True,
        help_text=_("Municipalities the Ministry assigned to this regional library."))
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bibliotekos:municipality_detail", args=[self.pk])

    @property
    def latest_population(self):
        """The newest population figure (with ``populations`` prefetched newest first)."""
        figures = list(self.populations.all())
        return figures[0] if figures else None

    @property
    def latest_population_year(self):
        latest = self.latest_population
        return latest.year if latest else None


class MunicipalityPopulation(models.Model):
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE,
                                     related_name="populations", verbose_name=_("municipality"))
    year = models.PositiveSmallIntegerField(_("year"))
    population = models.PositiveIntegerField(_("population"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population by year")
        ordering = ["municipality", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"],
                                    name="population_one_per_municipality_year"),
            models.CheckConstraint(condition=Q(year__gte=1990) & Q(year__lte=2100),
                                   name="population_year_range"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.population}"


class LibraryKind(models.TextChoices):
    COUNTY = "county", _("Regional (county) library")
    SYSTEM = "system", _("Municipal public library system")
    CENTRAL = "central", _("Central library")
    CITY_BRANCH = "city_branch", _("City branch")
    RURAL_BRANCH = "rural_branch", _("Rural branch")
    SERVICE_POINT = "service_point", _("Service point")
    MOBILE = "mobile", _("Mobile library")
    SCHOOL = "school", _("School library")


OUTLET_KINDS = {LibraryKind.CENTRAL, LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH,
                LibraryKind.SERVICE_POINT, LibraryKind.MOBILE}
# Which kind may sit under which parent.
ALLOWED_PARENTS = {
    LibraryKind.COUNTY: set(),
    LibraryKind.SYSTEM: set(),
    LibraryKind.SCHOOL: set(),
    LibraryKind.CENTRAL: {LibraryKind.SYSTEM},
    LibraryKind.CITY_BRANCH: {LibraryKind.SYSTEM, LibraryKind.CENTRAL},
    LibraryKind.RURAL_BRANCH: {LibraryKind.SYSTEM, LibraryKind.CENTRAL},
    LibraryKind.SERVICE_POINT: {LibraryKind.SYSTEM, LibraryKind.CENTRAL,
                                LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH},
    LibraryKind.MOBILE: {LibraryKind.SYSTEM, LibraryKind.CENTRAL},
}


class LibraryQuerySet(ScopedQuerySet):
    library_path = "pk"

    def open_in(self, year: int):
        """Libraries that existed at some point in ``year`` (a branch closed in 2021 still
        belongs to 2020's data)."""
        return self.filter(Q(opened__isnull=True) | Q(opened__year__lte=year),
                           Q(closed__isnull=True) | Q(closed__year__gte=year))

    def open_now(self):
        today = timezone.localdate()
        return self.filter(Q(closed__isnull=True) | Q(closed__gt=today))

    def systems(self):
        return self.filter(kind=LibraryKind.SYSTEM)

    def outlets(self):
        return self.filter(kind__in=OUTLET_KINDS)


class Library(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=LibraryKind.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="outlets", verbose_name=_("belongs to"))
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, null=True,
                                     blank=True, related_name="libraries",
                                     verbose_name=_("municipality"))
    school_name = models.CharField(_("school"), max_length=255, blank=True)
    company_code = models.CharField(_("company code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    director = models.CharField(_("director"), max_length=150, blank=True)
    opened = models.DateField(_("opened"), null=True, blank=True)
    closed = models.DateField(_("closed"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = LibraryQuerySet.as_manager()

    class Meta:
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        ordering = ["name"]
        indexes = [models.Index(fields=["kind", "municipality"])]
        constraints = [
            models.CheckConstraint(condition=Q(closed__isnull=True) | Q(opened__isnull=True)
                                   | Q(closed__gte=models.F("opened")),
                                   name="library_closed_after_opened"),
            models.UniqueConstraint(
                Upper("code"), name="library_code_unique_ignoring_case",
                violation_error_message=_("A library with this code (in any letter case) "
                                          "already exists.")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("bibliotekos:library_detail", args=[self.pk])

    def clean(self):
        errors = {}
        allowed = ALLOWED_PARENTS.get(self.kind, set())
        if self.parent_id is None and self.kind in OUTLET_KINDS:
            errors["parent"] = _("An outlet belongs to a municipal library system.")
        elif self.parent_id is not None:
            if not allowed:
                errors["parent"] = _("This kind of library does not belong to another.")
            elif self.parent.kind not in allowed:
                errors["parent"] = _("A %(kind)s cannot belong to a %(parent)s.") % {
                    "kind": self.get_kind_display().lower(),
                    "parent": self.parent.get_kind_display().lower()}
            elif self.pk and self.parent_id == self.pk:
                errors["parent"] = _("A library cannot belong to itself.")
        if self.kind == LibraryKind.SCHOOL and not self.school_name:
            errors["school_name"] = _("Give the school's name.")
        blocking = self._outlets_not_allowed_under_new_kind()
        if blocking:
            errors["kind"] = _(
                "These outlets belong to this library and cannot belong to a %(kind)s: "
                "%(outlets)s. Move them to another library first.") % {
                "kind": self.get_kind_display().lower(),
                "outlets": ", ".join(f"{outlet.name} ({outlet.code})" for outlet in blocking)}
        if self.opened and self.closed and self.closed < self.opened:
            errors["closed"] = _("The closing date is before the opening date.")
        if errors:
            raise ValidationError(errors)

    def _outlets_not_allowed_under_new_kind(self) -> list["Library"]:
        """When the kind changes: the outlets under this library that the new kind may not
        have (a system with outlets cannot become a school library)."""
        if self.pk is None or self.kind not in LibraryKind.values:
            return []
        stored = Library.objects.filter(pk=self.pk).values_list("kind", flat=True).first()
        if stored is None or stored == self.kind:
            return []
        return [outlet for outlet in self.outlets.order_by("code")
                if self.kind not in ALLOWED_PARENTS.get(outlet.kind, set())]

    @property
    def is_open(self) -> bool:
        return self.closed is None or self.closed > timezone.localdate()

    def is_open_in(self, year: int) -> bool:
        """Existed at some point in ``year`` (as ``LibraryQuerySet.open_in``)."""
        return ((self.opened is None or self.opened.year <= year)
                and (self.closed is None or self.closed.year >= year))

    @property
    def is_outlet(self) -> bool:
        return self.kind in OUTLET_KINDS

    @property
    def system(self):
        """The municipal system this library belongs to (itself for a system)."""
        node = self
        while node is not None and node.kind != LibraryKind.SYSTEM:
            node = node.parent
        return node


class Position(models.Model):
    """A post from the one list people and trainings' audiences share (librarian, senior
    librarian, head of branch, director, school librarian…). Staff keep the list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("in use"), default=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class OrganisationKind(models.TextChoices):
    LIBRARY_LT = "library_lt", _("Lithuanian library")
    LIBRARY_FOREIGN = "library_foreign", _("Foreign library")
    MUNICIPALITY = "municipality", _("Municipality")
    GOVERNMENT = "government", _("State institution or fund")
    SCHOOL = "school", _("School or university")
    MUSEUM = "museum", _("Museum or culture centre")
    NGO = "ngo", _("Non-governmental organisation")
    BUSINESS = "business", _("Business")
    MEDIA = "media", _("Media")
    INTERNATIONAL = "international", _("International organisation")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    """One list of organisations every app shares: funders, partners, suppliers, lecturers'
    employers, media. Territory libraries are in the registry as libraries, not here.
    Every signed-in user reads the list (a librarian picks a partner for their project);
    staff keep it."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=60, blank=True,
                                  help_text=_("For example LKT, LNB."))
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices,
                            default=OrganisationKind.OTHER)
    country = models.CharField(_("country"), max_length=2, default="LT",
                               help_text=_("Two-letter code: LT, LV, PL, DE…"))
    code = models.CharField(_("company code"), max_length=20, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(
            Lower("name"), "country", name="organisation_name_country_unique",
            violation_error_message=_("An organisation of this name is already in the list."))]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("bibliotekos:organisation_detail", args=[self.pk])

    def clean(self):
        self.country = (self.country or "").upper()
        if len(self.country) != 2 or not self.country.isalpha():
            raise ValidationError({"country": _("Enter a two-letter country code.")})


class PersonQuerySet(ScopedQuerySet):
    """People without a library (lecturers, partners) are the department's contacts:
    the whole-territory roles see them, librarians do not (NULL is never in their set)."""

    library_path = "library"


class Education(models.TextChoices):
    HIGHER_LIBRARY = "higher_library", _("Higher, in library and information science")
    HIGHER_OTHER = "higher_other", _("Higher, other")
    COLLEGE = "college", _("College")
    SECONDARY = "secondary", _("Secondary or vocational")


# An erased person (GDPR Art. 17) or the stand-in for one whose old records passed their
# retention: the record stays (trainings count it) but names nobody.
ERASED_FIRST_NAME = "Ištrintas"


def erased_values(pk: int) -> dict:
    """The values an anonymised person's record (and its history) get."""
    return {"first_name": ERASED_FIRST_NAME, "last_name": f"asmuo {pk}", "email": "",
            "phone": "", "position": ""}


class Person(models.Model):
    """Someone who works in a library (or lectures, or partners): the identity that
    trainings and consultations hang on."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    position = models.CharField(_("position"), max_length=150, blank=True)
    post = models.ForeignKey(Position, on_delete=models.PROTECT, null=True, blank=True,
                             related_name="people", verbose_name=_("post"),
                             help_text=_("From the list trainings' audiences use."))
    library = models.ForeignKey(Library, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="people", verbose_name=_("library"))
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    education = models.CharField(_("education"), max_length=20, choices=Education.choices,
                                 blank=True)
    works_since = models.DateField(
        _("works in libraries since"), null=True, blank=True,
        help_text=_("The first day of library work, for years of service (awards)."))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="people", verbose_name=_("organisation"),
        help_text=_("Where a person from outside the territory works (a lecturer, a "
                    "partner's contact)."))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                null=True, blank=True, related_name="person",
                                verbose_name=_("user account"))
    history = HistoricalRecords()

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self) -> str:
        return reverse("bibliotekos:person_detail", args=[self.pk])

    @property
    def list_name(self) -> str:
        """Surname first, as lists sort them."""
        return f"{self.last_name}, {self.first_name}"

    @property
    def is_erased(self) -> bool:
        """Anonymised (erased, or a stand-in): the record names nobody."""
        return self.first_name == ERASED_FIRST_NAME and self.last_name == f"asmuo {self.pk}"


class MembershipQuerySet(ScopedQuerySet):
    library_path = "library"


class Membership(models.Model):
    class Role(models.TextChoices):
        DIRECTOR = "director", _("Director")
        LIBRARIAN = "librarian", _("Librarian")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="memberships", verbose_name=_("user"))
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="memberships",
                                verbose_name=_("library"))
    role = models.CharField(_("role in the library"), max_length=20, choices=Role.choices,
                            default=Role.LIBRARIAN)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["library__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "library"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.library} ({self.get_role_display()})"


class PersonalDataAccess(models.Model):
    """Who opened a list of people's personal data, and when (GDPR Art. 5(2), 30): the
    participant lists, sign-in sheets, professional-development records, the certificate
    register and a person's data export. Never the data itself: what was opened is named by
    its kind and the object's id (``subject``), so erasing a person leaves this log as is."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             related_name="+", verbose_name=_("user"))
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    what = models.CharField(_("what"), max_length=60)
    subject = models.CharField(_("object"), max_length=80, blank=True)
    how = models.CharField(_("how"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what} {self.subject}"
