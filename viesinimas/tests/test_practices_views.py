"""The good-practice catalogue's pages as each role sees them: the catalogue (published
practices only, searched without regard to case or diacritics, filtered), a practice's page
(its Markdown rendered safely), writing and two editors at once, the review, "we did it
too", the work list, the history — and the query budgets, constant in the number of rows."""

import pytest
from django.urls import reverse

from portalas.testing import count_queries, query_budget
from viesinimas.models import Adoption, Practice, PracticeStatus
from viesinimas.tests.factories_practices import (
    make_adoption,
    make_file,
    make_photo,
    make_practice,
    theme,
)

pytestmark = pytest.mark.django_db

LIST = reverse("viesinimas:practice_list")
MINE = reverse("viesinimas:practice_mine")
CREATE = reverse("viesinimas:practice_create")
PUBLISHED = PracticeStatus.PUBLISHED


def url(name, obj):
    return reverse(f"viesinimas:{name}", args=[obj.pk])


def listed(response) -> set[int]:
    return {practice.pk for practice in response.context["practices"]}


@pytest.fixture
def draft(territory, librarian_a):
    return make_practice(library=territory.system_a, by=librarian_a,
                         title="Kraštotyros vakarai")


@pytest.fixture
def published(territory, librarian_a, staff):
    return make_practice(library=territory.system_a, by=librarian_a, status=PUBLISHED,
                         reviewer_user=staff, title="Senjorų skaitmeninio raštingumo kavinė",
                         audience="Senjorai, vyresni nei 65 metų", themes=[theme()])


# --- who reaches what ---------------------------------------------------------------------------

def test_a_draft_of_library_a_is_a_404_to_librarian_b_and_a_published_one_is_read(
        draft, published, client_a, client_b, staff_client, manager_client):
    assert client_b.get(url("practice_detail", draft)).status_code == 404
    for client in (client_a, client_b, staff_client, manager_client):
        assert client.get(url("practice_detail", published)).status_code == 200
    for client in (client_a, staff_client, manager_client):
        assert client.get(url("practice_detail", draft)).status_code == 200


def test_librarian_b_cannot_edit_library_a_s_practice(draft, published, client_b):
    for practice in (draft, published):
        assert client_b.get(url("practice_update", practice)).status_code == 404
        assert client_b.post(url("practice_update", practice),
                             {"title": "Pakeista"}).status_code == 404
        assert client_b.post(url("practice_submit", practice)).status_code == 404
        assert client_b.get(url("practice_history", practice)).status_code == 404
        assert client_b.get(url("practice_photo_create", practice)).status_code == 404
    assert Practice.objects.get(pk=published.pk).title != "Pakeista"


def test_a_published_practice_is_the_department_s_to_change(published, client_a,
                                                           manager_client, staff_client):
    response = client_a.get(url("practice_update", published))
    assert response.status_code == 302 and response.url == published.get_absolute_url()
    assert manager_client.get(url("practice_update", published)).status_code == 403
    assert staff_client.get(url("practice_update", published)).status_code == 200
    for client in (client_a, manager_client):
        assert client.post(url("practice_review", published),
                           {"decision": "publish"}).status_code == 403
        assert client.post(url("practice_archive", published)).status_code == 403


def test_management_reads_but_writes_nothing(manager_client, draft):
    assert manager_client.get(CREATE).status_code == 403
    assert manager_client.get(MINE).status_code == 200
    assert manager_client.post(url("practice_submit", draft)).status_code == 403


# --- the catalogue ------------------------------------------------------------------------------

def test_the_catalogue_shows_published_practices_only(draft, published, client_a,
                                                      staff_client):
    for client in (client_a, staff_client):
        response = client.get(LIST)
        assert response.status_code == 200 and listed(response) == {published.pk}


def test_the_search_ignores_case_and_diacritics(published, client_b, territory, staff):
    other = make_practice(library=territory.system_b, by=staff, status=PUBLISHED,
                          title="Knygų lagaminas darželiams", audience="Darželių vaikai")
    for words in ("senjoru kavine", "SENJORŲ", "skaitmeninio", "raštingumo kavinė"):
        assert listed(client_b.get(LIST, {"q": words})) == {published.pk}, words
    assert listed(client_b.get(LIST, {"q": "lagaminas"})) == {other.pk}
    assert listed(client_b.get(LIST, {"q": "senjoru lagaminas"})) == set()


