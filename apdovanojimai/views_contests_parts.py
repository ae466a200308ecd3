"""Pages of a contest's parts (staff): categories and criteria (while the contest is a
draft or open for nominations), and the jury (until scoring is closed). Each object is
found through its contest's ``visible_to`` (a draft's part is a 404 to whoever may not see
the draft); management and librarians get a 403; the services check again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from apdovanojimai import services_contests as services
from apdovanojimai.forms_contests import (
    CategoryForm,
    CriterionForm,
    JurorAddForm,
    JurorRoleForm,
    refusal_to_form,
)
from apdovanojimai.models import Category, Contest, Criterion, JuryMember, JuryRole
from apdovanojimai.views_contests import contest_crumbs, contest_of, require_manager


def _part(request, model, pk):
    visible = Contest.objects.visible_to(request.user).values("pk")
    part = get_object_or_404(model.objects.filter(contest__in=visible)
                             .select_related("contest"), pk=pk)
    require_manager(request)
    return part


def _page(request, *, form, contest, title, intro="", submit=None, anchor=""):
    return render(request, "apdovanojimai/contest_part_form.html", {
        "form": form, "contest": contest, "title": title, "intro": intro,
        "submit": submit or _("Save"), "crumbs": contest_crumbs(contest),
        "back_url": contest.get_absolute_url() + anchor})


def _confirm(request, *, contest, title, intro, button, anchor):
    return render(request, "apdovanojimai/contest_confirm.html", {
        "contest": contest, "title": title, "intro": intro, "details": [],
        "button": button, "crumbs": contest_crumbs(contest), "danger": True,
        "back_url": contest.get_absolute_url() + anchor})


def _refused_here(request, contest, refusal, anchor):
    messages.error(request, " ".join(refusal.messages))
    return redirect(contest.get_absolute_url() + anchor)


def _shape_closed(request, contest):
    """Categories and criteria are kept once the evaluation has started."""
    if contest.status in services.SHAPE_EDITABLE:
        return None
    messages.error(request, _("Categories and criteria can no longer change: the evaluation "
                              "has started."))
    return redirect(contest)


def _jury_closed(request, contest):
    if contest.scoring_closed_at is None and contest.status not in services.RESULTS:
        return None
    messages.error(request, _("Scoring is closed: the jury can no longer change."))
    return redirect(contest)


# --- categories -----------------------------------------------------------------------------

def _save_category(request, *, form, contest, title):
    closed = _shape_closed(request, contest)
    if closed:
        return closed
    if request.method == "POST" and form.is_valid():
        category = form.save(commit=False)
        category.contest = contest
        try:
            services.save_category(category=category, by=request.user,
                                   positions=form.cleaned_data["positions"])
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The category has been saved."))
            return redirect(contest.get_absolute_url() + "#categories")
    return _page(request, form=form, contest=contest, title=title, anchor="#categories")


def category_create(request, pk):
    contest = contest_of(request, pk)
    require_manager(request)
    form = CategoryForm(request.POST or None, user=request.user)
    return _save_category(request, form=form, contest=contest, title=_("New category"))


def category_update(request, pk):
    category = _part(request, Category, pk)
    form = CategoryForm(request.POST or None, instance=category, user=request.user)
    return _save_category(request, form=form, contest=category.contest,
                          title=_("Category: %(name)s") % {"name": category.name})


def category_delete(request, pk):
    category = _part(request, Category, pk)
    contest = category.contest
    if request.method == "POST":
        try:
            services.delete_category(category=category, by=request.user)
        except services.Refused as refusal:
            return _refused_here(request, contest, refusal, "#categories")
        messages.success(request, _("The category has been deleted."))
        return redirect(contest.get_absolute_url() + "#categories")
    return _confirm(request, contest=contest,
                    title=_("Delete the category “%(name)s”?") % {"name": category.name},
                    intro=_("Possible while nobody has been nominated in it."),
                    button=_("Delete"), anchor="#categories")


# --- criteria -------------------------------------------------------------------------------

def _save_criterion(request, *, form, contest, title):
    closed = _shape_closed(request, contest)
    if closed:
        return closed
    if request.method == "POST" and form.is_valid():
        criterion = form.save(commit=False)
        criterion.contest = contest
        try:
            services.save_criterion(criterion=criterion, by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("The criterion has been saved."))
            return redirect(contest.get_absolute_url() + "#criteria")
    return _page(request, form=form, contest=contest, title=title, anchor="#criteria")


def criterion_create(request, pk):
    contest = contest_of(request, pk)
    require_manager(request)
    form = CriterionForm(request.POST or None, user=request.user)
    return _save_criterion(request, form=form, contest=contest, title=_("New criterion"))


def criterion_update(request, pk):
    criterion = _part(request, Criterion, pk)
    form = CriterionForm(request.POST or None, instance=criterion, user=request.user)
    return _save_criterion(request, form=form, contest=criterion.contest,
                           title=_("Criterion: %(name)s") % {"name": criterion.name})


def criterion_delete(request, pk):
    criterion = _part(request, Criterion, pk)
    contest = criterion.contest
    if request.method == "POST":
        try:
            services.delete_criterion(criterion=criterion, by=request.user)
        except services.Refused as refusal:
            return _refused_here(request, contest, refusal, "#criteria")
        messages.success(request, _("The criterion has been deleted."))
        return redirect(contest.get_absolute_url() + "#criteria")
    return _confirm(request, contest=contest,
                    title=_("Delete the criterion “%(name)s”?") % {"name": criterion.name},
                    intro=_("Possible until the evaluation starts."), button=_("Delete"),
                    anchor="#criteria")


# --- the jury -------------------------------------------------------------------------------

def juror_add(request, pk):
    contest = contest_of(request, pk)
    require_manager(request)
    closed = _jury_closed(request, contest)
    if closed:
        return closed
    form = JurorAddForm(request.POST or None, contest=contest)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.add_juror(contest=contest, user=data["user"], role=data["role"],
                                        by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("%(name)s has joined the jury.") % {"name": member.user})
            return redirect(contest.get_absolute_url() + "#jury")
    return _page(request, form=form, contest=contest, title=_("Add a jury member"),
                 anchor="#jury")


def juror_update(request, pk):
    member = _part(request, JuryMember, pk)
    contest = member.contest
    closed = _jury_closed(request, contest)
    if closed:
        return closed
    form = JurorRoleForm(request.POST or None, initial={"role": member.role})
    if request.method == "POST" and form.is_valid():
        try:
            member = services.set_juror_role(member=member, role=form.cleaned_data["role"],
                                             by=request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            if member.role == JuryRole.CHAIR:
                messages.success(request, _("%(name)s chairs the jury now.")
                                 % {"name": member.user})
            else:
                messages.success(request, _("The role has been saved."))
            return redirect(contest.get_absolute_url() + "#jury")
    return _page(request, form=form, contest=contest,
                 title=_("Jury member: %(name)s") % {"name": member.user}, anchor="#jury")


def juror_remove(request, pk):
    member = _part(request, JuryMember, pk)
    contest = member.contest
    if request.method == "POST":
        try:
            services.remove_juror(member=member, by=request.user)
        except services.Refused as refusal:
            return _refused_here(request, contest, refusal, "#jury")
        messages.success(request, _("%(name)s has left the jury.") % {"name": member.user})
        return redirect(contest.get_absolute_url() + "#jury")
    return _confirm(request, contest=contest,
                    title=_("Remove %(name)s from the jury?") % {"name": member.user},
                    intro=_("Possible before they have declared or scored anything."),
                    button=_("Remove"), anchor="#jury")
