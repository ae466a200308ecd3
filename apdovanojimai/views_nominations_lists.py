"""The nominations' lists and the department's decisions: "my nominations" (every contest,
the status and the reason; each user only their own), a contest's nominations for staff
(filter by category and status; the eligibility the registry gave, the attachments), and
admitting one or not admitting it (a reason required).

Who: my nominations — anyone signed in (their own rows only); a contest's nominations —
staff (a contest the user may not see is a 404, the page to anyone else a 403); admit /
not admit — staff (a nomination the user may not see is a 404)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from apdovanojimai import services_nominations as services
from apdovanojimai.filters_nominations import ContestNominationFilter, MyNominationFilter
from apdovanojimai.forms_nominations import RejectForm
from apdovanojimai.models import Contest, Nomination, may_manage
from portalas.views import Column, ScopedListView

ROW_JOINS = ("contest", "category", "person", "library", "practice", "unit", "nominator")


@dataclass(frozen=True)
class ComputedColumn(Column):
    compute: object = None

    def value(self, obj):
        return self.compute(obj) if self.compute else super().value(obj)


def _submitted(nomination):
    return nomination.submitted_at.date() if nomination.submitted_at else None


class MyNominationListView(ScopedListView):
    """Every nomination the user made, in every contest."""

    model = Nomination
    filterset_class = MyNominationFilter
    template_name = "apdovanojimai/nomination_mine.html"
    title = gettext_lazy("My nominations")
    description = gettext_lazy("The nominations you made and what became of them.")
    empty_text = gettext_lazy("You have made no nominations.")
    default_sort = "-submitted_at"
    columns = [
        Column("nominee_name", gettext_lazy("Nominee"), link=True),
        Column("contest.title", gettext_lazy("Contest"), sort="contest__title"),
        Column("category.name", gettext_lazy("Category"), sort="category__name"),
        ComputedColumn("submitted_at", gettext_lazy("Submitted"), sort="submitted_at",
                       text=False, compute=_submitted),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="apdovanojimai/_nomination_status_cell.html"),
        Column("status_note", gettext_lazy("Reason")),
    ]

    def refine(self, queryset):
        return queryset.filter(nominator=self.request.user).select_related(*ROW_JOINS)


class ContestNominationListView(ScopedListView):
    """A contest's nominations, for staff: filter by category and status; admit one or
    open it to not admit it."""

    model = Nomination
    filterset_class = ContestNominationFilter
    template_name = "apdovanojimai/nomination_contest_list.html"
    description = gettext_lazy("Check each nomination's eligibility and attachments, then "
                               "admit it to evaluation or not (with a reason).")
    empty_text = gettext_lazy("No nominations match the filter.")
    export_name = "teikimai"
    default_sort = "category__order"
    columns = [
        Column("nominee_name", gettext_lazy("Nominee"), link=True),
        Column("category.name", gettext_lazy("Category"), sort="category__order", text=False),
        Column("unit.name", gettext_lazy("Library"), sort="unit__name"),
        Column("nominator", gettext_lazy("Nominated by"), sort="nominator__full_name"),
        Column("eligibility", gettext_lazy("Eligibility checked")),
        Column("file_count", gettext_lazy("Attachments"), sort="file_count", text=False,
               numeric=True),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="apdovanojimai/_nomination_status_cell.html"),
        Column("actions", gettext_lazy("Decision"), export=False,
               template="apdovanojimai/_nomination_actions_cell.html"),
    ]

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.contest = get_object_or_404(Contest.objects.visible_to(request.user),
                                             pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    @staticmethod
    def allowed(user) -> bool:
        return may_manage(user)

    @property
    def title(self):
        return _("Nominations: %(contest)s") % {"contest": self.contest.title}

    def refine(self, queryset):
        return (queryset.filter(contest=self.contest).select_related(*ROW_JOINS)
                .annotate(file_count=Count("files")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"contest": self.contest,
                        "can_decide": services.may_decide(self.request.user, Nomination(
                            contest=self.contest))})
        return context


# --- decisions ----------------------------------------------------------------------------

def _decided(request, pk) -> Nomination:
    nomination = get_object_or_404(Nomination.objects.visible_to(request.user)
                                   .select_related("contest"), pk=pk)
    if not may_manage(request.user):
        raise PermissionDenied
    return nomination


def _back(request, nomination):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(nomination)


@require_POST
def nomination_admit(request, pk):
    nomination = _decided(request, pk)
    try:
        services.admit(nomination=nomination, by=request.user)
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("%(name)s has been admitted to evaluation.")
                         % {"name": nomination.nominee_name})
    return _back(request, nomination)


@require_POST
def nomination_reject(request, pk):
    nomination = _decided(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the nomination is not admitted."))
        return redirect(nomination)
    try:
        services.reject(nomination=nomination, by=request.user,
                        reason=form.cleaned_data["reason"])
    except services.Refused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("%(name)s has not been admitted; the nominator will be "
                                    "told why.") % {"name": nomination.nominee_name})
    return _back(request, nomination)
