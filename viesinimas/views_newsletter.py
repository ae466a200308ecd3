"""The newsletter's pages: the archive, an issue as a web page, a new issue, the composer
(the draft's fields, its items, and the news the registered sources offer to tick), the
e-mail's preview and sending.

Reads start from ``Newsletter.objects.visible_to(user)`` (a draft is a 404 to a
librarian); a page closed to a whole role is a 403; every write goes through
``services_newsletter``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from portalas.access import role_required
from portalas.views import Column, ScopedDetailView, ScopedListView
from viesinimas import services_newsletter as service
from viesinimas.forms_newsletter import (
    ItemFormSet,
    NewsletterCreateForm,
    NewsletterForm,
    item_initial,
)
from viesinimas.models import Newsletter, NewsletterStatus


def _newsletter(request, pk) -> Newsletter:
    return get_object_or_404(Newsletter.objects.visible_to(request.user), pk=pk)


class NewsletterListView(ScopedListView):
    """The archive: every issue sent (staff and management also the drafts)."""

    model = Newsletter
    title = gettext_lazy("Newsletter")
    description = gettext_lazy("The department's digest for the territory's libraries: good "
                               "practices, trainings, calls and news.")
    empty_text = gettext_lazy("No issue has been sent yet.")
    actions_template = "viesinimas/_newsletter_list_actions.html"
    export_name = "naujienlaiskiai"
    paginate_by = 25
    columns = [
        Column("title", gettext_lazy("Issue"), link=True),
        Column("status", gettext_lazy("Status"), text=False),
        Column("sent_on", gettext_lazy("Sent"), sort="sent_at", text=False),
        Column("recipients", gettext_lazy("Recipients"), sort="recipients", text=False,
               numeric=True),
    ]

    def refine(self, queryset):
        return queryset.annotate(sent_on=TruncDate("sent_at"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["may_compose"] = service.may_compose(self.request.user)
        return context


class NewsletterDetailView(ScopedDetailView):
    """An issue as a web page (kept after it went out); for staff a draft's actions."""

    model = Newsletter
    template_name = "viesinimas/newsletter_detail.html"
    context_object_name = "newsletter"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        newsletter, user = self.object, self.request.user
        items = list(newsletter.items.all())
        compose = service.may_compose(user)
        draft = newsletter.status == NewsletterStatus.DRAFT
        context.update({
            "sections": service.sections(items), "items_count": len(items),
            "actions": {"edit": compose and draft, "send": compose and draft and bool(items),
                        "resume": compose and newsletter.status == NewsletterStatus.SENDING,
                        "preview": service.may_read_drafts(user)},
        })
        if compose and draft:
            context["recipients_count"] = service.recipients().count()
        if newsletter.status == NewsletterStatus.SENDING and service.may_read_drafts(user):
            context["progress"] = service.progress(newsletter)
        return context


@role_required(service.may_compose)
@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_create(request):
    """A new issue: the next number, news since the last issue; then the composer."""
    form = NewsletterCreateForm(request.POST or None,
                                initial={"covers_from": service.default_covers_from()})
    if request.method == "POST" and form.is_valid():
        try:
            newsletter = service.create_newsletter(by=request.user, **form.cleaned_data)
        except service.Refused as refusal:
            _add_errors(form, refusal)
        else:
            messages.success(request, _("The issue has been created: choose what goes in."))
            return redirect("viesinimas:newsletter_update", newsletter.pk)
    return render(request, "viesinimas/newsletter_create.html", {"form": form})


def _add_errors(form, refusal) -> None:
    if not hasattr(refusal, "error_dict"):
        form.add_error(None, refusal)
        return
    for field, errors in refusal.error_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _picked(groups, keys) -> list[dict]:
    chosen = set(keys)
    return [row for group in groups for row in group["items"]
            if row["key"] in chosen and not row["taken"]]


