"""Actions on a task of an assignment, each a small view: acknowledge (POST), report
progress or completion, delegate onwards, reopen (the giver, or whoever delegated it),
comment; and the download of a file in the log.

Who: the task is looked up in ``Task.objects.visible_to`` first (a 404 to whoever does not
see its assignment, and to a librarian), then the action is its person's (or the giver's):
a 403 to the others who see it. The forms are pages of their own (the assignment's page
links to them and carries the short ones inline), so they work without JavaScript."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pavedimai import services_tasks as services
from pavedimai import storage
from pavedimai.forms_assignments import refusal_to_form
from pavedimai.forms_tasks import CommentForm, DelegateForm, ReopenForm, ReportForm
from pavedimai.models import Task, TaskStatus, TaskUpdate
from pavedimai.services_assignments import Refused
from pavedimai.views_assignments import crumbs, require_use

__all__ = ["task_acknowledge", "task_comment", "task_delegate", "task_reopen", "task_report",
           "update_file"]


def task_of(request, pk) -> Task:
    require_use(request)
    return get_object_or_404(Task.objects.visible_to(request.user).select_related(
        "assignment__given_by", "assignee", "delegated_from__assignee"), pk=pk)


def _own(request, task: Task) -> None:
    if task.assignee_id != request.user.pk:
        raise PermissionDenied


def _page(request, task: Task, form, *, action: str, title: str, intro: str = ""):
    return render(request, "pavedimai/task_form.html", {
        "task": task, "assignment": task.assignment, "form": form, "action": action,
        "title": title, "intro": intro, "crumbs": crumbs(task.assignment)})


def _closed(request, task: Task, message: str):
    messages.info(request, message)
    return redirect(task.assignment)


@require_POST
def task_acknowledge(request, pk):
    task = task_of(request, pk)
    _own(request, task)
    try:
        services.acknowledge(task=task, by=request.user)
    except Refused as refusal:
        messages.info(request, " ".join(refusal.messages))
    else:
        messages.success(request, _("Acknowledged: the giver sees that you have read it."))
    return redirect(task.assignment)


def task_report(request, pk):
    """Report progress (the button "progress") or completion ("done"), with a note or a
    file."""
    task = task_of(request, pk)
    _own(request, task)
    if not task.is_open or not task.assignment.is_open:
        return _closed(request, task, _("Your task is %(status)s: nothing is left to report.")
                       % {"status": task.get_status_display().lower()})
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = request.POST.get("outcome") == "done"
        try:
            services.report(task=task, by=request.user, done=done,
                            text=form.cleaned_data["text"], file=form.cleaned_data["file"])
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Reported done: the giver is told.") if done
                             else _("Your progress has been recorded."))
            return redirect(task.assignment)
    return _page(request, task, form, action="report",
                 title=_("Report on %(number)s") % {"number": task.assignment.full_number})


def task_delegate(request, pk):
    """Pass the task on to one or several people with an account."""
    task = task_of(request, pk)
    _own(request, task)
    if not task.is_open or not task.assignment.is_open:
        return _closed(request, task, _("Your task is %(status)s: it cannot be delegated.")
                       % {"status": task.get_status_display().lower()})
    form = DelegateForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.delegate(task=task, by=request.user, **form.service_arguments())
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Delegated to %(people)s; they get an e-mail. Your task "
                                        "is complete when theirs are.")
                             % {"people": ", ".join(str(t.assignee) for t in made)})
            return redirect(task.assignment)
    return _page(request, task, form, action="delegate",
                 title=_("Delegate %(number)s onwards") % {"number":
                                                           task.assignment.full_number},
                 intro=_("Your task becomes “delegated” and stays in the chain; those you "
                         "choose get a task each and report on it."))


def task_reopen(request, pk):
    """The giver (or whoever delegated it) reopens a done task, saying what is missing."""
    task = task_of(request, pk)
    if not services.may_reopen(request.user, task):
        raise PermissionDenied
    if task.status != TaskStatus.DONE:
        return _closed(request, task, _("Only a done task can be reopened."))
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen(task=task, by=request.user, comment=form.cleaned_data["text"])
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("%(name)s's task has been reopened; they get an "
                                        "e-mail.") % {"name": task.assignee})
            return redirect(task.assignment)
    return _page(request, task, form, action="reopen",
                 title=_("Reopen %(name)s's task") % {"name": task.assignee})


def task_comment(request, pk):
    task = task_of(request, pk)
    if not services.may_comment(request.user, task):
        raise PermissionDenied
    form = CommentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment(task=task, by=request.user, text=form.cleaned_data["text"],
                             file=form.cleaned_data["file"])
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Your comment has been added."))
            return redirect(task.assignment)
    return _page(request, task, form, action="comment",
                 title=_("Comment on %(name)s's task") % {"name": task.assignee})


@require_GET
def update_file(request, pk):
    """A file of the log, to whoever sees the assignment."""
    require_use(request)
    update = get_object_or_404(TaskUpdate.objects.visible_to(request.user).exclude(file=""),
                               pk=pk)
    return storage.file_response(update.file, update.file_name)
