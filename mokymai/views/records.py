"""The professional-development records as CSV: one person's (the person, their director,
the department and management), and everyone's (the whole-territory roles). Every
download is written to the personal-data access log."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from bibliotekos.audit import record_access
from mokymai.records import RECORD_COLUMNS, people_with_records, record_people, record_rows
from portalas.access import role_required, sees_territory
from portalas.tables import write_csv

YEAR_COLUMN = RECORD_COLUMNS.index("year")


def _csv(rows, name: str) -> HttpResponse:
    response = HttpResponse(write_csv(RECORD_COLUMNS, rows),
                            content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


def person_record_csv(request, pk: int):
    """A person's record: the person, their director and the whole-territory roles (a
    colleague of the same library gets a 404, as for anyone else's)."""
    person = record_people(request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    response = _csv(record_rows(record_people(request.user).filter(pk=pk)),
                    f"kvalifikacija-{pk}")
    record_access(request.user, "mokymai.records", subject=person, how="csv")
    return response


@role_required(sees_territory)
def records_csv(request):
    """Everyone's records (people with a training of the portal or a confirmed course taken
    elsewhere), one row per person and year; ``?year=`` narrows to one year."""
    rows = record_rows(people_with_records().order_by("last_name", "first_name", "pk"))
    year = request.GET.get("year", "")
    if year.isdigit():
        rows = [row for row in rows if row[YEAR_COLUMN] == int(year)]
    response = _csv(rows, f"kvalifikacija-{timezone.localdate().isoformat()}")
    record_access(request.user, "mokymai.records",
                  subject=f"year:{year}" if year.isdigit() else "year:all", how="csv")
    return response