@require_http_methods(["GET", "HEAD", "POST"])
def newsletter_update(request, pk):
    """The composer of a draft: its fields, its items (edit, reorder, remove, add one's
    own) and the news since its date to tick. The version the page was opened with
    travels in a hidden field: the second of two editors is refused, their typing kept."""
    newsletter = _newsletter(request, pk)        # a draft is a 404 to a librarian
    if not service.may_compose(request.user):
        raise PermissionDenied
    if newsletter.status != NewsletterStatus.DRAFT:
        messages.error(request, _("This issue has been sent: it is kept as it went out and "
                                  "is not edited."))
        return redirect(newsletter)
    items = list(newsletter.items.all())
    version = newsletter.version
    if request.method == "POST":
        form = NewsletterForm(request.POST)
        formset = ItemFormSet(request.POST, prefix="items")
        seen = request.POST.get("version", "")
        seen_version = int(seen) if seen.isdigit() else -1
        if form.is_valid() and formset.is_valid():
            groups = service.candidates(newsletter, user=request.user)
            try:
                service.save_draft(newsletter=newsletter, by=request.user,
                                   seen_version=seen_version, items=formset.rows(),
                                   picked=_picked(groups, request.POST.getlist("pick")),
                                   **form.cleaned_data)
            except service.Refused as refusal:
                if getattr(refusal, "code", "") == "sent":
                    messages.error(request, refusal.messages[0])
                    return redirect(newsletter)
                if getattr(refusal, "code", "") == "stale":
                    stored = Newsletter.objects.get(pk=newsletter.pk)
                    who = stored.history.select_related("history_user").first()
                    name = str(who.history_user) if who and who.history_user else _("someone")
                    form.add_error(None, _(
                        "%(name)s saved this issue after you opened it, so your changes have "
                        "not been saved. They are still below: compare them with the issue "
                        "(open it in another tab), then save again to keep yours.")
                        % {"name": name})
                    version = stored.version
                else:
                    _add_errors(form, refusal)
            else:
                messages.success(request, _("The issue has been saved."))
                if request.POST.get("then") == "preview":
                    return redirect("viesinimas:newsletter_preview", newsletter.pk)
                return redirect("viesinimas:newsletter_update", newsletter.pk)
        else:
            version = seen_version if seen_version >= 0 else version
    else:
        form = NewsletterForm(initial={"title": newsletter.title, "intro": newsletter.intro,
                                       "covers_from": newsletter.covers_from})
        formset = ItemFormSet(initial=item_initial(items), prefix="items")
    groups = service.candidates(newsletter, user=request.user)
    return render(request, "viesinimas/newsletter_compose.html", {
        "newsletter": newsletter, "form": form, "formset": formset, "version": version,
        "groups": groups, "picked": set(request.POST.getlist("pick")),
        "candidates_count": sum(1 for g in groups for row in g["items"] if not row["taken"]),
    })


@require_http_methods(["GET", "HEAD"])
def newsletter_preview(request, pk):
    """The e-mail as the signed-in staff member or manager would get it: subject, headers,
    the text part and the HTML part."""
    newsletter = _newsletter(request, pk)
    if not service.may_read_drafts(request.user):
        raise PermissionDenied
    items = list(newsletter.items.all())
    email = service.message(newsletter, items, request.user)
    html = email.alternatives[0][0] if email.alternatives else ""
    return render(request, "viesinimas/newsletter_preview.html", {
        "newsletter": newsletter, "message": email, "html_source": html,
        "headers": sorted(email.extra_headers.items()),
        "sections": service.sections(items, absolute_urls=True),
        "may_compose": service.may_compose(request.user),
        "may_send": (service.may_compose(request.user)
                     and newsletter.status == NewsletterStatus.DRAFT and bool(items)),
        "recipients_count": (service.recipients().count()
                             if newsletter.status == NewsletterStatus.DRAFT else None),
    })


@require_POST
def newsletter_send(request, pk):
    """Send a draft (or hand an issue stuck in sending to the worker again)."""
    newsletter = _newsletter(request, pk)
    if not service.may_compose(request.user):
        raise PermissionDenied
    seen = request.POST.get("version", "")
    try:
        service.start_sending(newsletter=newsletter, by=request.user,
                              seen_version=int(seen) if seen.isdigit() else None)
    except service.Refused as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(newsletter)
    newsletter.refresh_from_db()
    if newsletter.status == NewsletterStatus.SENT:
        messages.success(request, _("The issue has been sent to %(count)s people.")
                         % {"count": newsletter.recipients})
    else:
        messages.success(request, _("The issue is being sent; this page shows how far it "
                                    "has got."))
    return redirect(reverse("viesinimas:newsletter_detail", args=[newsletter.pk]))


@require_POST
def newsletter_delete(request, pk):
    """Throw away a draft issue (staff); a sent one is refused with a message."""
    newsletter = _newsletter(request, pk)
    if not service.may_compose(request.user):
        raise PermissionDenied
    try:
        service.delete_draft(newsletter=newsletter, by=request.user)
    except service.Refused as refusal:
        messages.error(request, refusal.messages[0])
        return redirect(newsletter)
    messages.success(request, _("The draft issue has been deleted."))
    return redirect("viesinimas:newsletter_list")
