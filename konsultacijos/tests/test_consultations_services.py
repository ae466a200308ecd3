"""The consultation record's services against the real database: logging, editing by two
people at once, the follow-up, the person consulted, who may write, the form's parsing
of what is typed (the library, the minutes)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bibliotekos.models import Person
from konsultacijos import services
from konsultacijos.forms_consultations import fold, parse_minutes, resolve_library
from konsultacijos.models import Channel, Consultation
from konsultacijos.tests.factories import make_consultation, topic

pytestmark = pytest.mark.django_db


def new(library, **fields):
    values = {"channel": Channel.EMAIL, "topic": topic(), "question": "Kaip?", "minutes": 30}
    values.update(fields)
    return Consultation(library=library, **values)


def test_staff_log_a_consultation_and_are_its_staff_member_by_default(territory, staff):
    consultation = services.log_consultation(new(territory.branch_a), by=staff)
    assert consultation.pk and consultation.staff_member == staff
    assert consultation.created_by == staff and consultation.version == 1
    assert consultation.history.count() == 1


def test_a_librarian_even_a_director_cannot_log(territory, librarian_a, librarian_b):
    for user in (librarian_a, librarian_b):
        with pytest.raises(PermissionDenied):
            services.log_consultation(new(territory.branch_a), by=user)
    assert not Consultation.objects.exists()


def test_management_reads_but_cannot_log(territory, manager):
    assert services.may_read_records(manager) and not services.may_log(manager)
    with pytest.raises(PermissionDenied):
        services.log_consultation(new(territory.branch_a), by=manager)


def test_a_person_of_another_library_is_refused(territory, staff):
    stranger = Person.objects.create(first_name="Jonas", last_name="Skuodiškis",
                                     library=territory.school_b)
    with pytest.raises(services.Refused) as refusal:
        services.log_consultation(new(territory.system_a, person=stranger), by=staff)
    assert "person" in refusal.value.error_dict
    assert not Consultation.objects.exists()


def test_a_person_of_an_outlet_may_be_consulted_for_the_system(territory, staff):
    branch_person = Person.objects.create(first_name="Ona", last_name="Darbėnienė",
                                          library=territory.branch_a)
    consultation = services.log_consultation(new(territory.system_a, person=branch_person),
                                             by=staff)
    assert consultation.consulted == "Ona Darbėnienė"


def test_a_follow_up_date_needs_what_is_to_be_done(territory, staff):
    with pytest.raises(services.Refused):
        services.log_consultation(new(territory.branch_a, follow_up_due=timezone.localdate()),
                                  by=staff)


def test_the_second_of_two_editors_is_refused_with_a_stale_version(territory, staff):
    consultation = make_consultation(library=territory.branch_a, by=staff)
    first = Consultation.objects.get(pk=consultation.pk)
    second = Consultation.objects.get(pk=consultation.pk)
    first.answer = "Pirmasis atsakymas"
    services.update_consultation(first, by=staff, seen_version=1)
    second.answer = "Antrasis atsakymas"
    with pytest.raises(services.Refused) as refusal:
        services.update_consultation(second, by=staff, seen_version=1)
    assert refusal.value.code == "stale"
    stored = Consultation.objects.get(pk=consultation.pk)
    assert stored.answer == "Pirmasis atsakymas" and stored.version == 2


def test_the_follow_up_is_marked_done_once(territory, staff, librarian_a):
    consultation = make_consultation(library=territory.branch_a, by=staff,
                                     follow_up="Atsiųsti formą",
                                     follow_up_due=timezone.localdate() + timedelta(days=3))
    with pytest.raises(PermissionDenied):
        services.complete_follow_up(consultation, by=librarian_a)
    done = services.complete_follow_up(consultation, by=staff)
    moment = done.follow_up_done_at
    assert moment is not None
    again = services.complete_follow_up(consultation, by=staff)
    assert again.follow_up_done_at == moment
    assert not Consultation.objects.open_follow_ups().exists()


def test_a_record_without_a_follow_up_cannot_have_it_done(territory, staff):
    consultation = make_consultation(library=territory.branch_a, by=staff)
    with pytest.raises(services.Refused):
        services.complete_follow_up(consultation, by=staff)


def test_the_quick_form_starts_with_the_users_last_channel(territory, staff):
    assert services.last_channel(staff) == Channel.PHONE
    make_consultation(library=territory.branch_a, by=staff, channel=Channel.ON_SITE)
    assert services.last_channel(staff) == Channel.ON_SITE


def test_a_director_reads_the_records_of_their_library_and_outlets_only(
        territory, staff, librarian_a, librarian_b):
    mine = make_consultation(library=territory.branch_a, by=staff)
    other = make_consultation(library=territory.school_b, by=staff)
    assert set(Consultation.objects.visible_to(librarian_a)) == {mine}
    assert not Consultation.objects.visible_to(librarian_b).exists()
    assert {mine, other} <= set(Consultation.objects.visible_to(staff))


# --- what the form makes of what is typed ---------------------------------------------------

@pytest.mark.parametrize(("typed", "minutes"), [
    ("20", 20), (" 45 min ", 45), ("1,5 h", 90), ("1.5h", 90), ("2 val.", 120),
    ("1 h 30 min", 90), ("1:15", 75), ("0,25 val", 15)])
def test_minutes_may_be_typed_as_hours(typed, minutes):
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize("typed", ["pusvalandis", "1,5", "h", "-5", "1 h 30 val"])
def test_time_that_is_not_a_time_is_refused(typed):
    with pytest.raises(ValueError):
        parse_minutes(typed)


def test_folding_drops_the_marks_of_lithuanian_letters():
    assert fold("  DARBĖNŲ   Filialas ") == "darbenu filialas"
    assert fold("Šiaulių ąžuolas") == "siauliu azuolas"


@pytest.mark.parametrize("typed", [
    "Darbėnų filialas (SVB-KRE-F01)", "svb-kre-f01", "darbėn", "DARBĖNŲ", "darben",
    "Darbėnų filialas"])
def test_a_library_is_found_by_part_of_its_name_or_its_code(territory, typed):
    libraries = [territory.system_a, territory.central_a, territory.branch_a,
                 territory.system_b, territory.school_b]
    assert resolve_library(typed, libraries) == territory.branch_a


def test_a_code_that_is_part_of_other_codes_still_names_its_library(territory):
    libraries = [territory.system_a, territory.central_a, territory.branch_a]
    assert resolve_library("SVB-KRE", libraries) == territory.system_a


def test_typing_that_matches_several_libraries_names_a_few_of_them(territory):
    libraries = [territory.system_a, territory.central_a, territory.branch_a]
    with pytest.raises(ValidationError) as error:
        resolve_library("kretingos", libraries)
    assert error.value.code == "many_libraries"
    assert "SVB-KRE-C" in error.value.messages[0]


def test_typing_that_matches_no_library_says_so(territory):
    with pytest.raises(ValidationError) as error:
        resolve_library("Palangos", [territory.system_a])
    assert error.value.code == "no_library"
