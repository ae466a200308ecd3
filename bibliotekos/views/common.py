from django.core.paginator import Paginator
from django.utils.translation import gettext as _

PAGE_SIZE = 50


def paginate(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def field_changes(record) -> list[dict]:
    """One history record's changes against the previous one: field, old → new."""
    previous = record.prev_record
    if previous is None:
        return [{"field": _("created"), "old": "", "new": ""}]
    delta = record.diff_against(previous)
    model = record.instance_type
    changes = []
    for change in delta.changes:
        try:
            label = model._meta.get_field(change.field).verbose_name
        except Exception:  # noqa: BLE001 - a field removed since
            label = change.field
        changes.append({"field": label, "old": _display(record, change.field, change.old),
                        "new": _display(record, change.field, change.new)})
    return changes


def _display(record, field_name: str, value):
    if value in (None, ""):
        return "–"
    field = record.instance_type._meta.get_field(field_name)
    if field.choices:
        return dict(field.choices).get(value, value)
    if field.is_relation:
        related = field.related_model.objects.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    return value


def history_entries(queryset) -> list[dict]:
    entries = []
    for record in queryset.select_related("history_user").order_by("-history_date")[:200]:
        entries.append({"date": record.history_date, "user": record.history_user,
                        "type": record.history_type, "changes": field_changes(record)})
    return entries
