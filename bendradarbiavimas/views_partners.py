"""Partners: the list (filters, export), adding one (an organisation of the list or a new
one), its page (the organisation, the libraries, contacts, agreements, the contact log and
the joint activities), editing, history; its contacts and contact log.

Who: staff write (403 to management); management read everything; a territory librarian
reads the partners their library works with — the organisation, the libraries and the
joint activities they may see, not contacts, agreements or the log. Another library's
partner is a 404; a write page closed to the role a 403 (the create page too, as
viesinimas does)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from bendradarbiavimas import selectors_partners as selectors
from bendradarbiavimas import services_partners as services
from bendradarbiavimas.filters_partners import PartnerFilter
from bendradarbiavimas.forms_partners import (
    ContactCreateForm,
    ContactForm,
    LogForm,
    PartnerCreateForm,
    PartnerForm,
)
from bendradarbiavimas.models import Agreement, ContactLog, Partner, PartnerContact, may_manage
from bibliotekos.models import Library
from portalas.ordering import sorted_lt
from portalas.views import (
    Column,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)

FORM_TEMPLATE = "bendradarbiavimas/partners_form.html"
LOG_SHOWN = 50


def form_errors(form, refusal) -> None:
    """A service's refusal as the form's errors (on the field it names, if the form has
    it)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _posted(request):
    """The POST data of a POST (even an empty one: a bound form says what is missing)."""
    return request.POST if request.method == "POST" else None


# --- the list ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ComputedColumn(Column):
    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def library_names(partner) -> str:
    return "; ".join(sorted_lt(library.name for library in partner.libraries.all()))


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


COLUMNS = [
    Column("organisation.name", gettext_lazy("Name"), sort="organisation__name", link=True),
    Column("organisation.kind", gettext_lazy("Type"), sort="organisation__kind", text=False),
    Column("organisation.country", gettext_lazy("Country"), sort="organisation__country",
           text=False),
    ComputedColumn("libraries", gettext_lazy("Libraries"), compute=library_names),
    Column("since", gettext_lazy("Partner since"), sort="since", text=False),
    ComputedColumn("active", gettext_lazy("Active"), sort="active", text=False,
                   compute=lambda p: _yes_no(p.active)),
]
EXPORT_COLUMNS = [
    *COLUMNS,
    Column("organisation.short_name", gettext_lazy("Short name")),
    Column("organisation.website", gettext_lazy("Website")),
    Column("areas", gettext_lazy("Fields of cooperation")),
]


def _visible_libraries(user):
    return Prefetch("libraries", queryset=Library.objects.visible_to(user).order_by("name"))


class PartnerListView(ScopedListView):
    model = Partner
    filterset_class = PartnerFilter
    template_name = "bendradarbiavimas/partners_list.html"
    results_template = "bendradarbiavimas/_partners_results.html"
    title = gettext_lazy("Partners")
    description = gettext_lazy("Lithuanian and foreign libraries, institutions and "
                               "organisations the department and the territory libraries "
                               "cooperate with.")
    empty_text = gettext_lazy("No partners match the filter.")
    export_name = "partneriai"
    default_sort = "organisation__name"
    columns = COLUMNS

    def refine(self, queryset):
        return (queryset.select_related("organisation")
                .prefetch_related(_visible_libraries(self.request.user)))

    def export(self, fmt: str):
        self.columns = EXPORT_COLUMNS
        return super().export(fmt)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"can_manage": may_manage(self.request.user),
                        "can_read": services.may_read(self.request.user)})
        return context


# --- adding and editing -----------------------------------------------------------------------

def _form_page(request, form, *, title, back_url, list_url=None, list_title=None,
               parent=None, multipart=False):
    return render(request, FORM_TEMPLATE, {
        "form": form, "page_title": title, "back_url": back_url,
        "list_url": list_url or reverse("bendradarbiavimas:partner_list"),
        "list_title": list_title or _("Partners"), "parent": parent,
        "multipart": multipart})


