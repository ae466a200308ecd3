"""The demo registers load through the service: the three registers, a year of documents
with answers marking their letters answered, files of the year's plan, generated PDFs,
and for ``darbuotojas@demo.lt`` one answer overdue and one due soon; the second time
nothing is added."""

import io

import pytest
from django.utils import timezone

from archyvas import demo_registers
from archyvas.models import Register, RegisterEntry, RegisterKind
from archyvas.selectors_registers import answers_waiting
from archyvas.tests.factories import make_plan
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

#: The demo plan's files that take the registered documents (``demo_plan``), and the file
#: of the registers themselves, which takes none of them.
FILES = (("7.1", "Skyriaus veiklos planai ir metinės veiklos ataskaitos", True, None),
         ("7.4", "Metodinių išvykų į bibliotekas ataskaitos ir konsultacijų apskaita", False, 5),
         ("7.5", "Kvalifikacijos tobulinimo renginių programos ir dalyvių sąrašai", False, 3),
         ("7.11", "Susirašinėjimas su institucijomis bibliotekų veiklos klausimais", False, 5),
         ("7.12", "Gaunamųjų, siunčiamųjų ir vidaus dokumentų registrai", False, 5))


def test_the_demo_registers_load_once_with_waiting_answers():
    staff = UserFactory(role="staff", email="darbuotojas@demo.lt")
    UserFactory(role="staff", email="metodininke@demo.lt")
    UserFactory(role="management", email="vadovas@demo.lt")
    today = timezone.localdate()
    make_plan(today.year, files=FILES)
    make_plan(today.year - 1, files=FILES)
    out = io.StringIO()
    demo_registers.load(out)
    assert list(Register.objects.values_list("prefix", flat=True)) == ["G", "S", "V"]
    entries = RegisterEntry.objects.filter(year=today.year)
    assert entries.count() >= 5
    last_year = RegisterEntry.objects.filter(year=today.year - 1)
    assert last_year.count() == 8
    assert {e.plan_file.plan.year for e in last_year if e.plan_file_id} == {today.year - 1}
    for register in Register.objects.all():
        for year in (today.year - 1, today.year):
            numbers = sorted(register.entries.filter(year=year)
                             .values_list("number", flat=True))
            assert numbers == list(range(1, len(numbers) + 1))
    waiting = list(answers_waiting(RegisterEntry.objects.filter(responsible=staff),
                                   today=today))
    assert [entry.answer_due < today for entry in waiting] == [True, False]
    answers = RegisterEntry.objects.filter(reply_to__isnull=False)
    assert answers.exists()
    assert all(answer.reply_to.answered_on for answer in answers)
    assert entries.filter(file_kind="pdf").exists()
    letters = entries.filter(register__kind=RegisterKind.INCOMING, plan_file__isnull=False)
    assert {entry.plan_file.index for entry in letters} == {"7.5", "7.11"}
    assert not entries.filter(plan_file__index="7.12").exists()
    internal = entries.filter(register__kind=RegisterKind.INTERNAL)
    assert {e.plan_file.index for e in internal if e.plan_file_id} == {"7.1", "7.4", "7.5"}
    demo_registers.load(out)
    assert Register.objects.count() == 3 and "already there" in out.getvalue()


def test_without_the_demo_accounts_nothing_is_loaded():
    out = io.StringIO()
    demo_registers.load(out)
    assert not Register.objects.exists() and "none loaded" in out.getvalue()
