"""Pages of the destruction acts: the list, an act's page (its files with their appraisal
and documents, the status, the history), a new draft from the appraisal form, a draft's
edit (safe against two editors at once), and the frozen PDF of an approved act.

Reads start from ``DestructionAct.objects.visible_to`` (staff and management; anyone else
a 404 for an act, a 403 for the list); staff write (management: 403). The moves (submit,
approve, return) are in ``views_yearend_moves``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from archyvas import selectors_yearend as selectors
from archyvas import services_yearend as services
from archyvas.forms_yearend import ActFilter, ActForm
from archyvas.models import ActStatus, Appraisal, DestructionAct, may_approve, may_manage, may_read
from archyvas.views_yearend import appraisal_form, expired_page, yearend_crumbs
from portalas.access import role_required
from portalas.views import (
    Column,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
    history_entries,
)

__all__ = ["ActDetailView", "ActListView", "ActUpdateView", "act_create", "act_crumbs",
           "act_file", "act_of"]

LIST_TITLE = gettext_lazy("Destruction acts")


def act_of(request, pk) -> DestructionAct:
    return get_object_or_404(DestructionAct.objects.visible_to(request.user), pk=pk)


def act_crumbs(act=None) -> list:
    crumbs = yearend_crumbs((reverse("archyvas:act_list"), LIST_TITLE))
    if act is not None:
        crumbs.append((act.get_absolute_url(), str(act)))
    return crumbs


class ActListView(ScopedListView):
    model = DestructionAct
    allowed = staticmethod(may_read)
    filterset_class = ActFilter
    title = LIST_TITLE
    description = gettext_lazy("Acts for files whose retention ended: prepared by staff, "
                               "approved by management; once approved, the stored files of "
                               "the files to destroy are deleted and the act remains.")
    template_name = "archyvas/act_list.html"
    actions_template = "archyvas/_act_list_actions.html"
    export_name = "naikinimo-aktai"
    empty_text = gettext_lazy("No destruction acts match the filter.")
    default_sort = "-compiled_on"
    columns = [
        Column("number", gettext_lazy("Act"), template="archyvas/_act_title_cell.html"),
        Column("year", gettext_lazy("Year"), sort="year", text=False),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="archyvas/_act_status_cell.html"),
        Column("compiled_on", gettext_lazy("Compiled on"), sort="compiled_on", text=False),
        Column("item_count", gettext_lazy("Files"), text=False, numeric=True),
        Column("approved_on", gettext_lazy("Approved on"), sort="approved_on", text=False),
    ]

    def refine(self, queryset):
        return queryset.select_related("approved_by").annotate(item_count=Count("items"))

    def order(self, queryset):
        if self.sort_key() == "-compiled_on":
            return queryset.order_by("-year", "-number")
        return super().order(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = may_manage(self.request.user)
        context["crumbs"] = yearend_crumbs()
        return context


@role_required(may_manage)
def act_create(request):
    """A new draft act (or more files for a draft) from the appraisal form; the form's
    page is the list of files whose retention ended."""
    if request.method != "POST":
        return redirect("archyvas:expired_list")
    form = appraisal_form(request, data=request.POST)
    if form.is_valid():
        target = form.target()
        try:
            if target is not None:
                act = services.add_to_act(act=target, by=request.user, choices=form.choices())
            else:
                act = services.create_act(by=request.user, choices=form.choices(),
                                          basis=form.cleaned_data["basis"])
        except services.Refused as refusal:
            form.add_error(None, refusal.messages)
        else:
            count = len(form.choices())
            messages.success(request, ngettext(
                "%(n)s file is in %(act)s. Check the appraisal and submit the act for "
                "approval.", "%(n)s files are in %(act)s. Check the appraisal and submit the "
                "act for approval.", count) % {"n": count, "act": act})
            return redirect(act)
    return expired_page(request, form=form)


class ActDetailView(ScopedDetailView):
    model = DestructionAct
    allowed = staticmethod(may_read)
    template_name = "archyvas/act_detail.html"
    context_object_name = "act"

    def refine(self, queryset):
        return queryset.select_related("compiled_by", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        act, user = self.object, self.request.user
        items = selectors.act_items(act)
        destroy = [i for i in items if i.decision == Appraisal.DESTROY]
        can_manage, is_draft = may_manage(user), act.status == ActStatus.DRAFT
        submitted = act.status == ActStatus.SUBMITTED
        context.update({
            "items": items, "destroy_count": len(destroy),
            "extend_count": len(items) - len(destroy),
            "document_count": sum(i.documents for i in destroy),
            "entries": history_entries(act.history.all(), limit=50),
            "can_edit": can_manage and is_draft,
            "can_submit": can_manage and is_draft and bool(items),
            "can_decide": may_approve(user) and submitted,
            "has_file": bool(act.file) and act.status in (ActStatus.APPROVED,
                                                          ActStatus.EXECUTED),
            "timeline": timeline(act), "crumbs": act_crumbs(),
            "act_params": {"act": str(act.pk)},
        })
        return context


def timeline(act: DestructionAct) -> list[dict]:
    """The act's steps: done, the current one, the next ones."""
    order = [ActStatus.DRAFT, ActStatus.SUBMITTED, ActStatus.APPROVED, ActStatus.EXECUTED]
    submitted = (act.history.filter(status=ActStatus.SUBMITTED).order_by("-history_date")
                 .values_list("history_date", flat=True).first()
                 if act.status != ActStatus.DRAFT else None)
    when = {ActStatus.DRAFT: act.compiled_on.isoformat(),
            ActStatus.SUBMITTED: timezone.localtime(submitted).strftime("%Y-%m-%d %H:%M")
            if submitted else "",
            ActStatus.APPROVED: act.approved_on.isoformat() if act.approved_on else "",
            ActStatus.EXECUTED: timezone.localtime(act.executed_at).strftime("%Y-%m-%d %H:%M")
            if act.executed_at else ""}
    now = order.index(act.status)
    return [{"label": ActStatus(status).label, "when": when.get(status, "") if i <= now else "",
             "state": "done" if i < now else "current" if i == now else "next"}
            for i, status in enumerate(order)]


