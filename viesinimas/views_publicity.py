"""The publicity log: the list (filters, totals, export), entering a publication (typed, or
from its link when fetching is on), its page, editing (safe against two editors), its
history, deleting, its file (only through this view, for those who see the entry) and the
overview by channel, library and month.

Who: staff enter and edit (``services_publicity.may_enter``); management read everything;
a territory librarian reads the entries about their library (``Publication.objects.
visible_to``). Another library's entry is a 404; a page closed to the role a 403."""

import logging
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Sum
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ataskaitos.charts import svg
from ataskaitos.document import Chart
from bibliotekos.models import Library, Municipality
from portalas import files
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.metrics import Period, Scope
from portalas.ordering import sorted_lt
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from viesinimas import reports_publicity as figures_of
from viesinimas import services_publicity as services
from viesinimas.fetcher import FetchRefused, fetch_page_info
from viesinimas.filters_publicity import PublicationFilter
from viesinimas.forms_publicity import LinkForm, PublicationForm, guess_channel
from viesinimas.models import ActivityEvent, Practice, Publication

logger = logging.getLogger("regionas.publicity")

#: Bars in the library chart (the table lists them all).
CHART_TOP = 15
#: Years offered before the first publication logged, at most.
YEARS_SHOWN = 15


# --- the list ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row (exported alike)."""

    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def library_names(publication) -> str:
    return "; ".join(sorted_lt(library.name for library in publication.libraries.all()))


def _title_of(related) -> str:
    return str(related) if related else ""


COLUMNS = [
    Column("published_on", gettext_lazy("Date"), sort="published_on", text=False),
    Column("channel", gettext_lazy("Channel"), sort="channel", text=False),
    Column("medium", gettext_lazy("Medium"), sort="medium"),
    Column("title", gettext_lazy("Title"), sort="title", link=True),
    ComputedColumn("libraries", gettext_lazy("Libraries"), compute=library_names),
    Column("reach", gettext_lazy("Reach"), sort="reach", text=False, numeric=True),
]
EXPORT_COLUMNS = [
    *COLUMNS,
    Column("url", gettext_lazy("Link")),
    ComputedColumn("activity", gettext_lazy("Event"), compute=lambda p: _title_of(p.activity)),
    ComputedColumn("practice", gettext_lazy("Good practice"),
                   compute=lambda p: _title_of(p.practice)),
    Column("about", gettext_lazy("Activity it is about")),
    Column("notes", gettext_lazy("Notes")),
]


def totals(queryset) -> dict:
    """How many publications and their known reach (one query)."""
    found = queryset.order_by().aggregate(count=Count("pk"), total_reach=Sum("reach"),
                                          with_reach=Count("reach"))
    return {"count": found["count"], "reach": found["total_reach"] or 0,
            "with_reach": found["with_reach"]}


def fetching_on() -> bool:
    return bool(settings.PUBLICITY_FETCH_LINKS)


