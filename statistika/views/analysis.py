"""Dashboards: the territory at a glance, tables by municipality and by kind with rankings,
drill-down to systems and outlets, a library's figures with its peers' band."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe

from ataskaitos.charts import svg
from ataskaitos.document import Chart
from bibliotekos.models import Library, LibraryKind, Municipality
from bibliotekos.scoping import visible_library_ids
from portalas.converters import YEAR_MAX, YEAR_MIN
from statistika.selectors import analysis

GROUPS = {"public": LibraryKind.SYSTEM, "school": LibraryKind.SCHOOL}


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or analysis.default_year())
    except ValueError:
        raise Http404 from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    return year


def _group(request) -> str:
    group = request.GET.get("group", "public")
    if group not in GROUPS:
        raise Http404
    return group


def _whole_territory(request) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied
    if not request.user.sees_whole_territory:
        raise PermissionDenied


def overview(request):
    if request.user.is_authenticated and request.user.is_librarian:
        first = (Library.objects.filter(pk__in=visible_library_ids(request.user))
                 .order_by("kind", "name").first())
        if first is None:
            raise Http404
        return redirect("statistika:analysis_library", code=first.code)
    _whole_territory(request)
    year, group = _year(request), _group(request)
    data = analysis.territory_overview(year, group)
    names = analysis.indicators([row["code"] for row in data["rows"]])
    charts = []
    for code in ("users_registered", "visits", "loans", "penetration_pct"):
        row = next((r for r in data["rows"] if r["code"] == code), None)
        if row and code in names:
            charts.append(mark_safe(svg(Chart(  # noqa: S308 - built from escaped parts
                title=names[code].name, categories=[str(y) for y in data["years"]],
                series=[(names[code].name, row["series"])], unit=names[code].unit,
                kind="bar" if code == "users_registered" else "line"))))
    return render(request, "statistika/analysis_overview.html", {
        "data": data, "names": names, "charts": charts, "year": year, "group": group,
        "years": range(year - 9, year + 1), "xlsx_view": "overview"})


def municipalities(request):
    _whole_territory(request)
    year, group = _year(request), _group(request)
    sort = request.GET.get("sort", "penetration_pct")
    table = analysis.cached_unit_table("municipalities", year, "municipality", group=group)
    names = analysis.indicators(table["codes"])
    if sort not in names:
        sort = "penetration_pct"
    rows = analysis.rank(table["rows"], sort)
    total = analysis.cached_unit_table("territory", year, "territory", group=group)["rows"]
    return render(request, "statistika/analysis_table.html", {
        "title_code": "municipalities", "rows": rows, "codes": table["codes"], "names": names,
        "year": year, "group": group, "sort": sort, "total": total[0] if total else None,
        "drill": "municipality", "xlsx_view": "municipalities"})


def kinds(request):
    _whole_territory(request)
    year = _year(request)
    rows = analysis._cached(f"kinds:{year}", lambda: analysis.kind_table(year))
    codes = analysis.KEY_PRIMARY + analysis.KEY_DERIVED
    return render(request, "statistika/analysis_kinds.html", {
        "rows": rows, "codes": codes, "names": analysis.indicators(codes), "year": year,
        "xlsx_view": "kinds"})


def municipality(request, code: str):
    _whole_territory(request)
    year, group = _year(request), _group(request)
    place = get_object_or_404(Municipality, code=code)
    libraries = Library.objects.filter(municipality=place)
    table = analysis.cached_unit_table(f"municipality-{place.code}", year,
                                       "system" if group == "public" else "library",
                                       libraries=libraries, group=group)
    if group == "school":
        table["rows"] = [r for r in table["rows"] if r["unit"].kind == LibraryKind.SCHOOL]
    names = analysis.indicators(table["codes"])
    return render(request, "statistika/analysis_table.html", {
        "title_code": "municipality", "place": place, "rows": table["rows"],
        "codes": table["codes"], "names": names, "year": year, "group": group,
        "sort": "", "drill": "library", "xlsx_view": "municipality", "xlsx_code": place.code})


def library(request, code: str):
    """One library: its figures with the regional peers' band (p10–p90 of libraries of the
    same kind) — a librarian sees their own figures and the band, never another library's
    raw figures. A system also lists its outlets (for whole-territory roles and its own
    director)."""
    year = _year(request)
    target = get_object_or_404(Library.objects.visible_to(request.user), code=code)
    level = "system" if target.kind == LibraryKind.SYSTEM else "library"
    table = analysis.cached_unit_table(f"library-{target.code}", year, level,
                                       libraries=Library.objects.filter(pk=target.pk))
    row = table["rows"][0] if table["rows"] else None
    names = analysis.cached_indicators(table["codes"])
    bands = analysis.peer_distributions(year, target.kind, table["codes"])
    outlets = None
    if target.kind == LibraryKind.SYSTEM:
        # Only the outlets the person may open: a plain librarian of the system (not its
        # director) sees the system's own figures, not its outlets'.
        visible = visible_library_ids(request.user)
        rows = analysis.cached_unit_table(
            f"outlets-{target.code}", year, "library",
            libraries=analysis.outlets_of(target).open_in(year))["rows"]
        outlets = [r for r in rows if request.user.sees_whole_territory
                   or r["unit"].library_id in visible]
    return render(request, "statistika/analysis_library.html", {
        "library": target, "row": row, "codes": table["codes"], "names": names,
        "bands": bands, "outlets": outlets, "year": year})


def national(request):
    """Figures for all Lithuania that staff copy from LNB's publications."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from statistika.forms import NationalFigureForm
    from statistika.models import NationalFigure

    _whole_territory(request)
    form = NationalFigureForm(request.POST or None)
    if request.method == "POST":
        if not request.user.can_manage_territory:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(request, _("The national figure has been saved."))
            return redirect("statistika:analysis_national")
    figures = NationalFigure.objects.select_related("indicator").order_by("-year",
                                                                          "indicator__code")
    return render(request, "statistika/analysis_national.html",
                  {"form": form, "figures": figures})


