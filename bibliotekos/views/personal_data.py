"""The department's page about personal data: what is kept restricted after an erasure
(GDPR Art. 18), what the nightly retention run would remove now (the dry run), and who
opened lists of people's personal data (the access log)."""

from datetime import date

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Min
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import PersonalDataAccess
from portalas.access import manages_territory, role_required

ACCESS_LOG_PAGE = 50


class AccessFilter(forms.Form):
    what = forms.ChoiceField(label=_("What was opened"), required=False)
    since = forms.DateField(label=_("From"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["what"].choices = [("", _("All"))] + [(k, k) for k in kinds]


def restricted_summary() -> list[dict]:
    """Each documented kind of restricted record: how many rows, and the first day one of
    them is due to be erased."""
    from portalas.registry import restricted_records

    rows = []
    for record in restricted_records.all():
        found = (apps.get_model(record.model).objects.filter(**record.restricted)
                 .aggregate(count=Count("pk"), first=Min(record.until)))
        rows.append({"label": record.label, "model": record.model,
                     "fields": ", ".join(record.fields), "count": found["count"],
                     "first": found["first"]})
    return rows


def retention_due() -> list[dict]:
    """What the nightly retention run would change now, per app (counts only)."""
    from portalas.registry import personal_data_providers

    return [{"provider": provider.label, "label": label, "count": count}
            for provider in personal_data_providers.all() if provider.due is not None
            for label, count in provider.due()]


@role_required(manages_territory)
def personal_data_overview(request):
    log = PersonalDataAccess.objects.select_related("user")
    kinds = list(PersonalDataAccess.objects.order_by("what").values_list("what", flat=True)
                 .distinct())
    form = AccessFilter(request.GET or None, kinds=kinds)
    if form.is_valid():
        if form.cleaned_data["what"]:
            log = log.filter(what=form.cleaned_data["what"])
        if form.cleaned_data["since"]:
            log = log.filter(at__date__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            log = log.filter(at__date__lte=form.cleaned_data["until"])
    page = Paginator(log, ACCESS_LOG_PAGE).get_page(request.GET.get("page"))
    return render(request, "bibliotekos/personal_data.html", {
        "restricted": restricted_summary(), "due": retention_due(),
        "retention_years": settings.PERSONAL_DATA_RETENTION_YEARS, "today": date.today(),
        "form": form, "page_obj": page, "entries": page.object_list})
