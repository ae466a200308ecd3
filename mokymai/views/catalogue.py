"""The trainings' catalogue: topics, professional-development programmes and lecturers.
Topics and programmes are reference data every signed-in user reads; lecturers are the
department's contacts (the whole-territory roles see them all, a lecturer their own
record). Department staff edit all three."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from mokymai.forms_catalogue import (
    LecturerFilter,
    LecturerForm,
    ProgrammeFilter,
    ProgrammeForm,
    TopicFilter,
    TopicForm,
)
from mokymai.models import (
    Attendance,
    EventStatus,
    Lecturer,
    Programme,
    RegistrationStatus,
    Session,
    Topic,
    TrainingEvent,
)
from portalas.access import manages_territory
from portalas.views import (
    Column,
    ScopedCreateView,
    ScopedDetailView,
    ScopedListView,
    ScopedUpdateView,
)

HELD = (EventStatus.HELD, EventStatus.COMPLETED)


@dataclass(frozen=True)
class ComputedColumn(Column):
    """A column whose value a function computes from the row's object (shown and
    exported alike)."""

    compute: Callable | None = None

    def value(self, obj):
        return self.compute(obj) if self.compute is not None else super().value(obj)


def _workplace(lecturer) -> str:
    person = lecturer.person
    parts = [lecturer.organisation, person.library.name if person.library_id else ""]
    return " · ".join(part for part in parts if part)


def _topic_names(obj) -> str:
    return ", ".join(topic.name for topic in obj.topics.all())


def events_with_counts(queryset):
    """Events with their registered places and participants (registered, attended at
    least one session), without a query per row."""
    attended = Exists(Attendance.objects.filter(registration=OuterRef("registrations"),
                                                present=True))
    return queryset.annotate(
        registered=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.REGISTERED), distinct=True),
        participants=Count("registrations", filter=Q(
            registrations__status=RegistrationStatus.REGISTERED) & Q(attended),
            distinct=True))


# --- topics ----------------------------------------------------------------------------------

class TopicListView(ScopedListView):
    model = Topic
    filterset_class = TopicFilter
    title = gettext_lazy("Topics")
    description = gettext_lazy("The subjects events, programmes and lecturers share.")
    export_name = "temos"
    actions_template = "mokymai/topic_list_actions.html"
    default_sort = "name"
    columns = [
        Column("name", pgettext_lazy("name of a thing", "Name"), sort="name",
               template="mokymai/topic_name_cell.html"),
        Column("programme_count", gettext_lazy("Programmes"), sort="programme_count",
               text=False, numeric=True),
        Column("event_count", gettext_lazy("Events"), sort="event_count", text=False,
               numeric=True),
        Column("lecturer_count", gettext_lazy("Lecturers"), sort="lecturer_count", text=False,
               numeric=True),
        Column("active", gettext_lazy("In use"), sort="active", text=False,
               template="mokymai/topic_active_cell.html"),
    ]

    def refine(self, queryset):
        return queryset.annotate(programme_count=Count("programmes", distinct=True),
                                 event_count=Count("events", distinct=True),
                                 lecturer_count=Count("lecturers", distinct=True))


class TopicFormMixin:
    model = Topic
    form_class = TopicForm
    allowed = staticmethod(manages_territory)
    template_name = "mokymai/topic_form.html"
    success_url = reverse_lazy("mokymai:topic_list")
    list_url_name = "mokymai:topic_list"
    list_title = gettext_lazy("Topics")
    create_title = gettext_lazy("Add a topic")
    form_width = "col-lg-6"


class TopicCreateView(TopicFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The topic has been added.")


class TopicUpdateView(TopicFormMixin, ScopedUpdateView):
    pass


# --- programmes ------------------------------------------------------------------------------

class ProgrammeListView(ScopedListView):
    model = Programme
    filterset_class = ProgrammeFilter
    title = gettext_lazy("Programmes")
    description = gettext_lazy("Professional-development programmes the department's "
                               "events run.")
    export_name = "programos"
    actions_template = "mokymai/programme_list_actions.html"
    default_sort = "title"
    columns = [
        Column("code", gettext_lazy("Code"), sort="code"),
        Column("title", gettext_lazy("Title"), sort="title", link=True),
        Column("hours", gettext_lazy("Academic hours"), sort="hours", text=False,
               numeric=True),
        Column("target_group", gettext_lazy("Target group"), sort="target_group"),
        Column("approved_on", gettext_lazy("Approved on"), sort="approved_on", text=False),
        Column("event_count", gettext_lazy("Events"), sort="event_count", text=False,
               numeric=True),
        Column("active", gettext_lazy("In use"), sort="active", text=False,
               template="mokymai/topic_active_cell.html"),
    ]

    def refine(self, queryset):
        return queryset.annotate(event_count=Count("events", distinct=True))


class ProgrammeDetailView(ScopedDetailView):
    model = Programme
    template_name = "mokymai/programme_detail.html"
    context_object_name = "programme"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        events = events_with_counts(
            TrainingEvent.objects.visible_to(self.request.user).filter(programme=self.object)
        ).order_by("-starts_on", "title")
        context.update({"topics": self.object.topics.order_by("name"), "events": events,
                        "held": HELD})
        return context


class ProgrammeFormMixin:
    model = Programme
    form_class = ProgrammeForm
    allowed = staticmethod(manages_territory)
    list_url_name = "mokymai:programme_list"
    list_title = gettext_lazy("Programmes")
    create_title = gettext_lazy("Add a programme")


class ProgrammeCreateView(ProgrammeFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The programme has been added.")


class ProgrammeUpdateView(ProgrammeFormMixin, ScopedUpdateView):
    pass


# --- lecturers -------------------------------------------------------------------------------

class LecturerListView(ScopedListView):
    model = Lecturer
    filterset_class = LecturerFilter
    title = gettext_lazy("Lecturers")
    description = gettext_lazy("Who teaches at the department's events: librarians of the "
                               "territory and external lecturers.")
    export_name = "lektoriai"
    actions_template = "mokymai/lecturer_list_actions.html"
    default_sort = "person__last_name"
    columns = [
        Column("person.list_name", gettext_lazy("Name"), sort="person__last_name", link=True),
        ComputedColumn("organisation", gettext_lazy("Works at"), sort="organisation",
                       compute=_workplace),
        ComputedColumn("topics", gettext_lazy("Topics"), compute=_topic_names),
        Column("person.email", gettext_lazy("E-mail"), sort="person__email", text=False),
        Column("person.phone", gettext_lazy("Phone"), text=False),
        Column("event_count", gettext_lazy("Events"), sort="event_count", text=False,
               numeric=True),
    ]

    def refine(self, queryset):
        return (queryset.select_related("person__library")
                .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))
                .annotate(event_count=Count("sessions__event", distinct=True)))


class LecturerDetailView(ScopedDetailView):
    model = Lecturer
    template_name = "mokymai/lecturer_detail.html"
    context_object_name = "lecturer"

    def refine(self, queryset):
        return queryset.select_related("person__library", "person__post")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        visible = TrainingEvent.objects.visible_to(self.request.user)
        sessions = (Session.objects.filter(lecturers=self.object, event__in=visible)
                    .select_related("event").order_by("-starts_at"))
        events: dict[int, dict] = {}
        for session in sessions:
            entry = events.setdefault(session.event_id, {"event": session.event,
                                                         "sessions": []})
            entry["sessions"].append(session)
        context.update({"topics": self.object.topics.order_by("name"),
                        "events": list(events.values())})
        return context


class LecturerFormMixin:
    model = Lecturer
    form_class = LecturerForm
    allowed = staticmethod(manages_territory)
    list_url_name = "mokymai:lecturer_list"
    list_title = gettext_lazy("Lecturers")
    create_title = gettext_lazy("Add a lecturer")


class LecturerCreateView(LecturerFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The lecturer has been added.")


class LecturerUpdateView(LecturerFormMixin, ScopedUpdateView):
    pass
