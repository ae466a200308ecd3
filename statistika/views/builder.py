"""The table builder: one GET page whose URL is the whole table (shareable), the table
refreshed by htmx, comparison groups saved and deleted with small POST views."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ataskaitos.charts import svg
from ataskaitos.document import Chart
from bibliotekos.models import LibraryKind
from portalas.converters import YEAR_MAX, YEAR_MIN
from statistika.models import ComparisonGroup, PopulationBand
from statistika.selectors import builder
from statistika.services.builder import delete_comparison_group, save_comparison_group


def _int(value, default: int) -> int:
    try:
        number = int(value) if value not in (None, "") else default
    except ValueError:
        raise Http404 from None
    if not YEAR_MIN <= number <= YEAR_MAX:
        raise Http404
    return number


def _default_units(user) -> list[str]:
    if user.sees_whole_territory:
        return ["territory", "lt"]
    own = builder.library_choices(user).first()
    if own is None:
        return ["lt"]
    return [f"lib:{own.code}", builder.criteria_key(own.kind), "territory"]


def _request(request) -> dict:
    """The table asked for by the query string (defaults for what is missing)."""
    from statistika.selectors.analysis import default_year

    data = request.GET
    latest = default_year()
    year_to = _int(data.get("to"), latest)
    year_from = _int(data.get("from"), year_to - 4)
    codes = data.getlist("i") or list(builder.DEFAULT_CODES)
    units = data.getlist("u") if "u" in data or "ck" in data else _default_units(request.user)
    kind, band = data.get("ck", ""), data.get("cp", "")
    if kind:
        units = [*units, builder.criteria_key(kind, band)]
    view = data.get("view", "units")
    return {"codes": list(dict.fromkeys(codes)), "units": list(dict.fromkeys(units)),
            "year_from": year_from, "year_to": year_to,
            "view": view if view in {"units", "transposed"} else "units",
            "chart": data.get("chart", "")}


def _query(asked: dict, **changes) -> str:
    values = {**asked, **changes}
    pairs = [("i", c) for c in values["codes"]] + [("u", u) for u in values["units"]]
    pairs += [("from", values["year_from"]), ("to", values["year_to"]),
              ("view", values["view"])]
    if values.get("chart"):
        pairs.append(("chart", values["chart"]))
    return urlencode(pairs)


def _chart(table: builder.BuilderTable, code: str):
    indicator = next((i for i in table.indicators if i.code == code), None)
    if indicator is None and table.indicators:
        indicator = table.indicators[0]
    if indicator is None:
        return None, ""
    # Lithuania's total of a count would dwarf the territory's on one axis: only its ratios
    # are drawn beside the territory's
    national = {u.label for u in table.units if u.kind == "national"}
    series = [(label, values) for label, values in table.series(indicator.code)
              if any(v is not None for v in values)
              and (indicator.derived or label not in national)][:6]
    if not series:
        return indicator, ""
    return indicator, mark_safe(svg(Chart(  # noqa: S308 - the chart escapes its text
        title=indicator.name, categories=[str(y) for y in table.years], series=series,
        unit=indicator.unit)))


@login_required
def table_builder(request):
    asked = _request(request)
    try:
        table = builder.builder_table(user=request.user, codes=asked["codes"],
                                      unit_keys=asked["units"],
                                      year_from=asked["year_from"], year_to=asked["year_to"])
    except builder.NotAvailable:
        raise Http404 from None
    chosen, chart = _chart(table, asked["chart"])
    context = {
        "table": table, "asked": asked, "chart": chart, "chart_indicator": chosen,
        "query": _query(asked), "transposed_query": _query(
            asked, view="units" if asked["view"] == "transposed" else "transposed"),
        "xlsx": {"indicators": ",".join(asked["codes"]), "units": ",".join(asked["units"]),
                 "year_from": asked["year_from"], "year_to": asked["year_to"],
                 "view": asked["view"]},
    }
    if request.htmx and request.htmx.target == "builder-table":
        return render(request, "statistika/builder.html#table", context)
    search = request.GET.get("q", "").strip().casefold()
    sections = [(name, [i for i in indicators if not search or i.code in asked["codes"]
                        or search in i.name.casefold() or search in i.code])
                for name, indicators in builder.indicator_choices()]
    picked_libraries = [u.partition(":")[2] for u in asked["units"] if u.startswith("lib:")]
    context.update({
        "sections": [(name, found) for name, found in sections if found], "search": search,
        "chosen_groups": {int(u[4:]) for u in asked["units"] if u.startswith("grp:")},
        "libraries": builder.library_choices(request.user),
        "municipalities": builder.municipality_choices(request.user),
        "groups": builder.group_choices(request.user),
        "save_kind": next((u.split(":")[1] for u in reversed(asked["units"])
                           if u.startswith("crit:")), "system"),
        "criteria_units": [(u, u) for u in asked["units"] if u.startswith("crit:")],
        "unit_labels": {u.key: u.label for u in table.units},
        "kinds": [(k.value, k.label) for k in LibraryKind],
        "bands": PopulationBand.choices,
        "picked_libraries": picked_libraries,
        "may_pick": request.user.sees_whole_territory,
        "may_share": request.user.can_manage_territory,
    })
    return render(request, "statistika/builder.html", context)


@require_POST
@login_required
def comparison_group_create(request):
    """Save the chosen criteria (or, for staff, the chosen libraries) as a group and show
    the table with it."""
    data = request.POST
    codes = [u.partition(":")[2] for u in data.getlist("u") if u.startswith("lib:")]
    picked = data.get("source") == "libraries"
    try:
        group = save_comparison_group(
            name=data.get("name", ""), by=request.user, kind=data.get("ck", ""),
            band=data.get("cp", ""), library_codes=codes if picked else (),
            shared=data.get("shared") == "on")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('statistika:table_builder')}?{data.get('query', '')}")
    messages.success(request, _("The comparison group has been saved."))
    units = [u for u in data.getlist("u") if not (picked and u.startswith("lib:"))]
    units.append(f"grp:{group.pk}")
    query = urlencode([("i", c) for c in data.getlist("i")] + [("u", u) for u in units]
                      + [("from", data.get("from", "")), ("to", data.get("to", ""))])
    return redirect(f"{reverse('statistika:table_builder')}?{query}")


@require_POST
@login_required
def comparison_group_delete(request, pk: int):
    group = get_object_or_404(ComparisonGroup.objects.visible_to(request.user)
                              .filter(owner=request.user), pk=pk)
    delete_comparison_group(group=group, by=request.user)
    messages.success(request, _("The comparison group has been deleted."))
    return redirect("statistika:table_builder")
