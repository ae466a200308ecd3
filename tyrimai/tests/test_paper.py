"""Paper questionnaires typed in with the keyboard: codes per question, the response
carries who typed it in; another library's link is a 404; a closed study takes none."""

from decimal import Decimal

import pytest
from django.http import QueryDict

from portalas.testing import query_budget
from tyrimai.forms_answer import AnswerForm
from tyrimai.models import Answer, Channel, Response, StudyStatus
from tyrimai.tests.factories import make_study, question
from tyrimai.views.paper import next_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


@pytest.fixture
def link(study, territory):
    return study.participations.get(library=territory.system_a)


def paper_url(link) -> str:
    return f"/tyrimai/popierines/{link.pk}/"


def typed(study, **by_code) -> dict:
    pks = {q.code: q.pk for q in study.questions.all()}
    data = {}
    for key, value in by_code.items():
        code, _sep, rest = key.partition("_")
        data[f"q{pks[code]}" + (f"_{rest}" if rest else "")] = value
    return data


def test_codes_typed_on_the_keyboard_are_read_into_answers(study):
    data = QueryDict(mutable=True)
    data.update(typed(study, Q1="2", Q2="1 3", Q2_other="Kava", Q3="3 2", Q5="9", Q6="34,5"))
    raw = AnswerForm(study, "lt", data, paper=True).raw()
    assert raw[question(study, "Q1").pk] == {"option": "2", "other": ""}
    assert raw[question(study, "Q2").pk] == {"options": ["1", "3"], "other": "Kava"}
    assert raw[question(study, "Q3").pk] == {"1": "3", "2": "2"}
    assert raw[question(study, "Q6").pk] == "34,5"


def test_a_matrix_takes_a_digit_per_row_and_a_dash_for_an_empty_row(study):
    q3 = question(study, "Q3")
    for typed_in, expected in (("32", {"1": "3", "2": "2"}), ("-,1", {"2": "1"}),
                               ("3", {"1": "3"}), ("", {})):
        data = QueryDict(mutable=True)
        data.update({f"q{q3.pk}": typed_in})
        assert AnswerForm(study, "lt", data, paper=True).raw()[q3.pk] == expected, typed_in


def test_too_many_codes_are_an_error_of_their_own(study):
    data = QueryDict(mutable=True)
    data.update(typed(study, Q1="1 2", Q3="1 2 3"))
    form = AnswerForm(study, "lt", data, paper=True)
    form.raw()
    assert set(form.parse_errors) == {question(study, "Q1").pk, question(study, "Q3").pk}


def test_the_page_lists_the_codes_and_has_one_input_per_question(client_a, study, link):
    with query_budget(12):
        page = client_a.get(paper_url(link))
    assert page.status_code == 200
    html = page.content.decode()
    assert "1 Kas savaitę · 2 Kas mėnesį · 3 Nesilankau" in html
    assert html.count("data-paper-field") == study.questions.count() + 1 + 1  # number, other
    assert 'id="numeris"' in html and "autofocus" in html
    assert "tyrimai-paper.js" in html


def test_a_saved_paper_form_carries_the_channel_and_who_typed_it_in(client_a, librarian_a,
                                                                    study, link):
    data = typed(study, Q1="1", Q2="1 3", Q3="3 2", Q4="4", Q5="9", Q6="34,5",
                 Q7="<b>Daugiau</b>")
    response = client_a.post(paper_url(link), {**data, "numeris": "0041"})
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.channel, saved.entered_by, saved.paper_number) == (Channel.PAPER,
                                                                     librarian_a, "0041")
    assert saved.library_id == link.library_id and saved.source == ""
    assert sorted(Answer.objects.filter(question=question(study, "Q2"))
                  .values_list("option__code", flat=True)) == [1, 3]
    assert Answer.objects.get(question=question(study, "Q6")).number == Decimal("34.5")
    page = client_a.get(response["Location"])
    html = page.content.decode()
    assert page.context["count"] == 1 and page.context["saved"] == saved.pk
    assert page.context["number"] == "0042"                   # the next form's number
    assert 'value=""' in html or "Kas savaitę" in html         # an empty form again
    client_a.post(paper_url(link), {**data, "numeris": "0042"})
    assert client_a.get(paper_url(link)).context["count"] == 2


def test_wrong_codes_show_errors_and_save_nothing(client_a, study, link):
    page = client_a.post(paper_url(link), typed(study, Q1="7", Q3="1 2 3", Q4=""))
    assert page.status_code == 200
    errors = {item.question.code for item in page.context["form"].error_items}
    assert errors == {"Q1", "Q3", "Q4"}
    assert 'id="paper-errors"' in page.content.decode()
    assert not Response.objects.exists()


def test_staff_type_in_for_any_library_and_management_may_not(staff_client, manager_client,
                                                             study, link):
    assert staff_client.get(paper_url(link)).status_code == 200
    assert manager_client.get(paper_url(link)).status_code == 403


def test_another_librarys_link_is_404(client_b, study, link):
    assert client_b.get(paper_url(link)).status_code == 404
    assert client_b.post(paper_url(link), typed(study, Q1="1", Q4="4")).status_code == 404
    assert not Response.objects.exists()


def test_after_the_study_closes_paper_entry_is_refused(client_a, study, link):
    study.status = StudyStatus.CLOSED
    study.save()
    page = client_a.get(paper_url(link))
    assert 'id="paper-closed"' in page.content.decode()
    refused = client_a.post(paper_url(link), typed(study, Q1="1", Q4="4"))
    assert refused.status_code == 200 and refused.context["refusal"]
    assert not Response.objects.exists()


def test_the_next_number_follows_a_numbered_form():
    assert next_number("0041") == "0042"
    assert next_number("99") == "100"
    assert next_number("A-12") == ""
