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
from statistika.selectors import analysis, comparison

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


def own_unit(user) -> Library | None:
    """Where a librarian's dashboards start: the system they direct (its page lists the
    outlets), else the library of their membership — their branch, their school."""
    from bibliotekos.models import Membership

    memberships = list(Membership.objects.filter(user=user).select_related("library"))
    memberships.sort(key=lambda m: (m.role != Membership.Role.DIRECTOR,
                                    m.library.kind != LibraryKind.SYSTEM, m.library.name))
    return memberships[0].library if memberships else None


def overview(request):
    if request.user.is_authenticated and request.user.is_librarian:
        unit = own_unit(request.user)
        if unit is None:
            raise Http404
        return redirect("statistika:analysis_library", code=unit.code)
    _whole_territory(request)
    year, group = _year(request), _group(request)
    data = analysis.territory_overview(year, group)
    names = analysis.indicators([row["code"] for row in data["rows"]])
    compared = comparison.compare(year, group, [row["code"] for row in data["rows"]])
    for row in data["rows"]:
        row["compared"] = compared[row["code"]]
        row["place"] = comparison.place_text(compared[row["code"]].places)
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
        "any_place": any(row["place"] for row in data["rows"]),
        "any_all": any(row["compared"].national_covers_all for row in data["rows"]),
        "years": range(year - 9, year + 1), "xlsx_view": "overview"})


def municipalities(request):
    _whole_territory(request)
    year, group = _year(request), _group(request)
    table = analysis.cached_unit_table("municipalities", year, "municipality", group=group)
    names = analysis.indicators(table["codes"])
    sort = _sort(request, group, names)
    rows = analysis.rank(table["rows"], sort)
    total = analysis.cached_unit_table("territory", year, "territory", group=group)["rows"]
    return render(request, "statistika/analysis_table.html", {
        "title_code": "municipalities", "rows": rows, "codes": table["codes"], "names": names,
        "year": year, "group": group, "sort": sort, "total": total[0] if total else None,
        "lithuania": comparison.compare(year, group, table["codes"]),
        "drill": "municipality", "xlsx_view": "municipalities",
        **_ranking(table["codes"], names, sort, group)})


def default_sort(group: str) -> str:
    """A ratio (ranking municipalities of very different size by absolute counts says
    nothing): the penetration, or loans per user for school libraries, which serve pupils
    rather than residents."""
    return "penetration_pct" if group == "public" else "loans_per_user"


def _sort(request, group: str, names) -> str:
    """The indicator a table is ranked by: the one asked for (any column), else the
    group's default ratio."""
    default = default_sort(group)
    sort = request.GET.get("sort", default)
    return sort if sort in names else default


def _ranking(codes, names, sort: str, group: str) -> dict:
    """The ranking indicator shown first (right after the place), the ratios one may rank
    by instead, and whether the table is ranked by the group's default."""
    return {"columns": [sort] + [code for code in codes if code != sort],
            "rank_indicator": names.get(sort),
            "rank_choices": [names[code] for code in codes
                             if code in names and (names[code].derived or code == sort)],
            "rank_default": sort == default_sort(group)}


def kinds(request):
    _whole_territory(request)
    year = _year(request)
    rows = analysis._cached(f"kinds:{year}", lambda: analysis.kind_table(year))
    codes = analysis.KEY_PRIMARY + analysis.KEY_DERIVED
    return render(request, "statistika/analysis_kinds.html", {
        "rows": rows, "codes": codes, "names": analysis.indicators(codes), "year": year,
        "lithuania": comparison.compare(year, "all", codes), "xlsx_view": "kinds"})


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
    sort = _sort(request, group, names)
    return render(request, "statistika/analysis_table.html", {
        "title_code": "municipality", "place": place, "rows": analysis.rank(table["rows"], sort),
        "codes": table["codes"], "names": names, "year": year, "group": group,
        "lithuania": comparison.compare(year, group, table["codes"]),
        "sort": sort, "drill": "library", "xlsx_view": "municipality", "xlsx_code": place.code,
        **_ranking(table["codes"], names, sort, group)})


