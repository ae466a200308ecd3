"""The catalogue's pages: indicators and their formulas, checks, the history import, the
export, "how was this computed", and library names in sources."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bibliotekos.models import LibraryKind
from portalas.access import manages_territory, role_required, sees_territory
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.tables import keep_upload, take_upload, write_csv, write_xlsx
from portalas.views import history_entries
from statistika.forms import (
    AliasForm,
    ExportForm,
    FormulaVersionForm,
    IndicatorForm,
    LnbCodeImportForm,
    RuleForm,
    StatisticsImportForm,
)
from statistika.models import Indicator, LibraryAlias, Rule, Section
from statistika.selectors import values as value_selectors
from statistika.selectors.lnb_codes import code_table
from statistika.services.catalogue import add_formula_version, import_statistics
from statistika.services.lnb_codes import import_lnb_codes
from statistika.services.values import OnLocked


@login_required
def indicator_list(request):
    sections = Section.objects.prefetch_related(Prefetch(
        "indicators", queryset=Indicator.objects.select_related("part_of")
        .prefetch_related("formulas").order_by("order", "code")))
    return render(request, "statistika/indicator_list.html", {"sections": sections})


@login_required
def indicator_detail(request, code: str):
    indicator = get_object_or_404(Indicator.objects.select_related("section", "part_of",
                                                                   "replaced_by"), code=code)
    form = FormulaVersionForm(request.POST or None)
    if request.method == "POST":
        if not manages_territory(request.user):
            raise PermissionDenied
        if form.is_valid():
            try:
                formula = add_formula_version(indicator=indicator, by=request.user,
                                              **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Version %(version)s applies from %(year)s.")
                                 % {"version": formula.version, "year": formula.valid_from})
                return redirect("statistika:indicator_detail", code=code)
    return render(request, "statistika/indicator_detail.html", {
        "indicator": indicator,
        "lnb_codes": indicator.lnb_codes.order_by("-valid_from"),
        "kinds_display": [LibraryKind(kind).label for kind in indicator.kinds
                          if kind in LibraryKind.values],
        "formulas": indicator.formulas.select_related("created_by").order_by("-valid_from"),
        "parts": indicator.parts.order_by("order"),
        "form": form,
        "entries": history_entries(indicator.history.all())[:30],
    })


@role_required(manages_territory)
def indicator_edit(request, code: str | None = None):
    indicator = get_object_or_404(Indicator, code=code) if code else None
    form = IndicatorForm(request.POST or None, instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator = form.save()
        messages.success(request, _("The indicator has been saved."))
        return redirect("statistika:indicator_detail", code=indicator.code)
    return render(request, "statistika/indicator_form.html",
                  {"form": form, "indicator": indicator})


@role_required(manages_territory)
def rule_list(request, pk: int | None = None):
    rule = get_object_or_404(Rule, pk=pk) if pk else None
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The check has been saved."))
        return redirect("statistika:rule_list")
    return render(request, "statistika/rule_list.html",
                  {"rules": Rule.objects.all(), "form": form, "rule": rule})


@role_required(manages_territory)
def statistics_import(request):
    """Upload → a dry run that checks every row and lists what would change (and which
    submitted or accepted submissions it would touch) → confirm, choosing what happens to
    those submissions. Nothing is written unconfirmed."""
    result, token, form = None, "", StatisticsImportForm()
    choice, reason, reason_error = OnLocked.REFUSE, "", ""
    if request.method == "POST" and "confirm" in request.POST:
        data = take_upload(request.POST["confirm"], purpose="statistics")
        if data is None:
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect("statistika:import")
        choice = request.POST.get("on_locked", OnLocked.REFUSE)
        if choice not in OnLocked.values:
            choice = OnLocked.REFUSE
        reason = " ".join(request.POST.get("reason", "").split())[:1000]
        if choice == OnLocked.REOPEN and not reason:
            reason_error = _("Say why the reports are reopened; the libraries see it.")
            result = import_statistics(data=data, by=request.user, dry_run=True)
            token = keep_upload(data, purpose="statistics")
        else:
            result = import_statistics(data=data, by=request.user, on_locked=choice,
                                       reason=reason)
            if result.ok:
                messages.success(request, _(
                    "Imported: %(created)s new and %(changed)s changed values; %(unchanged)s "
                    "were the same.") % {"created": result.created, "changed": result.changed,
                                         "unchanged": result.unchanged})
                if result.reopened:
                    messages.info(request, _("%(count)s reports were reopened.")
                                  % {"count": len(result.reopened)})
                return redirect("statistika:import")
    elif request.method == "POST":
        form = StatisticsImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            result = import_statistics(data=data, by=request.user, dry_run=True)
            if result.ok:
                token = keep_upload(data, purpose="statistics")
    return render(request, "statistika/import.html", {
        "form": form, "result": result, "token": token, "choices": OnLocked.choices,
        "choice": choice, "reason": reason, "reason_error": reason_error})


@role_required(sees_territory)
def statistics_export(request):
    form = ExportForm(request.GET or None)
    if request.GET and form.is_valid():
        data = form.cleaned_data
        header, rows = value_selectors.export_table(
            year=data["year"], level=data["level"], group=data["group"],
            derived=data["derived"], user=request.user)
        rows = list(rows)
        suffix = "-isvestiniai" if data["derived"] else ""
        stem = f"statistika-{data['year']}-{data['level']}{suffix}"
        if data["format"] == "csv":
            response = HttpResponse(write_csv(header, rows),
                                    content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                write_xlsx(f"{data['year']}", header, rows),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = f'attachment; filename="{stem}.{data["format"]}"'
        return response
    return render(request, "statistika/export.html", {"form": form})


@require_GET
@login_required
def explain(request):
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        raise Http404 from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    level = request.GET.get("level", "library")
    group = request.GET.get("group", "public")
    if level not in value_selectors.LEVELS or group not in value_selectors.GROUPS:
        raise Http404
    if level in {"municipality", "territory"} and not request.user.sees_whole_territory:
        raise Http404
    details = value_selectors.explain(unit=request.GET.get("unit", ""), year=year,
                                      code=request.GET.get("indicator", ""), level=level,
                                      group=group, user=request.user)
    if details is None:
        raise Http404
    return render(request, "statistika/explain.html", details)


@role_required(manages_territory)
def alias_list(request):
    form = AliasForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The alias has been added."))
        return redirect("statistika:alias_list")
    aliases = LibraryAlias.objects.select_related("library__municipality").order_by("name")
    return render(request, "statistika/alias_list.html", {"aliases": aliases, "form": form})


@require_POST
@role_required(manages_territory)
def alias_delete(request, pk: int):
    get_object_or_404(LibraryAlias, pk=pk).delete()
    messages.success(request, _("The alias has been removed."))
    return redirect("statistika:alias_list")




@role_required(manages_territory)
def lnb_code_list(request):
    """LNB's codes of the indicators: which indicators have no code (or a placeholder) in a
    chosen year, every dated code, and the upload of LNB's code map — checked and shown
    first, stored on confirmation."""
    from django.utils import timezone

    try:
        year = int(request.GET.get("year") or timezone.localdate().year - 1)
    except ValueError:
        raise Http404 from None
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise Http404
    form, result, token = LnbCodeImportForm(), None, ""
    if request.method == "POST" and "confirm" in request.POST:
        data = take_upload(request.POST["confirm"], purpose="lnb-codes")
        if data is None:
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect("statistika:lnb_code_list")
        result = import_lnb_codes(data=data, by=request.user)
        if result.ok:
            messages.success(request, _(
                "LNB codes imported: %(created)s new and %(changed)s changed; %(unchanged)s "
                "were the same.") % {"created": result.created, "changed": result.changed,
                                     "unchanged": result.unchanged})
            return redirect(f"{request.path}?year={year}")
    elif request.method == "POST":
        form = LnbCodeImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            result = import_lnb_codes(data=data, by=request.user, dry_run=True)
            if result.ok:
                token = keep_upload(data, purpose="lnb-codes")
    return render(request, "statistika/lnb_codes.html", {
        "form": form, "result": result, "token": token, "codes": code_table(year),
        "year": year})
