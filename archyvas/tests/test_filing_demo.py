"""The filing demo: the demo staff member files signed minutes into their year's plan (the
file naming the kind, else one whose title says "protokolai"), an agreement with a signed
copy made for it, the latest visit's report and the engine's documents made in-process; a
year without an approved plan is skipped with a line, and a second run files nothing."""

import datetime
import io

import pytest

from archyvas import demo_filing
from archyvas.models import Audience, FiledDocument, PlanStatus
from archyvas.tests.factories import make_plan
from archyvas.tests.factories_filing import filing_plan, reported_visit, signed_meeting
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(db):
    return UserFactory(role="staff", email=demo_filing.STAFF, full_name="Rūta Darbuotoja")


@pytest.fixture
def no_engine(monkeypatch):
    """The engine's documents left out (the regional analysis needs the demo's statistics)."""
    monkeypatch.setattr(demo_filing, "_documents", lambda out, staff: [])


def _agreement(staff, number, signed_on):
    from bendradarbiavimas.tests.factories_partners import make_agreement, make_partner

    return make_agreement(by=staff, partners=[make_partner(by=staff)], number=number,
                          signed_on=signed_on, starts_on=signed_on,
                          title="Sutartis dėl pamokų bibliotekoje")


def test_the_demo_files_minutes_agreements_and_a_visit_into_their_years_plans(
        department, territory, no_engine):
    this_year = filing_plan(2026)
    last_year = make_plan(2025, files=(("7.1", "Posėdžių protokolai", True, None),
                                       ("7.7", "Sutartys", False, 10)))
    signed_meeting(staff=department, day=datetime.date(2026, 3, 5))
    old = signed_meeting(staff=department, day=datetime.date(2025, 10, 9))
    signed_meeting(staff=department, day=datetime.date(2026, 4, 2), signed=False)
    agreement = _agreement(department, "BS-2024/03", datetime.date(2026, 2, 7))
    visit = reported_visit(staff=department, library=territory.central_a)
    out = io.StringIO()
    demo_filing.load(out)
    assert "4 documents filed (2025: 1, 2026: 3)" in out.getvalue()
    minutes = FiledDocument.objects.filter(kind="bendradarbiavimas.minutes")
    assert {(d.plan_file.plan.year, d.plan_file.index) for d in minutes} == {
        (2026, "7.1"), (2025, "7.1")}
    assert minutes.get(plan_file__plan=last_year).source_key == str(old.pk)
    agreement.refresh_from_db()
    assert agreement.file
    filed = FiledDocument.objects.get(kind="bendradarbiavimas.agreement")
    assert filed.plan_file.plan == this_year and filed.note.startswith("Originalas")
    assert FiledDocument.objects.get(kind="konsultacijos.visit_report").source_key \
        == str(visit.pk)
    assert all(d.filed_by == department and d.has_file for d in FiledDocument.objects.all())
    again = io.StringIO()
    demo_filing.load(again)
    assert "filed already" in again.getvalue()


def test_a_year_without_an_approved_plan_is_skipped_with_a_line(department, no_engine):
    make_plan(2026, status=PlanStatus.DRAFT)
    signed_meeting(staff=department, day=datetime.date(2026, 3, 5))
    out = io.StringIO()
    demo_filing.load(out)
    assert "no open file of an approved 2026 plan" in out.getvalue()
    assert "0 documents filed" in out.getvalue()
    assert not FiledDocument.objects.exists()


def test_the_engines_documents_are_made_as_the_demo_staff_and_filed(department, territory):
    from apdovanojimai.tests.factories_results import closed_contest

    filing_plan(2026)
    contest, _nominations, _ = closed_contest(staff=department, nominator=department,
                                              library=territory.branch_a, count=1,
                                              title=demo_filing.CONTEST, year=2025)
    out = io.StringIO()
    demo_filing.load(out)
    protocol = FiledDocument.objects.get(subkind="apdovanojimai.protocol")
    assert protocol.audience == Audience.STAFF and protocol.file_kind == "pdf"
    assert protocol.source_url.startswith("/dokumentai/")
    assert "2 documents filed (2026: 2)" in out.getvalue()
    analysis = FiledDocument.objects.get(subkind="regional_analysis")
    assert analysis.plan_file.index == "7.6" and analysis.audience == Audience.MANAGEMENT
    assert analysis.filed_by == department


def test_without_the_demo_staff_member_nothing_is_filed(db):
    out = io.StringIO()
    demo_filing.load(out)
    assert "filing skipped" in out.getvalue()
