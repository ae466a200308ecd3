"""The statistics catalogue (indicators, formulas, rules, all versioned by year) and values.

Visibility: the catalogue belongs to no library — every signed-in user reads it, department
staff edit it. Values belong to a library and are scoped through ``visible_to``.
"""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from bibliotekos.models import Library, LibraryKind
from bibliotekos.scoping import ScopedQuerySet


def in_language(lithuanian: str, english: str) -> str:
    """The English text in the English interface when there is one, else the Lithuanian."""
    if english and (get_language() or "lt").startswith("en"):
        return english
    return lithuanian


class Bilingual(models.Model):
    name_lt = models.CharField(_("name (Lithuanian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_lt, self.name_en)


class Section(Bilingual):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["order", "code"]


class ValueType(models.TextChoices):
    COUNT = "count", _("Count (whole number)")
    DECIMAL = "decimal", _("Decimal number")
    MONEY = "money", _("Money (euros)")
    PERCENT = "percent", _("Percent")
    BOOLEAN = "boolean", _("Yes / no")
    TEXT = "text", _("Text")


class RecordedAt(models.TextChoices):
    OUTLET = "outlet", _("Per outlet")
    SYSTEM = "system", _("Per system (once for the whole library)")


PUBLIC_KINDS = [LibraryKind.COUNTY, LibraryKind.SYSTEM, LibraryKind.CENTRAL,
                LibraryKind.CITY_BRANCH, LibraryKind.RURAL_BRANCH, LibraryKind.SERVICE_POINT,
                LibraryKind.MOBILE]


def default_kinds() -> list[str]:
    return [*PUBLIC_KINDS, LibraryKind.SCHOOL]


class IndicatorQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=year),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=year))

    def primary(self):
        return self.filter(derived=False)

    def derived_ones(self):
        return self.filter(derived=True)

    def for_kind(self, kind: str):
        # JSON "contains" is not portable to SQLite; the catalogue is small, so filter the
        # list of codes in Python once and query by them.
        codes = [code for code, kinds in self.values_list("code", "kinds") if kind in kinds]
        return self.filter(code__in=codes)


class Indicator(Bilingual):
    """A counted quantity (primary) or a ratio computed by a formula (derived)."""

    code = models.SlugField(_("code"), max_length=60, unique=True,
                            help_text=_("Stable identifier used by imports, exports and formulas."))
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="indicators",
                                verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order in the section"), default=0)
    help_lt = models.TextField(_("definition (Lithuanian)"), blank=True)
    help_en = models.TextField(_("definition (English)"), blank=True)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    value_type = models.CharField(_("value type"), max_length=10, choices=ValueType.choices,
                                  default=ValueType.COUNT)
    decimals = models.PositiveSmallIntegerField(_("display decimals"), default=0)
    derived = models.BooleanField(_("derived (computed by a formula)"), default=False)
    kinds = models.JSONField(_("library kinds that answer it"), default=default_kinds)
    recorded_at = models.CharField(_("where it is recorded"), max_length=10,
                                   choices=RecordedAt.choices, default=RecordedAt.OUTLET)
    part_of = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="parts", verbose_name=_("part of"),
                                help_text=_("The total this indicator is a part of (children's "
                                            "loans are part of all loans)."))
    change_threshold_pct = models.DecimalField(
        _("warn when the change against last year exceeds (%)"), max_digits=6,
        decimal_places=1, null=True, blank=True, default=Decimal("30"))
    change_minimum = models.DecimalField(
        _("and the change is at least (in the indicator's unit)"), max_digits=20,
        decimal_places=6, null=True, blank=True,
        help_text=_("A change against last year warns only when it is this large as well: "
                    "0,86 → 0,9 staff FTE is 4,7 % but means nothing. Empty: any change over "
                    "the percentage warns."))
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to year"), null=True, blank=True)
    replaced_by = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="replaces", verbose_name=_("replaced by"))
    minimum = models.DecimalField(
        _("smallest value accepted"), max_digits=20, decimal_places=6, null=True, blank=True,
        default=Decimal(0),
        help_text=_("Checked wherever a value enters (form, spreadsheet, import). Empty: no "
                    "minimum."))
    lnb_code = models.CharField(_("LNB code"), max_length=60, blank=True, db_index=True)
    lnb_names = models.JSONField(_("LNB names (aliases)"), default=list, blank=True)
    history = HistoricalRecords()

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["section__order", "order", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True)
                                   | Q(valid_to__gte=models.F("valid_from")),
                                   name="indicator_valid_period"),
        ]

    @property
    def help(self) -> str:
        return in_language(self.help_lt, self.help_en)

    @property
    def lnb_code_is_placeholder(self) -> bool:
        """The latest LNB code is one of the catalogue's "B" + three digits placeholders."""
        return is_placeholder_lnb_code(self.lnb_code)

    def is_valid_in(self, year: int) -> bool:
        return ((self.valid_from is None or self.valid_from <= year)
                and (self.valid_to is None or self.valid_to >= year))

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end year is before the start year.")})
        if self.part_of_id and self.part_of_id == self.pk:
            raise ValidationError({"part_of": _("An indicator cannot be a part of itself.")})
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            raise ValidationError({"replaced_by": _("An indicator cannot replace itself.")})


