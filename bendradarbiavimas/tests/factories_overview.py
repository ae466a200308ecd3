"""Partners, agreements, groups, meetings and decisions for the overview's tests, made with
the ORM directly (the other areas' factories are theirs)."""

import datetime
from zoneinfo import ZoneInfo

from bendradarbiavimas.models import (
    Agreement,
    ContactLog,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    Partner,
    WorkingGroup,
)
from bibliotekos.models import Organisation, Person

VILNIUS = ZoneInfo("Europe/Vilnius")


def make_partner(name: str, *, libraries=(), active=True, since=None,
                 country="LT") -> Partner:
    organisation = Organisation.objects.create(name=name, country=country)
    partner = Partner.objects.create(organisation=organisation, active=active, since=since)
    partner.libraries.set(libraries)
    return partner


def make_agreement(partners, *, starts_on, ends_on=None, terminated_on=None, signed_on=None,
                   libraries=(), title="Bendradarbiavimo sutartis", number="",
                   responsible=None) -> Agreement:
    agreement = Agreement.objects.create(
        title=title, number=number, starts_on=starts_on, ends_on=ends_on,
        terminated_on=terminated_on, signed_on=signed_on, subject="Bendri renginiai.",
        responsible=responsible)
    agreement.partners.set(partners)
    agreement.libraries.set(libraries)
    return agreement


def log_contact(partner, day) -> ContactLog:
    return ContactLog.objects.create(partner=partner, happened_on=day,
                                     summary="Susitikimas dėl bendrų renginių.")


def make_group(name: str, *, level="territory", **fields) -> WorkingGroup:
    return WorkingGroup.objects.create(name=name, level=level,
                                       purpose="Dalintis patirtimi.", **fields)


def add_member(group, *, library=None, user=None, starts_on=None, ends_on=None,
               first_name="Ona", last_name="Narytė") -> GroupMember:
    person = Person.objects.create(first_name=first_name, last_name=last_name,
                                   library=library, user=user)
    return GroupMember.objects.create(group=group, person=person, user=user,
                                      starts_on=starts_on, ends_on=ends_on)


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=VILNIUS)


def make_meeting(group, day, *, status=MeetingStatus.HELD, quorum_met=True, hour=10,
                 minute=0, number=1) -> Meeting:
    return Meeting.objects.create(group=group, number=number, starts_at=at(day, hour, minute),
                                  status=status, quorum_met=quorum_met)


def make_decision(meeting, *, due_on=None, status=DecisionStatus.OPEN, done_on=None,
                  text="Parengti veiklos plano projektą.", owner=None) -> Decision:
    return Decision.objects.create(meeting=meeting, text=text, due_on=due_on, status=status,
                                   done_on=done_on, owner=owner)


class Year:
    """What ``build_year`` made, by name."""


