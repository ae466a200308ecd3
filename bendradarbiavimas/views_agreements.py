"""Agreements: the register (filters, export, the year's XLSX), adding and editing one
(the signed file checked by content), its page, history, the file served only through the
portal, and terminating it.

Staff and management only: to a librarian every agreement page is a 404 (the list too: for
them the register does not exist), to management a write page is a 403."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.filters_partners import AgreementFilter
from bendradarbiavimas.forms_partners import (
    AgreementForm,
    TerminateForm,
)
from bendradarbiavimas.models import Agreement, Partner, may_manage
from bendradarbiavimas.views_partners import FORM_TEMPLATE, ComputedColumn, form_errors
from portalas import files
from portalas.ordering import sorted_lt
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)

# --- agreements -------------------------------------------------------------------------------
# Staff and management only: to a librarian every agreement page is a 404 (the list too:
# for them the register does not exist), to management a write page is a 403.

class AgreementsHidden:
    """Librarians: 404 (the agreements do not exist for them); management on a write page:
    403."""

    def check_role(self) -> None:
        user = self.request.user
        if not services.may_read(user):
            raise Http404
        if getattr(self, "writes", False) and not may_manage(user):
            raise PermissionDenied


def _agreement_columns():
    labels = services.status_labels()

    def status(agreement):
        return str(labels[services.agreement_status(agreement)])

    def parties(agreement):
        return "; ".join(sorted_lt(p.organisation.name for p in agreement.partners.all()))

    return [
        Column("number", gettext_lazy("Number"), sort="number"),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("kind", gettext_lazy("Kind"), sort="kind", text=False),
        ComputedColumn("parties", gettext_lazy("Parties"), compute=parties),
        Column("starts_on", gettext_lazy("Valid from"), sort="starts_on", text=False),
        Column("ends_on", gettext_lazy("Valid until"), sort="ends_on", text=False),
        ComputedColumn("status", gettext_lazy("Status"), compute=status),
    ]


class AgreementListView(AgreementsHidden, ScopedListView):
    model = Agreement
    filterset_class = AgreementFilter
    template_name = "bendradarbiavimas/agreements_list.html"
    results_template = "bendradarbiavimas/_agreements_results.html"
    title = gettext_lazy("Agreements")
    description = gettext_lazy("Cooperation agreements and memoranda with partners: parties, "
                               "dates, subject, obligations and the signed file.")
    empty_text = gettext_lazy("No agreements match the filter.")
    export_name = "sutartys"
    default_sort = "-starts_on"

    @property
    def columns(self):
        return _agreement_columns()

    def refine(self, queryset):
        return queryset.prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation")))

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        horizon = services.expiry_horizon(today)
        labels = services.status_labels()
        for row in context["rows"]:
            row["status"] = services.agreement_status(row["object"], today=today,
                                                      horizon=horizon)
            row["status_label"] = labels[row["status"]]
        year = self.request.GET.get("year", "")
        context.update({"can_manage": may_manage(self.request.user),
                        "register_year": int(year) if year.isdigit() and 1990 <= int(year)
                        <= 2100 else today.year})
        return context


class AgreementFormMixin:
    model = Agreement
    form_class = AgreementForm
    template_name = FORM_TEMPLATE
    writes = True
    list_url_name = "bendradarbiavimas:agreement_list"
    list_title = gettext_lazy("Agreements")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        editing = getattr(self, "object", None) is not None
        context.update({
            "page_title": _("Edit the agreement") if editing else _("New agreement"),
            "back_url": self.object.get_absolute_url() if editing
            else reverse("bendradarbiavimas:agreement_list"),
            "parent": self.object if editing else None, "multipart": True})
        return context


class AgreementCreateView(AgreementsHidden, AgreementFormMixin, ScopedCreateView):
    def get_initial(self):
        initial = {"responsible": self.request.user.pk}
        raw = self.request.GET.get("partner", "")
        if raw.isdigit() and len(raw) < 12:
            partner = Partner.objects.visible_to(self.request.user).filter(pk=int(raw)).first()
            if partner is not None:
                initial["partners"] = [partner.pk]
        return initial

    def form_valid(self, form):
        agreement = form.save(commit=False)
        try:
            agreement = services.create_agreement(
                agreement, by=self.request.user, partners=form.cleaned_data["partners"],
                libraries=form.cleaned_data.get("libraries") or [])
        except services.Refused as refusal:
            form_errors(form, refusal)
            return self.form_invalid(form)
        self.object = agreement
        messages.success(self.request, _("The agreement has been saved."))
        return redirect(agreement)


class AgreementUpdateView(AgreementsHidden, AgreementFormMixin, ScopedUpdateView):
    def form_valid(self, form):
        agreement = form.save(commit=False)
        try:
            services.update_agreement(agreement, by=self.request.user,
                                      partners=form.cleaned_data["partners"],
                                      libraries=form.cleaned_data.get("libraries") or [])
        except services.Refused as refusal:
            form_errors(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The agreement has been saved."))
        return redirect(agreement)


class AgreementDetailView(AgreementsHidden, ScopedDetailView):
    model = Agreement
    template_name = "bendradarbiavimas/agreements_detail.html"
    context_object_name = "agreement"

    def refine(self, queryset):
        return queryset.select_related("responsible", "created_by").prefetch_related(
            Prefetch("partners", queryset=Partner.objects.select_related("organisation")),
            "libraries")

    def get_context_data(self, **kwargs):
        from django.utils import timezone

        context = super().get_context_data(**kwargs)
        agreement = self.object
        status = services.agreement_status(agreement)
        context.update({
            "can_manage": may_manage(self.request.user), "status": status,
            "status_label": services.status_labels()[status],
            "libraries": sorted_lt(agreement.libraries.all(), key=lambda lib: lib.name),
            "terminate_form": TerminateForm(initial={"terminated_on": timezone.localdate()}),
        })
        return context


class AgreementHistoryView(AgreementsHidden, ScopedHistoryView):
    model = Agreement


def _agreement(request, pk) -> Agreement:
    if not services.may_read(request.user):
        raise Http404
    return get_object_or_404(Agreement.objects.visible_to(request.user), pk=pk)


@require_GET
def agreement_file(request, pk):
    """The signed agreement, for staff and management (never a public media address); its
    type told by its content, as a download."""
    agreement = _agreement(request, pk)
    stored = agreement.file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = services.file_kind(handle)
    if kind is None:
        handle.close()
        raise Http404
    name = services.clean_file_name(stored.name, kind)
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind], as_attachment=True,
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def agreement_terminate(request, pk):
    agreement = _agreement(request, pk)
    if not may_manage(request.user):
        raise PermissionDenied
    form = TerminateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(agreement)
    try:
        services.terminate_agreement(agreement, by=request.user,
                                     on=form.cleaned_data["terminated_on"],
                                     reason=form.cleaned_data.get("reason") or "")
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The agreement has been marked terminated."))
    return redirect(agreement)