PLACEHOLDER_LNB_CODE = re.compile(r"^B\d{3}$")


def is_placeholder_lnb_code(code: str) -> bool:
    """The catalogue shipped "B" + three digits until LNB's real codes were loaded."""
    return bool(PLACEHOLDER_LNB_CODE.fullmatch(code or ""))


class LnbCode(models.Model):
    """LNB's code of an indicator from a year on: the code of year Y is the one with the
    latest ``valid_from`` not after Y. Staff load them from LNB's code map; the
    ``Indicator.lnb_code`` field mirrors the latest. Belongs to no library."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="lnb_codes",
                                  verbose_name=_("indicator"))
    code = models.CharField(_("LNB code"), max_length=60, db_index=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), default=1990)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("LNB code")
        verbose_name_plural = _("LNB codes")
        ordering = ["indicator", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["indicator", "valid_from"],
                                               name="lnb_code_one_per_start_year")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.valid_from}: {self.code}"

    @property
    def is_placeholder(self) -> bool:
        return is_placeholder_lnb_code(self.code)


class VersionedQuerySet(models.QuerySet):
    def valid_in(self, year: int):
        return self.filter(Q(valid_from__lte=year),
                           Q(valid_to__isnull=True) | Q(valid_to__gte=year))


class Formula(models.Model):
    """One version of a derived indicator's formula, valid for a span of years."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="formulas",
                                  verbose_name=_("indicator"))
    expression = models.CharField(_("formula"), max_length=500)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), default=1990)
    valid_to = models.PositiveSmallIntegerField(_("valid to year"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("formula")
        verbose_name_plural = _("formulas")
        ordering = ["indicator", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "version"],
                                    name="formula_version_unique"),
            models.UniqueConstraint(fields=["indicator", "valid_from"],
                                    name="formula_one_per_start_year"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} v{self.version}: {self.expression}"


class Severity(models.TextChoices):
    ERROR = "error", _("Error (blocks submission)")
    WARNING = "warning", _("Warning (needs an explanation)")


class Rule(models.Model):
    """A check over indicator codes (``loans_children <= loans``), valid for a span of years."""

    code = models.SlugField(_("code"), max_length=60)
    expression = models.CharField(_("condition that must hold"), max_length=500)
    message_lt = models.CharField(_("message (Lithuanian)"), max_length=255)
    message_en = models.CharField(_("message (English)"), max_length=255, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices,
                                default=Severity.ERROR)
    valid_from = models.PositiveSmallIntegerField(_("valid from year"), default=1990)
    valid_to = models.PositiveSmallIntegerField(_("valid to year"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        verbose_name = _("check")
        verbose_name_plural = _("checks")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="rule_one_per_start_year"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def message(self) -> str:
        return in_language(self.message_lt, self.message_en)


class ValueQuerySet(ScopedQuerySet):
    library_path = "library"

    def for_year(self, year: int):
        return self.filter(year=year)


class Source(models.TextChoices):
    IMPORT = "import", _("History import")
    FORM = "form", _("Statistics form")
    UPLOAD = "upload", _("Spreadsheet upload")
    MANUAL = "manual", _("Entered by the department")


class Value(models.Model):
    """One library's answer to one indicator for one year. A row with an empty value is an
    explicit "not known"; no row means not reported. 0 is zero."""

    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="values",
                                verbose_name=_("library"))
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6, null=True,
                                blank=True)
    text = models.TextField(_("text answer"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices,
                              default=Source.IMPORT)
    version = models.PositiveIntegerField(_("version"), default=1)
    known = models.BooleanField(_("known"), default=True,
                                help_text=_("False: the library answered “not known”."))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")

    objects = ValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["library", "indicator", "year"],
                                    name="value_one_per_library_indicator_year"),
        ]
        indexes = [
            models.Index(fields=["indicator", "year"], name="value_indicator_year"),
            models.Index(fields=["year", "library"], name="value_year_library"),
            models.Index(fields=["updated_at"], name="value_updated_at"),  # data version
        ]

    def __str__(self) -> str:
        return f"{self.library.code} {self.indicator.code} {self.year}: {self.value}"