def test_the_filters(published, client_b, territory, staff):
    other = make_practice(library=territory.school_b, by=staff, status=PUBLISHED,
                          title="Knygų lagaminas darželiams", audience="Darželių vaikai")
    assert listed(client_b.get(LIST, {"tag": theme().pk})) == {published.pk}
    assert listed(client_b.get(LIST, {"library": territory.school_b.pk})) == {other.pk}
    assert listed(client_b.get(LIST, {"municipality": territory.municipality_a.pk})) == \
        {published.pk}
    assert listed(client_b.get(LIST, {"audience": "darzeliu"})) == {other.pk}
    response = client_b.get(LIST, {"q": "lagaminas"}, HTTP_HX_REQUEST="true")
    assert [t.name for t in response.templates][0] == "viesinimas/_practices_cards.html"


def test_a_card_shows_the_thumbnail_through_the_view(published, client_b, staff):
    photo = make_photo(published, by=staff)
    page = client_b.get(LIST).content.decode()
    assert url("practice_thumbnail", photo) in page
    assert "/media/" not in page


# --- one practice -------------------------------------------------------------------------------

def test_html_in_a_description_is_shown_as_text(territory, staff, client_b):
    practice = make_practice(
        library=territory.system_b, by=staff, status=PUBLISHED,
        what='<script>alert("x")</script> **Svarbu** <img src=x onerror=alert(1)>',
        how="[nuoroda](javascript:alert(1)) ir [svetainė](https://example.lt)",
        costs="<b>100 €</b>", audience="<i>vaikai</i>")
    html = client_b.get(url("practice_detail", practice)).content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<strong>Svarbu</strong>" in html and "<img src=x" not in html
    assert 'href="javascript' not in html
    assert 'href="https://example.lt"' in html
    assert "<b>100 €</b>" not in html and "&lt;b&gt;100 €&lt;/b&gt;" in html
    assert "<i>vaikai</i>" not in html


def test_the_page_shows_photos_documents_and_the_libraries_that_did_it_too(
        published, territory, staff, librarian_b, client_b):
    photo = make_photo(published, by=staff)
    stored = make_file(published, by=staff)
    adoption = make_adoption(published, library=territory.school_b, by=librarian_b,
                             note="Pritaikėme gimnazistams.")
    response = client_b.get(url("practice_detail", published))
    html = response.content.decode()
    assert url("practice_photo", photo) in html and url("practice_file", stored) in html
    assert "Pritaikėme gimnazistams." in html and response.context["adoptions"] == [adoption]
    assert response.context["adoption_form"] is None  # school B said it already
    download = client_b.get(url("practice_file", stored))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]


def test_the_we_did_it_too_button_is_for_other_libraries(published, client_a, client_b):
    assert client_b.get(url("practice_detail", published)).context["adoption_form"]
    form = client_a.get(url("practice_detail", published)).context["adoption_form"]
    # the director of system A: not for the system itself, for its outlets
    assert form is not None
    assert published.library_id not in {lib.pk for lib in form.fields["library"].queryset}


# --- writing --------------------------------------------------------------------------------

def form_data(practice=None, **changes):
    data = {"library": practice.library_id if practice else "", "title": "Skaitymo iššūkis",
            "summary": "Vaikai skaito vasarą.", "what": "Iššūkis", "audience": "Vaikai",
            "how": "Skaito", "results": "", "costs": "", "partners": "", "started_on": "",
            "contact_name": "", "contact_email": "", "contact_phone": ""}
    if practice is not None:
        data["version"] = practice.version
    data.update(changes)
    return data