class ActUpdateView(VersionedUpdateMixin, ScopedUpdateView):
    model = DestructionAct
    form_class = ActForm
    allowed = staticmethod(may_manage)
    template_name = "archyvas/act_form.html"
    stale_message = gettext_lazy(
        "%(name)s saved this act after you opened it, so your changes have not been saved. "
        "They are still below: compare them with the act (open it in another tab), then "
        "save again to keep yours.")

    def get(self, request, *args, **kwargs):
        act = self.scoped_object()
        if act.status != ActStatus.DRAFT:
            messages.error(request, _("Only a draft act can be changed; this one is "
                                      "“%(status)s”.") % {"status": act.get_status_display()})
            return redirect(act)
        return self.render_to_response(self.get_context_data())

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["items"] = selectors.act_items(self.object)
        kwargs["addable"] = selectors.appraisable(self.request.user, timezone.localdate(),
                                                  act=self.object)
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = act_crumbs(self.object)
        return context

    def form_valid(self, form):
        try:
            act = services.update_act(
                act=self.object, by=self.request.user, seen_version=self.seen_version(),
                basis=form.cleaned_data["basis"], decisions=form.decisions(),
                remove=form.removed(), add=form.added())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, DestructionAct.objects.get(pk=self.object.pk))
            form.add_error(None, refusal.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The act has been saved."))
        return redirect(act)


@require_GET
@login_required
def act_file(request, pk):
    """The approved act's frozen PDF (staff and management; 404 to anyone else, and before
    approval)."""
    act = act_of(request, pk)
    stored = act.file
    if (act.status not in (ActStatus.APPROVED, ActStatus.EXECUTED) or not stored
            or not stored.storage.exists(stored.name)):
        raise Http404
    response = FileResponse(stored.open("rb"), content_type="application/pdf",
                            as_attachment=True,
                            filename=f"dokumentu-naikinimo-aktas-{act.year}-{act.number}.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response