class LibraryAlias(models.Model):
    """Another name of a library (as LNB's open data spell it), for history imports."""

    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="aliases",
                                verbose_name=_("library"))
    name = models.CharField(_("name in the source"), max_length=255)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("library alias")
        verbose_name_plural = _("library aliases")
        constraints = [models.UniqueConstraint(fields=["library", "name"],
                                               name="alias_unique")]

    def __str__(self) -> str:
        return f"{self.name} → {self.library}"


# --- the yearly reporting campaign ----------------------------------------------------------

REPORTING_KINDS = [LibraryKind.SYSTEM, LibraryKind.SCHOOL, LibraryKind.COUNTY]


class Campaign(models.Model):
    """A reporting year opened by the department for chosen kinds of libraries. Belongs to
    no library: every signed-in user may see that it exists; submissions are scoped."""

    year = models.PositiveSmallIntegerField(_("reporting year"), unique=True)
    kinds = models.JSONField(_("library kinds that report"), default=list)
    deadline = models.DateTimeField(_("deadline"))
    reminder_days = models.JSONField(_("reminders, working days before the deadline"),
                                     default=list)
    is_open = models.BooleanField(_("open"), default=True)
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                  null=True, related_name="+")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting campaign")
        verbose_name_plural = _("reporting campaigns")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class SubmissionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    HANDED_ON = "handed_on", _("Handed on to LNB")


EDITABLE_STATUSES = {SubmissionStatus.NOT_STARTED, SubmissionStatus.DRAFT,
                     SubmissionStatus.RETURNED}


class SubmissionQuerySet(ScopedQuerySet):
    """A librarian sees the submissions of their libraries and, for an outlet librarian,
    the submission of the system their outlet belongs to (they fill their own outlet in it)."""

    library_path = "library"

    def visible_to(self, user):
        if not user.is_authenticated or not user.is_active or user.sees_whole_territory:
            return super().visible_to(user)
        from bibliotekos.scoping import visible_library_ids

        ids = set(visible_library_ids(user))
        systems = set()
        for library in Library.objects.filter(pk__in=ids).select_related(
                "parent__parent__parent"):
            node = library
            while node is not None and node.kind != LibraryKind.SYSTEM:
                node = node.parent
            if node is not None:
                systems.add(node.pk)
        return self.filter(library_id__in=ids | systems)