class PublicationListView(ScopedListView):
    model = Publication
    allowed = staticmethod(services.may_open_log)
    filterset_class = PublicationFilter
    template_name = "viesinimas/publicity_list.html"
    results_template = "viesinimas/_publicity_results.html"
    title = gettext_lazy("Publicity log")
    description = gettext_lazy("Publications about the department's and the territory "
                               "libraries' work: press, radio and television, websites, "
                               "social media, newsletters.")
    empty_text = gettext_lazy("No publications match the filter.")
    export_name = "publikacijos"
    default_sort = "-published_on"
    paginate_by = 50
    columns = COLUMNS

    def refine(self, queryset):
        queryset = queryset.prefetch_related("libraries")
        if self.request.GET.get("export"):
            return queryset.select_related("activity", "practice")
        return queryset

    def export(self, fmt: str):
        self.columns = EXPORT_COLUMNS
        return super().export(fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filtered = self.filterset.qs if self.filterset is not None else self.scoped_queryset()
        context.update({"totals": totals(filtered),
                        "can_enter": services.may_enter(self.request.user),
                        "fetching": fetching_on()})
        return context


# --- entering and editing ------------------------------------------------------------------------

def _form_errors(form, refusal) -> None:
    """A service's refusal as the form's errors (on the field it names, if the form has it)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _pk(text) -> int | None:
    text = str(text or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


class PublicationFormMixin:
    model = Publication
    form_class = PublicationForm
    template_name = "viesinimas/publicity_form.html"
    list_url_name = "viesinimas:publication_list"
    list_title = gettext_lazy("Publicity log")
    create_title = gettext_lazy("Log a publication")
    allowed = staticmethod(services.may_enter)

    def refine(self, queryset):
        return queryset.select_related("activity", "practice")


class PublicationCreateView(PublicationFormMixin, ScopedCreateView):
    """A publication typed in. ``?url=``, ``?library=``, ``?activity=``, ``?practice=``
    start the form (from the quick entry, the library card, an event's or a practice's
    page)."""

    def get_initial(self):
        params, user = self.request.GET, self.request.user
        initial = {"published_on": timezone.localdate()}
        url = params.get("url", "").strip()
        if url.lower().startswith(("http://", "https://")) and len(url) <= 1000:
            initial["url"] = url
            initial["channel"] = guess_channel(url)
        libraries = []
        library = Library.objects.visible_to(user).filter(pk=_pk(params.get("library"))).first()
        if library is not None:
            libraries.append(library.pk)
        activity = (ActivityEvent.objects.visible_to(user)
                    .filter(pk=_pk(params.get("activity"))).first())
        if activity is not None:
            initial["activity"] = activity.pk
            libraries.append(activity.library_id)
        practice = Practice.objects.visible_to(user).filter(pk=_pk(params.get("practice"))).first()
        if practice is not None:
            initial["practice"] = practice.pk
            libraries.append(practice.library_id)
        if libraries:
            initial["libraries"] = libraries
        return initial

    def form_valid(self, form):
        publication = form.save(commit=False)
        try:
            publication = services.create_publication(
                publication, libraries=form.cleaned_data.get("libraries") or [],
                by=self.request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
            return self.form_invalid(form)
        self.object = publication
        messages.success(self.request, _("The publication has been logged."))
        if self.request.POST.get("then") == "another":
            return redirect("viesinimas:publication_from_link" if fetching_on()
                            else "viesinimas:publication_create")
        return redirect(publication)


@require_http_methods(["GET", "POST"])
def publication_from_link(request):
    """The quick entry. With fetching on: the link alone first; then the form prefilled
    with the title, date and medium read from the page, to confirm (it posts to
    ``publication_create``). With fetching off: the form itself, the link filled in, for
    the title and date to be typed."""
    if not services.may_enter(request.user):
        raise PermissionDenied
    if not fetching_on():
        url = (request.POST.get("url") or request.GET.get("url") or "").strip()
        target = reverse("viesinimas:publication_create")
        return redirect(f"{target}?{urlencode({'url': url})}" if url else target)
    link_form = LinkForm(request.POST or None,
                         initial={"url": request.GET.get("url", "")[:1000]})
    if request.method != "POST" or not link_form.is_valid():
        return render(request, "viesinimas/publicity_from_link.html", {"form": link_form})
    url = link_form.cleaned_data["url"]
    initial = {"url": url, "channel": guess_channel(url), "published_on": timezone.localdate()}
    fetched, refusal = None, ""
    try:
        fetched = fetch_page_info(url)
    except FetchRefused as error:
        refusal = str(error)
        logger.info("publicity quick entry: %s not read (%s)", url, error.code)
    if fetched is not None:
        if fetched.title:
            initial["title"] = fetched.title
        if fetched.medium:
            initial["medium"] = fetched.medium
        day = fetched.published_on
        if day and day.year >= YEAR_MIN and day <= timezone.localdate():
            initial["published_on"] = day
    form = PublicationForm(user=request.user, initial=initial)
    return render(request, "viesinimas/publicity_form.html", {
        "form": form, "fetched": fetched, "refusal": refusal, "confirming": True,
        "action": reverse("viesinimas:publication_create"),
        "list_url": reverse("viesinimas:publication_list"),
        "list_title": PublicationFormMixin.list_title,
        "create_title": PublicationFormMixin.create_title,
        "same_link": list(services.same_link(url).order_by("-published_on")[:3]),
    })


class PublicationUpdateView(VersionedUpdateMixin, PublicationFormMixin, ScopedUpdateView):
    """Edit an entry (staff). The version the form was opened with travels in a hidden
    field; a save after someone else's is refused and the typed values stay on the page."""

    success_message = gettext_lazy("The publication has been saved.")
    stale_message = gettext_lazy(
        "%(name)s saved this publication after you opened it, so your changes have not been "
        "saved. They are still below (a file you chose must be chosen again): compare them "
        "with the entry (open it in another tab), then save again to keep yours.")

    def form_valid(self, form):
        publication = form.save(commit=False)
        try:
            services.update_publication(publication,
                                        libraries=form.cleaned_data.get("libraries") or [],
                                        by=self.request.user, seen_version=self.seen_version())
        except services.Refused as refusal:
            if getattr(refusal, "code", "") != "stale":
                _form_errors(form, refusal)
                return self.form_invalid(form)
            return self.stale(form, Publication.objects.get(pk=self.object.pk))
        messages.success(self.request, str(self.success_message))
        return redirect(publication)


# --- one entry -----------------------------------------------------------------------------------

class PublicationDetailView(ScopedDetailView):
    model = Publication
    allowed = staticmethod(services.may_open_log)
    template_name = "viesinimas/publicity_detail.html"
    context_object_name = "publication"

    def refine(self, queryset):
        return queryset.select_related("activity__library", "practice__library",
                                       "created_by").prefetch_related("libraries__municipality")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        publication, user = self.object, self.request.user
        practice = publication.practice
        context.update({
            "can_enter": services.may_enter(user),
            "libraries": sorted_lt(publication.libraries.all(), key=lambda lib: lib.name),
            "practice_visible": practice is not None and Practice.objects.visible_to(user)
            .filter(pk=practice.pk).exists(),
        })
        return context


class PublicationHistoryView(ScopedHistoryView):
    """Who changed what: everyone who may read the entry."""

    model = Publication
    allowed = staticmethod(services.may_open_log)
    template_name = "viesinimas/publicity_history.html"


def _publication(request, pk) -> Publication:
    return get_object_or_404(Publication.objects.visible_to(request.user), pk=pk)


@require_POST
def publication_delete(request, pk):
    """An entry logged by mistake: staff delete it (and its file)."""
    publication = _publication(request, pk)
    if not services.may_enter(request.user):
        raise PermissionDenied
    title = str(publication)
    services.delete_publication(publication, by=request.user)
    messages.success(request, _("The publication “%(title)s” has been deleted.")
                     % {"title": title})
    return redirect("viesinimas:publication_list")


@require_GET
def publication_file(request, pk):
    """The entry's file, for those who see the entry (never a public media address); its
    type told by its content, as a download."""
    publication = _publication(request, pk)
    stored = publication.file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = services.file_kind(handle.read(16))
    handle.seek(0)
    if kind is None:                        # stored before the checks, or damaged
        handle.close()
        raise Http404
    name = services.clean_file_name(stored.name, kind)
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind], as_attachment=True,
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    logger.info("publication %s file downloaded by user %s", publication.pk, request.user.pk)
    return response


