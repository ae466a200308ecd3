"""Demo minutes and decisions: for every held demo meeting (``demo_groups`` makes them) the
signed minutes — its agenda as two to four items with what was discussed, the vote and what
was decided — and one to three decisions with an owner from the group (or the department)
and a deadline. Older decisions are mostly done; the latest meeting of the children's
librarians' group has one decision overdue, owned by ``bibliotekininkas@demo.lt``, and one
due in two working days, owned by ``filialas@demo.lt``; the meeting without a quorum has its
decisions flagged by itself. Run again, it adds nothing; with no held meeting, it says so."""

import datetime
import random
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from bendradarbiavimas.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
)
from paskyros.models import Role, User
from portalas.workdays import add_working_days

EXTRA_ITEMS = ["Informacija apie regiono bibliotekų renginius", "Kiti klausimai"]
DISCUSSED = [
    "Pranešėja pristatė parengtą projektą ir pagrindinius terminus. Nariai pasiūlė "
    "**suderinti** renginius su mokyklų atostogomis ir numatyti atsakingus asmenis.",
    "Aptarta praėjusių metų patirtis: dalyvių skaičius išaugo, tačiau trūko informacijos "
    "kaimo filialuose. Siūlyta sklaidai naudoti bibliotekų socialinių tinklų paskyras.",
    "Pristatyti apklausos rezultatai (atsakė 48 bibliotekininkai). Diskusijoje pabrėžta "
    "mokymų poreikis skaitmeninių paslaugų temomis.",
    "Nariai pasidalijo informacija apie artimiausius renginius ir partnerių kvietimus.",
]
DECIDED = [
    "Pritarti pateiktam projektui su posėdyje išsakytomis pastabomis.",
    "Pritarti pasiūlymui ir parengti renginių kalendorių.",
    "Informaciją priimti žiniai.",
    "Parengti rekomendacijas bibliotekoms ir pristatyti jas kitame posėdyje.",
]
VOTES = ["už {n}, prieš 0, susilaikė 0", "už {n}, prieš 0, susilaikė 1", ""]
TASKS = [
    "Parengti ir išsiųsti bibliotekoms renginių kalendorių",
    "Surinkti filialų pasiūlymus dėl vasaros skaitymo akcijos",
    "Parengti metodines rekomendacijas dėl renginių sklaidos",
    "Suderinti su partneriais prizų fondą",
    "Pateikti apklausos ataskaitą skyriaus interneto svetainėje",
    "Organizuoti patirties pasidalijimo seminarą kaimo filialų bibliotekininkams",
]


def _day(meeting: Meeting) -> datetime.date:
    return timezone.localtime(meeting.starts_at).date()


def _titles(meeting: Meeting, rng: random.Random) -> list[str]:
    lines = [re.sub(r"^(\d{1,3}[.)]|[-*•])\s*", "", line.strip()).strip()
             for line in (meeting.agenda or "").splitlines()]
    titles = [line for line in lines if line][:4]
    for extra in EXTRA_ITEMS:
        if len(titles) >= 2 + rng.randint(0, 1):
            break
        if extra not in titles:
            titles.append(extra)
    return titles


def _owners(meeting: Meeting, staff) -> list:
    """Members of the group with an account on the meeting's day, then staff."""
    day = _day(meeting)
    members = (GroupMember.objects.filter(group=meeting.group)
               .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day),
                       Q(ends_on__isnull=True) | Q(ends_on__gte=day))
               .select_related("user", "person__user").order_by("pk"))
    users = []
    for member in members:
        user = member.user or (member.person.user if member.person_id else None)
        if user is not None and user.is_active and user not in users:
            users.append(user)
    return users or [staff]


def _keeper(meeting: Meeting, staff):
    member = (GroupMember.objects.filter(group=meeting.group, role=MemberRole.SECRETARY)
              .select_related("user", "person__user").first())
    if member is not None:
        user = member.user or (member.person.user if member.person_id else None)
        if user is not None:
            return user
    return staff