def test_a_librarian_writes_a_draft_for_their_library(client_a, territory, librarian_a):
    form = client_a.get(CREATE).context["form"]
    assert territory.school_b not in form.fields["library"].queryset
    refused = client_a.post(CREATE, form_data(library=territory.school_b.pk))
    assert refused.status_code == 200 and "library" in refused.context["form"].errors
    response = client_a.post(CREATE, form_data(library=territory.branch_a.pk,
                                               themes=[theme().pk],
                                               contact_phone="8 612 34567"))
    practice = Practice.objects.get()
    assert response.status_code == 302 and response.url == practice.get_absolute_url()
    assert (practice.library, practice.created_by, practice.status) == (
        territory.branch_a, librarian_a, PracticeStatus.DRAFT)
    assert practice.contact_phone == "+370 612 34567"


def test_a_date_in_the_future_is_refused(client_a, territory):
    response = client_a.post(CREATE, form_data(library=territory.system_a.pk,
                                               started_on="2999-01-01"))
    assert "started_on" in response.context["form"].errors


def test_two_editors_at_once_the_second_keeps_their_typing(draft, client_a, staff_client):
    opened = draft.version
    first = staff_client.post(url("practice_update", draft),
                              form_data(draft, title="Staff pavadinimas"))
    assert first.status_code == 302
    second = client_a.post(url("practice_update", draft),
                           form_data(draft, title="Mano pavadinimas", version=opened))
    assert second.status_code == 200
    assert second.context["form"].non_field_errors()
    html = second.content.decode()
    assert 'value="Mano pavadinimas"' in html
    assert Practice.objects.get(pk=draft.pk).title == "Staff pavadinimas"
    again = client_a.post(url("practice_update", draft),
                          form_data(draft, title="Mano pavadinimas",
                                    version=second.context["version"]))
    assert again.status_code == 302
    assert Practice.objects.get(pk=draft.pk).title == "Mano pavadinimas"


def test_the_review_from_the_page(draft, client_a, staff_client):
    assert client_a.post(url("practice_submit", draft)).status_code == 302
    assert Practice.objects.get(pk=draft.pk).status == PracticeStatus.REVIEW
    edit = client_a.get(url("practice_update", draft))
    assert edit.status_code == 302  # with the department now
    staff_client.post(url("practice_review", draft), {"decision": "return", "note": ""})
    assert Practice.objects.get(pk=draft.pk).status == PracticeStatus.REVIEW  # note needed
    staff_client.post(url("practice_review", draft), {"decision": "return",
                                                      "note": "Parašykite rezultatus."})
    returned = Practice.objects.get(pk=draft.pk)
    assert returned.status == PracticeStatus.DRAFT
    page = client_a.get(url("practice_detail", draft)).content.decode()
    assert "Parašykite rezultatus." in page and 'id="practice-review-note"' in page
    client_a.post(url("practice_submit", draft))
    staff_client.post(url("practice_review", draft), {"decision": "publish"})
    assert Practice.objects.get(pk=draft.pk).status == PUBLISHED
    staff_client.post(url("practice_archive", draft))
    assert Practice.objects.get(pk=draft.pk).status == PracticeStatus.ARCHIVED


def test_the_history_is_the_library_s_and_the_department_s(draft, client_a, client_b,
                                                          manager_client):
    assert client_a.get(url("practice_history", draft)).status_code == 200
    assert manager_client.get(url("practice_history", draft)).status_code == 200
    assert client_b.get(url("practice_history", draft)).status_code == 404


# --- "we did it too" --------------------------------------------------------------------------

def test_another_library_says_it_did_it_too_once(published, client_b, territory,
                                                 librarian_b):
    target = url("adoption_create", published)
    assert client_b.get(target).status_code == 200
    response = client_b.post(target, {"library": territory.school_b.pk,
                                      "adopted_on": "2026-01-15", "note": "Darėme ir mes."})
    assert response.status_code == 302
    adoption = Adoption.objects.get()
    assert (adoption.library, adoption.note, adoption.created_by) == (
        territory.school_b, "Darėme ir mes.", librarian_b)
    again = client_b.get(target)
    assert again.status_code == 302  # nothing left to say it for
    assert client_b.post(url("adoption_delete", adoption)).status_code == 302
    assert not Adoption.objects.exists()


