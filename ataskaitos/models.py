import hashlib
import json
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being prepared")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A job belongs to the person who asked for it (its file may hold their scope's
        data); administrators see every job to support users. A restricted one (kept under
        retention after an erasure, Art. 18) only the department opens."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_administrator:
            return self
        mine = self.filter(requested_by=user)
        return mine if user.is_department_staff else mine.filter(restricted_until=None)

    def active(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class ReportJob(models.Model):
    """One requested document. The id is a random UUID, so URLs are unguessable; access is
    checked anyway."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=80)
    params = models.JSONField(_("parameters"), default=dict)
    format = models.CharField(_("format"), max_length=5)
    params_hash = models.CharField(max_length=64, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(upload_to="ataskaitos/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                     related_name="report_jobs")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=5, default="lt")
    # The requester's access when they asked ({"whole": bool, "libraries": [ids]}): the
    # file is a copy of what that access showed, so a download needs the same access still.
    scope = models.JSONField(default=dict)
    # The version of the document's inputs when it was asked for (empty: unknown); a
    # finished job with the same parameters and inputs is handed out again, not re-rendered.
    inputs = models.CharField(max_length=64, blank=True)
    # A finished document kept under a legal retention period after a person it names asked
    # for erasure (GDPR Art. 18): only the department opens it until this day, when the
    # retention task deletes it.
    restricted_until = models.DateField(_("restricted until"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "params_hash", "status"])]
        constraints = [
            # One request, one document: at most one waiting or running job per person and
            # parameters, whoever asks how many times at once.
            models.UniqueConstraint(fields=["requested_by", "params_hash"],
                                    condition=Q(status__in=["queued", "running"]),
                                    name="job_one_active_per_request"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} ({self.format}) {self.created_at:%Y-%m-%d %H:%M}"

    @staticmethod
    def hash_params(kind: str, params: dict, format: str, language: str,
                    scope: dict | None = None) -> str:
        payload = json.dumps([kind, params, format, language, scope or {}], sort_keys=True,
                             default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def title(self) -> str:
        """The file's name once it is made, the kind's name until then."""
        if self.filename:
            return self.filename
        from portalas.registry import kind

        try:
            return str(kind(self.kind).label)
        except KeyError:
            return self.kind

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def expires_at(self):
        if self.finished_at is None:
            return None
        return self.finished_at + timedelta(days=settings.REPORT_RETENTION_DAYS)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at < timezone.now()
