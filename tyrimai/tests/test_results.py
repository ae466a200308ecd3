"""The results pages: who may choose which scope, what is shown of each question (counts,
percentages in Lithuanian format, means with intervals, charts, the previous round), filters
and cross-tabs — and that nothing below five answers shows at any level."""

import re
from datetime import date

import pytest
from django.urls import reverse

from portalas.testing import count_queries, query_budget
from tyrimai import selectors
from tyrimai.models import Study, StudyStatus
from tyrimai.tests.factories import answer, load_responses, make_study

pytestmark = pytest.mark.django_db


@pytest.fixture
def study(territory):
    return make_study(libraries=[territory.system_a, territory.central_a, territory.branch_a,
                                 territory.central_b, territory.school_b])


def _link(study, library):
    return study.participations.get(library=library)


def _url(study, **query):
    from urllib.parse import urlencode

    return f"{reverse('tyrimai:results', args=[study.pk])}?{urlencode(query, doseq=True)}"


def _shown_counts(html: str) -> list[str]:
    """Every count the page shows in a table cell (question tables and cross-tabs)."""
    cells = re.findall(r"data-(?:count|cell)>([^<]*)<", html)
    return [cell.strip() for cell in cells]


def _no_small_number(html: str) -> None:
    for cell in _shown_counts(html):
        if cell.isdigit():
            assert not 0 < int(cell) < 5, cell


# --- scopes ----------------------------------------------------------------------------------

def test_staff_are_offered_the_territory_each_municipality_and_each_library(
        study, territory, staff):
    keys = [scope.key for scope in selectors.scopes_for(staff, study)]
    assert keys[0] == "t"
    assert {f"m{territory.municipality_a.pk}", f"m{territory.municipality_b.pk}"} <= set(keys)
    for library in (territory.system_a, territory.central_a, territory.central_b,
                    territory.school_b):
        assert f"l{library.pk}" in keys
    system = next(s for s in selectors.scopes_for(staff, study)
                  if s.key == f"l{territory.system_a.pk}")
    # a library's scope counts its outlets' answers
    assert {territory.central_a.pk, territory.branch_a.pk} <= system.library_ids


def test_a_director_gets_their_libraries_with_outlets_and_the_territory(
        study, territory, librarian_a):
    scopes = selectors.scopes_for(librarian_a, study)
    keys = {scope.key for scope in scopes}
    assert "t" in keys and f"l{territory.system_a.pk}" in keys
    assert f"l{territory.central_b.pk}" not in keys
    assert not any(scope.level == "municipality" for scope in scopes)
    system = next(s for s in scopes if s.key == f"l{territory.system_a.pk}")
    assert territory.branch_a.pk in system.library_ids
    # by default a librarian opens their own library's results
    assert selectors.chosen_scope(scopes, "", librarian_a).level == "library"


def test_a_director_reads_the_outlets_answers_in_the_library_scope(
        study, territory, client_a):
    for _ in range(3):
        answer(_link(study, territory.central_a), Q4=5)
    for _ in range(3):
        answer(_link(study, territory.branch_a), Q4=5)
    response = client_a.get(_url(study, vieta=f"l{territory.system_a.pk}"))
    assert response.status_code == 200
    assert response.context["count"] == 6


def test_a_librarian_sees_their_library_and_the_territory_not_another_library(
        study, territory, client_b):
    assert client_b.get(_url(study)).status_code == 200
    assert client_b.get(_url(study, vieta="t")).status_code == 200
    own = client_b.get(_url(study, vieta=f"l{territory.school_b.pk}"))
    assert own.status_code == 200 and own.context["scope"].level == "library"
    assert client_b.get(_url(study, vieta=f"l{territory.central_b.pk}")).status_code == 404
    assert client_b.get(_url(study, vieta=f"m{territory.municipality_b.pk}")).status_code == 404
    assert client_b.get(_url(study, vieta="nonsense")).status_code == 404


def test_a_librarian_whose_library_does_not_take_part_gets_404(territory, client_b):
    other = make_study(libraries=[territory.system_a])
    assert client_b.get(_url(other)).status_code == 404
    assert client_b.get(reverse("tyrimai:results_question",
                                args=[other.pk, "Q1"])).status_code == 404


def test_a_draft_has_no_results_page(territory, staff_client):
    draft = make_study(libraries=[territory.system_a], status=StudyStatus.DRAFT)
    assert staff_client.get(_url(draft)).status_code == 404


# --- what a question shows -------------------------------------------------------------------

