"""The archive's search page: what it finds (number, title, correspondent, the file's text,
with and without diacritics), in one list newest first with where each document is and the
passage that matched; the filters; who may search and what they find; a query budget."""

import datetime

import pytest
from django.urls import reverse

from archyvas.models import FiledDocument, RegisterEntry
from archyvas.tests.factories import make_entry, make_filed
from archyvas.tests.factories_search import read, small_archive
from archyvas.tests.test_search_urls import URLS
from portalas.testing import query_budget

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLS)]


@pytest.fixture
def archive(territory):
    return small_archive()


def search(client, **params):
    response = client.get(reverse("archyvas:search"), params)
    assert response.status_code == 200
    return response


def found(response) -> list[tuple[str, int]]:
    return [(hit.what, hit.record.pk) for hit in response.context["hits"]]


def entry(record):
    return ("entry", record.pk)


def filed(record):
    return ("filed", record.pk)


# --- what it finds --------------------------------------------------------------------------

def test_a_registration_number_finds_that_document_and_those_mentioning_it(staff_client,
                                                                             archive):
    got = found(search(staff_client, q="G-12"))
    assert got == [entry(archive["answer"]), entry(archive["letter"])]   # the note says G-12
    assert found(search(staff_client, q="g-12")) == got
    assert found(search(staff_client, q="S-12")) == []


def test_a_prefix_with_diacritics_or_a_dot_is_found_as_typed_or_without_them(staff_client,
                                                                             archive):
    from archyvas.models import RegisterKind
    from archyvas.tests.factories import make_register

    ours = make_entry(make_register(RegisterKind.INTERNAL, prefix="VŠ"), number=3,
                      title="Įsakymas")
    dotted = make_entry(make_register(RegisterKind.INTERNAL, prefix="SK.1", name="Skyriaus"),
                        number=3, title="Tarnybinis pranešimas")
    assert found(search(staff_client, q="vs-3")) == [entry(ours)]
    assert found(search(staff_client, q="VŠ – 3")) == [entry(ours)]
    assert found(search(staff_client, q="sk.1-3")) == [entry(dotted)]


def test_a_number_alone_finds_the_documents_of_that_number_not_the_digits_inside_others(
        staff_client, archive):
    assert entry(archive["letter"]) in found(search(staff_client, q="12"))
    assert found(search(staff_client, q="40")) == [entry(archive["older"])]
    # "77" stands in the letter's own number "S-77" as a number, "7" nowhere on its own
    assert found(search(staff_client, q="77")) == [entry(archive["letter"])]
    assert found(search(staff_client, q="7")) == []
    assert found(search(staff_client, q="5")) == [entry(archive["answer"])]     # S-5


def test_words_are_found_in_any_case_with_or_without_diacritics(staff_client, archive):
    letter, analysis = entry(archive["letter"]), filed(archive["analysis"])
    assert found(search(staff_client, q="ataskaitos")) == [letter]            # ATASKAITOS
    assert found(search(staff_client, q="statistikos ataskaitos")) == [letter]
    assert found(search(staff_client, q="kretingos")) == [entry(archive["answer"]), letter]
    assert found(search(staff_client, q="Mažvydo")) == [entry(archive["older"])]
    assert found(search(staff_client, q="mazvydo")) == [entry(archive["older"])]
    # the files' texts: "žinias" typed without diacritics, "Zinios" found with them
    assert found(search(staff_client, q="zinias")) == [letter]
    assert found(search(staff_client, q="žinios")) == [analysis]
    assert found(search(staff_client, q="ŽINIOS LANKYTOJUS")) == [analysis]
    assert found(search(staff_client, q="ataskaitos lankytojus")) == []        # every word


