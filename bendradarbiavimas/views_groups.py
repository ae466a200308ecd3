"""Pages of the commissions and working groups: the list (the user's groups first), a
group's page (purpose, order, members current and former, meetings), its editing and
members (staff), and a meeting's pages — its page, editing (safe against two keepers at
once), invitations, cancelling, the .ics and the attendance with the quorum.

Reads start from ``visible_to`` (a group or meeting the user may not see is a 404);
writes go through ``services_groups``, which check again. A role that may not write
(management; a member who is not chair or secretary) gets a 403 on a write route."""

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from bendradarbiavimas import selectors_groups as selectors
from bendradarbiavimas import services_groups as services
from bendradarbiavimas.filters_groups import GroupFilter, active_q
from bendradarbiavimas.forms_groups import (
    GroupForm,
    MemberEndForm,
    MemberForm,
    MemberUpdateForm,
)
from bendradarbiavimas.models import (
    KEEPER_ROLES,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
    may_keep,
    may_manage,
)
from portalas.ordering import lt_order
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
)

LIST_TITLE = gettext_lazy("Commissions and working groups")
#: An agenda line's own numbering or bullet ("1.", "2)", "-").
AGENDA_NUMBER = re.compile(r"^(\d{1,3}[.)]|[-*•])\s*")
ROLE_ORDER = {role: index for index, role in enumerate(
    (MemberRole.CHAIR, MemberRole.DEPUTY, MemberRole.SECRETARY, MemberRole.MEMBER,
     MemberRole.OBSERVER))}


def _refusal_to_form(form, refusal) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            form.add_error(field if field in form.fields else None,
                           [message for error in errors for message in error.messages])
    else:
        form.add_error(None, refusal.messages)


def _group(request, pk) -> WorkingGroup:
    return get_object_or_404(WorkingGroup.objects.visible_to(request.user), pk=pk)


def _meeting(request, pk) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user)
                             .select_related("group"), pk=pk)


def _keeper_of(request, group) -> None:
    if not may_keep(request.user, group):
        raise PermissionDenied


def _manager(request) -> None:
    if not may_manage(request.user):
        raise PermissionDenied


def _form_page(request, *, form, title, back_url, crumbs, submit=None, intro=""):
    return render(request, "bendradarbiavimas/groups_form.html", {
        "form": form, "title": title, "back_url": back_url, "crumbs": crumbs,
        "submit": submit or _("Save"), "intro": intro})


# --- the list -------------------------------------------------------------------------------

class GroupListView(ScopedListView):
    """The groups the user sees; their own (current member) first, then by name."""

    model = WorkingGroup
    filterset_class = GroupFilter
    title = LIST_TITLE
    description = gettext_lazy("The territory's commissions, councils and working groups, "
                               "and the national and international ones the department "
                               "takes part in.")
    export_name = "darbo-grupes"
    template_name = "bendradarbiavimas/groups_list.html"
    actions_template = "bendradarbiavimas/_groups_list_actions.html"
    empty_text = gettext_lazy("No groups match the filter.")
    paginate_by = 50
    columns = [
        Column("name", gettext_lazy("Name"), sort="name",
               template="bendradarbiavimas/_groups_name_cell.html"),
        Column("kind", gettext_lazy("Kind"), sort="kind", text=False),
        Column("level", gettext_lazy("Level"), sort="level", text=False),
        Column("member_count", gettext_lazy("Members"), sort="member_count", text=False,
               numeric=True),
        Column("next_meeting", gettext_lazy("Next meeting"), sort="next_meeting",
               text=False, template="bendradarbiavimas/_groups_next_cell.html"),
    ]

    def refine(self, queryset):
        user, today, now = self.request.user, timezone.localdate(), timezone.now()
        mine = GroupMember.objects.of_user(user).current(today).filter(group=OuterRef("pk"))
        upcoming = (Meeting.objects.filter(group=OuterRef("pk"), status=MeetingStatus.PLANNED,
                                           starts_at__gte=now).order_by("starts_at"))
        current = (Q(members__starts_on__isnull=True) | Q(members__starts_on__lte=today)) & (
            Q(members__ends_on__isnull=True) | Q(members__ends_on__gte=today))
        return queryset.annotate(
            mine=Exists(mine),
            active_now=Exists(WorkingGroup.objects.filter(active_q(today), pk=OuterRef("pk"))),
            member_count=Count("members", filter=current, distinct=True),
            next_meeting=Subquery(upcoming.values("starts_at")[:1]),
            next_meeting_id=Subquery(upcoming.values("pk")[:1]))

    def order(self, queryset):
        if self.sort_key():
            return super().order(queryset)
        return queryset.order_by("-mine", "-active_now", lt_order("name"), "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = may_manage(self.request.user)
        return context


# --- one group ------------------------------------------------------------------------------

def _members_of(group):
    members = list(group.members.select_related("person__library", "person__organisation",
                                                "user"))
    today = timezone.localdate()
    current = [m for m in members if m.ends_on is None or m.ends_on >= today]
    former = [m for m in members if m.ends_on is not None and m.ends_on < today]
    current.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), m.display_name))
    former.sort(key=lambda m: (m.ends_on, m.display_name), reverse=True)
    for member in current:
        member.upcoming = member.starts_on is not None and member.starts_on > today
    return current, former


