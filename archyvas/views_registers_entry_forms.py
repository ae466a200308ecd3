"""The forms of the registered documents: the quick registration (also of an answer to an
incoming document; an htmx GET with the typed values re-renders it for another register or
year), a document's edit (safe against two editors) and "answered without a letter".

Who: staff only (``may_manage``): a 403 to anyone else on the registration; on a document's
forms a 404 to whoever may not see the document, then a 403 to management."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archyvas import selectors_registers as selectors
from archyvas import services_registers as services
from archyvas.forms_registers import AnsweredForm, EntryForm, EntryUpdateForm, refusal_to_form
from archyvas.models import Register, RegisterEntry, RegisterKind, may_manage
from archyvas.views_registers_entries import (
    LIST_TITLE,
    entry_crumbs,
    entry_of,
    require_manager,
    year_open,
)
from portalas.access import role_required
from portalas.views import ScopedUpdateView, VersionedUpdateMixin

#: What the quick registration takes from its address (``?register=3&plan_file=7``).
INITIAL_FIELDS = ("register", "registered_on", "document_date", "their_number",
                  "correspondent", "title", "plan_file", "responsible", "answer_due", "note")


# --- registering ------------------------------------------------------------------------------

def _date_text(day) -> str:
    return day.isoformat() if day else ""


def _reply_initial(incoming: RegisterEntry, user) -> dict:
    """An answer to ``incoming``: an outgoing register, the same correspondent and person
    responsible, the same file index in this year's plan."""
    today = timezone.localdate()
    outgoing = (Register.objects.visible_to(user)
                .filter(active=True, kind=RegisterKind.OUTGOING).first())
    plan_file = None
    if incoming.plan_file_id:
        plan_file = (selectors.open_files(today.year)
                     .filter(index=incoming.plan_file.index).first())
    return {"register": outgoing.pk if outgoing else None,
            "correspondent": incoming.correspondent, "title": incoming.title,
            "plan_file": plan_file.pk if plan_file else None,
            "responsible": incoming.responsible_id, "reply_to": incoming.pk}


def _reply_to(request, source) -> RegisterEntry | None:
    value = source.get("reply_to", "")
    if not value:
        return None
    if not str(value).isdigit():
        raise Http404
    return get_object_or_404(RegisterEntry.objects.visible_to(request.user)
                             .select_related("register", "plan_file", "responsible")
                             .filter(register__kind=RegisterKind.INCOMING), pk=value)


def _another_url(entry: RegisterEntry) -> str:
    params = {"register": entry.register_id}
    if entry.plan_file_id:
        params["plan_file"] = entry.plan_file_id
    if entry.registered_on != timezone.localdate():
        params["registered_on"] = entry.registered_on.isoformat()
    return f"{reverse('archyvas:entry_create')}?{urlencode(params)}"


@role_required(may_manage)
def entry_create(request):
    """The quick registration (GET ``?register=``, ``?reply_to=``; an htmx GET with the
    typed values re-renders the form for another register or year)."""
    source = request.POST if request.method == "POST" else request.GET
    reply_to = _reply_to(request, source)
    if request.method == "POST":
        form = EntryForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                entry = services.register_document(by=request.user,
                                                   **form.service_arguments())
            except services.Refused as refusal:
                refusal_to_form(form, refusal)
            else:
                messages.success(request, _("Registered: %(number)s “%(title)s”.")
                                 % {"number": entry.full_number, "title": entry.title})
                if "another" in request.POST:
                    return redirect(_another_url(entry))
                return redirect(entry)
    else:
        initial = {"registered_on": _date_text(timezone.localdate())}
        if reply_to is not None and not request.GET.get("register"):
            initial.update(_reply_initial(reply_to, request.user))
        initial.update({name: request.GET[name] for name in INITIAL_FIELDS
                        if request.GET.get(name)})
        if reply_to is not None:
            initial["reply_to"] = reply_to.pk
        form = EntryForm(initial=initial, user=request.user)
    return render(request, "archyvas/entry_form.html", {
        "form": form, "reply_to": reply_to, "list_url": reverse("archyvas:entry_list"),
        "crumbs": [(reverse("archyvas:entry_list"), LIST_TITLE)],
        "title": _("Register the answer") if reply_to is not None
        else _("Register a document")})



class EntryUpdateView(VersionedUpdateMixin, ScopedUpdateView):
    model = RegisterEntry
    form_class = EntryUpdateForm
    allowed = staticmethod(may_manage)
    template_name = "archyvas/entry_form.html"
    stale_message = gettext_lazy(
        "%(name)s saved this document after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the document (open it in another "
        "tab), then save again to keep yours.")

    def refine(self, queryset):
        return queryset.select_related("register", "plan_file", "responsible")

    def get(self, request, *args, **kwargs):
        entry = self.scoped_object()
        if not year_open(entry.year):
            messages.error(request, _("The year %(year)s is closed: its documents are kept "
                                      "as they are.") % {"year": entry.year})
            return redirect(entry)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"title": _("Edit %(number)s") % {"number": self.object.full_number},
                        "crumbs": entry_crumbs(self.object)})
        return context

    def form_valid(self, form):
        try:
            entry = services.update_entry(entry=self.object, by=self.request.user,
                                          version=self.seen_version(), file=form.file_data,
                                          file_name=form.file_name, **form.changed_values())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, RegisterEntry.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The document %(number)s has been saved.")
                         % {"number": entry.full_number})
        return redirect(entry)



def entry_answered(request, pk):
    """Mark an incoming document answered without a letter (GET: the form)."""
    entry = entry_of(request, pk)
    require_manager(request)
    if entry.register.kind != RegisterKind.INCOMING or entry.answered_on is not None:
        messages.info(request, _("The document is not waiting for an answer."))
        return redirect(entry)
    if request.method == "POST":
        form = AnsweredForm(request.POST)
        if form.is_valid():
            try:
                services.mark_answered(entry=entry, by=request.user,
                                       answered_on=form.cleaned_data["answered_on"],
                                       note=form.cleaned_data["note"])
            except services.Refused as refusal:
                refusal_to_form(form, refusal)
            else:
                messages.success(request, _("%(number)s is marked answered.")
                                 % {"number": entry.full_number})
                return redirect(entry)
    else:
        form = AnsweredForm(initial={"answered_on": _date_text(timezone.localdate())})
    return render(request, "archyvas/entry_answered.html", {
        "entry": entry, "form": form, "crumbs": entry_crumbs(entry)})

