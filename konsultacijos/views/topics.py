"""The topics of consultations: an editable list. Everyone who reads consultation records
reads it; staff add and edit topics. A topic out of use is not offered for new records
but stays on those that have it."""

from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy, pgettext_lazy

from konsultacijos import services
from konsultacijos.forms_consultations import TopicForm
from konsultacijos.models import Topic
from portalas.views import Column, ScopedCreateView, ScopedListView, ScopedUpdateView


class TopicListView(ScopedListView):
    model = Topic
    allowed = staticmethod(services.may_read_records)
    template_name = "konsultacijos/topic_list.html"
    results_template = "konsultacijos/topic_list_results.html"
    title = gettext_lazy("Topics of consultations")
    description = gettext_lazy("What consultations, questions and knowledge-base entries are "
                               "about.")
    empty_text = gettext_lazy("No topics yet.")
    export_name = "konsultaciju-temos"
    default_sort = "order"
    paginate_by = 200
    columns = [
        Column("name", pgettext_lazy("name of a thing", "Name"), sort="name"),
        Column("order", gettext_lazy("Order"), sort="order", text=False, numeric=True),
        Column("consultation_count", gettext_lazy("Consultations"), sort="consultation_count",
               text=False, numeric=True),
        Column("active", gettext_lazy("In use"), sort="active", text=False),
    ]

    def refine(self, queryset):
        return queryset.annotate(consultation_count=Count("consultations"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_edit"] = services.may_log(self.request.user)
        return context


class TopicFormMixin:
    model = Topic
    form_class = TopicForm
    allowed = staticmethod(services.may_log)
    template_name = "konsultacijos/topic_form.html"
    success_url = reverse_lazy("konsultacijos:topic_list")
    list_url_name = "konsultacijos:topic_list"
    list_title = gettext_lazy("Topics of consultations")
    create_title = gettext_lazy("Add a topic")
    form_width = "col-lg-6"


class TopicCreateView(TopicFormMixin, ScopedCreateView):
    success_message = gettext_lazy("The topic has been added.")


class TopicUpdateView(TopicFormMixin, ScopedUpdateView):
    success_message = gettext_lazy("The topic has been saved.")
