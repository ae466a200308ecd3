"""The professional-development records as CSV: one person's (the person, their director,
the department and management), and everyone's (the whole-territory roles)."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from bibliotekos.models import Person
from mokymai.records import RECORD_COLUMNS, record_rows
from portalas.access import role_required, sees_territory
from portalas.tables import write_csv


def _csv(rows, name: str) -> HttpResponse:
    response = HttpResponse(write_csv(RECORD_COLUMNS, rows),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def person_record_csv(request, pk: int):
    """A person's record: anyone who may open the person's page, and the person."""
    people = Person.objects.filter(pk=pk)
    visible = people.filter(pk__in=Person.objects.visible_to(request.user).values("pk"))
    if not visible.exists() and not people.filter(user=request.user).exists():
        raise Http404
    return _csv(record_rows(people), f"kvalifikacija-{pk}")


@role_required(sees_territory)
def records_csv(request):
    """Everyone's records (people with at least one training), one row per person and
    year; ``?year=`` narrows to one year."""
    rows = record_rows(Person.objects.filter(registrations__isnull=False).distinct()
                       .order_by("last_name", "first_name", "pk"))
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = [row for row in rows if row[6] == int(year)]
    return _csv(rows, f"kvalifikacija-{timezone.localdate().isoformat()}")
