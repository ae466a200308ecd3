"""Registry import (upload → check → confirm) and export (CSV/XLSX)."""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bibliotekos import selectors, services
from bibliotekos.forms import RegistryImportForm
from paskyros.access import manages_territory, role_required, sees_territory
from paskyros.tabular import write_csv, write_xlsx

UPLOADS = "registry-imports"
SIGNING_SALT = "bibliotekos.registry_import"


def _upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / UPLOADS
    path.mkdir(parents=True, exist_ok=True)
    return path


@role_required(manages_territory)
def registry_import(request):
    """First POST: store the file under a server-made name and check it (a dry run).
    Second POST (confirm): import the stored file. Nothing is written until confirmed."""
    result = None
    token = ""
    form = RegistryImportForm()
    if request.method == "POST" and "confirm" in request.POST:
        try:
            name = signing.loads(request.POST["confirm"], salt=SIGNING_SALT, max_age=3600)
        except signing.BadSignature:
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect("bibliotekos:registry_import")
        path = _upload_dir() / name
        if not path.is_file():
            messages.error(request, _("The check has expired. Upload the file again."))
            return redirect("bibliotekos:registry_import")
        result = services.import_registry(data=path.read_bytes(), by=request.user)
        path.unlink(missing_ok=True)
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
                name = f"{uuid.uuid4().hex}.upload"
                (_upload_dir() / name).write_bytes(data)
                token = signing.dumps(name, salt=SIGNING_SALT)
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