# --- the overview --------------------------------------------------------------------------------

def _year(raw: str | None) -> int:
    """``?year=`` as a year the portal knows; anything else is this year."""
    try:
        year = int(raw or "")
    except ValueError:
        return timezone.localdate().year
    return year if YEAR_MIN <= year <= YEAR_MAX else timezone.localdate().year


def _years(user, year: int) -> list[int]:
    this_year = timezone.localdate().year
    first = (Publication.objects.visible_to(user).aggregate(first=Min("published_on"))["first"]
             or date(this_year, 1, 1)).year
    first = max(first, this_year - YEARS_SHOWN)
    return sorted(set(range(first, this_year + 1)) | {year}, reverse=True)


def municipality_choices(user) -> list:
    if not user.sees_whole_territory:
        return []
    return sorted_lt(Municipality.objects.filter(in_territory=True), key=lambda m: m.name)


def _short(text: str, limit: int = 12) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _chart(title: str, labels: list[str], rows: list[dict]):
    if not any(row["count"] for row in rows):
        return None
    return mark_safe(svg(Chart(  # noqa: S308 - svg() escapes every text it writes
        title=title, categories=labels,
        series=[(_("Publications"), [r["count"] for r in rows])], kind="bar")))


def _list_link(period: Period, place, **params) -> str:
    query = {"published_from": period.start.isoformat(), "published_to": period.end.isoformat()}
    if place is not None:
        query["municipality"] = place.pk
    query.update(params)
    return f"{reverse('viesinimas:publication_list')}?{urlencode(query)}"


