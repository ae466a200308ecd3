"""Registry import (upload → check → confirm) and export (CSV/XLSX)."""


from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos import selectors, services
from bibliotekos.forms import RegistryImportForm
from portalas.access import manages_territory, role_required, sees_territory
from portalas.tables import keep_upload, take_upload, write_csv, write_xlsx


@role_required(manages_territory)
def registry_import(request):
    """First POST: check the file (a dry run) and keep it under a server-made name.
    Second POST (confirm): import the kept file. Nothing is written until confirmed."""
    result = None
    token = ""
    form = RegistryImportForm()
    if request.method == "POST" and "confirm" in request.POST:
        data = take_upload(request.POST["confirm"], purpose="registry")
        if data is None:
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect("bibliotekos:registry_import")
        result = services.import_registry(data=data, by=request.user)
        if result.ok:
            messages.success(request, _(
                "Imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated,
                   "unchanged": result.unchanged})
            return redirect("bibliotekos:registry_import")
    elif request.method == "POST":
        form = RegistryImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data["file"].read()
            result = services.import_registry(data=data, by=request.user, dry_run=True)
            if result.ok:
                token = keep_upload(data, purpose="registry")
    return render(request, "bibliotekos/registry_import.html",
                  {"form": form, "result": result, "token": token})


@role_required(sees_territory)
def registry_export(request, table: str, fmt: str):
    if table not in selectors.EXPORTS or fmt not in {"csv", "xlsx"}:
        raise Http404
    header, rows = selectors.export_rows(table, request.user)
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        response = HttpResponse(write_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            write_xlsx(table, header, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{table}-{stamp}.{fmt}"'
    return response
