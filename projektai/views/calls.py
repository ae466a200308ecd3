"""Calls for applications: staff keep them, everyone signed in reads the published ones,
and anyone may ask for the weekly e-mail of new calls (opt-in)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_POST

from portalas.access import manages_territory
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)
from projektai import services
from projektai.forms_calls import CallFilter, CallForm
from projektai.models import Call, CallSubscription, Project

PAST_SHOWN = 50


def is_subscribed(user) -> bool:
    return CallSubscription.objects.filter(user=user).exists()


def _mark(call: Call, today) -> Call:
    """What the lists show of a call's dates: days left, whether it opens later."""
    call.days_left = (call.deadline - today).days
    call.opens_later = bool(call.opens_on and call.opens_on > today)
    return call


class CallListView(ScopedListView):
    """Open and upcoming calls first (the nearest deadline on top), then the past ones,
    folded away. Staff also see drafts."""

    model = Call
    filterset_class = CallFilter
    title = gettext_lazy("Calls for applications")
    export_name = "kvietimai"
    template_name = "projektai/call_list.html"
    results_template = "projektai/call_list_results.html"
    default_sort = "deadline"
    paginate_by = None
    columns = [
        Column("deadline", gettext_lazy("Application deadline"), sort="deadline", text=False),
        Column("title", gettext_lazy("Call"), link=True),
        Column("funder", gettext_lazy("Funder")),
        Column("programme.name", gettext_lazy("Programme")),
        Column("eligible", gettext_lazy("Who may apply")),
        Column("opens_on", gettext_lazy("Opens on"), text=False),
        Column("budget", gettext_lazy("Funding available")),
        Column("link", gettext_lazy("Link")),
    ]

    def refine(self, queryset):
        return queryset.select_related("programme__funder", "funder")

    def get_context_data(self, **kwargs):
        # The kit's context without its one table: this page has two lists of its own.
        context = generic.ListView.get_context_data(self, **kwargs)
        today = timezone.localdate()
        calls = [_mark(call, today) for call in context["object_list"]]
        upcoming = [call for call in calls if call.deadline >= today]
        past = sorted((call for call in calls if call.deadline < today),
                      key=lambda call: (call.deadline, call.pk), reverse=True)
        context.update({
            "filter": self.filterset, "title": self.title, "export_name": self.export_name,
            "results_template": self.results_template, "sort": self.sort_key(),
            "upcoming": upcoming, "past": past[:PAST_SHOWN], "past_count": len(past),
            "past_shown": PAST_SHOWN, "today": today,
            "subscribed": is_subscribed(self.request.user),
            "may_edit": manages_territory(self.request.user),
        })
        return context


def _project_create_url(call: Call) -> str:
    """The project form, with this call chosen (``?call=<pk>``); empty while the projects'
    pages are not installed."""
    try:
        return f"{reverse('projektai:project_create')}?call={call.pk}"
    except NoReverseMatch:
        return ""


class CallDetailView(ScopedDetailView):
    model = Call
    template_name = "projektai/call_detail.html"
    context_object_name = "call"

    def refine(self, queryset):
        return queryset.select_related("programme__funder", "funder", "created_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        call = _mark(self.object, timezone.localdate())
        context.update({
            "call": call,
            "projects": (Project.objects.visible_to(user).filter(call=call)
                         .select_related("owner_library").order_by("title", "pk")),
            "project_create_url": (_project_create_url(call)
                                   if services.may_create(user) and call.days_left >= 0
                                   else ""),
            "may_edit": manages_territory(user),
        })
        return context


class CallFormMixin:
    model = Call
    form_class = CallForm
    allowed = staticmethod(manages_territory)
    list_url_name = "projektai:call_list"
    list_title = gettext_lazy("Calls for applications")
    create_title = gettext_lazy("Add a call")
    form_width = "col-lg-9"


class CallCreateView(CallFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The call has been added.")


class CallUpdateView(CallFormMixin, ScopedUpdateView):
    pass


@require_POST
def call_subscribe(request):
    """Turn the weekly e-mail of new calls on (``subscribe=1``) or off (``subscribe=0``)
    for the signed-in user; pressing twice changes nothing more."""
    if request.POST.get("subscribe") == "1":
        if not request.user.email:
            messages.error(request, _("Your account has no e-mail address to send to."))
        else:
            CallSubscription.objects.get_or_create(user=request.user)
            messages.success(request, _("Subscribed: every Monday you will get an e-mail with "
                                        "the calls published during the week, if there are "
                                        "any, at %(email)s.") % {"email": request.user.email})
    else:
        CallSubscription.objects.filter(user=request.user).delete()
        messages.success(request, _("Unsubscribed: you will no longer get the e-mail of new "
                                    "calls."))
    return redirect("projektai:call_list")