def build_year(territory) -> Year:
    """2025 in the territory (the metric tests count it by hand):

    partners — *kretinga* (active, linked to the Darbėnai branch, agreement 2024-01-01 to
    2025-12-31), *skuodas* (active, linked to Skuodas school, a contact on 2025-06-10),
    *terminated* (active, no library, an agreement terminated on 2025-06-30), *inactive* (a
    contact in 2025 but marked inactive), *last_year* (a contact on 2024-12-31 only),
    *next_year* (an agreement from 2026-01-01); an agreement terminated on 2025-01-01;

    groups — *kids* (the territory's, a member from the Darbėnai branch): held 2025-01-01
    00:30 Vilnius time, 2025-03-10 (quorum), 2025-11-05 (no quorum), a planned meeting on
    2025-12-20 and a cancelled one; *national* (a national group, a member from the branch):
    held 2025-05-05; *school* (the territory's, a Skuodas school member until 2025-03-31):
    held 2025-02-15 and 2025-06-15, and one 2024-12-10;

    decisions — at 2025-03-10: *done_early* (due 04-01, done 03-30), *done_late* (due
    06-01, done 2026-01-15); at 2025-11-05: *open_later* (due 2026-02-01), *cancelled*; at
    the planned meeting: *unheld*; at the national meeting: *national_overdue* (due 07-01,
    open); at 2024-12-10: *last_year* (done 2025-01-20)."""
    d = datetime.date
    t = territory
    y = Year()
    y.kretinga = make_partner("Klaipėdos universitetas", libraries=[t.branch_a],
                              since=d(2025, 2, 1))
    y.skuodas = make_partner("Skuodo muziejus", libraries=[t.school_b])
    y.terminated = make_partner("Latvijas Nacionālā bibliotēka", country="LV",
                                since=d(2020, 5, 1))
    y.inactive = make_partner("Uždaryta asociacija", libraries=[t.branch_a], active=False)
    y.last_year = make_partner("Praėjusių metų partneris", libraries=[t.branch_a],
                               since=d(2024, 3, 3))
    y.next_year = make_partner("Kitų metų partneris", libraries=[t.school_b],
                               since=d(2024, 3, 3))
    y.agreement_kretinga = make_agreement([y.kretinga], starts_on=d(2024, 1, 1),
                                          ends_on=d(2025, 12, 31), signed_on=d(2023, 12, 20),
                                          libraries=[t.branch_a], number="S-1")
    y.agreement_terminated = make_agreement([y.terminated], starts_on=d(2023, 1, 1),
                                            terminated_on=d(2025, 6, 30),
                                            signed_on=d(2022, 12, 30), number="S-2")
    y.agreement_next = make_agreement([y.next_year], starts_on=d(2026, 1, 1),
                                      signed_on=d(2025, 11, 20), libraries=[t.school_b],
                                      number="S-3")
    y.agreement_gone = make_agreement([y.last_year], starts_on=d(2024, 1, 1),
                                      terminated_on=d(2025, 1, 1), number="S-4")
    log_contact(y.skuodas, d(2025, 6, 10))
    log_contact(y.inactive, d(2025, 7, 1))
    log_contact(y.last_year, d(2024, 12, 31))

    y.kids = make_group("Vaikų bibliotekininkų darbo grupė")
    add_member(y.kids, library=t.branch_a)
    y.national = make_group("LBD sekcija", level="national")
    add_member(y.national, library=t.branch_a, first_name="Rasa")
    y.school = make_group("Mokyklų bibliotekų komisija", kind="commission")
    add_member(y.school, library=t.school_b, ends_on=d(2025, 3, 31), first_name="Jonas")

    y.new_year = make_meeting(y.kids, d(2025, 1, 1), hour=0, minute=30, number=1)
    y.march = make_meeting(y.kids, d(2025, 3, 10), number=2)
    y.november = make_meeting(y.kids, d(2025, 11, 5), quorum_met=False, number=3)
    y.planned = make_meeting(y.kids, d(2025, 12, 20), status=MeetingStatus.PLANNED,
                             quorum_met=None, number=4)
    y.cancelled = make_meeting(y.kids, d(2025, 2, 1), status=MeetingStatus.CANCELLED,
                               quorum_met=None, number=5)
    y.national_may = make_meeting(y.national, d(2025, 5, 5), quorum_met=None)
    y.school_feb = make_meeting(y.school, d(2025, 2, 15))
    y.school_june = make_meeting(y.school, d(2025, 6, 15), number=2)
    y.school_2024 = make_meeting(y.school, d(2024, 12, 10), number=9)

    y.done_early = make_decision(y.march, due_on=d(2025, 4, 1), status=DecisionStatus.DONE,
                                 done_on=d(2025, 3, 30))
    y.done_late = make_decision(y.march, due_on=d(2025, 6, 1), status=DecisionStatus.DONE,
                                done_on=d(2026, 1, 15))
    y.open_later = make_decision(y.november, due_on=d(2026, 2, 1))
    y.cancelled_decision = make_decision(y.november, status=DecisionStatus.CANCELLED)
    y.unheld = make_decision(y.planned, due_on=d(2025, 12, 30))
    y.national_overdue = make_decision(y.national_may, due_on=d(2025, 7, 1))
    y.last_year_decision = make_decision(y.school_2024, due_on=d(2025, 1, 31),
                                         status=DecisionStatus.DONE, done_on=d(2025, 1, 20))
    return y
