"""Pages of the contests: the list (the contests the user sees, filtered by year, status
and level), a contest's page (description, rules, timetable, categories with eligibility
in words, criteria with their weights as shares, the jury, the timeline of statuses and
the sections other areas add), its creation and editing (staff; safe against two editors
at once), its history, the rules file, and its moves (open for nominations, start the
evaluation, back to draft) behind a confirmation page.

Reads start from ``Contest.objects.visible_to`` (a draft is seen by staff, management and
its jury; another user gets a 404); writes go through ``services_contests``, which check
again. Management and librarians get a 403 on a write route of a contest they see."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET

from apdovanojimai import selectors_contests as selectors
from apdovanojimai import services_contests as services
from apdovanojimai.filters_contests import ContestFilter
from apdovanojimai.forms_contests import ContestForm, refusal_to_form
from apdovanojimai.models import (
    Contest,
    ContestStatus,
    Nomination,
    NominationStatus,
    may_manage,
    may_read_all,
)
from portalas import files
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)

LIST_TITLE = gettext_lazy("Evaluations and awards")


def contest_of(request, pk) -> Contest:
    return get_object_or_404(Contest.objects.visible_to(request.user), pk=pk)


def require_manager(request) -> None:
    if not may_manage(request.user):
        raise PermissionDenied


def contest_crumbs(contest) -> list:
    return [(reverse("apdovanojimai:contest_list"), LIST_TITLE),
            (contest.get_absolute_url(), contest.title)]


# --- the list -------------------------------------------------------------------------------

class ContestListView(ScopedListView):
    model = Contest
    filterset_class = ContestFilter
    title = LIST_TITLE
    description = gettext_lazy("The department's contests, evaluations and nominations to "
                               "national awards: their rules, categories, jury and results.")
    template_name = "apdovanojimai/contest_list.html"
    actions_template = "apdovanojimai/_contest_list_actions.html"
    export_name = "konkursai"
    empty_text = gettext_lazy("No contests match the filter.")
    default_sort = "-year"
    columns = [
        Column("title", gettext_lazy("Contest"), sort="title",
               template="apdovanojimai/_contest_title_cell.html"),
        Column("year", gettext_lazy("Year"), sort="year", text=False),
        Column("level", gettext_lazy("Level"), sort="level", text=False),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="apdovanojimai/_contest_status_cell.html"),
        Column("nominations_close", gettext_lazy("Nominations close"),
               sort="nominations_close", text=False,
               template="apdovanojimai/_contest_window_cell.html"),
        Column("category_count", gettext_lazy("Categories"), text=False, numeric=True),
    ]

    def refine(self, queryset):
        return queryset.annotate(category_count=Count("categories", distinct=True))

    def order(self, queryset):
        key = self.sort_key()
        if key == "-year":
            return queryset.order_by("-year", "-nominations_open", "title", "pk")
        return super().order(queryset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = may_manage(self.request.user)
        return context


# --- one contest ----------------------------------------------------------------------------

class ContestDetailView(ScopedDetailView):
    model = Contest
    template_name = "apdovanojimai/contest_detail.html"
    context_object_name = "contest"

    def refine(self, queryset):
        return queryset.select_related("created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        contest, user = self.object, self.request.user
        can_manage = may_manage(user)
        criteria = selectors.criteria_with_shares(contest.criteria.all())
        jury = selectors.jury_of(contest)
        shape_editable = contest.status in services.SHAPE_EDITABLE
        context.update({
            "categories": selectors.categories_of(contest),
            "criteria": criteria,
            "weight_total": sum(row.criterion.weight for row in criteria),
            "jury": jury,
            "timeline": selectors.timeline(contest),
            "can_manage": can_manage,
            "can_edit": can_manage and contest.status != ContestStatus.ARCHIVED,
            "can_shape": can_manage and shape_editable,
            "can_jury": can_manage and contest.scoring_closed_at is None
            and contest.status not in (ContestStatus.PUBLISHED, ContestStatus.ARCHIVED),
            "can_open": can_manage and contest.status == ContestStatus.DRAFT,
            "missing_to_open": services.missing_to_open(contest)
            if can_manage and contest.status == ContestStatus.DRAFT else [],
            "can_evaluate": can_manage and contest.status == ContestStatus.OPEN,
            "can_reopen": can_manage and contest.status == ContestStatus.OPEN
            and not Nomination.objects.filter(contest=contest).exists(),
            "reads_all": may_read_all(user),
            "accepts_nominations": contest.accepts_nominations(),
        })
        return context


class ContestFormMixin:
    model = Contest
    form_class = ContestForm
    template_name = "apdovanojimai/contest_form.html"
    allowed = staticmethod(may_manage)
    list_url_name = "apdovanojimai:contest_list"
    list_title = LIST_TITLE
    create_title = gettext_lazy("New contest")
    form_width = "col-lg-10 col-xl-9"


class ContestCreateView(ContestFormMixin, ScopedCreateView):
    def form_valid(self, form):
        try:
            contest = services.create_contest(contest=form.save(commit=False),
                                              by=self.request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The contest has been created as a draft: add its "
                                         "categories, criteria and jury, then open it for "
                                         "nominations."))
        return redirect(contest)


class ContestUpdateView(ContestFormMixin, VersionedUpdateMixin, ScopedUpdateView):
    stale_message = gettext_lazy(
        "%(name)s saved this contest after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the contest (open it in another "
        "tab), then save again to keep yours.")

    def get(self, request, *args, **kwargs):
        contest = self.scoped_object()
        if contest.status == ContestStatus.ARCHIVED:
            messages.error(request, _("An archived contest is kept as it was."))
            return redirect(contest)
        return self.render_to_response(self.get_context_data())

    def form_valid(self, form):
        try:
            contest = services.update_contest(contest=form.instance, by=self.request.user,
                                              seen_version=self.seen_version())
        except services.Refused as refusal:
            if refusal.code == "stale":
                return self.stale(form, Contest.objects.get(pk=self.object.pk))
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The contest has been saved."))
        return redirect(contest)


class ContestHistoryView(ScopedHistoryView):
    """Who changed what (staff and management; a juror or librarian who sees the contest
    gets a 403)."""

    model = Contest
    allowed = staticmethod(may_read_all)
    template_name = "apdovanojimai/contest_history.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["crumbs"] = contest_crumbs(self.object)
        return context


@require_GET
def contest_rules_file(request, pk):
    """The rules file, to whoever sees the contest (never a public media address); its
    type told by its content."""
    contest = contest_of(request, pk)
    stored = contest.rules_file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    handle = stored.open("rb")
    kind = files.file_kind(handle)
    if kind not in services.RULES_KINDS:
        handle.close()
        raise Http404
    name = files.clean_file_name(contest.rules_file_name or stored.name, kind,
                                 fallback="nuostatai")
    response = FileResponse(handle, content_type=files.CONTENT_TYPES[kind],
                            as_attachment=True, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- moves ----------------------------------------------------------------------------------

def _move_page(request, pk, *, service, title, intro, button, done, allowed_from,
               details=None):
    """A confirmation page (GET) and the move itself (POST)."""
    contest = contest_of(request, pk)
    require_manager(request)
    if request.method == "POST":
        try:
            moved = service(contest=contest, by=request.user)
        except services.Refused as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(request, done(moved))
        return redirect(contest)
    if contest.status != allowed_from:
        messages.info(request, _("The contest is now “%(status)s”.")
                      % {"status": contest.get_status_display()})
        return redirect(contest)
    return render(request, "apdovanojimai/contest_confirm.html", {
        "contest": contest, "title": title, "intro": intro, "details": details or [],
        "button": button, "crumbs": contest_crumbs(contest), "danger": False})


def contest_open(request, pk):
    contest = contest_of(request, pk)
    missing = services.missing_to_open(contest) if may_manage(request.user) else []
    intro = _("From the first day of the window, directors and staff can nominate; the "
              "categories and criteria can still change until the evaluation starts.")
    details = ([_("Before opening, the contest needs %(what)s.") % {"what": ", ".join(missing)}]
               if missing else [])
    return _move_page(request, pk, service=services.open_nominations,
                      title=_("Open for nominations"), intro=intro, details=details,
                      button=_("Open for nominations"), allowed_from=ContestStatus.DRAFT,
                      done=lambda c: _("The contest is open for nominations."))


def contest_evaluate(request, pk):
    contest = contest_of(request, pk)
    waiting = Nomination.objects.filter(contest=contest,
                                        status=NominationStatus.SUBMITTED).count() \
        if may_manage(request.user) else 0
    details = [ngettext("%(n)s nomination still waiting for a decision will be admitted to "
                        "the evaluation.",
                        "%(n)s nominations still waiting for a decision will be admitted to "
                        "the evaluation.", waiting) % {"n": waiting} if waiting else
               _("No nomination is waiting for a decision.")]
    intro = _("Nominations close, the jury declares conflicts of interest and scores. "
              "Categories and criteria can no longer change.")

    def done(moved):
        return ngettext("The evaluation has started; %(n)s nomination was admitted.",
                        "The evaluation has started; %(n)s nominations were admitted.",
                        moved.admitted) % {"n": moved.admitted}

    return _move_page(request, pk, service=services.start_evaluation,
                      title=_("Start the evaluation"), intro=intro, details=details,
                      button=_("Start the evaluation"), allowed_from=ContestStatus.OPEN,
                      done=done)


def contest_reopen_draft(request, pk):
    return _move_page(request, pk, service=services.reopen_draft,
                      title=_("Back to a draft"),
                      intro=_("The contest is hidden from librarians again until it is "
                              "opened. Possible only while nobody has nominated."),
                      button=_("Back to a draft"), allowed_from=ContestStatus.OPEN,
                      done=lambda c: _("The contest is a draft again."))
