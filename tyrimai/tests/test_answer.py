"""The public answer page: a respondent answers through a library's link on a phone,
without signing in, in the questionnaire's language; ballot stuffing is refused; nothing
personal is kept. And the staff's preview, which never saves."""

import logging
from decimal import Decimal

import pytest
from django.http import QueryDict
from django.test import Client
from django.utils.http import urlencode

from portalas.testing import query_budget
from tyrimai import services
from tyrimai.forms_answer import AnswerForm
from tyrimai.models import Answer, Channel, Response, StudyStatus
from tyrimai.tests.factories import make_study, question
from tyrimai.views.answer import done_cookie, new_form_token

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.7"


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_b])


@pytest.fixture
def link(study, territory):
    return study.participations.get(library=territory.system_a)


def url(link, **query) -> str:
    return link.get_public_url() + (f"?{urlencode(query)}" if query else "")


def fields(study, token=None, **by_code) -> dict:
    """POST data by question code: ``Q1="1"``, ``Q2=["1", "3"]``, ``Q3_r1="3"``,
    ``Q2_other="…"``; Q1 and Q4 (required) answered unless given."""
    pks = {q.code: q.pk for q in study.questions.all()}
    by_code.setdefault("Q1", "1")
    by_code.setdefault("Q4", "4")
    data = {"forma": new_form_token() if token is None else token}
    for key, value in by_code.items():
        code, _sep, rest = key.partition("_")
        if value is not None:
            data[f"q{pks[code]}" + (f"_{rest}" if rest else "")] = value
    return data


def post(client, link, data, **query):
    return client.post(url(link, **query), data, REMOTE_ADDR=ADDRESS)


# --- the page -------------------------------------------------------------------------------

def test_anonymous_respondent_gets_the_form_in_lithuanian_without_the_portal_menu(
        client, study, link):
    with query_budget(6):
        response = client.get(url(link))
    assert response.status_code == 200
    assert "tyrimai/answer.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="lt">' in html and "Pateikti" in html
    assert "Kaip dažnai lankotės bibliotekoje?" in html
    assert 'id="mainNav"' not in html and "paskyros/logout" not in html
    assert link.library.name in html
    assert response.context["token"]
    assert "noindex" in response["X-Robots-Tag"] and "no-store" in response["Cache-Control"]


def test_the_page_speaks_english_when_asked_and_lithuanian_for_a_language_not_offered(
        client, study, link):
    english = client.get(url(link, kalba="en")).content.decode()
    assert '<html lang="en">' in english and "Submit" in english
    assert "How often do you visit the library?" in english
    assert 'hreflang="lt"' in english                       # the switch back
    russian = client.get(url(link, kalba="ru")).content.decode()   # not in study.languages
    assert '<html lang="lt">' in russian and "Pateikti" in russian


def test_every_kind_of_question_is_rendered_accessibly(client, study, link):
    html = client.get(url(link)).content.decode()
    q1, q2, q3 = (question(study, code) for code in ("Q1", "Q2", "Q3"))
    assert f'type="radio" name="q{q1.pk}"' in html                     # single
    assert f'type="checkbox" name="q{q2.pk}"' in html                  # multiple
    assert f'name="q{q2.pk}_other"' in html                            # with "other"
    assert f'data-show-if="q{q1.pk}" data-show-codes="1 2"' in html    # show-if
    assert f'name="q{q3.pk}_r1"' in html and f'name="q{q3.pk}_r2"' in html   # matrix rows
    assert html.count("<legend") >= 2 + 2 + 3                          # a legend per row
    q6 = question(study, "Q6")
    assert f'inputmode="decimal" class="form-control" name="q{q6.pk}"' in html
    assert "tyrimai-answer.js" in html
    assert 'name="sutikimas"' in html                     # Q9 asks for contact data


# --- answering --------------------------------------------------------------------------------

def test_answers_are_stored_with_the_library_and_language_then_thanks(client, study, link):
    q3, q6 = question(study, "Q3"), question(study, "Q6")
    data = fields(study, Q2=["1", "3"], Q2_other="Kava", Q3_r1="3", Q3_r2="1", Q5="9",
                  Q6="34,5")
    with query_budget(20):
        response = post(client, link, data, kalba="en")
    assert response.status_code == 302 and "sent=1" in response["Location"]
    saved = Response.objects.get()
    assert (saved.library_id, saved.channel, saved.language) == (link.library_id,
                                                                 Channel.LINK, "en")
    assert dict(saved.answers.filter(question=q3).values_list("row__code", "option__code")) \
        == {1: 3, 2: 1}
    assert saved.answers.get(question=q6).number == Decimal("34.5")
    thanks = client.get(response["Location"])
    assert "Thank you!" in thanks.content.decode()
    assert thanks.context["state"] == "thanks"