@require_http_methods(["GET", "POST"])
def partner_create(request):
    if not may_manage(request.user):
        raise PermissionDenied
    form = PartnerCreateForm(_posted(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partner = services.create_partner(
                by=request.user, organisation=data.get("organisation"),
                new_organisation=form.new_organisation(), areas=data.get("areas") or "",
                since=data.get("since"), libraries=data.get("libraries") or [],
                active=data.get("active", False), note=data.get("note") or "")
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The partner has been added."))
            return redirect(partner)
    return _form_page(request, form, title=_("Add a partner"),
                      back_url=reverse("bendradarbiavimas:partner_list"))


class PartnerUpdateView(ScopedUpdateView):
    model = Partner
    form_class = PartnerForm
    template_name = FORM_TEMPLATE
    allowed = staticmethod(may_manage)
    list_url_name = "bendradarbiavimas:partner_list"
    list_title = gettext_lazy("Partners")

    def refine(self, queryset):
        return queryset.select_related("organisation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"page_title": _("Edit the partner"),
                        "back_url": self.object.get_absolute_url(), "parent": self.object})
        return context

    def form_valid(self, form):
        partner = form.save(commit=False)
        try:
            services.update_partner(partner, by=self.request.user,
                                    libraries=form.cleaned_data.get("libraries") or [])
        except services.Refused as refusal:
            form_errors(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The partner has been saved."))
        return redirect(partner)


# --- one partner ------------------------------------------------------------------------------

class PartnerDetailView(ScopedDetailView):
    model = Partner
    template_name = "bendradarbiavimas/partners_detail.html"
    context_object_name = "partner"

    def refine(self, queryset):
        return (queryset.select_related("organisation", "created_by")
                .prefetch_related(_visible_libraries(self.request.user)))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partner, user = self.object, self.request.user
        can_read = services.may_read(user)
        context.update({
            "can_manage": may_manage(user), "can_read": can_read,
            "libraries": sorted_lt(partner.libraries.all(), key=lambda lib: lib.name),
            "joint": selectors.joint_activities(partner, user),
        })
        if can_read:
            contacts = (PartnerContact.objects.visible_to(user).filter(partner=partner)
                        .select_related("person"))
            agreements = list(Agreement.objects.visible_to(user)
                              .filter(partners=partner).order_by("-starts_on", "-pk"))
            for agreement in agreements:
                agreement.status = services.agreement_status(agreement)
            labels = services.status_labels()
            log = list(ContactLog.objects.visible_to(user).filter(partner=partner)
                       .select_related("project", "event", "publication", "created_by")
                       .prefetch_related("libraries")[:LOG_SHOWN + 1])
            context.update({"contacts": list(contacts), "agreements": agreements,
                            "status_labels": labels, "log": log[:LOG_SHOWN],
                            "log_more": len(log) > LOG_SHOWN})
        return context


class PartnerHistoryView(ScopedHistoryView):
    model = Partner


# --- contacts ---------------------------------------------------------------------------------

def _partner_for_writing(request, pk) -> Partner:
    partner = get_object_or_404(Partner.objects.visible_to(request.user)
                                .select_related("organisation"), pk=pk)
    if not may_manage(request.user):
        raise PermissionDenied
    return partner


def _contact(request, pk) -> PartnerContact:
    contact = get_object_or_404(PartnerContact.objects.visible_to(request.user)
                                .select_related("partner__organisation", "person"), pk=pk)
    if not may_manage(request.user):
        raise PermissionDenied
    return contact


@require_http_methods(["GET", "POST"])
def contact_create(request, pk):
    partner = _partner_for_writing(request, pk)
    form = ContactCreateForm(_posted(request), user=request.user, partner=partner)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_contact(partner=partner, by=request.user, person=data.get("person"),
                                 new_person=form.new_person(), role=data.get("role") or "",
                                 consent=data.get("consent", False),
                                 consent_on=data.get("consent_on"),
                                 consent_note=data.get("consent_note") or "")
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The contact has been added."))
            return redirect(f"{partner.get_absolute_url()}#partner-contacts")
    return _form_page(request, form, title=_("Add a contact"),
                      back_url=partner.get_absolute_url(), parent=partner)


@require_http_methods(["GET", "POST"])
def contact_update(request, pk):
    contact = _contact(request, pk)
    partner = contact.partner
    form = ContactForm(_posted(request), instance=contact, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_contact(form.save(commit=False), by=request.user)
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect(f"{partner.get_absolute_url()}#partner-contacts")
    return _form_page(request, form, title=_("Contact: %(name)s") % {"name": contact.person},
                      back_url=partner.get_absolute_url(), parent=partner)


@require_POST
def contact_delete(request, pk):
    contact = _contact(request, pk)
    partner = contact.partner
    services.delete_contact(contact, by=request.user)
    messages.success(request, _("The contact has been removed."))
    return redirect(f"{partner.get_absolute_url()}#partner-contacts")


# --- the contact log --------------------------------------------------------------------------

def _log_entry(request, pk) -> ContactLog:
    entry = get_object_or_404(ContactLog.objects.visible_to(request.user)
                              .select_related("partner__organisation"), pk=pk)
    if not may_manage(request.user):
        raise PermissionDenied
    return entry


def _initial_log(request) -> dict:
    from django.utils import timezone

    initial = {"happened_on": timezone.localdate()}
    for name in ("project", "event", "publication"):
        raw = request.GET.get(name, "")
        if raw.isdigit() and len(raw) < 12:
            initial[name] = int(raw)
    return initial


@require_http_methods(["GET", "POST"])
def log_create(request, pk):
    partner = _partner_for_writing(request, pk)
    form = LogForm(_posted(request), user=request.user, initial=_initial_log(request),
                   instance=ContactLog(partner=partner))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_log(form.save(commit=False), by=request.user,
                             libraries=form.cleaned_data.get("libraries") or [])
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The contact has been logged."))
            return redirect(f"{partner.get_absolute_url()}#partner-log")
    return _form_page(request, form, title=_("Log a contact"),
                      back_url=partner.get_absolute_url(), parent=partner)


@require_http_methods(["GET", "POST"])
def log_update(request, pk):
    entry = _log_entry(request, pk)
    partner = entry.partner
    form = LogForm(_posted(request), user=request.user, instance=entry)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_log(form.save(commit=False), by=request.user,
                                libraries=form.cleaned_data.get("libraries") or [])
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The contact has been saved."))
            return redirect(f"{partner.get_absolute_url()}#partner-log")
    return _form_page(request, form, title=_("Edit the contact log entry"),
                      back_url=partner.get_absolute_url(), parent=partner)


@require_POST
def log_delete(request, pk):
    entry = _log_entry(request, pk)
    partner = entry.partner
    services.delete_log(entry, by=request.user)
    messages.success(request, _("The log entry has been deleted."))
    return redirect(f"{partner.get_absolute_url()}#partner-log")
