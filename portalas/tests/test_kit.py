"""The portal kit: the one registry and what the apps declared in it, the scope rules, the
shared numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bibliotekos.scoping import MembersQuerySet, PublishedQuerySet
from portalas import registry
from portalas.metrics import Period, Scope
from portalas.numbers import change_pct, divide, percentile, plain, rounded

pytestmark = pytest.mark.django_db


def test_one_discovery_fills_every_store():
    assert {"bibliotekos:library_list", "statistika:analysis_overview",
            "ataskaitos:job_list"} <= {i.url_name for i in registry.menu.all()}
    assert {"library_card", "statistics_report", "registry", "lnb_handoff"} <= {
        k.name for k in registry.kinds()}
    assert any(p.model == "bibliotekos.library" for p in registry.object_panels.all())
    assert {"bibliotekos.person", "paskyros.account"} <= {
        p.name for p in registry.personal_data_providers.all()}
    assert "statistika.statistics" in registry.annual_report_sections
    assert "statistika.statistics_report" in registry.fileable_kinds
    assert "statistika.deadlines" in registry.calendar_sources
    assert "statistika.submissions" in registry.digest_items
    assert {"statistika.reminder", "paskyros.invitation"} <= {
        n.key for n in registry.notification_kinds.all()}


def test_celery_beat_reads_its_schedule_from_the_registry():
    from regionas.celery import app

    app.finalize()
    schedule = registry.beat_schedule()
    assert set(schedule) == {"documents-sweep", "statistics-reminders",
                             "purge-expired-sessions-and-invitations", "training-reminders",
                             "training-mark-held", "training-feedback-invitations",
                             "training-personal-data-retention",
                             "project-deadline-reminders", "project-calls-digest",
                             "consultation-follow-ups", "consultation-question-reminders",
                             "consultation-visit-action-reminders",
                             "cooperation-agreement-reminders",
                             "cooperation-decision-reminders", "awards-jury-reminders",
                             "archive-overdue-answers", "archive-text-sweep",
                             "archive-personal-data-retention", "archive-destruction-sweep",
                             "procurement-summary-reminder", "procurement-contracts-ending",
                             "assignment-reminders"}
    assert app.conf.beat_schedule.keys() == schedule.keys()
    assert schedule["statistics-reminders"]["task"] == "statistika.tasks.send_reminders"


def test_a_ratio_metric_is_sum_over_sum_and_a_quarter_has_no_annual_figure(territory):
    from statistika.models import Indicator, Value

    for library, loans in ((territory.central_a, 300), (territory.branch_a, 100)):
        for code, value in (("loans", loans), ("users_registered", 100)):
            Value.objects.create(library=library, indicator=Indicator.objects.get(code=code),
                                 year=2024, value=value)
    ratio = registry.metric("statistika.loans_per_user")
    assert ratio.is_ratio
    assert ratio.value(Period.year(2024), Scope.of_library(territory.system_a)) == 2
    assert registry.metric("statistika.loans").value(Period.quarter(2024, 2)) is None
    with pytest.raises(ValueError):
        registry.register_metric("x.y", label_lt="", label_en="", function="9.9", value=len)


def test_periods():
    assert Period.quarter(2024, 1) == Period(date(2024, 1, 1), date(2024, 3, 31))
    assert Period.quarter(2024, 4).end == date(2024, 12, 31)
    assert Period.year(2025).whole_year == 2025
    assert Period.quarter(2025, 3).whole_year is None
    with pytest.raises(ValueError):
        Period(date(2025, 2, 1), date(2025, 1, 1))


def test_one_rounding_division_and_percentile():
    assert rounded(Decimal("1234.45"), 1) == Decimal("1234.5")
    assert rounded(Decimal("2.5")) == 3 and rounded(None) is None
    assert plain(Decimal("1234.000000")) == 1234 and plain(Decimal("12.750000")) == Decimal(
        "12.75")
    assert divide(1, 0) is None and divide(None, 2) is None and divide(3, 2) == Decimal("1.5")
    assert change_pct(110, 100) == 10 and change_pct(5, 0) is None
    assert percentile([1, 2, 3, 4, 5], Decimal("0.5")) == 3
    assert percentile([10, 20], Decimal("0.9")) == 19 and percentile([], 0.5) is None


def test_the_published_rule(territory, librarian_a, librarian_b, staff):
    """Everyone signed in sees what is published; drafts only their author and staff."""
    from statistika.models import Submission
    from statistika.services.campaign import create_campaign

    class Items(PublishedQuerySet):
        published_statuses = ("accepted",)
        author_path = "submitted_by"

    campaign = create_campaign(year=2024, kinds=["system", "school"],
                               deadline=timezone.now() + timedelta(days=3), reminder_days=[],
                               by=staff)
    draft = Submission.objects.get(campaign=campaign, library=territory.system_a)
    Submission.objects.filter(pk=draft.pk).update(submitted_by=librarian_a)
    published = Submission.objects.get(campaign=campaign, library=territory.school_b)
    Submission.objects.filter(pk=published.pk).update(status="accepted")
    items = Items(model=Submission)
    assert set(items.visible_to(librarian_b)) == {published}
    assert set(items.visible_to(librarian_a)) >= {draft, published}
    assert items.visible_to(staff).count() == Submission.objects.count()


def test_the_members_rule(territory, librarian_a, librarian_b, manager):
    """Members see their object; others do not; whole-territory roles see every one."""
    from bibliotekos.models import Library

    class Groups(MembersQuerySet):
        members_path = "memberships__user"

    groups = Groups(model=Library)
    assert set(groups.visible_to(librarian_a)) == {territory.system_a}
    assert set(groups.visible_to(librarian_b)) == {territory.school_b}
    assert groups.visible_to(manager).count() == Library.objects.count()


def test_the_person_provider_exports_and_erases(territory, staff, librarian_a):
    from bibliotekos.models import Person
    from bibliotekos.services import erase_personal_data, export_personal_data

    person = Person.objects.create(first_name="Ona", last_name="Ąžuolienė", email="ona@test.lt",
                                   phone="+37060000001", library=territory.branch_a,
                                   user=librarian_a)
    exported = export_personal_data(person=person, by=staff)
    assert exported["bibliotekos.person"]["rows"][0]["email"] == "ona@test.lt"
    assert exported["paskyros.account"]["rows"][0]["email"] == librarian_a.email
    changed = erase_personal_data(person=person, by=staff)
    assert changed["bibliotekos.person"] >= 2 and changed["paskyros.account"] == 1
    person.refresh_from_db()
    librarian_a.refresh_from_db()
    assert (person.email, person.phone, person.first_name) == ("", "", "Ištrintas")
    assert not person.history.filter(email="ona@test.lt").exists()
    assert not librarian_a.is_active and "ona" not in librarian_a.email


def test_the_statistics_stores_answer(territory, staff, librarian_a):
    from statistika.services.campaign import create_campaign

    campaign = create_campaign(year=2024, kinds=["system"],
                               deadline=timezone.now() + timedelta(days=3), reminder_days=[],
                               by=staff)
    start, end = timezone.localdate(), timezone.localdate() + timedelta(days=10)
    mine = registry.calendar_entries(start, end, librarian_a)
    assert [e.library for e in mine] == [territory.system_a]
    assert registry.calendar_entries(start, end, staff)[0].url.endswith(f"/{campaign.year}/")
    chapter = registry.annual_report_sections.get("statistika.statistics").build(year=2024,
                                                                                 user=staff)
    assert chapter[0].tables[0].columns[-1].label == "2024"
    assert list(registry.fileable_kinds.get("statistika.statistics_report").documents(2024)) \
        == []
    assert registry.digest_items.get("statistika.submissions").items(
        timezone.now() - timedelta(days=1), staff) == []


def test_a_report_kind_says_who_may_see_its_document_once_filed():
    assert registry.kind("regional_analysis").archive_audience == "management"
    assert registry.kind("mokymai.participants").archive_audience == "management"
    assert registry.kind("apdovanojimai.protocol").archive_audience == "staff"
    with pytest.raises(ValueError):
        registry.report_kind("kit.bad", label="x", archive_audience="everyone")


def test_a_fileable_kind_finds_its_object_within_the_users_scope(territory, staff,
                                                                   librarian_b):
    state = registry.snapshot()
    try:
        kind = registry.fileable_kind(
            "kit.library", label="Libraries", documents=lambda year: [],
            model="bibliotekos.library", describe=lambda obj, user: None)
        assert kind.find(str(territory.system_a.pk), staff) == territory.system_a
        assert kind.find(str(territory.system_a.pk), librarian_b) is None
        assert kind.find("not-a-number", staff) is None
        assert registry.fileable_kinds_for(territory.system_a) == [kind]
        with pytest.raises(ValueError):
            registry.fileable_kind("kit.listed", label="x", documents=lambda year: [],
                                   model="bibliotekos.library",
                                   describe=lambda obj, user: None,
                                   listed_on="bibliotekos.municipality")
    finally:
        registry.restore(state)
    assert "kit.library" not in registry.fileable_kinds
