"""The app's tabs (consultations, questions, visits, knowledge base, overview), each shown
to whom it is open."""

from django import template
from django.utils.translation import gettext_lazy as _

from konsultacijos import services

register = template.Library()


@register.inclusion_tag("konsultacijos/_tabs.html", takes_context=True)
def konsultacijos_tabs(context, active: str):
    user = context["request"].user
    records = services.may_read_records(user)
    tabs = []
    if records:
        tabs.append(("consultations", _("Consultations"), "konsultacijos:consultation_list"))
    tabs.append(("questions", _("Questions") if user.sees_whole_territory
                 else _("My questions"), "konsultacijos:question_list"))
    if records:
        tabs.append(("visits", _("Field visits"), "konsultacijos:visit_list"))
    tabs.append(("knowledge", _("Knowledge base"), "konsultacijos:entry_list"))
    if records:
        tabs.append(("overview", _("Overview"), "konsultacijos:overview"))
    return {"tabs": tabs, "active": active}