@transaction.atomic
def _write(meeting: Meeting, staff, rng: random.Random, today: datetime.date) -> int:
    day = _day(meeting)
    writer = _keeper(meeting, staff)
    present = meeting.attendance.filter(status__in=("present", "remote")).count() or 3
    items = []
    for number, title in enumerate(_titles(meeting, rng), start=1):
        last = number > 1 and title in EXTRA_ITEMS
        items.append(AgendaItem.objects.create(
            meeting=meeting, order=number, title=title, written_by=writer,
            presenter="" if last else rng.choice(["Pirmininkė", "Sekretorė",
                                                  "Metodininkė Stebėtoja"]),
            discussed=DISCUSSED[3] if last else rng.choice(DISCUSSED[:3]),
            votes="" if last else rng.choice(VOTES).format(n=present),
            decided=DECIDED[2] if last else rng.choice([DECIDED[0], DECIDED[1], DECIDED[3]])))
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes_intro="Posėdį pradėjo ir jam pirmininkavo grupės pirmininkė.",
        minutes_status="final", minutes_written_by=writer,
        minutes_signed_at=meeting.ends_at or meeting.starts_at)
    owners = _owners(meeting, staff)
    made = 0
    for index in range(rng.randint(1, 3)):
        due = day + datetime.timedelta(days=rng.choice([30, 45, 60, 90]))
        done = due < today - datetime.timedelta(days=10) and rng.random() < 0.8
        Decision.objects.create(
            meeting=meeting, item=items[min(index, len(items) - 1)],
            text=rng.choice(TASKS), owner=owners[index % len(owners)], due_on=due,
            status=DecisionStatus.DONE if done else DecisionStatus.OPEN,
            done_on=min(due, today) if done else None,
            done_note="Atlikta, informacija išsiųsta bibliotekoms." if done else "",
            done_by=owners[index % len(owners)] if done else None, created_by=writer)
        made += 1
    return made


def _follow_up(staff, today: datetime.date) -> str:
    """The overdue decision of bibliotekininkas@demo.lt and the one due soon of
    filialas@demo.lt, on the latest held meeting each is a member of."""
    said = []
    for email, due, text in (
            ("bibliotekininkas@demo.lt", today - datetime.timedelta(days=6),
             "Parengti Kretingos bibliotekų vasaros skaitymo akcijos ataskaitą"),
            ("filialas@demo.lt", add_working_days(today, 2),
             "Pateikti Darbėnų filialo renginių planą vaikams")):
        user = User.objects.filter(email=email).first()
        if user is None or Decision.objects.filter(owner=user, text=text).exists():
            continue
        meeting = (Meeting.objects.filter(status=MeetingStatus.HELD,
                                          group__members__in=GroupMember.objects.filter(
                                              Q(user=user) | Q(person__user=user)))
                   .filter(starts_at__date__lte=due).order_by("-starts_at").first())
        if meeting is None:
            continue
        Decision.objects.create(meeting=meeting, item=meeting.items.order_by("order").first(),
                                text=text, owner=user, due_on=due, created_by=staff)
        said.append(f"{email} {due.isoformat()}")
    return ", ".join(said)


def load(out) -> None:
    staff = User.objects.filter(email="darbuotojas@demo.lt").first() or User.objects.filter(
        role=Role.STAFF).order_by("pk").first()
    held = list(Meeting.objects.filter(status=MeetingStatus.HELD, minutes_status="none")
                .select_related("group").order_by("starts_at", "pk"))
    if staff is None or not (held or Meeting.objects.filter(status=MeetingStatus.HELD)
                             .exists()):
        out.write("  minutes: no held meetings (or no staff account), skipped\n")
        return
    rng = random.Random(22)
    today = timezone.localdate()
    decisions = sum(_write(meeting, staff, rng, today) for meeting in held)
    follow = _follow_up(staff, today)
    out.write(f"  minutes: {len(held)} minutes signed, {decisions} decisions"
              f"{'; follow-ups for ' + follow if follow else ''}\n")
