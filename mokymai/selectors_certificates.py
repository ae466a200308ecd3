"""Reads of the certificates: a person's professional-development hours per year, and the
confirmed courses taken elsewhere that the records count (``mokymai.records`` may add
them to a person's year). Nothing here writes."""

from collections import defaultdict
from decimal import Decimal

from mokymai.models import ExternalCourse, ExternalCourseStatus

ZERO = Decimal("0.00")


def hours_by_year(certificates, courses) -> list[dict]:
    """A person's hours per year, newest first: the valid certificates' (by the year of
    issue) and the confirmed courses taken elsewhere (by the year they ended)."""
    years: dict[int, dict] = {}

    def row(year):
        return years.setdefault(year, {"year": year, "portal": ZERO, "external": ZERO})

    for certificate in certificates:
        if certificate.is_valid:
            row(certificate.year)["portal"] += certificate.hours
    for course in courses:
        if course.status == ExternalCourseStatus.CONFIRMED:
            row(course.ends_on.year)["external"] += course.hours
    for line in years.values():
        line["total"] = line["portal"] + line["external"]
    return sorted(years.values(), key=lambda line: -line["year"])


def confirmed_external(people) -> dict[int, dict[int, dict]]:
    """Per person and year (the year a course ended), the confirmed courses taken elsewhere:
    ``{person_id: {year: {"courses": n, "hours": Decimal, "titles": [...]}}}``. One query
    for any number of people."""
    found: dict[int, dict[int, dict]] = defaultdict(dict)
    courses = (ExternalCourse.objects.filter(person__in=people,
                                             status=ExternalCourseStatus.CONFIRMED)
               .order_by("ends_on", "pk"))
    for course in courses:
        line = found[course.person_id].setdefault(
            course.ends_on.year, {"courses": 0, "hours": ZERO, "titles": []})
        line["courses"] += 1
        line["hours"] += course.hours
        line["titles"].append(course.title)
    return dict(found)
