"""Who reaches what inside the statistics and the documents, generated from the URL list.

Every route of the ``statistika`` and ``ataskaitos`` namespaces must be declared below
with how it is keyed (a report, a unit of a report, a library, a person's own job, nothing,
or staff only); a new route that is not declared fails ``test_every_route_is_declared``.
Each declared route is then requested, GET and POST, by the three librarian personas —
a system's director, a branch librarian, a school librarian — against their own unit, a
sibling unit and another library. What they may not see is a 404 and changes nothing.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from openpyxl import Workbook

from ataskaitos.models import ReportJob
from bibliotekos.models import Library, LibraryKind, Membership
from bibliotekos.scoping import access_of
from statistika.models import (
    Explanation,
    FieldComment,
    Indicator,
    Submission,
    SubmissionEvent,
    Value,
    ValueChange,
)
from statistika.selectors.campaign import XLSX_HEADER
from statistika.services.campaign import create_campaign
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
YEAR = 2024
NAMESPACES = ("statistika", "ataskaitos")

# How each route is keyed. "report": by the report's id only; "unit": a unit of a report
# (in the path or the form data); "library": a library's code; "job": a person's own
# document; "open": nothing scoped (the catalogue, one's own lists); "staff": closed to
# librarians (403) whatever the object.
ROUTES = {
    "statistika:indicator_list": "open", "statistika:indicator_detail": "open",
    "statistika:indicator_create": "staff", "statistika:indicator_update": "staff",
    "statistika:rule_list": "staff", "statistika:rule_update": "staff",
    "statistika:import": "staff", "statistika:export": "staff",
    "statistika:explain": "library", "statistika:alias_list": "staff",
    "statistika:alias_delete": "staff", "statistika:campaign_list": "staff",
    "statistika:lnb_code_list": "staff",
    "statistika:campaign_board": "staff", "statistika:report_list": "open",
    "statistika:report_form": "report", "statistika:report_unit": "unit",
    "statistika:field_save": "unit", "statistika:field_explain": "unit",
    "statistika:report_submit": "report", "statistika:report_download": "report",
    "statistika:report_upload": "report", "statistika:report_remind": "staff",
    "statistika:report_review": "staff", "statistika:report_review_unit": "staff",
    "statistika:review_comment": "staff", "statistika:review_action": "staff",
    "statistika:comment_answer": "unit", "statistika:comment_resolve": "staff",
    "statistika:report_extend": "staff", "statistika:field_history": "unit",
    "statistika:report_timeline": "report", "statistika:bulk_accept": "staff",
    "statistika:handoff": "staff", "statistika:analysis_overview": "open",
    "statistika:analysis_municipalities": "staff", "statistika:analysis_kinds": "staff",
    "statistika:analysis_municipality": "staff", "statistika:analysis_library": "library",
    "statistika:analysis_national": "staff", "statistika:analysis_narrative": "staff",
    "statistika:table_builder": "open", "statistika:comparison_group_create": "open",
    "statistika:comparison_group_delete": "job",
    "ataskaitos:job_list": "open", "ataskaitos:document_request": "report",
    "ataskaitos:job_detail": "job", "ataskaitos:job_status": "job",
    "ataskaitos:job_download": "job", "ataskaitos:job_retry": "job",
}


def _route_names() -> set[str]:
    names = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                namespace = pattern.namespace or ""
                walk(pattern.url_patterns, f"{prefix}{namespace}:" if namespace else prefix)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{prefix}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return {name for name in names if name.split(":")[0] in NAMESPACES}


def test_every_route_is_declared():
    assert _route_names() - ROUTES.keys() == set(), "declare the new route in ROUTES"
    assert ROUTES.keys() - _route_names() == set(), "a declared route no longer exists"


@dataclass
class Target:
    submission: Submission
    unit: Library
    job_owner: object


@dataclass
class World:
    personas: dict
    targets: dict   # (persona, "own" | "sibling" | "other") → Target
    indicator: Indicator
    school_indicator: Indicator


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    school_c = Library.objects.create(code="MB-SKU-002", name="Skuodo progimnazijos biblioteka",
                                      kind=LibraryKind.SCHOOL, school_name="Progimnazija",
                                      municipality=territory.municipality_b)
    branch = UserFactory(role="librarian", email="filialas@test.lt")
    Membership.objects.create(user=branch, library=territory.branch_a, role="librarian")
    school_c_librarian = UserFactory(role="librarian", email="c@test.lt")
    Membership.objects.create(user=school_c_librarian, library=school_c, role="librarian")
    other_director = UserFactory(role="librarian", email="skuodas@test.lt")
    Membership.objects.create(user=other_director, library=territory.system_b, role="director")
    campaign = create_campaign(year=YEAR, kinds=["system", "school"],
                               deadline=timezone.now() + timedelta(days=30), reminder_days=[],
                               by=staff)
    submission = {r.library_id: r for r in campaign.submissions.all()}
    system_a, system_b = submission[territory.system_a.pk], submission[territory.system_b.pk]
    school_b, school_c_submission = submission[territory.school_b.pk], submission[school_c.pk]
    personas = {"director": librarian_a, "branch": branch, "school": librarian_b}
    targets = {
        ("director", "own"): Target(system_a, territory.branch_a, librarian_a),
        ("director", "sibling"): Target(system_a, territory.central_a, branch),
        ("director", "other"): Target(system_b, territory.central_b, other_director),
        ("branch", "own"): Target(system_a, territory.branch_a, branch),
        ("branch", "sibling"): Target(system_a, territory.central_a, librarian_a),
        ("branch", "other"): Target(system_b, territory.central_b, other_director),
        ("school", "own"): Target(school_b, territory.school_b, librarian_b),
        ("school", "sibling"): Target(school_c_submission, school_c, school_c_librarian),
        ("school", "other"): Target(system_a, territory.central_a, librarian_a),
    }
    return World(personas, targets, Indicator.objects.get(code="loans"),
                 Indicator.objects.get(code="loans"))


def _sees(world, persona, library) -> bool:
    from bibliotekos.scoping import visible_library_ids

    return library.pk in visible_library_ids(world.personas[persona])


def _reachable(world, route, persona, where, target) -> bool:
    key = ROUTES[route]
    if key == "open":
        return True
    if key == "job":
        return where == "own"
    if key == "report":
        from statistika.scoping import submission_scope

        return bool(submission_scope(target.submission, world.personas[persona]).units)
    return _sees(world, persona, target.unit)


def _workbook(target, indicator) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.title = target.unit.code
    sheet.append(XLSX_HEADER)
    sheet.append([indicator.code, "", "", None, 5, 0])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("forma.xlsx", out.getvalue())


def _request(world, route, target):
    """(path, GET query, POST data) for the route at the target."""
    submission, unit, indicator = target.submission, target.unit, world.indicator
    name = route.split(":")[1]
    field = {"library": unit.pk, "indicator": indicator.pk}
    if route.startswith("ataskaitos:"):
        if name == "document_request":
            return reverse(route), {}, {"kind": "statistics_report", "report": submission.pk,
                                        "format": "xlsx", "library": unit.code}
        if name == "job_list":
            return reverse(route), {}, {}
        from django.core.files.base import ContentFile

        owner = target.job_owner
        job = ReportJob.objects.create(kind="library_card", params={"library": unit.code},
                                       format="pdf", requested_by=owner,
                                       params_hash=f"{name}-{owner.pk}-{unit.pk}",
                                       status="done", finished_at=timezone.now(),
                                       scope=access_of(owner), filename="kortele.pdf")
        job.file.save(f"{job.pk.hex}.pdf", ContentFile(b"%PDF-1.7 test"))
        return reverse(route, args=[job.pk]), {}, {}
    if name == "comparison_group_delete":     # a person's own saved group, like a job
        from statistika.models import ComparisonGroup

        group = ComparisonGroup.objects.create(name="Kaimo filialai", owner=target.job_owner,
                                               criteria={"kind": "rural_branch"})
        return reverse(route, args=[group.pk]), {}, {}
    if name in {"report_form", "report_submit", "report_download", "report_timeline",
                "report_review", "report_remind", "review_action", "report_extend"}:
        return reverse(route, args=[submission.pk]), {}, {"action": "accept", "until": "2099-01-01"}
    if name in {"report_unit", "report_review_unit"}:
        return reverse(route, args=[submission.pk, unit.code]), {}, {}
    if name in {"field_save", "field_explain", "review_comment"}:
        return reverse(route, args=[submission.pk]), {}, {**field, "value": "7", "version": 0,
                                                          "text": "Paaiškinimas"}
    if name in {"comment_answer", "comment_resolve"}:
        comment = FieldComment.objects.create(submission=submission, library=unit,
                                              indicator=indicator, text="Pastaba")
        return reverse(route, args=[submission.pk]), {}, {**field, "comment": comment.pk,
                                                          "text": "Atsakymas"}
    if name == "field_history":
        return reverse(route, args=[submission.pk]), field, field
    if name == "report_upload":
        return reverse(route, args=[submission.pk]), {}, {"file": _workbook(target, indicator)}
    if name == "explain":
        return reverse(route), {"unit": unit.code, "year": YEAR,
                                "indicator": "loans_per_user", "level": "library"}, {}
    if name == "analysis_library":
        return reverse(route, args=[unit.code]), {}, {}
    if name in {"analysis_municipality"}:
        return reverse(route, args=[unit.municipality.code]), {}, {}
    if name in {"campaign_board", "bulk_accept", "handoff"}:
        return reverse(route, args=[YEAR]), {}, {}
    if name == "analysis_narrative":
        return reverse(route, args=[YEAR]), {}, {"section": "users", "text": "x"}
    if name in {"indicator_detail", "indicator_update"}:
        return reverse(route, args=[indicator.code]), {}, {}
    if name in {"rule_update", "alias_delete"}:
        return reverse(route, args=[1]), {}, {}
    return reverse(route), {}, {}


def _counts(jobs: bool):
    """The rows a refused request must not have added or changed."""
    counts = [model.objects.count() for model in (Value, ValueChange, Explanation, SubmissionEvent)]
    counts.append(FieldComment.objects.exclude(text="Pastaba").count())
    if jobs:  # a report's printable copy is the person's own units: a job is fine then
        counts.append(ReportJob.objects.filter(status__in=["queued", "running"]).count())
    return counts


CASES = [(route, persona, where) for route in sorted(ROUTES)
         for persona in ("director", "branch", "school")
         for where in ("own", "sibling", "other")]


@pytest.mark.parametrize(("route", "persona", "where"), CASES)
def test_each_persona_reaches_only_their_units(world, route, persona, where, settings,
                                               django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(world.personas[persona], backend="paskyros.backends.EmailBackend")
    target = world.targets[(persona, where)]
    reachable = _reachable(world, route, persona, where, target)
    path, query, data = _request(world, route, target)
    before = _counts(jobs=not reachable)
    statuses = []
    for method in ("get", "post"):
        if method == "get":
            response = client.get(path, query)
        else:
            if "file" in data:
                data["file"].seek(0)
            with django_capture_on_commit_callbacks(execute=False):
                response = client.post(path, data)
        statuses.append(response.status_code)
        assert response.status_code < 500, (method, path, response.status_code)
        if response.status_code == 405:
            continue
        if ROUTES[route] == "staff":
            assert response.status_code == 403, (method, path)
        elif reachable:
            assert response.status_code in {200, 302, 403}, (method, path,
                                                              response.status_code)
        else:
            assert response.status_code == 404, (method, path, response.status_code)
    assert set(statuses) != {405}, "the route answers neither GET nor POST"
    if not _sees(world, persona, target.unit) and ROUTES[route] != "open":
        assert _counts(jobs=not reachable) == before, (route, "changed data it may not see")