def test_a_filed_document_is_found_by_its_kind_s_name(staff_client, archive, monkeypatch):
    from archyvas import selectors_search

    monkeypatch.setattr(selectors_search, "kind_labels",
                        lambda: {"apdovanojimai.protocol": "Vertinimo protokolas"})
    assert found(search(staff_client, q="protokolas")) == [filed(archive["scores"])]
    assert found(search(staff_client, q="vertinimo")) == [filed(archive["scores"])]


def test_the_list_is_newest_first_and_says_where_each_document_is(staff_client, archive):
    response = search(staff_client)
    assert found(response) == [filed(archive["scores"]), entry(archive["answer"]),
                               entry(archive["letter"]), filed(archive["analysis"]),
                               entry(archive["older"])]
    html = response.content.decode()
    assert "G-12" in html and "Gaunamųjų dokumentų registras" in html
    assert "7.6 Analitinės ataskaitos" in html
    assert reverse("archyvas:entry_detail", args=[archive["letter"].pk]) in html
    assert reverse("archyvas:filed_detail", args=[archive["analysis"].pk]) in html
    assert response.context["page_obj"].paginator.count == 5


def test_the_passage_that_matched_is_shown_with_the_words_marked_and_escaped(staff_client,
                                                                             archive):
    long_text = ("Įvadas. " * 40 + "Mokymų <b>programa</b> apie vaikų skaitymą "
                 + "Pabaiga. " * 40)
    read(archive["analysis"], long_text)
    html = search(staff_client, q="skaityma").content.decode()
    assert "<mark>skaitymą</mark>" in html
    assert "&lt;b&gt;programa&lt;/b&gt;" in html and "<b>programa" not in html
    hit = next(h for h in search(staff_client, q="skaityma").context["hits"]
               if h.what == "filed")
    assert hit.snippet.startswith("… ") and hit.snippet.endswith(" …")
    assert len(hit.snippet) < 320


def test_a_title_with_markup_is_shown_as_text(staff_client, archive):
    make_entry(archive["incoming"], title='<script>alert("x")</script> Skundas')
    html = search(staff_client, q="skundas").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


# --- filters ----------------------------------------------------------------------------------

def test_where_narrows_to_registers_or_to_filed_documents(staff_client, archive):
    assert {w for w, _pk in found(search(staff_client, where="registers"))} == {"entry"}
    assert {w for w, _pk in found(search(staff_client, where="filed"))} == {"filed"}


def test_register_year_and_file_index_filters(staff_client, archive):
    assert found(search(staff_client, register=archive["outgoing"].pk)) == [
        entry(archive["answer"])]
    year = archive["plan"].year
    assert entry(archive["older"]) not in found(search(staff_client, year=year))
    assert found(search(staff_client, year=year - 1)) == [entry(archive["older"])]
    assert found(search(staff_client, index="7.3")) == [entry(archive["letter"]),
                                                        entry(archive["older"])]
    assert found(search(staff_client, index="7.6")) == [filed(archive["analysis"])]


def test_kind_dates_correspondent_and_file_filters(staff_client, archive):
    assert found(search(staff_client, kind="apdovanojimai.protocol")) == [
        filed(archive["scores"])]
    year = archive["plan"].year
    assert found(search(staff_client, date_from=f"{year}-03-01",
                        date_to=f"{year}-03-31")) == [entry(archive["answer"]),
                                                      entry(archive["letter"])]
    assert found(search(staff_client, correspondent="mazvydo")) == [entry(archive["older"])]
    assert found(search(staff_client, has_file="yes")) == [entry(archive["letter"])]
    assert entry(archive["letter"]) not in found(search(staff_client, has_file="no"))
    RegisterEntry.objects.filter(pk=archive["letter"].pk).update(
        file_destroyed_on=datetime.date(year, 5, 1))
    assert found(search(staff_client, has_file="yes")) == []


def test_filters_and_words_combine(staff_client, archive):
    assert found(search(staff_client, q="kretingos", where="registers",
                        register=archive["incoming"].pk)) == [entry(archive["letter"])]