def test_a_library_s_own_practice_has_no_we_did_it_too_for_it(published, client_a,
                                                                territory):
    response = client_a.post(url("adoption_create", published),
                             {"library": territory.system_a.pk, "adopted_on": "2026-01-15"})
    assert response.status_code == 200 and "library" in response.context["form"].errors
    assert not Adoption.objects.exists()


def test_another_library_s_adoption_is_not_withdrawn_by_the_outsider(
        published, territory, staff, client_b, manager_client):
    adoption = make_adoption(published, library=territory.central_a, by=staff)
    assert client_b.post(url("adoption_delete", adoption)).status_code == 404
    assert manager_client.post(url("adoption_delete", adoption)).status_code == 403
    assert Adoption.objects.filter(pk=adoption.pk).exists()


# --- the work list ------------------------------------------------------------------------------

def test_the_work_list_is_the_library_s_drafts_and_staff_s_review_queue(
        draft, published, territory, librarian_a, client_a, client_b, staff_client):
    waiting = make_practice(library=territory.branch_a, by=librarian_a,
                            status=PracticeStatus.REVIEW)
    assert listed(staff_client.get(MINE)) == {waiting.pk}
    assert listed(staff_client.get(MINE, {"stage": "draft"})) == {draft.pk}
    assert listed(client_a.get(MINE)) == {draft.pk, waiting.pk}
    assert listed(client_a.get(MINE, {"stage": "published"})) == {published.pk}
    assert listed(client_b.get(MINE)) == set()


# --- query budgets --------------------------------------------------------------------------

def _catalogue(count, territory, staff, librarian_b):
    tags = [theme(), theme("Senjorai", "senjorai")]
    for number in range(count):
        practice = make_practice(library=territory.system_a if number % 2 else
                                 territory.central_a, by=staff, status=PUBLISHED,
                                 title=f"Patirtis {number}", themes=tags)
        make_photo(practice, by=staff)
        make_adoption(practice, library=territory.school_b, by=librarian_b)


def test_the_catalogue_and_the_work_list_cost_the_same_for_3_and_30_rows(
        territory, staff, librarian_b, client_b, staff_client, manager_client):
    _catalogue(3, territory, staff, librarian_b)
    clients = (client_b, staff_client, manager_client)
    for client in clients:
        client.get(LIST)  # the session's first writes are not the page's
    few = [count_queries(lambda c=c: c.get(LIST, {"q": "patirtis"})) for c in clients]
    few_work = count_queries(lambda: staff_client.get(MINE, {"stage": "published"}))
    _catalogue(27, territory, staff, librarian_b)
    tag = theme().pk
    for client in clients:
        with query_budget(14, "catalogue"):
            assert client.get(LIST, {"q": "patirtis"}).status_code == 200
        with query_budget(14, "catalogue, filtered"):
            client.get(LIST, {"tag": tag, "municipality": territory.municipality_a.pk})
    many = [count_queries(lambda c=c: c.get(LIST, {"q": "patirtis"})) for c in clients]
    assert few == many
    with query_budget(12, "work list"):
        staff_client.get(MINE, {"stage": "published"})
    assert count_queries(lambda: staff_client.get(MINE, {"stage": "published"})) == few_work


def test_a_practice_s_page_costs_the_same_with_3_and_30_photos_and_adoptions(
        published, territory, staff, client_b, staff_client, client_a):
    from bibliotekos.models import Library

    def grow(count):
        for number in range(count):
            make_photo(published, by=staff)
            make_file(published, by=staff, name=f"Dokumentas {number}.pdf")
            library = Library.objects.create(code=f"MB-X-{Library.objects.count()}",
                                             name=f"Mokykla {number}", kind="school",
                                             municipality=territory.municipality_b)
            make_adoption(published, library=library, by=staff)

    grow(3)
    clients = (client_b, staff_client, client_a)
    for client in clients:
        client.get(LIST)
    few = [count_queries(lambda c=c: c.get(url("practice_detail", published)))
           for c in clients]
    grow(27)
    for client in clients:
        with query_budget(16, "practice page"):
            assert client.get(url("practice_detail", published)).status_code == 200
    assert [count_queries(lambda c=c: c.get(url("practice_detail", published)))
            for c in clients] == few