def test_the_page_shows_counts_percentages_means_and_charts_in_lithuanian(
        study, territory, staff_client):
    link = _link(study, territory.central_a)
    for value in (5, 5, 5, 5, 5, 5, 4, 4, 4, 4, 4, 4, 3, 2):
        answer(link, Q4=value, Q1={"option": 1}, Q5=9)
    response = staff_client.get(_url(study))
    html = response.content.decode()
    assert response.status_code == 200
    assert "42,9" in html                          # 6 of 14, decimal comma
    assert "4,21" in html                          # the mean
    assert "3,70–4,73" in html                     # its 95 % interval
    assert "&lt; 5" in html                        # the single answers 3 and 2
    assert html.count("<svg") >= 2                 # Q1 and Q4 (and Q5)
    assert "NPS" in html and "100,0" in html       # everyone answered 9
    _no_small_number(html)


def test_a_personal_question_is_never_in_the_results(study, territory, staff_client):
    link = _link(study, territory.central_a)
    for _ in range(5):
        answer(link, Q9="vardas@pastas.lt")
    html = staff_client.get(_url(study)).content.decode()
    assert 'data-question="Q9"' not in html and "vardas@pastas.lt" not in html
    assert staff_client.get(reverse("tyrimai:results_question",
                                    args=[study.pk, "Q9"])).status_code == 404


def test_fewer_than_five_responses_show_nothing(study, territory, staff_client):
    for _ in range(4):
        answer(_link(study, territory.central_a), Q4=5)
    response = staff_client.get(_url(study))
    assert response.context["count"] is None
    assert 'data-question="Q4"' not in response.content.decode()


# --- filters and cross-tabs ------------------------------------------------------------------

@pytest.fixture
def answered(study, territory):
    """20 respondents: 12 weekly (Q1=1), 6 monthly, 2 never; ages 20–39 and 40–59;
    satisfaction mostly 4 and 5."""
    link = _link(study, territory.central_a)
    plan = ([(1, 25, 5)] * 6 + [(1, 45, 4)] * 6 + [(2, 22, 5)] * 3 + [(2, 50, 3)] * 3
            + [(3, 30, 2)] * 2)
    for visits, age, satisfied in plan:
        answer(link, Q1={"option": visits}, Q6=age, Q4=satisfied)
    return study


def test_a_filter_keeps_only_those_who_answered(answered, staff_client):
    response = staff_client.get(_url(answered, f="Q1:1"))
    assert response.context["count"] == 12
    young = staff_client.get(_url(answered, f="Q6:18-29"))
    assert young.context["count"] == 9           # 6 weekly + 3 monthly under 30
    both = staff_client.get(_url(answered, f=["Q6:18-29", "Q1:2"]))
    assert both.context["count"] is None         # 3 monthly under 30: hidden
    assert 'data-question="Q4"' not in both.content.decode()


@pytest.mark.parametrize("query", [
    {}, {"f": "Q1:1"}, {"f": "Q1:2"}, {"f": "Q6:18-29"}, {"pagal": "Q1"}, {"pagal": "Q4"},
    {"f": "Q6:40-59", "pagal": "Q1"}, {"f": "Q4:4,5", "pagal": "Q1"},
])
def test_nothing_below_five_is_shown_after_any_filter_or_cross_tab(answered, staff_client,
                                                                   query):
    response = staff_client.get(_url(answered, **query))
    assert response.status_code == 200
    _no_small_number(response.content.decode())
    question = staff_client.get(reverse("tyrimai:results_question",
                                        args=[answered.pk, "Q4"]) + "?" +
                                _url(answered, **query).split("?")[1])
    _no_small_number(question.content.decode())


def test_a_cross_tab_is_shown_per_question(answered, staff_client):
    response = staff_client.get(reverse("tyrimai:results_question", args=[answered.pk, "Q4"])
                                + "?pagal=Q1")
    table = response.context["item"]["crosstab"]
    assert table is not None and "data-crosstab" in response.content.decode()
    cells = {(code, column): cells[i] for code, _l, cells, _t in table.rows
             for i, (column, _c) in enumerate(table.columns)}
    # 3 monthly visitors were very satisfied: hidden, and so is what would give it away
    assert cells[(5, 2)] is None and cells[(5, 1)] is None
    assert cells[(2, 3)] is None                           # two who never come: hidden


def test_a_cross_tab_shows_cells_of_five_and_more(study, territory, staff_client):
    link = _link(study, territory.central_a)
    for visits, satisfied, times in ((1, 5, 7), (1, 4, 5), (2, 5, 5), (2, 4, 6)):
        for _ in range(times):
            answer(link, Q1={"option": visits}, Q4=satisfied)
    response = staff_client.get(_url(study, pagal="Q1"))
    q4 = next(i for i in response.context["items"] if i["question"].code == "Q4")
    cells = {(code, column): cells[i] for code, _l, cells, _t in q4["crosstab"].rows
             for i, (column, _c) in enumerate(q4["crosstab"].columns)}
    assert (cells[(5, 1)], cells[(4, 1)], cells[(5, 2)], cells[(4, 2)]) == (7, 5, 5, 6)
    q1 = next(i for i in response.context["items"] if i["question"].code == "Q1")
    assert q1["crosstab"] is None                          # not by itself