def test_an_end_date_before_the_start_is_an_error_not_a_crash(staff_client, archive):
    response = search(staff_client, date_from="2026-05-01", date_to="2026-04-01")
    assert response.context["form"].errors["date_to"]
    assert response.context["hits"] == []
    assert search(staff_client, date_from="2026-02-31").context["form"].errors


def test_the_results_alone_answer_an_htmx_request(staff_client, archive):
    response = staff_client.get(reverse("archyvas:search"), {"q": "kretingos"},
                                HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.startswith('<div id="results">') and "<h1" not in html


def test_the_page_holds_twenty_and_pages_on(staff_client, archive):
    for number in range(100, 125):
        make_entry(archive["incoming"], number=number, title=f"Laiškas {number}")
    first = search(staff_client, q="laiškas")
    assert len(first.context["hits"]) == 20
    assert first.context["page_obj"].paginator.count == 25
    second = search(staff_client, q="laiškas", page=2)
    assert len(second.context["hits"]) == 5
    assert not set(found(first)) & set(found(second))


# --- who ------------------------------------------------------------------------------------------

def test_management_searches_but_never_finds_a_staff_only_document(manager_client,
                                                                   staff_client, archive):
    assert found(search(staff_client, q="Žalgiris")) == [filed(archive["scores"])]
    response = search(manager_client, q="Žalgiris")
    assert found(response) == [] and response.context["page_obj"].paginator.count == 0
    everything = search(manager_client)
    assert filed(archive["scores"]) not in found(everything)
    assert everything.context["page_obj"].paginator.count == 4
    assert "Komisijos vertinimo" not in everything.content.decode()
    assert found(search(manager_client, q="žinios")) == [filed(archive["analysis"])]


def test_management_does_not_find_a_record_restricted_after_an_erasure(manager_client,
                                                                      staff_client, archive):
    RegisterEntry.objects.filter(pk=archive["letter"].pk).update(
        restricted_on=datetime.date.today(), restricted_until=datetime.date(2099, 12, 31))
    FiledDocument.objects.filter(pk=archive["analysis"].pk).update(
        restricted_on=datetime.date.today())
    assert found(search(manager_client, q="kretingos")) == [entry(archive["answer"])]
    assert found(search(manager_client, q="zinios")) == []
    staff = search(staff_client, q="kretingos")
    assert entry(archive["letter"]) in found(staff)
    assert "Apribota (BDAR)" in staff.content.decode() or "Restricted (GDPR)" in \
        staff.content.decode()


def test_a_librarian_gets_403_and_a_visitor_is_sent_to_sign_in(client_a, client, archive):
    assert client_a.get(reverse("archyvas:search"), {"q": "kretingos"}).status_code == 403
    response = client.get(reverse("archyvas:search"))
    assert response.status_code == 302 and "/paskyra/" in response["Location"]


def test_a_post_is_not_a_search(staff_client):
    assert staff_client.post(reverse("archyvas:search"), {"q": "x"}).status_code == 405


# --- budget ---------------------------------------------------------------------------------

def test_a_full_page_of_both_kinds_costs_the_same_few_queries(staff_client, archive):
    first = datetime.date(archive["plan"].year, 6, 1)
    for number in range(30):
        day = first + datetime.timedelta(days=number)     # one of each kind a day
        make_entry(archive["incoming"], number=200 + number, title=f"Ataskaita {number}",
                   plan_file=archive["files"]["7.3"], registered_on=day)
        make_filed(archive["files"]["7.6"], title=f"Ataskaita apie renginius {number}",
                   key=f"k{number}", document_date=day)
    with query_budget(13, "archive search"):
        response = search(staff_client, q="ataskaita")
    assert {hit.what for hit in response.context["hits"]} == {"entry", "filed"}
    assert len(response.context["hits"]) == 20
    with query_budget(13, "archive search, no words"):
        search(staff_client, page=3)
