from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bibliotekos import services
from bibliotekos.filters import LibrarianFilter
from bibliotekos.forms import LibrarianInviteForm, MembershipForm
from bibliotekos.models import Membership
from paskyros import services as account_services
from paskyros.models import Role, User
from portalas.access import manages_territory, role_required
from portalas.ordering import lt_order
from portalas.views import Column, ScopedListView


def _librarians():
    return (User.objects.filter(role=Role.LIBRARIAN)
            .prefetch_related(Prefetch("memberships",
                                       queryset=Membership.objects.select_related("library")))
            .order_by(lt_order("full_name"), "email"))


class LibrarianListView(ScopedListView):
    model = User
    allowed = staticmethod(manages_territory)
    filterset_class = LibrarianFilter
    title = gettext_lazy("Librarians")
    description = gettext_lazy("Accounts of the territory libraries' staff and the libraries "
                               "each one may see.")
    actions_template = "bibliotekos/_librarian_list_actions.html"
    empty_text = gettext_lazy("No librarians match the filter.")
    export_name = "bibliotekininkai"
    default_sort = "full_name"
    columns = [
        Column("full_name", gettext_lazy("Name"), sort="full_name",
               template="bibliotekos/_librarian_name_cell.html"),
        Column("email", gettext_lazy("E-mail address"), sort="email", text=False),
        Column("library_names", gettext_lazy("Libraries"),
               template="bibliotekos/_librarian_libraries_cell.html"),
        Column("status", gettext_lazy("Status"), template="paskyros/_account_status_cell.html",
               export=False),
        Column("last_login", gettext_lazy("Last sign-in"), sort="last_login", text=False),
    ]

    def refine(self, queryset):
        return queryset.filter(role=Role.LIBRARIAN).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("library")))


@role_required(manages_territory)
def librarian_invite(request):
    form = LibrarianInviteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_librarian(
                email=data["email"], full_name=data["full_name"], library=data["library"],
                library_role=data["library_role"], by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.")
                             % {"email": invitation.user.email})
            return redirect("bibliotekos:librarian_detail", pk=invitation.user.pk)
    return render(request, "bibliotekos/librarian_invite.html", {"form": form})


@role_required(manages_territory)
def librarian_detail(request, pk: int):
    librarian = get_object_or_404(_librarians(), pk=pk)
    form = MembershipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_membership(user=librarian, library=form.cleaned_data["library"],
                                    library_role=form.cleaned_data["library_role"],
                                    by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The library has been added."))
            return redirect("bibliotekos:librarian_detail", pk=pk)
    return render(request, "bibliotekos/librarian_detail.html", {
        "librarian": librarian,
        "form": form,
        "invitation": librarian.invitations.order_by("-created_at").first(),
    })


@require_POST
@login_required
def membership_delete(request, pk: int):
    membership = get_object_or_404(Membership.objects.visible_to(request.user), pk=pk)
    if not manages_territory(request.user):
        raise PermissionDenied
    user_id = membership.user_id
    services.remove_membership(membership=membership, by=request.user)
    messages.success(request, _("The library has been removed from the account."))
    return redirect("bibliotekos:librarian_detail", pk=user_id)


@require_POST
@role_required(manages_territory)
def librarian_active(request, pk: int):
    librarian = get_object_or_404(User.objects.filter(role=Role.LIBRARIAN), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        account_services.set_active(user=librarian, active=active, by=request.user)
        messages.success(request, _("The account has been activated.") if active
                         else _("The account has been deactivated."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("bibliotekos:librarian_detail", pk=pk)