def member_place(member) -> str:
    """The library or organisation a member comes from."""
    if member.organisation:
        return member.organisation
    person = member.person
    if person is not None:
        if person.library_id:
            return person.library.name
        if person.organisation_id:
            return person.organisation.name
    return ""


class GroupDetailView(ScopedDetailView):
    model = WorkingGroup
    template_name = "bendradarbiavimas/groups_detail.html"
    context_object_name = "group"

    def refine(self, queryset):
        return queryset.select_related("coordinator", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group, user = self.object, self.request.user
        current, former = _members_of(group)
        for member in current + former:
            member.place = member_place(member)
        today = timezone.localdate()
        meetings = list(Meeting.objects.visible_to(user).filter(group=group)
                        .order_by("starts_at", "pk"))
        now = timezone.now()
        upcoming = [m for m in meetings if m.status == MeetingStatus.PLANNED
                    and (m.ends_at or m.starts_at) >= now]
        past = [m for m in reversed(meetings) if m not in upcoming]
        keepers = {m.role: m for m in current if m.role in KEEPER_ROLES and m.is_current(today)}
        voting = sum(1 for m in current if m.is_current(today) and m.role != MemberRole.OBSERVER)
        context.update({
            "members": current, "former": former, "upcoming": upcoming, "past": past,
            "chair": keepers.get(MemberRole.CHAIR),
            "secretary": keepers.get(MemberRole.SECRETARY),
            "voting_now": voting,
            "quorum_now": selectors.quorum_needed(group, today, voting),
            "can_manage": may_manage(user), "can_keep": may_keep(user, group),
            "active": group.closed_on is None or group.closed_on > today,
        })
        return context


class GroupFormMixin:
    model = WorkingGroup
    form_class = GroupForm
    template_name = "bendradarbiavimas/groups_group_form.html"
    allowed = staticmethod(may_manage)
    list_url_name = "bendradarbiavimas:group_list"
    list_title = LIST_TITLE
    create_title = gettext_lazy("New group")
    form_width = "col-lg-10 col-xl-9"

    def form_valid(self, form):
        try:
            group = services.save_group(form.save(commit=False), by=self.request.user)
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The group has been saved."))
        return redirect(group)


class GroupCreateView(GroupFormMixin, ScopedCreateView):
    pass


class GroupUpdateView(GroupFormMixin, ScopedUpdateView):
    pass


class GroupHistoryView(ScopedHistoryView):
    model = WorkingGroup


@require_GET
def group_order_file(request, pk):
    """The founding order, to whoever sees the group (never a public media address)."""
    group = _group(request, pk)
    stored = group.order_file
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    response = FileResponse(stored.open("rb"), as_attachment=True,
                            filename=stored.name.rsplit("/", 1)[-1])
    patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- members --------------------------------------------------------------------------------

def _group_crumbs(group) -> list:
    return [(reverse("bendradarbiavimas:group_list"), LIST_TITLE),
            (group.get_absolute_url(), group.name)]


def member_create(request, pk):
    group = _group(request, pk)
    _manager(request)
    form = MemberForm(request.POST or None, user=request.user, group=group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_member(
                group, by=request.user, person=data["person"], user=data["user"],
                name=data["name"], organisation=data["organisation"], email=data["email"],
                role=data["role"], starts_on=data["starts_on"], ends_on=data["ends_on"])
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("%(name)s has been added to the group.")
                             % {"name": member.display_name})
            return redirect(group.get_absolute_url() + "#members")
    return _form_page(request, form=form, title=_("Add a member"),
                      back_url=group.get_absolute_url(), crumbs=_group_crumbs(group))


def _member(request, pk) -> GroupMember:
    member = get_object_or_404(GroupMember.objects.visible_to(request.user)
                               .select_related("group", "person"), pk=pk)
    _manager(request)
    return member


def member_update(request, pk):
    member = _member(request, pk)
    form = MemberUpdateForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_member(form.save(commit=False), by=request.user)
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The membership has been saved."))
            return redirect(member.group.get_absolute_url() + "#members")
    return _form_page(request, form=form, title=_("Membership: %(name)s")
                      % {"name": member.display_name},
                      back_url=member.group.get_absolute_url(),
                      crumbs=_group_crumbs(member.group))


def member_end(request, pk):
    """End a membership (the row stays): the last day and why."""
    member = _member(request, pk)
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_member(member, ends_on=form.cleaned_data["ends_on"],
                                reason=form.cleaned_data["reason"], by=request.user)
        except services.Refused as refusal:
            _refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The membership of %(name)s has ended.")
                             % {"name": member.display_name})
            return redirect(member.group.get_absolute_url() + "#members")
    return _form_page(
        request, form=form, title=_("End the membership: %(name)s")
        % {"name": member.display_name}, back_url=member.group.get_absolute_url(),
        crumbs=_group_crumbs(member.group), submit=_("End the membership"),
        intro=_("The member stays in the list of former members, with their attendance and "
                "what they wrote; they no longer see the group's meetings after the last "
                "day."))
