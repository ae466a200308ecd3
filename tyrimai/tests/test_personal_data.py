"""A person in the research app (GDPR Art. 15/17): only where someone typed them — contact
data given with consent, an open answer, the department's texts. The export lists those
rows and what their account typed in; the erasure cuts them out and the responses still
count."""

import pytest

import tyrimai.personal_data  # noqa: F401  (registers the provider, as tyrimai.panels does)
from bibliotekos.erasure import ERASED_TEXT
from bibliotekos.models import Membership
from bibliotekos.services import erase_personal_data, export_personal_data
from mokymai.tests.factories import make_person
from portalas.registry import personal_data_providers
from tests.factories import UserFactory
from tyrimai import selectors, services
from tyrimai.models import Answer, Channel, Response, Study
from tyrimai.tests.factories import answer, make_study, question

pytestmark = pytest.mark.django_db

FULL = "Gintarė Apklausaitė"
EMAIL = "gintare.apklausaite@pastas.lt"


@pytest.fixture
def person(territory):
    user = UserFactory(role="librarian", email=EMAIL, full_name=FULL)
    Membership.objects.create(user=user, library=territory.system_a, role="librarian")
    return make_person(territory.system_a, user=user, first="Gintarė", last="Apklausaitė",
                       email=EMAIL)


@pytest.fixture
def world(territory, person, staff):
    study = make_study(libraries=[territory.system_a], by=staff)
    link = study.participations.get()
    codes = {q.code: q.pk for q in study.questions.all()}
    theirs = services.submit_response(
        participation=link, consent=True, channel=Channel.PAPER, entered_by=person.user,
        raw={codes["Q1"]: {"option": 1}, codes["Q4"]: 4, codes["Q9"]: EMAIL.upper(),
             codes["Q8"]: f"Labai padėjo {FULL}. <b>Ačiū</b> 😀"})
    others = [answer(link, Q8="Daugiau renginių vaikams", Q4=5) for _ in range(5)]
    services.exclude_responses(study=study, ids=[others[0].pk], reason=f"Prašė {FULL}",
                               by=staff)
    return {"study": study, "theirs": theirs, "others": others}


def test_the_provider_is_registered_before_the_accounts_provider():
    provider = personal_data_providers.get("tyrimai.answers")
    assert provider.order < personal_data_providers.get("paskyros.account").order


def test_the_export_lists_the_answers_naming_them_and_what_their_account_typed_in(
        world, person, staff):
    rows = export_personal_data(person=person, by=staff)["tyrimai.answers"]["rows"]
    answers = [row for row in rows if row["record"] == "research answer"]
    assert {row["text"] for row in answers} == {EMAIL.upper(),
                                                f"Labai padėjo {FULL}. <b>Ačiū</b> 😀"}
    assert all(row["response_id"] == world["theirs"].pk for row in answers)
    assert {row["question__code"] for row in answers} == {"Q8", "Q9"}
    typed = [row for row in rows if row["record"] == "research response entered or excluded"]
    # the paper form their account typed in, and the response excluded with their name
    assert {row["id"] for row in typed} == {world["theirs"].pk, world["others"][0].pk}
    assert not any("Daugiau renginių" in str(row.get("text")) for row in rows)


def test_the_erasure_cuts_them_out_and_the_results_do_not_change(world, person, staff):
    study = world["study"]
    q4 = question(study, "Q4")
    before = selectors.question_result(q4, selectors.counted(study))
    changed = erase_personal_data(person=person, by=staff)
    assert changed["tyrimai.answers"] == 3            # two answers, one exclusion reason
    texts = dict(Answer.objects.filter(response=world["theirs"])
                 .values_list("question__code", "text").exclude(text=""))
    assert texts == {"Q9": ERASED_TEXT, "Q8": f"Labai padėjo {ERASED_TEXT}. <b>Ačiū</b> 😀"}
    assert Response.objects.get(pk=world["others"][0].pk).excluded_reason == \
        f"Prašė {ERASED_TEXT}"
    assert Answer.objects.filter(text="Daugiau renginių vaikams").count() == 5
    # the responses stay and count as before; the paper form still says who typed it in
    assert Response.objects.filter(study=study).count() == 6
    assert Response.objects.get(pk=world["theirs"].pk).entered_by_id == person.user_id
    after = selectors.question_result(q4, selectors.counted(study))
    assert (after.answered, after.mean) == (before.answered, before.mean)
    rows = export_personal_data(person=person, by=staff)["tyrimai.answers"]["rows"]
    assert not [row for row in rows if row["record"] == "research answer"]


def test_a_study_naming_them_is_scrubbed_with_its_history(territory, person, staff):
    study = make_study(libraries=[territory.system_a], by=staff)
    study.aim = f"Klausimus siųskite {EMAIL}"
    study.save()
    erase_personal_data(person=person, by=staff)
    study = Study.objects.get(pk=study.pk)
    assert study.aim == f"Klausimus siųskite {ERASED_TEXT}"
    assert not Study.history.filter(id=study.pk, aim__icontains=EMAIL).exists()


def test_a_namesake_and_an_empty_person_are_left_alone(world, territory, staff):
    stranger = make_person(territory.system_b, first="Gintarė", last="Kita",
                           email="kita@pastas.lt")
    assert erase_personal_data(person=stranger, by=staff)["tyrimai.answers"] == 0
    assert Answer.objects.filter(text__contains=FULL).count() == 1
