"""The written answers of a question: shown literally, newest first; tags for staff only;
others read them only where at least five responded; a personal-data question never."""

import pytest
from django.urls import reverse

from portalas.testing import query_budget
from tyrimai.models import Answer, Tag
from tyrimai.tests.factories import answer, make_study

pytestmark = pytest.mark.django_db

UGLY = "<script>alert(1)</script> =SUM(A1)+1 @cmd 😀 Ačiū"


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.central_a, territory.school_b])


def _link(study, library):
    return study.participations.get(library=library)


def _url(study, code="Q7", **query):
    from urllib.parse import urlencode

    return f"{reverse('tyrimai:open_answers', args=[study.pk, code])}?{urlencode(query)}"


def test_texts_are_shown_literally_newest_first(study, territory, staff_client):
    link = _link(study, territory.central_a)
    answer(link, Q7="Pirmas")
    answer(link, Q7=UGLY)
    answer(link, Q7="Naujausias")
    response = staff_client.get(_url(study))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "=SUM(A1)+1 @cmd 😀 Ačiū" in html
    texts = [a.text for a in response.context["page"]]
    assert texts == ["Naujausias", UGLY, "Pirmas"]


def test_the_other_answers_of_a_choice_question(study, territory, staff_client):
    answer(_link(study, territory.central_a),
           Q2={"options": [1], "other": "Spausdinti dokumentus"})
    response = staff_client.get(_url(study, "Q2"))
    assert [a.text for a in response.context["page"]] == ["Spausdinti dokumentus"]
    # a question with no written answers has no such page
    assert staff_client.get(_url(study, "Q4")).status_code == 404


def test_a_personal_question_is_never_shown_here(study, territory, staff_client):
    for _ in range(5):
        answer(_link(study, territory.central_a), Q9="vardas@pastas.lt")
    response = staff_client.get(_url(study, "Q9"))
    assert response.status_code == 404


def test_others_read_the_texts_only_where_five_responded(study, territory, client_b):
    own = _link(study, territory.school_b)
    for number in range(4):
        answer(own, Q7=f"Mokyklos atsakymas {number}")
    url = _url(study, vieta=f"l{territory.school_b.pk}")
    hidden = client_b.get(url)
    assert hidden.status_code == 200 and not hidden.context["shown"]
    assert "Mokyklos atsakymas" not in hidden.content.decode()
    answer(own, Q7="Penktas")
    shown = client_b.get(url)
    assert shown.context["shown"] and "Penktas" in shown.content.decode()
    # no tags, no dates or libraries for them
    assert 'name="action"' not in shown.content.decode()
    # another library's texts: 404
    assert client_b.get(_url(study, vieta=f"l{territory.central_a.pk}")).status_code == 404


def test_only_staff_change_tags(study, territory, client_a, manager_client):
    text = answer(_link(study, territory.central_a), Q7="Trūksta parkavimo").answers.get(
        question__code="Q7")
    for client in (client_a, manager_client):
        response = client.post(_url(study), {"answer": text.pk, "action": "add",
                                             "name": "Parkavimas"})
        assert response.status_code == 403
    assert not Tag.objects.exists()


def test_staff_tag_an_answer_with_htmx_count_and_filter_by_tags(study, territory,
                                                                 staff_client):
    link = _link(study, territory.central_a)
    parking = answer(link, Q7="Trūksta parkavimo").answers.get(question__code="Q7")
    hours = answer(link, Q7="Ilgesnis darbo laikas").answers.get(question__code="Q7")
    response = staff_client.post(_url(study), {"answer": parking.pk, "action": "add",
                                               "name": "  Parkavimas "},
                                 HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Parkavimas" in response.content.decode()
    assert [t.name for t in parking.tags.all()] == ["Parkavimas"]
    # the same name again (any case) is the same tag
    staff_client.post(_url(study), {"answer": hours.pk, "action": "add", "name": "parkavimas"})
    assert Tag.objects.count() == 1
    tag = Tag.objects.get()
    page = staff_client.get(_url(study))
    assert {t.name: t.n for t in page.context["tags"]} == {"Parkavimas": 2}
    staff_client.post(_url(study), {"answer": hours.pk, "action": "remove", "tag": tag.pk})
    with query_budget(15, "open answers by a tag"):
        only = staff_client.get(_url(study, zyme=tag.pk))
    assert [a.text for a in only.context["page"]] == ["Trūksta parkavimo"]


def test_an_answer_of_another_question_cannot_be_tagged_here(study, territory, staff_client):
    long_text = answer(_link(study, territory.central_a), Q8="Ilgas").answers.get(
        question__code="Q8")
    response = staff_client.post(_url(study), {"answer": long_text.pk, "action": "add",
                                               "name": "X"})
    assert response.status_code == 404
    assert not Answer.objects.filter(tags__isnull=False).exists()