NARRATIVE_MAX = 20_000


def narrative(request, year: int):
    """The department writes the analysis's text per section; each save is a version. A
    text over the limit is refused with what was typed kept, never cut."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from statistika.models import Narrative, Section
    from statistika.selectors.analysis_document import CHAPTERS, narratives
    from statistika.services.analysis import save_narrative

    _whole_territory(request)
    sections = {s.code: s for s in Section.objects.all()}
    refused = {}
    if request.method == "POST":
        if not request.user.can_manage_territory:
            raise PermissionDenied
        code = request.POST.get("section", "")
        if code not in {c for c, _p, _d in CHAPTERS}:
            raise Http404
        text = request.POST.get("text", "")
        if len(text) > NARRATIVE_MAX:
            refused = {"code": code, "text": text, "error": _(
                "The text was not saved: it has %(length)s characters, at most %(max)s are "
                "allowed. Shorten it and save again.") % {
                "length": f"{len(text):,}".replace(",", "\u00a0"),
                "max": f"{NARRATIVE_MAX:,}".replace(",", "\u00a0")}}
            messages.error(request, refused["error"])
        else:
            save_narrative(year=year, section=code, text=text, by=request.user)
            messages.success(request, _("The text has been saved."))
            return redirect(f"{request.path}#n-{code}")
    latest = narratives(year)
    versions = {}
    for item in Narrative.objects.filter(year=year).select_related("created_by"):
        versions.setdefault(item.section, []).append(item)
    chapters = [{"code": code, "section": sections.get(code), "text": latest.get(code),
                 "versions": versions.get(code, []),
                 "draft": refused.get("text") if refused.get("code") == code else None,
                 "error": refused.get("error") if refused.get("code") == code else ""}
                for code, _p, _d in CHAPTERS]
    return render(request, "statistika/analysis_narrative.html",
                  {"year": year, "chapters": chapters, "max_length": NARRATIVE_MAX},
                  status=400 if refused else 200)
