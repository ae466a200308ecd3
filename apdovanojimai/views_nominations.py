"""Nominating: the form (a category first when the contest has several, then the nominee
by the category's kind, the justification and attachments), "nominate for an award" from a
published good practice, the nomination's page, its edit and withdrawal, and its
attachments (served only through the portal, deleted while it may be edited).

Who: staff and a library's director nominate (a branch or school librarian gets a 403 on
the form); a nomination is seen by its nominator, staff and the jurors who declared no
conflict (``Nomination.objects.visible_to``) — anyone else gets a 404. A contest the user
may not see is a 404 too."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from apdovanojimai import services_nominations as services
from apdovanojimai.forms_nominations import NominationForm, NominationUpdateForm, RejectForm
from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Nomination,
    NominationFile,
    NomineeKind,
    may_manage,
)
from portalas import files
from portalas.views import ScopedDetailView

FORM_TEMPLATE = "apdovanojimai/nomination_form.html"


def form_errors(form, refusal) -> None:
    """A service's refusal as the form's errors (on the field it names, if the form has
    it; ``nominee`` and ``reason`` included)."""
    if hasattr(refusal, "error_dict"):
        for name, errors in refusal.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, refusal)


def _practice_param(request):
    """The published practice named by ``?practice=`` (one the user may see), or None."""
    from viesinimas.models import Practice

    raw = request.GET.get("practice") or request.POST.get("practice") or ""
    if not raw.isdigit() or len(raw) > 12:
        return None
    return (Practice.objects.visible_to(request.user).published()
            .filter(pk=int(raw)).first())


# --- nominating ---------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def nomination_create(request, pk):
    contest = get_object_or_404(Contest.objects.visible_to(request.user), pk=pk)
    user = request.user
    if not services.may_nominate(user):
        raise PermissionDenied
    if not contest.accepts_nominations():
        refusal = services.window_refusal(contest)
        messages.error(request, " ".join(refusal.messages))
        return redirect(contest)
    practice = _practice_param(request)
    categories = list(contest.categories.prefetch_related("positions"))
    if practice is not None:
        categories = [c for c in categories if c.nominee_kind == NomineeKind.PRACTICE]
    raw = request.POST.get("category") or request.GET.get("category") or ""
    category = next((c for c in categories if str(c.pk) == raw), None)
    if raw and category is None:
        raise Http404
    if category is None and len(categories) == 1:
        category = categories[0]
    context = {"contest": contest, "practice": practice,
               "page_title": _("Nominate for %(contest)s") % {"contest": contest.title}}
    if category is None:
        context["categories"] = categories
        return render(request, "apdovanojimai/nomination_category.html", context)
    initial = {}
    if practice is not None and category.nominee_kind == NomineeKind.PRACTICE:
        initial["nominee"] = practice.pk
    form = NominationForm(request.POST or None, request.FILES or None, user=user,
                          category=category, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.submit(
                contest=contest, category=category, by=user,
                justification=form.cleaned_data["justification"],
                files=form.cleaned_data["files"], **form.nominee_kwargs())
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The nomination has been submitted. The department "
                                        "will check it and let you know."))
            return redirect(nomination)
    context.update({"form": form, "category": category,
                    "several": len(categories) > 1,
                    "back_url": contest.get_absolute_url()})
    return render(request, FORM_TEMPLATE, context)


def open_practice_contests(user):
    """Contests open for nominations today, visible to the user, with a practice
    category (their practice categories prefetched as ``practice_categories``)."""
    today = timezone.localdate()
    return (Contest.objects.visible_to(user)
            .filter(status=ContestStatus.OPEN, nominations_open__lte=today,
                    nominations_close__gte=today,
                    categories__nominee_kind=NomineeKind.PRACTICE)
            .distinct().order_by("nominations_close", "pk")
            .prefetch_related(Prefetch(
                "categories", queryset=Category.objects.filter(
                    nominee_kind=NomineeKind.PRACTICE).order_by("order", "pk"),
                to_attr="practice_categories")))


@require_GET
def practice_nominate(request, pk):
    """One click from a published practice: the contests open now with a practice
    category; with exactly one such category, straight to its form."""
    from viesinimas.models import Practice

    user = request.user
    practice = get_object_or_404(
        Practice.objects.visible_to(user).published().select_related("library"), pk=pk)
    if not services.may_nominate(user):
        raise PermissionDenied
    if not services.nominee_queryset(user, NomineeKind.PRACTICE).filter(pk=pk).exists():
        raise Http404
    contests = list(open_practice_contests(user))
    choices = [(contest, category) for contest in contests
               for category in contest.practice_categories]
    if len(choices) == 1:
        contest, category = choices[0]
        return redirect(f"{reverse('apdovanojimai:nomination_create', args=[contest.pk])}"
                        f"?category={category.pk}&practice={practice.pk}")
    return render(request, "apdovanojimai/nomination_practice.html",
                  {"practice": practice, "choices": choices})


# --- the nomination -----------------------------------------------------------------------

def _nomination(request, pk) -> Nomination:
    return get_object_or_404(Nomination.objects.visible_to(request.user)
                             .select_related("contest", "category"), pk=pk)


def _owner_or_staff(user, nomination) -> bool:
    return nomination.nominator_id == user.pk or may_manage(user)


class NominationDetailView(ScopedDetailView):
    model = Nomination
    template_name = "apdovanojimai/nomination_detail.html"
    context_object_name = "nomination"

    def refine(self, queryset):
        return queryset.select_related(
            "contest", "category", "person__library", "person__post", "library",
            "practice__library", "unit", "nominator", "nominating_library"
        ).prefetch_related(Prefetch("files", queryset=NominationFile.objects.order_by(
            "uploaded_at", "pk")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        nomination, user = self.object, self.request.user
        context.update({
            "can_edit": services.may_edit(user, nomination),
            "can_withdraw": services.may_withdraw(user, nomination),
            "can_decide": services.may_decide(user, nomination),
            "is_staff": may_manage(user),
            "reject_form": RejectForm(),
        })
        return context


@require_http_methods(["GET", "POST"])
def nomination_update(request, pk):
    nomination = _nomination(request, pk)
    user = request.user
    if not _owner_or_staff(user, nomination):
        raise PermissionDenied
    if not services.may_edit(user, nomination):
        messages.error(request, _("The nomination can be changed only while it is submitted "
                                  "and nominations are accepted."))
        return redirect(nomination)
    form = NominationUpdateForm(
        request.POST or None, request.FILES or None,
        initial={"version": nomination.version, "justification": nomination.justification})
    if request.method == "POST" and form.is_valid():
        try:
            services.update(nomination=nomination, by=user,
                            version=form.cleaned_data["version"],
                            justification=form.cleaned_data["justification"],
                            files=form.cleaned_data["files"])
        except services.Stale as stale:
            data = request.POST.copy()
            data["version"] = stale.stored.version
            form = NominationUpdateForm(data)
            form.is_valid()
            form.add_error(None, _("Someone else saved this nomination after you opened it, "
                                   "so your changes have not been saved. They are still "
                                   "below: compare them with the nomination's page, then "
                                   "save again to keep yours."))
        except services.Refused as refusal:
            form_errors(form, refusal)
        else:
            messages.success(request, _("The nomination has been saved."))
            return redirect(nomination)
    attachments = list(nomination.files.order_by("uploaded_at", "pk"))
    return render(request, FORM_TEMPLATE, {
        "form": form, "contest": nomination.contest, "category": nomination.category,
        "nomination": nomination, "attachments": attachments,
        "page_title": _("Edit the nomination"), "back_url": nomination.get_absolute_url()})


@require_POST
def nomination_withdraw(request, pk):
    nomination = _nomination(request, pk)
    if not _owner_or_staff(request.user, nomination):
        raise PermissionDenied
    try:
        services.withdraw(nomination=nomination, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("The nomination has been withdrawn."))
    return redirect(nomination)


def _attachment(request, pk) -> NominationFile:
    return get_object_or_404(
        NominationFile.objects.filter(
            nomination__in=Nomination.objects.visible_to(request.user).values("pk"))
        .select_related("nomination__contest"), pk=pk)


@require_GET
def nomination_file(request, pk):
    """An attachment, to whom may see the nomination (never a public media address); its
    type told by its content, as a download."""
    attachment = _attachment(request, pk)
    stored = attachment.file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = files.file_kind(handle)
    if kind not in services.ACCEPTED_KINDS:
        handle.close()
        raise Http404
    name = files.clean_file_name(attachment.name, kind, fallback="priedas")
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind], as_attachment=True,
                            filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_POST
def nomination_file_delete(request, pk):
    attachment = _attachment(request, pk)
    nomination = attachment.nomination
    if not _owner_or_staff(request.user, nomination):
        raise PermissionDenied
    try:
        services.delete_file(attachment=attachment, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(nomination)
    messages.success(request, _("The attachment has been deleted."))
    return redirect("apdovanojimai:nomination_update", nomination.pk)
