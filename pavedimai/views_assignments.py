"""Pages of one assignment: giving it (management), its page (text, giver, deadline,
attachments, every task with its state and the delegation tree, the log of updates, the
viewer's own actions), the giver's edit (safe against two editors), the cancellation, the
history of changes, and its attachments' downloads.

Who: the app is the department's (``may_use``): a territory librarian gets a 404 on every
page. An assignment's pages look it up in ``Assignment.objects.visible_to`` first — the
giver, the people given it (directly or by a delegation) and management — so anyone else
gets a 404; then the edit and the cancellation are the giver's (403 to the others who see
it). Giving is management's (403 to staff)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from pavedimai import selectors_detail, storage
from pavedimai import services_assignments as services
from pavedimai.forms_assignments import (
    AssignmentForm,
    AssignmentUpdateForm,
    CancelForm,
    refusal_to_form,
)
from pavedimai.models import (
    Assignment,
    AssignmentAttachment,
    may_give,
    may_manage,
    may_use,
)
from portalas.views import (
    ScopedDetailView,
    ScopedHistoryView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)

LIST_TITLE = gettext_lazy("Assignments")


# --- shared by the app's views ------------------------------------------------------------------

def require_use(request) -> None:
    """Every page of the app: a 404 to whoever is not staff, management or an
    administrator."""
    if not may_use(request.user):
        raise Http404


def assignment_of(request, pk) -> Assignment:
    require_use(request)
    return get_object_or_404(Assignment.objects.visible_to(request.user)
                             .select_related("given_by"), pk=pk)


def crumbs(assignment: Assignment | None = None) -> list:
    found = [(reverse("pavedimai:assignment_list"), LIST_TITLE)]
    if assignment is not None:
        found.append((assignment.get_absolute_url(), assignment.full_number))
    return found


class AppMixin:
    """A kit object view of the app: 404 to those the app is not for."""

    model = Assignment

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            require_use(request)
        return super().dispatch(request, *args, **kwargs)

    def refine(self, queryset):
        return queryset.select_related("given_by")


# --- giving ------------------------------------------------------------------------------------

def assignment_create(request):
    """Management give an assignment (403 to staff, 404 to a librarian)."""
    require_use(request)
    if not may_give(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = AssignmentForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            try:
                assignment = services.give(by=request.user, **form.service_arguments())
            except services.Refused as refusal:
                refusal_to_form(form, refusal)
            else:
                messages.success(request, _("Assignment %(number)s has been given; each "
                                            "person gets an e-mail.")
                                 % {"number": assignment.full_number})
                return redirect(assignment)
    else:
        form = AssignmentForm(user=request.user)
    return render(request, "pavedimai/assignment_form.html", {
        "form": form, "title": _("Give an assignment"), "crumbs": crumbs(),
        "cancel_url": reverse("pavedimai:assignment_list")})


# --- the page ----------------------------------------------------------------------------------

class AssignmentDetailView(AppMixin, ScopedDetailView):
    template_name = "pavedimai/assignment_detail.html"
    context_object_name = "assignment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assignment, today = self.object, timezone.localdate()
        found = selectors_detail.page(assignment, self.request.user, today)
        context.update({"page": found, "today": today, "crumbs": crumbs()[:1],
                        "can_edit": found.can_manage and assignment.is_open})
        return context


class AssignmentHistoryView(AppMixin, ScopedHistoryView):
    template_name = "pavedimai/assignment_history.html"
    context_object_name = "assignment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = crumbs(self.object)
        return context


@require_GET
def attachment_file(request, pk):
    """An attachment, to whoever sees its assignment (never a public media address)."""
    require_use(request)
    attachment = get_object_or_404(
        AssignmentAttachment.objects.visible_to(request.user), pk=pk)
    return storage.file_response(attachment.file, attachment.name)


# --- the giver's edit and cancellation ----------------------------------------------------------

class AssignmentUpdateView(AppMixin, VersionedUpdateMixin, ScopedUpdateView):
    form_class = AssignmentUpdateForm
    template_name = "pavedimai/assignment_form.html"
    stale_message = gettext_lazy(
        "%(name)s saved this assignment after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the assignment (open it in another "
        "tab), then save again to keep yours.")

    def check_role(self) -> None:
        if not may_manage(self.request.user, self.object):
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        assignment = self.scoped_object()
        if not assignment.is_open:
            messages.error(request, _("The assignment is %(status)s: it is no longer edited.")
                           % {"status": assignment.get_status_display().lower()})
            return redirect(assignment)
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"title": _("Edit %(number)s") % {"number": self.object.full_number},
                        "crumbs": crumbs(self.object),
                        "cancel_url": self.object.get_absolute_url()})
        return context

    def form_valid(self, form):
        try:
            assignment = services.update_assignment(
                assignment=self.object, by=self.request.user, version=self.seen_version(),
                **form.service_arguments())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, Assignment.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("Assignment %(number)s has been saved.")
                         % {"number": assignment.full_number})
        return redirect(assignment)


def assignment_cancel(request, pk):
    """The giver cancels an open assignment, saying why (GET: the form)."""
    assignment = assignment_of(request, pk)
    if not may_manage(request.user, assignment):
        raise PermissionDenied
    if not assignment.is_open:
        messages.info(request, _("The assignment is %(status)s: it cannot be cancelled.")
                      % {"status": assignment.get_status_display().lower()})
        return redirect(assignment)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(assignment=assignment, by=request.user,
                            reason=form.cleaned_data["reason"])
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Assignment %(number)s has been cancelled.")
                             % {"number": assignment.full_number})
            return redirect(assignment)
    return render(request, "pavedimai/assignment_cancel.html", {
        "assignment": assignment, "form": form, "crumbs": crumbs(assignment)})
