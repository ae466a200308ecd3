"""The jury's test world: a "librarian of the year" contest in evaluation with the three
criteria of ``factories.CRITERIA`` (total = 5·s₁ + 3·s₂ + 4·s₃ for a complete sheet), a
chair (management) and three members — department staff, library A's director and a
director of library system B — and three admitted nominations: a person of library A's
central library nominated by another director of A (A's director must declare a
conflict), a person of B's central library
(B's director must: they nominated it, too) and one of a school nominated by staff
(staff must)."""

from dataclasses import dataclass

from django.test import Client

from apdovanojimai.models import Contest, ContestStatus, JuryMember, Nomination
from apdovanojimai.tests.factories import add_juror, make_contest, make_nomination, make_person


@dataclass
class JuryWorld:
    contest: Contest
    chair: JuryMember
    staff_seat: JuryMember
    a_seat: JuryMember
    b_seat: JuryMember
    of_a: Nomination
    of_b: Nomination
    of_school: Nomination

    @property
    def seats(self):
        return [self.chair, self.staff_seat, self.a_seat, self.b_seat]


def director_of(library, **fields):
    from tests.factories import UserFactory

    user = UserFactory(role="librarian", **fields)
    library.memberships.create(user=user, role="director")
    return user


def jury_world(*, territory, staff, manager, librarian_a, status=ContestStatus.EVALUATION,
               title="Metų bibliotekininkas 2026") -> JuryWorld:
    contest = make_contest(title=title, status=status, by=staff)
    director_b = director_of(territory.system_b, email="direktore.b@test.lt",
                             full_name="Dalia Skuodienė")
    seats = (add_juror(contest, manager, chair=True), add_juror(contest, staff),
             add_juror(contest, librarian_a), add_juror(contest, director_b))
    director_a = director_of(territory.system_a, email="kita.a@test.lt",
                             full_name="Kristina Kretingiškė")
    of_a = make_nomination(contest, by=director_a, person=make_person(territory.central_a),
                           nominating_library=territory.system_a)
    of_b = make_nomination(contest, by=director_b,
                           person=make_person(territory.central_b, first_name="Jurgita",
                                              last_name="Skuodaitė"),
                           nominating_library=territory.system_b)
    of_school = make_nomination(contest, by=staff,
                                person=make_person(territory.school_b, first_name="Greta",
                                                   last_name="Mokyklinė"))
    return JuryWorld(contest, *seats, of_a, of_b, of_school)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client
