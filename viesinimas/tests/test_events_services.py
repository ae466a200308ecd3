"""The activity calendar's services: who enters, edits, cancels and deletes an event, the
bad input the issue lists (an end before the start, an event in the past entered as
future), two editors at once."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bibliotekos.models import Library
from portalas.clock import local_zone
from tests.factories import UserFactory
from viesinimas import services_events as services
from viesinimas.models import ActivityEvent, ActivityKind
from viesinimas.tests.factories_events import make_activity, make_theme

pytestmark = pytest.mark.django_db


def _new(library, *, days=10, **fields) -> ActivityEvent:
    fields.setdefault("kind", ActivityKind.EXHIBITION)
    return ActivityEvent(library=library, title=fields.pop("title", "Paroda „Kalėdų žvaigždė“"),
                         starts_on=timezone.localdate() + timedelta(days=days), **fields)


def _errors(refusal) -> dict:
    return {field: [m for e in errors for m in e.messages]
            for field, errors in refusal.value.error_dict.items()}


# --- entering -------------------------------------------------------------------------------

def test_a_director_enters_an_event_for_an_outlet_of_their_system(territory, librarian_a):
    theme = make_theme()
    event = services.create_event(_new(territory.branch_a), by=librarian_a, themes=[theme])
    assert event.created_by == librarian_a and event.version == 1
    assert list(event.themes.all()) == [theme]
    assert event.history.count() == 1 and event.history.first().history_user == librarian_a


def test_a_librarian_cannot_enter_an_event_for_another_library(territory, librarian_b):
    with pytest.raises(PermissionDenied):
        services.create_event(_new(territory.system_a), by=librarian_b)
    assert not ActivityEvent.objects.exists()


def test_staff_enter_an_event_for_any_library(territory, staff):
    assert services.create_event(_new(territory.school_b), by=staff).pk


def test_management_only_reads(territory, manager):
    assert not services.may_enter(manager)
    with pytest.raises(PermissionDenied):
        services.create_event(_new(territory.system_a), by=manager)


def test_the_library_choices_are_the_users_own_and_open(territory, librarian_a, librarian_b,
                                                         staff, manager):
    mine = set(services.libraries_for(librarian_a).values_list("code", flat=True))
    assert mine == {"SVB-KRE", "SVB-KRE-C", "SVB-KRE-F01"}  # the closed point is left out
    assert set(services.libraries_for(librarian_b).values_list("code", flat=True)) == {
        "MB-SKU-001"}
    assert services.libraries_for(staff).count() == Library.objects.open_now().count()
    assert not services.libraries_for(manager).exists()


def test_an_event_cannot_end_before_it_starts(territory, librarian_a):
    event = _new(territory.system_a)
    event.ends_on = event.starts_on - timedelta(days=1)
    with pytest.raises(services.Refused) as refusal:
        services.create_event(event, by=librarian_a)
    assert "ends_on" in _errors(refusal)


def test_a_one_day_event_cannot_end_before_its_start_time(territory, librarian_a):
    event = _new(territory.system_a, start_time=time(18, 0), end_time=time(17, 0))
    with pytest.raises(services.Refused) as refusal:
        services.create_event(event, by=librarian_a)
    assert "end_time" in _errors(refusal)


def test_an_end_time_on_the_last_day_of_a_longer_event_may_be_earlier(territory, librarian_a):
    event = _new(territory.system_a, start_time=time(18, 0), end_time=time(12, 0))
    event.ends_on = event.starts_on + timedelta(days=20)
    assert services.create_event(event, by=librarian_a).pk


def test_an_end_time_needs_a_start_time(territory, librarian_a):
    with pytest.raises(services.Refused) as refusal:
        services.create_event(_new(territory.system_a, end_time=time(17, 0)), by=librarian_a)
    assert "start_time" in _errors(refusal)


def test_ending_on_the_day_it_starts_is_a_one_day_event(territory, librarian_a):
    event = _new(territory.system_a)
    event.ends_on = event.starts_on
    assert services.create_event(event, by=librarian_a).ends_on is None


def test_a_year_long_campaign_is_the_longest(territory, staff):
    event = _new(territory.system_a)
    event.ends_on = event.starts_on + timedelta(days=400)
    with pytest.raises(services.Refused) as refusal:
        services.create_event(event, by=staff)
    assert "ends_on" in _errors(refusal)


def test_a_time_the_clocks_skip_is_refused(territory, staff):
    event = _new(territory.system_a, start_time=time(3, 30))
    march_end = date(timezone.localdate().year + 1, 3, 31)
    event.starts_on = march_end - timedelta(days=(march_end.weekday() + 1) % 7)  # last Sunday
    with pytest.raises(services.Refused) as refusal:
        services.create_event(event, by=staff)
    assert "start_time" in _errors(refusal)


def test_an_event_in_the_past_entered_as_future_is_refused(territory, librarian_a):
    with pytest.raises(services.Refused) as refusal:
        services.create_event(_new(territory.system_a, days=-2), by=librarian_a)
    assert "starts_on" in _errors(refusal)
    assert not ActivityEvent.objects.exists()


def test_a_past_event_is_recorded_when_the_user_confirms_it_took_place(territory, librarian_a):
    event = services.create_event(_new(territory.system_a, days=-2), by=librarian_a,
                                  record_of_past=True)
    assert event.starts_on < timezone.localdate()


def test_today_at_an_hour_already_gone_is_the_past_too(territory, librarian_a):
    zone = local_zone()
    now = datetime.combine(timezone.localdate(), time(15, 0), tzinfo=zone)
    earlier = _new(territory.system_a, days=0, start_time=time(10, 0))
    with pytest.raises(services.Refused):
        services.create_event(earlier, by=librarian_a, now=now)
    later = _new(territory.system_a, days=0, start_time=time(17, 0))
    assert services.create_event(later, by=librarian_a, now=now).pk


# --- editing --------------------------------------------------------------------------------

def test_an_edit_bumps_the_version_and_keeps_the_creator(territory, librarian_a, staff):
    event = make_activity(territory.system_a, by=librarian_a)
    event.title = "Naujas pavadinimas"
    saved = services.update_event(event, by=staff, seen_version=1)
    saved.refresh_from_db()
    assert (saved.version, saved.title, saved.created_by) == (2, "Naujas pavadinimas",
                                                             librarian_a)


def test_the_second_of_two_editors_is_refused(territory, librarian_a, staff):
    event = make_activity(territory.system_a, by=librarian_a)
    first = ActivityEvent.objects.get(pk=event.pk)
    second = ActivityEvent.objects.get(pk=event.pk)
    first.title = "Pirmasis"
    services.update_event(first, by=librarian_a, seen_version=1)
    second.title = "Antrasis"
    with pytest.raises(services.Refused) as refusal:
        services.update_event(second, by=staff, seen_version=1)
    assert refusal.value.code == "stale"
    assert ActivityEvent.objects.get(pk=event.pk).title == "Pirmasis"


def test_another_librarys_event_is_not_edited(territory, librarian_a, librarian_b):
    event = make_activity(territory.system_a, by=librarian_a)
    event.title = "Perimta"
    with pytest.raises(PermissionDenied):
        services.update_event(event, by=librarian_b, seen_version=1)


def test_an_event_is_not_moved_to_another_library_outside_ones_own(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a)
    event.library = territory.school_b
    with pytest.raises(PermissionDenied):
        services.update_event(event, by=librarian_a, seen_version=1)


def test_a_past_event_is_edited_without_confirming_again(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a, days=-30)
    event.description = "Dalyvavo 40 skaitytojų."
    assert services.update_event(event, by=librarian_a, seen_version=1).version == 2


def test_moving_an_event_into_the_past_needs_the_confirmation(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a)
    event.starts_on = timezone.localdate() - timedelta(days=365)
    with pytest.raises(services.Refused):
        services.update_event(event, by=librarian_a, seen_version=1)
    assert services.update_event(event, by=librarian_a, seen_version=1,
                                 record_of_past=True).version == 2


def test_a_cancelled_event_is_not_changed(territory, librarian_a):
    event = services.cancel_event(make_activity(territory.system_a, by=librarian_a),
                                  by=librarian_a, reason="Susirgo autorius")
    event.title = "Kitas"
    with pytest.raises(services.Refused):
        services.update_event(event, by=librarian_a, seen_version=event.version)


# --- cancelling and deleting ----------------------------------------------------------------

def test_a_cancellation_keeps_the_reason_in_the_event_and_its_history(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a, public=True)
    services.cancel_event(event, by=librarian_a, reason="  Susirgo   rašytojas ")
    event.refresh_from_db()
    assert event.cancelled_at is not None and event.cancel_reason == "Susirgo rašytojas"
    last = event.history.first()
    assert last.cancel_reason == "Susirgo rašytojas"
    assert last.history_change_reason == "Susirgo rašytojas"
    assert last.history_user == librarian_a
    assert not ActivityEvent.objects.public().filter(pk=event.pk).exists()


def test_a_cancellation_needs_a_reason_and_happens_once(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a)
    with pytest.raises(services.Refused):
        services.cancel_event(event, by=librarian_a, reason="   ")
    services.cancel_event(event, by=librarian_a, reason="Remontas")
    with pytest.raises(services.Refused):
        services.cancel_event(event, by=librarian_a, reason="Dar kartą")


def test_another_library_cannot_cancel(territory, librarian_a, librarian_b, manager):
    event = make_activity(territory.system_a, by=librarian_a)
    for user in (librarian_b, manager):
        with pytest.raises(PermissionDenied):
            services.cancel_event(event, by=user, reason="Ne mano")


def test_the_creator_deletes_before_the_event_begins(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a)
    services.delete_event(event, by=librarian_a)
    assert not ActivityEvent.objects.filter(pk=event.pk).exists()


def test_the_creator_does_not_delete_once_it_began(territory, librarian_a):
    event = make_activity(territory.system_a, by=librarian_a, days=-1)
    with pytest.raises(PermissionDenied):
        services.delete_event(event, by=librarian_a)


def test_a_colleague_cancels_but_does_not_delete(territory, librarian_a):
    colleague = UserFactory(role="librarian", email="kolege@test.lt")
    territory.system_a.memberships.create(user=colleague, role="librarian")
    event = make_activity(territory.system_a, by=librarian_a)
    assert services.may_cancel(colleague, event) and not services.may_delete(colleague, event)
    with pytest.raises(PermissionDenied):
        services.delete_event(event, by=colleague)


def test_staff_delete_any_event_even_a_past_one(territory, librarian_a, staff):
    event = make_activity(territory.system_a, by=librarian_a, days=-40)
    services.delete_event(event, by=staff)
    assert not ActivityEvent.objects.exists()


def test_upcoming_leaves_out_the_cancelled_and_the_finished(territory, staff):
    running = make_activity(territory.system_a, days=-10,
                            ends_on=timezone.localdate() + timedelta(days=5))
    soon = make_activity(territory.system_a, days=2)
    make_activity(territory.system_a, days=-2)
    make_activity(territory.system_a, days=3, cancelled_at=timezone.now())
    assert list(services.upcoming(ActivityEvent.objects.all())) == [running, soon]