def test_missing_required_answers_show_errors_beside_the_questions_and_store_nothing(
        client, study, link):
    q1, q4 = question(study, "Q1"), question(study, "Q4")
    response = post(client, link, fields(study, Q1=None, Q4=None, Q5="7"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="answer-errors"' in html and "Patikrinkite šiuos atsakymus" in html
    assert f'href="#q{q1.pk}-1"' in html and f'href="#q{q4.pk}-1"' in html
    assert html.count("Atsakykite į šį klausimą.") == 2 * 2     # summary and beside each
    assert f'id="q{q1.pk}-error"' in html
    assert 'value="7" autocomplete="off" checked' in html       # what was given stays
    assert not Response.objects.exists()
    english = post(client, link, fields(study, Q1=None), kalba="en").content.decode()
    assert "Please answer this question." in english and "Atsakykite" not in english


def test_a_number_out_of_range_says_the_range_in_the_page_language(client, study, link):
    html = post(client, link, fields(study, Q6="150")).content.decode()
    assert "Skaičius turi būti nuo 0 iki 120." in html
    html = post(client, link, fields(study, Q6="daug"), kalba="en").content.decode()
    assert "Please enter a number" in html
    assert not Response.objects.exists()


def test_html_formulas_and_emoji_are_stored_literally_and_shown_escaped(client, study, link):
    ugly = '<script>alert("x")</script> =HYPERLINK("a") 😀'
    again = post(client, link, fields(study, Q4=None, Q7=ugly)).content.decode()
    assert "<script>alert" not in again and "&lt;script&gt;alert" in again
    assert "😀" in again
    post(client, link, fields(study, Q7=ugly, Q8=ugly))
    q7, q8 = question(study, "Q7"), question(study, "Q8")
    assert Answer.objects.get(question=q7).text == ugly
    assert Answer.objects.get(question=q8).text == ugly


def test_a_question_not_shown_keeps_no_answer_and_contact_data_needs_consent(
        client, study, link):
    post(client, link, fields(study, Q1="3", Q2=["1"], Q9="vardas@example.lt"))
    saved = Response.objects.get()
    assert not saved.answers.filter(question=question(study, "Q2")).exists()
    assert not saved.answers.filter(question=question(study, "Q9")).exists()
    assert saved.consent is False
    other = Client()
    data = fields(study, Q9="vardas@example.lt")
    other.post(url(link), {**data, "sutikimas": "1"}, REMOTE_ADDR=ADDRESS)
    consenting = Response.objects.exclude(pk=saved.pk).get()
    assert consenting.consent is True
    assert consenting.answers.get(question=question(study, "Q9")).text == "vardas@example.lt"


# --- refusals ---------------------------------------------------------------------------------

def test_a_closed_study_shows_a_closed_page_and_takes_no_answer(client, study, link):
    study.status = StudyStatus.CLOSED
    study.save()
    page = client.get(url(link))
    assert page.status_code == 410 and page.context["state"] == "closed"
    assert 'id="answer-form"' not in page.content.decode()
    assert "nepriima" in page.content.decode()
    assert post(client, link, fields(study)).status_code == 410
    assert not Response.objects.exists()


def test_a_study_past_its_period_is_closed_too(client, study, link):
    study.closes_on = study.opens_on
    study.save()
    assert client.get(url(link, kalba="en")).status_code == 410


def test_a_library_no_longer_in_the_study_is_refused(client, study, link):
    link.active = False
    link.save()
    page = client.get(url(link))
    assert page.status_code == 404 and page.context["state"] == "not_participating"
    assert post(client, link, fields(study)).status_code == 404
    assert not Response.objects.exists()


def test_an_unknown_link_or_a_draft_study_is_404(client, study, link):
    assert client.get("/tyrimai/a/nera-tokio/").status_code == 404
    study.status = StudyStatus.DRAFT
    study.save()
    assert client.get(url(link)).status_code == 404


def test_the_same_device_is_thanked_not_asked_again(client, study, link):
    post(client, link, fields(study))
    assert done_cookie(study) in client.cookies
    assert client.cookies[done_cookie(study)]["httponly"]
    page = client.get(url(link))
    assert page.context["state"] == "answered" and "jau atsakyta" in page.content.decode()
    post(client, link, fields(study))
    assert Response.objects.count() == 1


def test_the_same_form_sent_twice_is_counted_once(client, study, link):
    data = fields(study)
    post(client, link, data)
    second = Client()                      # the same form from a device without the cookie
    again = second.post(url(link), data, REMOTE_ADDR=ADDRESS)
    assert again.status_code == 302 and "sent=1" in again["Location"]
    assert Response.objects.count() == 1


def test_a_form_token_the_server_did_not_give_is_not_accepted(client, study, link):
    page = post(client, link, fields(study, token="made-up"))
    assert page.status_code == 200 and 'id="answer-notice"' in page.content.decode()
    assert page.context["token"] != "made-up"
    assert not Response.objects.exists()


def test_many_posts_from_one_address_are_refused_after_the_limit(study, link):
    statuses = []
    for _n in range(services.RATE_LIMIT + 5):
        bot = Client()                     # a script that drops its cookies
        statuses.append(bot.post(url(link), fields(study), REMOTE_ADDR=ADDRESS).status_code)
    assert Response.objects.count() == services.RATE_LIMIT
    assert statuses[:services.RATE_LIMIT] == [302] * services.RATE_LIMIT
    assert set(statuses[services.RATE_LIMIT:]) == {429}
    refused = Client().post(url(link, kalba="en"), fields(study), REMOTE_ADDR=ADDRESS)
    assert refused.status_code == 429 and "Too many answers" in refused.content.decode()
    assert refused["Retry-After"]
    elsewhere = Client().post(url(link), fields(study), REMOTE_ADDR="198.51.100.1")
    assert elsewhere.status_code == 302


def test_answers_that_do_not_pass_do_not_use_up_the_limit(study, link):
    for _n in range(services.RATE_LIMIT + 2):
        Client().post(url(link), fields(study, Q4=None), REMOTE_ADDR=ADDRESS)
    assert Client().post(url(link), fields(study), REMOTE_ADDR=ADDRESS).status_code == 302
    assert Response.objects.count() == 1


def test_no_address_is_stored_or_logged(client, study, link, caplog):
    caplog.set_level(logging.DEBUG)
    post(client, link, fields(study, Q7="sveiki"))
    saved = Response.objects.get()
    assert saved.source == services.source_of(ADDRESS) and len(saved.source) == 16
    stored = " ".join(str(value) for value in Response.objects.values().get().values())
    stored += " ".join(Answer.objects.values_list("text", flat=True))
    assert ADDRESS not in stored
    assert ADDRESS not in caplog.text
    assert saved.form_token and len(saved.form_token) == 64      # a hash, not the token


# --- the form reader ------------------------------------------------------------------------

def test_a_single_choice_with_other_text_is_read_as_the_other_answer(study):
    q1 = question(study, "Q1")
    data = QueryDict(mutable=True)
    data.update({f"q{q1.pk}": "other", f"q{q1.pk}_other": "Kartais"})
    assert AnswerForm(study, "lt", data).raw()[q1.pk] == {"option": None, "other": "Kartais"}
    data = QueryDict(mutable=True)
    data.update({f"q{q1.pk}_other": "Kartais"})          # typed, no choice picked
    assert AnswerForm(study, "lt", data).raw()[q1.pk] == {"option": None, "other": "Kartais"}


# --- preview ----------------------------------------------------------------------------------

def test_staff_and_management_preview_in_any_language_and_nothing_is_saved(
        staff_client, manager_client, study):
    preview = f"/tyrimai/{study.pk}/perziura/"
    with query_budget(12):
        page = staff_client.get(preview + "?kalba=en")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="preview-banner"' in html
    assert "How often do you visit the library?" in html
    assert manager_client.get(preview).status_code == 200
    checked = staff_client.post(preview, fields(study))
    assert checked.context["checked"] is True
    refused = staff_client.post(preview + "?kalba=en", fields(study, Q4=None))
    assert "Please answer this question." in refused.content.decode()
    assert not Response.objects.exists()


def test_a_librarian_cannot_preview_and_an_anonymous_visitor_is_sent_to_sign_in(
        client, client_a, study):
    preview = f"/tyrimai/{study.pk}/perziura/"
    assert client_a.get(preview).status_code == 404
    assert client.get(preview).status_code == 302
