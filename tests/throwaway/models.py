"""A library's notices: the model of docs/adding-an-app.md, built by a test."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from bibliotekos.models import Library
from bibliotekos.scoping import ScopedQuerySet


class NoticeQuerySet(ScopedQuerySet):
    """A library's people see its notices; everyone signed in sees published ones."""

    def visible_to(self, user):
        mine = super().visible_to(user)
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(pk__in=mine.values("pk")) | Q(status=Notice.PUBLISHED))


class Notice(models.Model):
    DRAFT, PUBLISHED = "draft", "published"
    library = models.ForeignKey(Library, on_delete=models.CASCADE, related_name="notices")
    title = models.CharField("pavadinimas", max_length=200)
    status = models.CharField(max_length=10, default=DRAFT,
                              choices=[(DRAFT, "juodraštis"), (PUBLISHED, "paskelbta")])
    posted = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, related_name="+")

    objects = NoticeQuerySet.as_manager()

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("throwaway:notice_detail", args=[self.pk])