def test_the_condition_form_moves_into_the_address(answered, staff_client):
    response = staff_client.get(_url(answered, vieta="t", fq="Q6", fc="18 - 29"))
    assert response.status_code == 302
    assert "f=Q6%3A18-29" in response["Location"]
    wrong = staff_client.get(_url(answered, fq="Q1", fc="7"))
    assert wrong.status_code == 200 and wrong.context["form"].errors


def test_an_unknown_filter_or_cross_tab_question_is_404(answered, staff_client):
    assert staff_client.get(_url(answered, f="Q99:1")).status_code == 404
    assert staff_client.get(_url(answered, f="Q1:9")).status_code == 404
    assert staff_client.get(_url(answered, f="Q9:1")).status_code == 404      # personal
    assert staff_client.get(_url(answered, pagal="Q6")).status_code == 404   # a number


# --- the previous round ----------------------------------------------------------------------

def test_the_previous_round_is_shown_beside(territory, staff_client):
    earlier = make_study(libraries=[territory.central_a], title="Tyrimas 2025")
    for value in (4, 4, 4, 4, 5, 3):
        answer(_link(earlier, territory.central_a), Q4=value, Q1={"option": 1})
    Study.objects.filter(pk=earlier.pk).update(opens_on=date(2025, 3, 1),
                                               closes_on=date(2025, 4, 1))
    study = make_study(libraries=[territory.central_a], previous=earlier)
    for _ in range(5):
        answer(_link(study, territory.central_a), Q4=5, Q1={"option": 1})
    response = staff_client.get(_url(study))
    html = response.content.decode()
    q4 = next(i for i in response.context["items"] if i["question"].code == "Q4")
    assert q4["previous"].mean.mean == pytest.approx(4)
    assert re.search(r"data-previous-mean>\s*2025: 4,0<", html)
    q1 = next(i for i in response.context["items"] if i["question"].code == "Q1")
    assert q1["cells"][0]["before"].percent == 100
    assert "2025, %" in html


def test_the_previous_round_is_not_compared_when_a_filter_has_no_match(territory):
    earlier = make_study(libraries=[territory.central_a], title="Tyrimas 2025")
    study = make_study(libraries=[territory.central_a], previous=earlier)
    scope = selectors.Scope("territory", "t")
    q1 = study.questions.get(code="Q1")
    assert selectors.previous_results(study, scope, [(q1, {1})]) != {}
    earlier.questions.filter(code="Q1").update(code="Q1x")
    assert selectors.previous_results(study, scope, [(q1, {1})]) == {}


# --- the list, the menu and the library card -------------------------------------------------

def test_the_list_shows_the_studies_of_the_librarians_library(study, territory, client_b,
                                                              staff_client):
    other = make_study(libraries=[territory.system_a], title="Kretingos tyrimas")
    make_study(libraries=[territory.school_b], title="Juodraštis", status=StudyStatus.DRAFT)
    response = client_b.get(reverse("tyrimai:results_list"))
    shown = {row["study"] for row in response.context["rows"]}
    assert shown == {study}
    assert other in {row["study"] for row in staff_client.get(
        reverse("tyrimai:results_list")).context["rows"]}
    # the menu entry ("Tyrimų rezultatai") for a librarian
    assert f'href="{reverse("tyrimai:results_list")}"' in response.content.decode()


def test_the_library_card_shows_the_latest_results_to_who_may_read_them(
        study, territory, staff_client, client_b):
    load_responses(study, 60)
    url = reverse("bibliotekos:library_detail", args=[territory.school_b.pk])
    panel = next(p for p in staff_client.get(url).context["panels"]
                 if p["template"] == "tyrimai/_results_library_panel.html")
    assert panel["context"]["study"] == study
    assert client_b.get(url).status_code == 200
    other_card = reverse("bibliotekos:library_detail", args=[territory.central_b.pk])
    response = client_b.get(other_card)
    assert response.status_code == 404 or not any(
        p["template"] == "tyrimai/_results_library_panel.html"
        for p in response.context["panels"])


# --- speed -----------------------------------------------------------------------------------

def test_the_query_count_does_not_grow_with_the_answers(study, territory, staff_client):
    load_responses(study, 60, seed=1)
    urls = [_url(study), _url(study, f="Q1:1", pagal="Q1"),
            reverse("tyrimai:results_question", args=[study.pk, "Q3"]) + "?pagal=Q1",
            reverse("tyrimai:results_question", args=[study.pk, "Q4"]) + "?f=Q6:18-60"]

    def counts():
        found = []
        for url in urls:
            staff_client.get(url)            # the session and the caches settle first
            found.append(count_queries(lambda u=url: staff_client.get(u)))
        return found

    before = counts()
    load_responses(study, 60, seed=2)
    after = counts()
    assert before == after
    with query_budget(30, "results page"):
        staff_client.get(urls[0])
    with query_budget(16, "a question's page"):
        staff_client.get(urls[2])