class Submission(models.Model):
    """One library's annual statistics for a year (the interface calls it the report): a
    system's covers the system and its outlets."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="submissions",
                                 verbose_name=_("campaign"))
    library = models.ForeignKey(Library, on_delete=models.PROTECT, related_name="submissions",
                                verbose_name=_("library"))
    status = models.CharField(_("status"), max_length=12, choices=SubmissionStatus.choices,
                              default=SubmissionStatus.NOT_STARTED, db_index=True)
    extended_until = models.DateTimeField(_("deadline extended until"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    last_saved_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                     null=True, blank=True, related_name="+")
    answered = models.PositiveIntegerField(_("answered fields"), default=0)
    total_fields = models.PositiveIntegerField(_("fields"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [models.UniqueConstraint(fields=["campaign", "library"],
                                               name="report_one_per_library_year")]

    def __str__(self) -> str:
        return f"{self.library} {self.campaign.year}"

    @property
    def year(self) -> int:
        return self.campaign.year

    @property
    def deadline(self):
        return self.extended_until or self.campaign.deadline

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def progress_pct(self) -> int:
        return round(100 * self.answered / self.total_fields) if self.total_fields else 0


class ValueChangeQuerySet(ScopedQuerySet):
    library_path = "value__library"


class ValueChange(models.Model):
    """Every change of a value: who, when, old → new, and the submission's status then."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="changes")
    old_value = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    new_value = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    old_known = models.BooleanField(default=True)
    new_known = models.BooleanField(default=True)
    changed_at = models.DateTimeField(auto_now_add=True, db_index=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    submission_status = models.CharField(max_length=12, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)

    objects = ValueChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.value_id}: {self.old_value} → {self.new_value}"

    @property
    def submission_status_label(self) -> str:
        return SubmissionStatus(self.submission_status).label if self.submission_status in \
            SubmissionStatus.values else self.submission_status


class Explanation(models.Model):
    """A librarian's note on a warning. The warning stays quiet while the value is the one
    that was explained."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="explanations")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("explanation"), max_length=1000)
    explained_value = models.DecimalField(max_digits=20, decimal_places=6, null=True)
    created_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "library", "indicator"],
                                               name="explanation_one_per_field")]

    def __str__(self) -> str:
        return self.text


class FieldCommentQuerySet(ScopedQuerySet):
    def threads(self):
        """The department's remarks (not the answers to them)."""
        return self.filter(reply_to__isnull=True)

    def open(self):
        return self.threads().filter(resolved_at__isnull=True)


