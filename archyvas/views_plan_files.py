"""Pages of a plan's files: a file's page (its header with the retention, and the documents
registered and filed into it, each table paged), a new file of a draft plan, a file's
editing (everything while the plan is a draft; once approved, its note, responsible
person and document kinds), its deletion and its place in the plan.

A file is found through ``PlanFile.objects.visible_to`` (anyone but staff and management
gets a 404); the filed documents shown are those the user may see
(``FiledDocument.objects.visible_to``: a document only staff saw is not listed for
management). Writes go through ``services_plan``; management get a 403."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from archyvas import selectors_plan as selectors
from archyvas import services_plan as services
from archyvas.forms_plan import PlanFileForm, refusal_to_form
from archyvas.models import (
    FiledDocument,
    PlanFile,
    PlanStatus,
    RegisterEntry,
    RetentionClass,
    may_manage,
)
from archyvas.views_plan import plan_crumbs, plan_of, require

PER_PAGE = 25


def file_of(request, pk) -> PlanFile:
    return get_object_or_404(PlanFile.objects.visible_to(request.user)
                             .select_related("plan", "bdstr_item", "responsible"), pk=pk)


def _page(request, queryset, param: str):
    """One page of ``queryset`` by the query's ``param``, with the links to the pages
    beside it (the other table's page kept)."""
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))

    def link(number):
        query = request.GET.copy()
        query[param] = number
        return f"?{query.urlencode()}"

    return {"page": page,
            "previous": link(page.previous_page_number()) if page.has_previous() else "",
            "next": link(page.next_page_number()) if page.has_next() else ""}


def file_detail(request, pk):
    plan_file = file_of(request, pk)
    entries = (RegisterEntry.objects.visible_to(request.user).filter(plan_file=plan_file)
               .select_related("register").order_by("-registered_on", "-number", "-pk"))
    filed = (FiledDocument.objects.visible_to(request.user).filter(plan_file=plan_file)
             .order_by("-document_date", "-pk"))
    plan = plan_file.plan
    filed_page = _page(request, filed, "filed")
    for document in filed_page["page"]:
        document.kind_label = selectors.kind_label(
            f"{document.kind}:{document.subkind}"
            if document.subkind and document.kind == selectors.DOCUMENT_KIND else document.kind)
    return render(request, "archyvas/planfile_detail.html", {
        "file": plan_file, "plan": plan, "crumbs": plan_crumbs(plan),
        "entries": _page(request, entries, "registered"),
        "filed": filed_page,
        "retention_class": RetentionClass(plan_file.retention_class).label,
        "kinds": [selectors.kind_label(name) for name in plan_file.kinds or []],
        "can_edit": may_manage(request.user) and plan.status != PlanStatus.CLOSED,
    })


def _form_page(request, *, form, plan, title, plan_file=None):
    return render(request, "archyvas/planfile_form.html", {
        "form": form, "plan": plan, "file": plan_file, "title": title,
        "crumbs": plan_crumbs(plan), "fixed": plan.status != PlanStatus.DRAFT,
        "back_url": plan_file.get_absolute_url() if plan_file else
        plan.get_absolute_url() + "#files"})


def planfile_create(request, year):
    plan = plan_of(request, year)
    require(may_manage, request)
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("The plan is approved: no file can be added to it."))
        return redirect(plan)
    form = PlanFileForm(request.POST or None, instance=PlanFile(plan=plan), user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_file(plan_file=form.save(commit=False), by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The file has been added."))
            return redirect(plan.get_absolute_url() + "#files")
    return _form_page(request, form=form, plan=plan, title=_("New file"))


def planfile_update(request, pk):
    plan_file = file_of(request, pk)
    require(may_manage, request)
    plan = plan_file.plan
    if plan.status == PlanStatus.CLOSED:
        messages.error(request, _("The year is closed: its files are kept as they were."))
        return redirect(plan_file)
    form = PlanFileForm(request.POST or None, instance=plan_file, user=request.user,
                        fixed=plan.status != PlanStatus.DRAFT)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_file(plan_file=form.save(commit=False), by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The file has been saved."))
            return redirect(plan.get_absolute_url() + "#files")
    return _form_page(request, form=form, plan=plan, plan_file=plan_file,
                      title=_("File %(index)s") % {"index": plan_file.index})


def planfile_delete(request, pk):
    plan_file = file_of(request, pk)
    require(may_manage, request)
    plan = plan_file.plan
    if request.method == "POST":
        try:
            services.delete_file(plan_file=plan_file, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, _("File %(index)s has been deleted.")
                             % {"index": plan_file.index})
        return redirect(plan.get_absolute_url() + "#files")
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("The plan is approved: its files are kept."))
        return redirect(plan)
    return render(request, "archyvas/plan_confirm.html", {
        "plan": plan, "crumbs": plan_crumbs(plan), "danger": True,
        "title": _("Delete file %(index)s?") % {"index": plan_file.index},
        "intro": plan_file.title, "button": _("Delete"),
        "back_url": plan.get_absolute_url() + "#files"})


@require_POST
def planfile_move(request, pk):
    plan_file = file_of(request, pk)
    require(may_manage, request)
    step = 1 if request.POST.get("direction") == "down" else -1
    try:
        services.move_file(plan_file=plan_file, by=request.user, step=step)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    return redirect(f"{plan_file.plan.get_absolute_url()}#file-{plan_file.pk}")