def library(request, code: str):
    """One library: its figures with the regional peers' band (p10–p90 of libraries of the
    same kind) — a librarian sees their own figures and the band, never another library's
    raw figures. A system also lists its outlets (for whole-territory roles and its own
    director)."""
    year = _year(request)
    target = get_object_or_404(Library.objects.visible_to(request.user)
                               .select_related("municipality", "parent__parent__parent"),
                               code=code)
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
    group = "school" if target.kind == LibraryKind.SCHOOL else "public"
    lithuania = comparison.compare(year, group, table["codes"])
    lines = []
    for code in table["codes"]:
        indicator = names.get(code)
        if indicator is None:
            continue
        now = row["values"].get(code) if row else None
        difference, points = analysis.change(now, row["previous"].get(code) if row else None,
                                             indicator.unit)
        lines.append({"code": code, "indicator": indicator, "value": now,
                      "previous": row["previous"].get(code) if row else None,
                      "change": difference, "change_points": points, "band": bands.get(code),
                      "place": analysis.peer_place(bands.get(code), now),
                      "lithuania": lithuania[code]})
    # An outlet's page leads back to its system's (when the person may open it).
    system = target.system if target.kind != LibraryKind.SYSTEM else None
    if system is not None and not (request.user.sees_whole_territory
                                   or system.pk in visible_library_ids(request.user)):
        system = None
    return render(request, "statistika/analysis_library.html", {
        "library": target, "row": row, "lines": lines, "codes": table["codes"],
        "names": names, "bands": bands, "outlets": outlets, "year": year, "system": system,
        "any_all": any(line["lithuania"].national_covers_all for line in lines)})


def national(request):
    """Figures for all Lithuania and for the other counties that staff copy from LNB's and
    the county libraries' publications: typed one at a time, or a CSV/XLSX checked row by
    row, shown, and imported on confirmation. Whole-territory roles read; staff write."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from portalas.tables import keep_upload, take_upload
    from statistika.forms import CountyFigureForm, FiguresImportForm, NationalFigureForm
    from statistika.selectors.figures import figure_lists
    from statistika.services.figures import import_figures

    _whole_territory(request)
    forms = {"national": NationalFigureForm(), "county": CountyFigureForm()}
    upload, result, token = FiguresImportForm(), None, ""
    if request.method == "POST":
        if not request.user.can_manage_territory:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action in forms:
            form = forms[action] = type(forms[action])(request.POST)
            if form.is_valid():
                form.save()
                messages.success(request, _("The figure has been saved."))
                return redirect("statistika:analysis_national")
        elif action == "check":
            upload = FiguresImportForm(request.POST, request.FILES)
            if upload.is_valid():
                data = upload.cleaned_data["file"].read()
                result = import_figures(data=data, dry_run=True, by=request.user)
                if result.ok:
                    token = keep_upload(data, purpose="figures")
        elif action == "import":
            data = take_upload(request.POST.get("token", ""), purpose="figures")
            if data is None:
                messages.error(request, _("The check has expired. Upload the file again."))
                return redirect("statistika:analysis_national")
            result = import_figures(data=data, by=request.user)
            if result.ok:
                messages.success(request, _(
                    "Imported: %(created)s new and %(changed)s changed figures; %(unchanged)s "
                    "were the same.") % {"created": result.created, "changed": result.changed,
                                         "unchanged": result.unchanged})
                return redirect("statistika:analysis_national")
    figures, counties = figure_lists()
    return render(request, "statistika/analysis_national.html", {
        "national_form": forms["national"], "county_form": forms["county"], "upload": upload,
        "result": result, "token": token, "figures": figures, "counties": counties})


NARRATIVE_MAX = 20_000


def narrative(request, year: int):
    """The department writes the analysis's text per section; each save is a version. A
    text over the limit is refused with what was typed kept, never cut."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from statistika.models import Narrative
    from statistika.selectors.analysis_document import narratives
    from statistika.selectors.regional_analysis import text_sections
    from statistika.services.analysis import save_narrative

    _whole_territory(request)
    parts = text_sections()
    refused = {}
    if request.method == "POST":
        if not request.user.can_manage_territory:
            raise PermissionDenied
        code = request.POST.get("section", "")
        if code not in {key for key, _heading in parts}:
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
    chapters = [{"code": code, "heading": heading, "text": latest.get(code),
                 "versions": versions.get(code, []),
                 "draft": refused.get("text") if refused.get("code") == code else None,
                 "error": refused.get("error") if refused.get("code") == code else ""}
                for code, heading in parts]
    return render(request, "statistika/analysis_narrative.html",
                  {"year": year, "chapters": chapters, "max_length": NARRATIVE_MAX},
                  status=400 if refused else 200)
