"""The projects app's rules: deadlines from the funder's templates, the status machine,
who may do what, figures."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projektai import services
from projektai.models import DeadlineAnchor, DeadlineRule, Project, ProjectStatus
from projektai.tests.factories import make_lkt, make_project

pytestmark = pytest.mark.django_db


def test_lkt_rules_give_a_change_request_and_a_final_report_across_christmas(staff):
    project = make_project(by=staff, starts_on=date(2026, 3, 1), ends_on=date(2026, 12, 18))
    dues = {d.title: d.due_on for d in project.deadlines.all()}
    # 10 working days after Friday 18 December is 6 January, but no later than 31 December
    assert dues == {"Keitimo prašymas": date(2026, 12, 1),
                    "Galutinė ataskaita": date(2026, 12, 31)}


def test_a_final_report_in_working_days_skips_holidays(staff):
    project = make_project(by=staff, starts_on=date(2026, 1, 5), ends_on=date(2026, 6, 19))
    report = project.deadlines.get(title="Galutinė ataskaita")
    # 22, 23, (24 June: Joninės) 25, 26, 29, 30 June, 1, 2, 3 July, (6 July: Statehood
    # Day) 7 July
    assert report.due_on == date(2026, 7, 7)


def test_changing_the_dates_moves_the_open_deadlines_and_keeps_done_ones(staff):
    project = make_project(by=staff, starts_on=date(2025, 2, 1), ends_on=date(2026, 12, 18))
    assert project.deadlines.filter(title="Keitimo prašymas").count() == 2
    first = project.deadlines.get(due_on=date(2025, 12, 1))
    services.mark_deadline_done(first, by=staff, today=date(2025, 11, 28))
    project.ends_on = date(2026, 10, 30)
    project.save()
    services.apply_deadline_rules(project)
    dues = sorted(d.due_on for d in project.deadlines.all())
    # Friday 30 October + 10 working days: 2 November (Vėlinės) is a holiday
    assert dues == [date(2025, 12, 1), date(2026, 11, 16)]


def test_a_rule_needs_a_date_for_yearly(staff):
    rule = DeadlineRule(programme=make_lkt(), title="x", anchor=DeadlineAnchor.YEARLY)
    with pytest.raises(ValidationError) as refused:
        rule.full_clean()
    assert "month" in refused.value.message_dict


def test_staff_cannot_submit_a_department_project_without_approval(staff, manager):
    project = make_project(by=staff, status=ProjectStatus.PREPARING)
    with pytest.raises(services.Refused) as refused:
        services.change_status(project, to=ProjectStatus.SUBMITTED, by=staff)
    assert refused.value.code == "needs_approval"
    services.request_submission(project, by=staff)
    project.refresh_from_db()
    assert project.awaiting_approval
    project = services.change_status(project, to=ProjectStatus.SUBMITTED, by=manager)
    assert project.status == ProjectStatus.SUBMITTED
    assert project.approved_by == manager and project.submitted_on is not None


def test_granted_needs_the_sum_and_a_stale_version_is_refused(staff):
    project = make_project(by=staff, status=ProjectStatus.SUBMITTED)
    with pytest.raises(services.Refused) as refused:
        services.change_status(project, to=ProjectStatus.GRANTED, by=staff)
    assert refused.value.code == "no_grant"
    Project.objects.filter(pk=project.pk).update(granted_amount=Decimal("10000"))
    seen = project.version
    services.change_status(project, to=ProjectStatus.GRANTED, by=staff, version=seen)
    with pytest.raises(services.Refused) as refused:
        services.change_status(project, to=ProjectStatus.RUNNING, by=staff, version=seen)
    assert refused.value.code == "stale"


def test_a_librarian_sees_their_library_projects_and_partners_only(
        staff, librarian_a, librarian_b, territory):
    own = make_project(by=librarian_a, owner_library=territory.central_a, title="Savas")
    other = make_project(by=librarian_b, owner_library=territory.school_b, title="Kitas")
    department = make_project(by=staff, title="Skyriaus")
    department.partners.create(library=territory.system_a)
    seen_a = set(Project.objects.visible_to(librarian_a))
    assert seen_a == {own, department}
    assert set(Project.objects.visible_to(librarian_b)) == {other}
    assert services.may_edit(librarian_a, own)
    assert not services.may_edit(librarian_a, department)
    assert not services.may_edit(librarian_b, own)
    with pytest.raises(PermissionDenied):
        make_project(by=librarian_b, owner_library=territory.central_a)
    with pytest.raises(PermissionDenied):
        make_project(by=librarian_a)  # the department's


def test_a_library_director_submits_their_own_project(librarian_a, territory):
    project = make_project(by=librarian_a, owner_library=territory.system_a,
                           status=ProjectStatus.PREPARING)
    project = services.change_status(project, to=ProjectStatus.SUBMITTED, by=librarian_a)
    assert project.status == ProjectStatus.SUBMITTED


def test_success_rate_is_granted_over_submitted(staff):
    for status, granted in [(ProjectStatus.RUNNING, "5000"), (ProjectStatus.REJECTED, None),
                            (ProjectStatus.SUBMITTED, None), (ProjectStatus.GRANTED, "2500")]:
        make_project(by=staff, status=status, submitted_on=date(2026, 2, 1),
                     granted_amount=Decimal(granted) if granted else None)
    [row] = services.success_by_year(Project.objects.all())
    assert (row["submitted"], row["granted"], row["rejected"], row["pending"]) == (4, 2, 1, 1)
    assert row["rate"] == Decimal("50.0")
    assert row["attracted"] == Decimal("7500")
