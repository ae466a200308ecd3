"""Deadlines in words for templates (working days left, overdue). They format; they never
query."""

from django import template

from projektai import selectors_deadlines

register = template.Library()


@register.filter
def due_text(deadline, today):
    """``{{ deadline|due_text:today }}``: "3 darbo dienos liko", "Vėluoja 2 dienas"."""
    return selectors_deadlines.due_text(deadline, today)


@register.filter
def overdue_on(deadline, today) -> bool:
    return deadline.is_overdue(today)


@register.filter
def rule_text(rule) -> str:
    return selectors_deadlines.describe_rule(rule)


@register.filter
def reminder_text(obj) -> str:
    """A rule's or a deadline's reminder in words."""
    return selectors_deadlines.describe_reminder(obj.remind_days, obj.remind_working)
