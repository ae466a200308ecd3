"""The answer service: what it accepts and refuses, whatever the channel; excluding bursts;
kiosks; the study's status; building and copying questionnaires."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tyrimai import services
from tyrimai.models import Answer, Channel, Response, StudyStatus
from tyrimai.questionnaire import build, serialize
from tyrimai.tests.factories import answer, load_responses, make_study, question

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


@pytest.fixture
def link(study, territory):
    return study.participations.get(library=territory.system_a)


def test_a_response_carries_its_library_and_every_kind_of_answer(study, link):
    q = {code: question(study, code) for code in ("Q2", "Q3", "Q5", "Q6", "Q7")}
    response = answer(link, Q2={"options": [1, 3], "other": "Kava"}, Q3={"1": "3", "2": 1},
                      Q5="9", Q6="34,5", Q7="<b>Daugiau</b> =1+1 😀")
    assert response.library_id == link.library_id and response.channel == Channel.LINK
    rows = Answer.objects.filter(response=response)
    assert sorted(rows.filter(question=q["Q2"], other=False)
                  .values_list("option__code", flat=True)) == [1, 3]
    assert rows.get(question=q["Q2"], other=True).text == "Kava"
    assert dict(rows.filter(question=q["Q3"]).values_list("row__code", "option__code")) == {
        1: 3, 2: 1}
    assert rows.get(question=q["Q5"]).number == 9
    assert rows.get(question=q["Q6"]).number == Decimal("34.5")
    assert rows.get(question=q["Q7"]).text == "<b>Daugiau</b> =1+1 😀"


def test_required_missing_and_bad_values_are_errors_by_question(study, link):
    codes = {q.code: q.pk for q in study.questions.all()}
    with pytest.raises(services.Invalid) as caught:
        services.submit_response(participation=link, raw={
            codes["Q1"]: {"option": 7}, codes["Q5"]: 11, codes["Q6"]: "daug"})
    errors = caught.value.errors
    assert set(errors) == {codes["Q1"], codes["Q4"], codes["Q5"], codes["Q6"]}
    assert not Response.objects.exists()


def test_show_if_drops_answers_to_questions_not_shown(study, link):
    response = answer(link, Q1={"option": 3}, Q2={"options": [1]})
    assert not response.answers.filter(question=question(study, "Q2")).exists()


def test_personal_data_only_with_consent(study, link):
    codes = {q.code: q.pk for q in study.questions.all()}
    raw = {codes["Q1"]: {"option": 1}, codes["Q4"]: 5, codes["Q9"]: "ona@pastas.lt"}
    without = services.submit_response(participation=link, raw=raw, form_token="a")
    assert not without.answers.filter(question_id=codes["Q9"]).exists()
    assert not without.consent
    given = services.submit_response(participation=link, raw=raw, consent=True,
                                     form_token="b")
    assert given.answers.get(question_id=codes["Q9"]).text == "ona@pastas.lt"
    assert given.consent


def test_closed_study_library_not_in_it_and_the_same_form_twice_are_refused(study, link,
                                                                            territory):
    codes = {q.code: q.pk for q in study.questions.all()}
    raw = {codes["Q1"]: {"option": 1}, codes["Q4"]: 5}
    services.submit_response(participation=link, raw=raw, form_token="vienas")
    with pytest.raises(services.Refused) as again:
        services.submit_response(participation=link, raw=raw, form_token="vienas")
    assert again.value.code == "again"
    link.active = False
    link.save()
    with pytest.raises(services.Refused) as outside:
        services.submit_response(participation=link, raw=raw)
    assert outside.value.code == "not_participating"
    other = study.participations.get(library=territory.central_b)
    with pytest.raises(services.Refused) as closed:
        services.submit_response(participation=other, raw=raw,
                                 today=study.closes_on + timedelta(days=1))
    assert closed.value.code == "closed"
    assert Response.objects.count() == 1


def test_the_rate_limit_counts_per_source_and_study(study, link):
    allowed = [services.rate_allows(link, "abc") for _ in range(services.RATE_LIMIT + 5)]
    assert allowed.count(True) == services.RATE_LIMIT and not allowed[-1]
    assert services.rate_allows(link, "kitas")


def test_bursts_are_found_and_excluded_with_a_reason(study, link, staff, librarian_a):
    source = services.source_of("10.0.0.1")
    for _ in range(6):
        response = answer(link)
        Response.objects.filter(pk=response.pk).update(source=source)
    answer(link)
    [burst] = services.bursts(study)
    assert len(burst["ids"]) == 6 and burst["excluded"] == 0
    with pytest.raises(services.Refused):
        services.exclude_responses(study=study, ids=burst["ids"], reason=" ", by=staff)
    with pytest.raises(PermissionDenied):
        services.exclude_responses(study=study, ids=burst["ids"], reason="x", by=librarian_a)
    assert services.exclude_responses(study=study, ids=burst["ids"], reason="Botas",
                                      by=staff) == 6
    assert study.responses.counted().count() == 1
    assert services.bursts(study)[0]["excluded"] == 6


def test_a_kiosk_is_authorised_for_a_time(study, link, librarian_a, librarian_b):
    with pytest.raises(PermissionDenied):
        services.authorise_kiosk(participation=link, name="Planšetė", by=librarian_b)
    kiosk, key = services.authorise_kiosk(participation=link, name="Planšetė", by=librarian_a)
    assert services.kiosk_for(link, key) == kiosk and kiosk.key_hash != key
    assert services.kiosk_for(link, "kitas") is None
    kiosk.expires_at = timezone.now() - timedelta(minutes=1)
    kiosk.save()
    assert services.kiosk_for(link, key) is None


def test_status_needs_questions_and_libraries(territory, staff):
    empty = make_study(data={"sections": []}, status=StudyStatus.DRAFT)
    with pytest.raises(services.Refused):
        services.set_status(study=empty, to=StudyStatus.OPEN, by=staff)
    study = make_study(status=StudyStatus.DRAFT)
    with pytest.raises(services.Refused):
        services.set_status(study=study, to=StudyStatus.OPEN, by=staff)
    services.set_participants(study=study, libraries=[territory.system_a], by=staff)
    assert services.set_status(study=study, to=StudyStatus.OPEN, by=staff).status == "open"


def test_a_copy_keeps_every_code_and_condition(study, staff):
    copy = make_study(data=serialize(study), title="2027", previous=study)
    assert serialize(copy) == serialize(study)
    assert question(copy, "Q2").show_if == question(copy, "Q1")
    assert copy.key_question.code == "Q4"
    build  # noqa: B018 - the factories build through it


def test_bulk_loading_for_benchmarks(study):
    assert load_responses(study, 300) == 300
    assert study.responses.count() == 300
    assert Answer.objects.filter(response__study=study).count() > 1500
