"""Plain builders of the awards app's records for tests (straight into the database, no
service): every area's tests start from these and add their own in
``factories_<area>.py``."""

import datetime
from decimal import Decimal

from django.utils import timezone

from apdovanojimai.models import (
    Assessment,
    Category,
    Contest,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    Nomination,
    NominationStatus,
    NomineeKind,
    Score,
)
from bibliotekos.models import Person

CRITERIA = (("Profesinė veikla ir iniciatyvos", Decimal("0.5"), 0, 10),
            ("Bendruomenės įtrauka", Decimal("0.3"), 0, 10),
            ("Kvalifikacijos tobulinimas", Decimal("0.2"), 0, 5))


def make_contest(*, title="Metų bibliotekininkas 2026", status=ContestStatus.OPEN,
                 by=None, criteria=CRITERIA, category="Metų bibliotekininkas",
                 nominee_kind=NomineeKind.PERSON, **fields) -> Contest:
    """A contest whose nomination window holds today, with one category and the three
    criteria above (weights 0.5, 0.3, 0.2; the last scored 0–5)."""
    today = timezone.localdate()
    values = {"year": today.year, "nominations_open": today - datetime.timedelta(days=10),
              "nominations_close": today + datetime.timedelta(days=10),
              "scoring_until": today + datetime.timedelta(days=30),
              "rules": "Teikiami **Teritorijos** bibliotekų darbuotojai.",
              "diploma_text": "už kūrybingą darbą ir atsidavimą skaitytojams",
              "letter_text": "už dalyvavimą konkurse",
              "signatory_name": "Vardenė Pavardenė", "signatory_position": "direktorė"}
    values.update(fields)
    contest = Contest.objects.create(title=title, status=status, created_by=by, **values)
    if category:
        make_category(contest, name=category, nominee_kind=nominee_kind)
    for order, (name, weight, low, high) in enumerate(criteria or ()):
        Criterion.objects.create(contest=contest, name=name, weight=weight, min_score=low,
                                 max_score=high, order=order)
    return contest


def make_category(contest, *, name="Metų bibliotekininkas", nominee_kind=NomineeKind.PERSON,
                  library_kinds=(), positions=(), min_service_years=None, places=1,
                  **fields) -> Category:
    category = Category.objects.create(
        contest=contest, name=name, nominee_kind=nominee_kind,
        library_kinds=list(library_kinds), min_service_years=min_service_years,
        places=places, order=contest.categories.count(), **fields)
    if positions:
        category.positions.set(positions)
    return category


def add_juror(contest, user, *, chair=False) -> JuryMember:
    return JuryMember.objects.create(contest=contest, user=user,
                                     role=JuryRole.CHAIR if chair else JuryRole.MEMBER)


def make_person(library, *, first_name="Aušra", last_name="Petrauskienė",
                works_since=datetime.date(2001, 9, 1), **fields) -> Person:
    return Person.objects.create(first_name=first_name, last_name=last_name, library=library,
                                 works_since=works_since, **fields)


def make_nomination(contest, *, by, person=None, library=None, practice=None,
                    category=None, status=NominationStatus.ACCEPTED,
                    nominating_library=None,
                    justification="Sukūrė vaikų skaitymo klubą ir įtraukė bendruomenę.",
                    **fields) -> Nomination:
    """A nomination straight into the database (admitted to evaluation unless told)."""
    category = category or contest.categories.first()
    unit = (person.library if person is not None
            else library if library is not None else practice.library)
    return Nomination.objects.create(
        contest=contest, category=category, person=person, library=library,
        practice=practice, unit=unit, nominator=by, nominating_library=nominating_library,
        justification=justification, status=status, **fields)


def declare(nomination, juror: JuryMember, *, conflict=False, reason="",
            note="") -> Assessment:
    assessment, _created = Assessment.objects.update_or_create(
        nomination=nomination, juror=juror,
        defaults={"conflict": conflict, "conflict_reason": reason, "conflict_note": note,
                  "declared_at": timezone.now()})
    return assessment


def give_scores(nomination, juror: JuryMember, values, *, comment="") -> Assessment:
    """Declares no conflict and scores every criterion in order with ``values``."""
    assessment = declare(nomination, juror)
    for criterion, value in zip(nomination.contest.criteria.order_by("order", "pk"), values,
                                strict=True):
        Score.objects.update_or_create(assessment=assessment, criterion=criterion,
                                       defaults={"value": Decimal(str(value))})
    assessment.comment = comment
    assessment.completed_at = timezone.now()
    assessment.save(update_fields=["comment", "completed_at"])
    return assessment
