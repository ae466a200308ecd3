"""Pages of the filing area: "File it" for a document of another app (the form page for a
page without the archive's section, and the filing itself), a filed document's page, its
file, and moving it to another file of the same year.

Who: the archive is staff's and management's. A librarian gets a 404 on every route (each
names an object); "File it" finds the document through its kind within the user's scope (a
404 when it is not theirs to see) and is then staff's (management: 403). A filed document
is found through ``FiledDocument.objects.visible_to`` — a staff-only copy is a 404 for
management — and its file is a 404 once a destruction act destroyed it. Moving is staff's.
Writes go through ``services_filing``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from archyvas import services_filing as services
from archyvas import storage
from archyvas.forms_filing import FileItForm, MoveForm
from archyvas.models import FiledDocument, PlanStatus, may_manage, may_read
from archyvas.panels_filing import document_year, offer
from archyvas.selectors_filing import (
    fileable_kind_or_none,
    filed_from,
    kind_label,
    open_files,
    source_of,
)


def _back(request, fallback: str) -> str:
    """Where to return: the local page the form came from (``next``), else ``fallback``."""
    back = request.POST.get("next") or request.GET.get("next") or ""
    if back.startswith("/") and not back.startswith("//") and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return back
    return fallback


def _source(request, kind_name: str, key: str):
    """The fileable kind and the object behind ``key``, as the user may see it (else 404);
    then staff only (403)."""
    if not may_read(request.user):
        raise Http404
    kind = fileable_kind_or_none(kind_name)
    if kind is None:
        raise Http404
    obj = kind.find(key, request.user)
    if obj is None:
        raise Http404
    if not may_manage(request.user):
        raise PermissionDenied
    return kind, obj


def _source_page(obj, described) -> str:
    if described is not None and described.url:
        return described.url
    page = getattr(obj, "get_absolute_url", None)
    return page() if callable(page) else "/"


@login_required
@require_http_methods(["GET", "POST"])
def file_it(request, kind, key):
    """GET: the form (or where the document is filed); POST: file it, then back to the
    source's page with a message."""
    kind, obj = _source(request, kind, key)
    user = request.user
    filed = filed_from(kind.model, str(obj.pk))
    described = kind.describe(obj, user) if filed is None else None
    back = _back(request, _source_page(obj, described))
    files = open_files(document_year(described)) if described is not None else []
    if request.method == "POST":
        if filed is not None:
            messages.info(request, _("This document is already filed in %(file)s.")
                          % {"file": services.where_filed(filed)})
            return redirect(back)
        if described is None:
            messages.error(request, _("This document cannot be filed now (it is not "
                                      "finished, or its file is no longer kept)."))
            return redirect(back)
        form = FileItForm(request.POST, files=files)
        if form.is_valid():
            try:
                document = services.file_document(
                    kind=kind, obj=obj, plan_file=form.cleaned_data["plan_file"], by=user,
                    note=form.cleaned_data["note"])
            except services.Refused as refusal:
                form.add_error(None, " ".join(refusal.messages))
            else:
                messages.success(request, _("Filed in %(file)s.")
                                 % {"file": services.where_filed(document)})
                return redirect(back)
        item = {**offer(kind, described, files), "form": form}
    else:
        item = offer(kind, described, files) if described is not None else {}
    subkind = described.subkind if described is not None else (filed.subkind if filed else "")
    return render(request, "archyvas/file_it.html", {
        "kind": kind, "kind_label": kind_label(kind.name, subkind), "source": obj,
        "filed": filed, "described": described, "item": item, "back": back},
        status=400 if request.method == "POST" else 200)


def _crumbs(document: FiledDocument) -> list:
    plan_file = document.plan_file
    return [(plan_file.plan.get_absolute_url(), str(plan_file.plan)),
            (plan_file.get_absolute_url(), f"{plan_file.index} {plan_file.title}")]


def _filed(request, pk) -> FiledDocument:
    return get_object_or_404(FiledDocument.objects.visible_to(request.user).select_related(
        "plan_file__plan", "filed_by", "library"), pk=pk)


@login_required
@require_GET
def filed_detail(request, pk):
    document = _filed(request, pk)
    plan = document.plan_file.plan
    source = source_of(document, request.user)
    return render(request, "archyvas/filed_detail.html", {
        "document": document, "kind_label": kind_label(document.kind, document.subkind),
        "crumbs": _crumbs(document),
        "source_url": document.source_url if source is not None else "",
        "can_move": may_manage(request.user) and plan.status == PlanStatus.APPROVED,
    })


@login_required
@require_GET
def filed_file(request, pk):
    """The archive's copy, to whoever sees the filed document; 404 once destroyed."""
    return storage.file_response(_filed(request, pk), fallback="dokumentas")


@login_required
@require_http_methods(["GET", "POST"])
def filed_move(request, pk):
    document = _filed(request, pk)
    if not may_manage(request.user):
        raise PermissionDenied
    plan = document.plan_file.plan
    if plan.status != PlanStatus.APPROVED:
        messages.error(request, _("The year %(year)s is closed: its documents stay where "
                                  "they are.") % {"year": plan.year}
                       if plan.status == PlanStatus.CLOSED else
                       _("The file plan of %(year)s is not approved.") % {"year": plan.year})
        return redirect(document)
    files = [f for f in open_files(plan.year) if f.pk != document.plan_file_id]
    form = MoveForm(request.POST or None, files=files)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.move_filed(document=document,
                                        plan_file=form.cleaned_data["plan_file"],
                                        by=request.user)
        except services.Refused as refusal:
            form.add_error(None, " ".join(refusal.messages))
        else:
            messages.success(request, _("Moved to %(file)s.")
                             % {"file": services.where_filed(moved)})
            return redirect(moved)
    return render(request, "archyvas/filed_move.html", {
        "document": document, "form": form, "files": files,
        "crumbs": [*_crumbs(document), (document.get_absolute_url(), document.title)]},
        status=400 if form.is_bound else 200)