@require_GET
def publicity_overview(request):
    user = request.user
    if not services.may_open_log(user):
        raise PermissionDenied
    year = _year(request.GET.get("year"))
    choices = municipality_choices(user)
    municipality = next((m for m in choices if str(m.pk) == request.GET.get("municipality")),
                        None)
    period = Period.year(year)
    scope = Scope.of_municipality(municipality) if municipality else Scope.territory()
    found = figures_of.figures(period, scope, user=user)
    for row in found.channels:
        row.update(key=row["value"], url=_list_link(period, municipality, channel=row["value"]))
    for row in found.months:
        row.update(label=formats.date_format(row["start"], "F"), key=row["month"],
                   url=_list_link(period, municipality, published_from=row["start"].isoformat(),
                                  published_to=row["end"].isoformat()))
    for rank, row in enumerate(found.libraries, start=1):
        row.update(label=row["name"], key=row["pk"], rank=rank,
                   sub=row["municipality"] if user.sees_whole_territory else "",
                   url=_list_link(period, None, library=row["pk"]))
    for row in found.municipalities:
        row.update(label=row["name"], key=row["pk"] or "",
                   url=_list_link(period, None, municipality=row["pk"])
                   if row["pk"] and user.sees_whole_territory else "")
    charts = {
        "channels": _chart(_("Publications by channel"),
                           [_short(r["label"]) for r in found.channels], found.channels),
        "months": _chart(_("Publications by month"),
                         [formats.date_format(r["start"], "b") for r in found.months],
                         found.months),
        "libraries": _chart(_("Libraries written about most (numbers as in the table)"),
                            [str(r["rank"]) for r in found.libraries[:CHART_TOP]],
                            found.libraries[:CHART_TOP]),
    }
    return render(request, "viesinimas/publicity_overview.html", {
        "year": year, "years": _years(user, year), "period": period,
        "municipality": municipality, "municipalities": choices,
        "whole_territory": user.sees_whole_territory, "figures": found,
        "totals": found.totals, "charts": charts,
        "libraries": found.libraries[:CHART_TOP],
        "libraries_more": max(0, len(found.libraries) - CHART_TOP),
        "list_link": _list_link(period, municipality),
        "can_enter": services.may_enter(user),
    })


__all__ = ["PublicationCreateView", "PublicationDetailView", "PublicationHistoryView",
           "PublicationListView", "PublicationUpdateView", "publication_delete",
           "publication_file", "publication_from_link", "publicity_overview"]