class FieldComment(models.Model):
    """A reviewer's remark on one field of a submission; the librarian sees it on the field
    and may answer it there (an answer is a comment with ``reply_to``). A remark stays open
    until the department marks it resolved or accepts the submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="comments")
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    text = models.CharField(_("comment"), max_length=1000)
    reply_to = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True,
                                 related_name="answers")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                    null=True, blank=True, related_name="+")

    objects = FieldCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.reply_to_id is None and self.resolved_at is None


class SubmissionEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for correction")
    ACCEPTED = "accepted", _("Accepted")
    REOPENED = "reopened", _("Reopened")
    HANDED_ON = "handed_on", _("Handed on to LNB")
    EXTENDED = "extended", _("Deadline extended")


class SubmissionEventQuerySet(ScopedQuerySet):
    library_path = "submission__library"


class SubmissionEvent(models.Model):
    """A step of the submission's workflow, with who, when and why (the timeline)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE,
                                   related_name="events")
    kind = models.CharField(max_length=12, choices=SubmissionEventKind.choices)
    note = models.CharField(_("note"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    objects = SubmissionEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} {self.kind}"


class LibraryType(models.TextChoices):
    """Which libraries a published figure covers: LNB's national figures usually cover all
    libraries, a territory's own figures the public (county and municipal) ones."""

    ALL = "all", _("All libraries")
    PUBLIC = "public", _("Public libraries (county and municipal)")
    SCHOOL = "school", _("School libraries")


class LithuanianCounty(models.TextChoices):
    """Lithuania's ten counties (apskritys), for placing the territory among them — all ten,
    whether or not the registry (``bibliotekos.County``) holds them."""

    ALYTUS = "alytus", _("Alytus County")
    KAUNAS = "kaunas", _("Kaunas County")
    KLAIPEDA = "klaipeda", _("Klaipėda County")
    MARIJAMPOLE = "marijampole", _("Marijampolė County")
    PANEVEZYS = "panevezys", _("Panevėžys County")
    SIAULIAI = "siauliai", _("Šiauliai County")
    TAURAGE = "taurage", _("Tauragė County")
    TELSIAI = "telsiai", _("Telšiai County")
    UTENA = "utena", _("Utena County")
    VILNIUS = "vilnius", _("Vilnius County")


class NationalFigure(models.Model):
    """A national (all-Lithuania) figure staff entered from LNB's publications, for the
    territory-against-country comparison, for all libraries or one type of them. Belongs to
    no library: everyone may read it."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    library_type = models.CharField(_("libraries covered"), max_length=10,
                                    choices=LibraryType.choices, default=LibraryType.ALL)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("national figure")
        verbose_name_plural = _("national figures")
        constraints = [models.UniqueConstraint(fields=["indicator", "year", "library_type"],
                                               name="national_one_per_indicator_year_type")]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.year} {self.library_type}: {self.value}"


class CountyFigure(models.Model):
    """Another county's published figure (from LNB's or a county library's publications),
    to place the territory among Lithuania's ten counties. Belongs to no library."""

    county = models.CharField(_("county"), max_length=20, choices=LithuanianCounty.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+",
                                  verbose_name=_("indicator"))
    year = models.PositiveSmallIntegerField(_("year"))
    library_type = models.CharField(_("libraries covered"), max_length=10,
                                    choices=LibraryType.choices, default=LibraryType.PUBLIC)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=6)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("county figure")
        verbose_name_plural = _("county figures")
        ordering = ["-year", "indicator", "county"]
        constraints = [models.UniqueConstraint(
            fields=["county", "indicator", "year", "library_type"],
            name="county_one_per_indicator_year_type")]

    def __str__(self) -> str:
        return f"{self.county} {self.indicator.code} {self.year}: {self.value}"


class Narrative(models.Model):
    """The department's text for one section of a year's regional analysis. Every save is a
    new version; the latest is printed. Belongs to no library: whole-territory roles read
    it, department staff write it."""

    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=40)
    text = models.TextField(_("text (Markdown)"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    class Meta:
        verbose_name = _("narrative")
        verbose_name_plural = _("narratives")
        ordering = ["year", "section", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "section", "version"],
                                               name="narrative_version_unique")]

    def __str__(self) -> str:
        return f"{self.year} {self.section} v{self.version}"


# --- the table builder's saved comparison groups ---------------------------------------------

class PopulationBand(models.TextChoices):
    """Size bands of a municipality by its residents."""

    UNDER_10K = "lt10", _("under 10 000 residents")
    FROM_10K = "10-30", _("10 000–30 000 residents")
    FROM_30K = "30-60", _("30 000–60 000 residents")
    OVER_60K = "gt60", _("over 60 000 residents")


POPULATION_BANDS = {"lt10": (0, 10_000), "10-30": (10_000, 30_000),
                    "30-60": (30_000, 60_000), "gt60": (60_000, None)}


class ComparisonGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """One's own groups and the shared ones; a hand-picked set of libraries only for
        the whole-territory roles (a librarian compares with criteria aggregates only)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        found = self.filter(Q(owner=user) | Q(shared=True))
        if not user.sees_whole_territory:
            found = found.filter(hand_picked=False)
        return found


class ComparisonGroup(models.Model):
    """A saved comparison group for the table builder: libraries of one kind, optionally in
    municipalities of one population band (``criteria``), or — staff only — a hand-picked
    set of libraries."""

    name = models.CharField(_("name"), max_length=120)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="comparison_groups", verbose_name=_("owner"))
    shared = models.BooleanField(_("shared with everyone"), default=False)
    hand_picked = models.BooleanField(_("hand-picked libraries"), default=False)
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    libraries = models.ManyToManyField(Library, blank=True, related_name="+",
                                       verbose_name=_("libraries"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ComparisonGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("comparison group")
        verbose_name_plural = _("comparison groups")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name
