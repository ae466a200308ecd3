"""The knowledge base's pages: who reads which entry, writing (from scratch and from a
consultation), two editors at once, the review (a second pair of eyes, anonymity), the
search (case, diacritics, escaped highlights), the e-mail to reviewers, the home panels
and the query budgets — as department staff, management, the director of library A and
the outsider (a librarian of school library B)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from konsultacijos.filters_knowledge import highlight, highlighter, search_words, word_pattern
from konsultacijos.models import EntryStatus, KnowledgeEntry
from konsultacijos.tasks_knowledge import notify_entry_in_review
from konsultacijos.tests.factories import make_consultation, make_entry, topic
from portalas import registry
from portalas.testing import count_queries, query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("konsultacijos:entry_list")
CREATE = reverse("konsultacijos:entry_create")


def url(name, entry):
    return reverse(f"konsultacijos:{name}", args=[entry.pk])


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def listed(response) -> set[int]:
    return {entry.pk for entry in response.context["entries"]}


@pytest.fixture
def colleague(db):
    """Another member of department staff (a reviewer of staff's entries)."""
    return UserFactory(role="staff", email="kolege@test.lt", full_name="Jonas Kolega")


@pytest.fixture
def draft(staff):
    return make_entry(by=staff, question="Kaip rašyti metinę ataskaitą?",
                      answer="Pradėkite nuo rodiklių.")


@pytest.fixture
def in_review(staff):
    return make_entry(by=staff, status=EntryStatus.REVIEW,
                      question="Ar skaičiuoti nuotolinius renginius?",
                      answer="Taip, atskira eilute.")


@pytest.fixture
def published(staff, manager):
    return make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                      question="Kaip kaupti žinios apie lankytojus?",
                      answer="Žinios kaupiamos elektroniniame dienyne.\n\nAntra pastraipa.")


# --- who reads what -------------------------------------------------------------------------

def test_a_draft_is_a_404_to_a_librarian_and_missing_from_their_list(client_a, client_b,
                                                                      draft, in_review):
    for client in (client_a, client_b):
        for entry in (draft, in_review):
            assert client.get(url("entry_detail", entry)).status_code == 404
            assert client.get(url("entry_history", entry)).status_code == 404
        for query in ({}, {"stage": "work"}, {"stage": "review"}, {"q": "ataskaitą"}):
            assert not listed(client.get(LIST, query)) & {draft.pk, in_review.pk}


def test_a_published_entry_is_read_by_every_signed_in_user_including_the_outsider(
        client_a, client_b, staff_client, manager_client, published):
    for client in (client_a, client_b, staff_client, manager_client):
        response = client.get(url("entry_detail", published))
        assert response.status_code == 200
        assert "Antra pastraipa." in response.content.decode()
        assert published.pk in listed(client.get(LIST))


def test_the_answer_keeps_its_paragraphs_and_is_escaped(client_b, staff, manager):
    entry = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                       answer="Pirma <b>eilutė</b>\nantra eilutė\n\nKita pastraipa")
    page = client_b.get(url("entry_detail", entry)).content.decode()
    assert "<p>Pirma &lt;b&gt;eilutė&lt;/b&gt;<br>antra eilutė</p>" in page
    assert "<p>Kita pastraipa</p>" in page


def test_a_librarian_sees_no_review_details_nor_actions(client_a, published):
    page = client_a.get(url("entry_detail", published)).content.decode()
    assert url("entry_update", published) not in page
    assert url("entry_archive", published) not in page
    assert url("entry_history", published) not in page
    assert "Rūta Skyriūtė" not in page  # the author


def test_the_outsider_is_refused_every_change_of_a_published_entry(client_b, published):
    assert client_b.get(url("entry_update", published)).status_code == 403
    assert client_b.post(url("entry_update", published),
                         {"question": "x", "answer": "y", "topic": published.topic_id,
                          "version": published.version}).status_code == 403
    for name in ("entry_submit", "entry_publish", "entry_return", "entry_archive"):
        assert client_b.post(url(name, published)).status_code == 403, name
        assert client_b.get(url(name, published)).status_code == 405, name
    assert client_b.get(url("entry_history", published)).status_code == 403
    published.refresh_from_db()
    assert published.status == EntryStatus.PUBLISHED and published.question.startswith("Kaip")


def test_withdrawn_entries_leave_the_base_for_librarians(staff_client, client_a, published):
    response = staff_client.post(url("entry_archive", published))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == EntryStatus.ARCHIVED
    assert client_a.get(url("entry_detail", published)).status_code == 404
    assert published.pk not in listed(client_a.get(LIST))
    assert published.pk in listed(staff_client.get(LIST, {"stage": "archived"}))
    # a withdrawn entry is kept as it was
    response = staff_client.get(url("entry_update", published))
    assert response.status_code == 302


# --- the list: stages, topics, search -------------------------------------------------------

def test_staff_and_management_pick_the_drafts_and_review_stage(staff_client, manager_client,
                                                               draft, in_review, published):
    for client in (staff_client, manager_client):
        assert listed(client.get(LIST)) == {published.pk}
        assert listed(client.get(LIST, {"stage": "work"})) == {draft.pk, in_review.pk}
        assert listed(client.get(LIST, {"stage": "review"})) == {in_review.pk}
        stages = {s["key"]: s["count"] for s in client.get(LIST).context["stages"]}
        assert stages == {"published": 1, "work": 2, "review": 1, "archived": 0}


def test_a_librarian_is_offered_no_stage_and_a_stage_in_the_link_changes_nothing(
        client_a, draft, published):
    response = client_a.get(LIST, {"stage": "work"})
    assert listed(response) == {published.pk}
    assert response.context["stages"] == []
    assert CREATE not in response.content.decode()


def test_only_staff_get_the_new_entry_button(staff_client, manager_client, client_a):
    assert CREATE in staff_client.get(LIST).content.decode()
    assert CREATE not in manager_client.get(LIST).content.decode()
    assert CREATE not in client_a.get(LIST).content.decode()


def test_the_topic_filter_counts_each_topic_within_the_search(client_b, staff, manager):
    projects = topic("Projektai")
    for question, chosen in (("Žinios apie fondą", topic()), ("Žinios apie projektą", projects),
                             ("Kitas klausimas", projects)):
        make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                   question=question, topic=chosen)
    response = client_b.get(LIST, {"q": "žinios"})
    chips = {chip["topic__name"]: chip["count"] for chip in response.context["chips"]}
    assert chips == {"Statistika": 1, "Projektai": 1}
    assert response.context["total"] == 2
    response = client_b.get(LIST, {"q": "žinios", "topic": projects.pk})
    assert [e.question for e in response.context["entries"]] == ["Žinios apie projektą"]
    response = client_b.get(LIST, {"topic": projects.pk})
    assert len(response.context["entries"]) == 2
    assert client_b.get(LIST, {"topic": "nėra"}).status_code == 200


def test_the_newest_answers_come_first(client_b, staff, manager):
    first = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                       question="Pirmas")
    second = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                        question="Antras")
    assert [e.pk for e in client_b.get(LIST).context["entries"]] == [second.pk, first.pk]


@pytest.mark.parametrize("typed", ["žinios", "ŽINIOS", "Žinios", "zinios", "ZINIOS",
                                   "žin", "dienyne žinios", "ELEKTRONINIAME"])
def test_the_search_ignores_case_and_diacritics(client_b, published, typed):
    assert listed(client_b.get(LIST, {"q": typed})) == {published.pk}, typed


def test_text_written_without_diacritics_is_found_with_them(client_b, staff, manager):
    plain = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                       question="Kur rasti ZINIOS apie skaitytojus?")
    assert listed(client_b.get(LIST, {"q": "žinios"})) == {plain.pk}
    assert listed(client_b.get(LIST, {"q": "skaitytojams"})) == set()
    assert listed(client_b.get(LIST, {"q": "skaitytoj"})) == {plain.pk}


def test_every_word_must_be_found(client_b, published):
    assert listed(client_b.get(LIST, {"q": "žinios lankytojus"})) == {published.pk}
    assert listed(client_b.get(LIST, {"q": "žinios biudžetas"})) == set()


def test_the_found_words_are_marked_and_the_rest_escaped(client_b, staff, manager):
    entry = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                       question='<script>alert("žinios")</script> & <b>Žinios</b>',
                       answer="<img src=x onerror=alert(1)> žinios\nkita eilutė")
    page = client_b.get(LIST, {"q": "zinios"}).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;<mark>žinios</mark>&quot;)&lt;/script&gt;" in page
    assert "&amp; &lt;b&gt;<mark>Žinios</mark>&lt;/b&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt; <mark>žinios</mark><br>kita eilutė" in page
    # the words of an entity are not the text's: "amp" and "lt" find nothing
    assert entry.pk not in listed(client_b.get(LIST, {"q": "amp"}))
    assert "&lt;<mark>script</mark>&gt;" in client_b.get(LIST, {"q": "SCRIPT"}).content.decode()


def test_a_search_with_a_regular_expression_in_it_is_only_words(client_b, published):
    for typed in (".*", "[", "(?i)", "\\", "' OR 1=1 --", "%", "_"):
        response = client_b.get(LIST, {"q": typed})
        assert response.status_code == 200
    assert listed(client_b.get(LIST, {"q": "žinios.*"})) == {published.pk}


def test_the_search_helpers():
    assert search_words("  ŽINIOS, žinios  a  Lankytojų!") == ["žinios", "lankytojų"]
    assert re.fullmatch(word_pattern("zi"), "Ži") and re.fullmatch(word_pattern("zi"), "zį")
    assert re.fullmatch(word_pattern("n5"), "N5") and not re.fullmatch(word_pattern("n5"), "m5")
    assert highlight("A <b>", None, paragraphs=False) == "A &lt;b&gt;"
    assert highlight("Žinios ir zinios", highlighter("žinios"), paragraphs=False) == \
        "<mark>Žinios</mark> ir <mark>zinios</mark>"
    assert highlighter("a") is None


# --- writing --------------------------------------------------------------------------------

def test_staff_write_a_draft(staff_client, staff):
    response = staff_client.post(CREATE, {"question": " Kaip planuoti renginius? ",
                                          "answer": "Pagal metinį planą.",
                                          "topic": topic().pk})
    entry = KnowledgeEntry.objects.get()
    assert response.status_code == 302 and response["Location"] == url("entry_detail", entry)
    assert entry.status == EntryStatus.DRAFT and entry.created_by == staff
    assert entry.question == "Kaip planuoti renginius?"


def test_management_and_librarians_write_no_entries(manager_client, client_a):
    for client in (manager_client, client_a):
        assert client.get(CREATE).status_code == 403
        assert client.post(CREATE, {"question": "x", "answer": "y",
                                    "topic": topic().pk}).status_code == 403
    assert not KnowledgeEntry.objects.exists()


def test_an_empty_entry_is_refused_with_the_fields_marked(staff_client):
    response = staff_client.post(CREATE, {"question": "  ", "answer": "", "topic": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"question", "answer", "topic"}


def test_an_entry_from_a_consultation_starts_with_its_text_and_asks_for_anonymity(
        staff_client, staff, territory):
    consultation = make_consultation(library=territory.branch_a, by=staff,
                                     question="Darbėnų filialas klausia apie lankytojus.",
                                     answer="Ona paaiškino: skaičiuoti apsilankymus.")
    page = staff_client.get(url("entry_create_from", consultation))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Darbėnų filialas klausia apie lankytojus." in html
    assert page.context["form"].initial["topic"] == consultation.topic_id
    assert "Darbėnų filialas" in page.context["problems"]
    assert 'id="entry-anonymous-title"' in html
    response = staff_client.post(url("entry_create_from", consultation), {
        "question": "Kaip skaičiuoti lankytojus?", "answer": "Skaičiuokite apsilankymus.",
        "topic": consultation.topic_id})
    entry = KnowledgeEntry.objects.get()
    assert response["Location"] == url("entry_detail", entry)
    assert entry.source == consultation and entry.status == EntryStatus.DRAFT
    again = staff_client.get(url("entry_create_from", consultation))
    assert again.context["earlier"] == [entry]


def test_librarians_are_refused_writing_from_a_consultation_even_their_own(
        client_a, client_b, staff, territory):
    consultation = make_consultation(library=territory.system_a, by=staff)
    for client in (client_a, client_b):
        assert client.get(url("entry_create_from", consultation)).status_code == 403
        assert client.post(url("entry_create_from", consultation), {}).status_code == 403


def test_a_consultation_that_does_not_exist_is_a_404(staff_client):
    assert staff_client.get(reverse("konsultacijos:entry_create_from",
                                    args=[999999])).status_code == 404


def edit_data(entry, **changes):
    data = {"question": entry.question, "answer": entry.answer, "topic": entry.topic_id,
            "version": entry.version}
    data.update(changes)
    return data


def test_an_edit_is_saved_with_the_version_it_was_opened_with(staff_client, draft):
    response = staff_client.post(url("entry_update", draft), edit_data(draft, answer="Nauja."))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "Nauja." and draft.version == 2


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(staff_client, colleague,
                                                                   draft):
    opened = edit_data(draft, answer="Mano atsakymas.")
    assert _client(colleague).post(url("entry_update", draft), edit_data(
        draft, answer="Kolegos atsakymas.")).status_code == 302
    response = staff_client.post(url("entry_update", draft), opened)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jonas Kolega" in html and "Mano atsakymas." in html
    draft.refresh_from_db()
    assert draft.answer == "Kolegos atsakymas."
    assert response.context["version"] == draft.version
    # saving again, now knowingly, keeps theirs
    response = staff_client.post(url("entry_update", draft),
                                 {**opened, "version": response.context["version"]})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.answer == "Mano atsakymas."


def test_an_edit_without_a_version_is_refused(staff_client, draft):
    data = edit_data(draft, answer="Be versijos.")
    del data["version"]
    assert staff_client.post(url("entry_update", draft), data).status_code == 200
    draft.refresh_from_db()
    assert draft.answer != "Be versijos."


def test_a_reviewer_from_management_may_mend_the_wording(manager_client, in_review):
    response = manager_client.post(url("entry_update", in_review),
                                   edit_data(in_review, answer="Pataisyta."))
    assert response.status_code == 302
    in_review.refresh_from_db()
    assert in_review.answer == "Pataisyta." and in_review.status == EntryStatus.REVIEW


# --- the review -----------------------------------------------------------------------------

def test_the_author_cannot_publish_their_own_entry(staff_client, in_review):
    assert staff_client.post(url("entry_publish", in_review)).status_code == 403
    assert staff_client.post(url("entry_return", in_review)).status_code == 403
    in_review.refresh_from_db()
    assert in_review.status == EntryStatus.REVIEW
    page = staff_client.get(url("entry_detail", in_review)).content.decode()
    assert url("entry_publish", in_review) not in page


def test_management_publish_an_entry_in_review(manager_client, manager, in_review, client_b):
    page = manager_client.get(url("entry_detail", in_review)).content.decode()
    assert url("entry_publish", in_review) in page and url("entry_return", in_review) in page
    response = manager_client.post(url("entry_publish", in_review), follow=True)
    assert response.status_code == 200
    in_review.refresh_from_db()
    assert in_review.status == EntryStatus.PUBLISHED and in_review.reviewed_by == manager
    assert in_review.published_at is not None
    assert client_b.get(url("entry_detail", in_review)).status_code == 200


def test_another_staff_member_publishes_or_returns(colleague, in_review):
    client = _client(colleague)
    assert client.post(url("entry_return", in_review)).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == EntryStatus.DRAFT and in_review.reviewed_by == colleague


def test_publishing_twice_says_the_entry_moved_on(manager_client, in_review):
    manager_client.post(url("entry_publish", in_review))
    response = manager_client.post(url("entry_publish", in_review), follow=True)
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]][-1] == "error"
    in_review.refresh_from_db()
    assert in_review.status == EntryStatus.PUBLISHED


@pytest.mark.parametrize(("question", "answer", "named"), [
    ("Ką daryti Kretingos viešoji biblioteka?", "Atsakymas.", "Kretingos viešoji biblioteka"),
    ("Ką daryti?", "Parašykite Bibliotekininkė tiesiai.", "Bibliotekininkė"),
    ("Ką daryti?", "Rašykite ona@biblioteka.lt.", None),
    ("Ką daryti?", "Skambinkite +370 612 34567.", None),
])
def test_an_entry_naming_someone_is_refused_with_what_to_remove(
        staff_client, staff, territory, question, answer, named):
    consultation = make_consultation(library=territory.branch_a, by=staff)  # "Ona Bibliotekininkė"
    entry = make_entry(by=staff, question=question, answer=answer, source=consultation)
    response = staff_client.post(url("entry_submit", entry), follow=True)
    assert response.redirect_chain[-1][0] == url("entry_detail", entry)
    messages = [str(m) for m in response.context["messages"]]
    assert len(messages) == 1
    if named:
        assert named in messages[0]
        assert named in response.context["problems"]
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DRAFT
    assert not mail.outbox


def test_an_anonymous_draft_goes_to_review_and_the_reviewers_are_told(
        staff_client, staff, colleague, manager, librarian_a, draft,
        django_capture_on_commit_callbacks, settings):
    settings.PORTAL_BASE_URL = "https://regionas.test"
    UserFactory(role="staff", email="buves@test.lt", is_active=False)
    UserFactory(role="admin", email="adminas@test.lt")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url("entry_submit", draft))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == EntryStatus.REVIEW
    assert sorted(m.to[0] for m in mail.outbox) == sorted([colleague.email, manager.email])
    message = mail.outbox[0]
    assert "https://regionas.test" + url("entry_detail", draft) in message.body
    assert "Kaip rašyti metinę ataskaitą?" in message.subject + message.body
    assert "Rūta Skyriūtė" in message.body


def test_the_review_e_mail_is_not_sent_for_an_entry_no_longer_in_review(draft, manager):
    assert notify_entry_in_review(draft.pk) == 0
    assert notify_entry_in_review(999999) == 0
    assert not mail.outbox


def test_the_review_e_mail_is_an_optional_notification_kind():
    kind = registry.notification_kinds.get("konsultacijos.review")
    assert kind.optional is True
    assert {str(role) for role in kind.roles} == {"staff", "management"}


def test_the_detail_shows_staff_the_source_and_what_still_names_someone(
        staff_client, staff, territory):
    consultation = make_consultation(library=territory.branch_a, by=staff)
    entry = make_entry(by=staff, answer="Kreipkitės į Darbėnų filialas.", source=consultation)
    response = staff_client.get(url("entry_detail", entry))
    html = response.content.decode()
    assert reverse("konsultacijos:consultation_detail", args=[consultation.pk]) in html
    assert response.context["problems"] == ["Darbėnų filialas"]


def test_the_history_is_for_staff_and_management(staff_client, manager_client, published):
    for client in (staff_client, manager_client):
        response = client.get(url("entry_history", published))
        assert response.status_code == 200
        assert response.context["entries"]


# --- home panels and menu -------------------------------------------------------------------

def test_reviewers_see_the_entries_waiting_for_them_at_home_not_their_own(
        staff_client, manager_client, in_review):
    home = reverse("home")
    assert url("entry_detail", in_review) in manager_client.get(home).content.decode()
    assert 'id="home-entries-review"' not in staff_client.get(home).content.decode()


def test_librarians_see_the_newest_answers_at_home_only_when_there_are_some(client_a, staff,
                                                                           manager):
    home = reverse("home")
    assert 'id="home-entries-newest"' not in client_a.get(home).content.decode()
    entries = [make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                          question=f"Klausimas {n}") for n in range(4)]
    html = client_a.get(home).content.decode()
    assert 'id="home-entries-newest"' in html and f'action="{LIST}"' in html
    assert url("entry_detail", entries[3]) in html
    assert url("entry_detail", entries[0]) not in html


def test_everyone_signed_in_finds_the_knowledge_base_in_the_menu(client_b):
    labels = [item["url"] for group in client_b.get(LIST).context["navigation"]
              for item in group["items"]]
    assert LIST in labels


# --- query budgets --------------------------------------------------------------------------

def _many(staff, manager, count):
    for number in range(count):
        make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager,
                   question=f"Žinios nr. {number}", topic=topic(f"Tema {number % 4}"))


def test_the_list_costs_the_same_for_few_and_many_entries(staff, manager, librarian_b):
    clients = [_client(staff), _client(manager), _client(librarian_b)]
    for client in clients:
        client.get(LIST)  # the session's first writes are not the list's
    _many(staff, manager, 2)
    few = [count_queries(lambda c=c: c.get(LIST, {"q": "žinios"})) for c in clients]
    _many(staff, manager, 25)
    make_entry(by=staff)
    for client in clients:
        with query_budget(12, "entry list"):
            assert client.get(LIST, {"q": "žinios"}).status_code == 200
        with query_budget(12, "entry list, stage"):
            client.get(LIST, {"stage": "work", "topic": topic("Tema 1").pk})
    many = [count_queries(lambda c=c: c.get(LIST, {"q": "žinios"})) for c in clients]
    assert few == many


def test_the_entry_pages_stay_within_their_budgets(staff, manager, librarian_b, territory):
    consultation = make_consultation(library=territory.branch_a, by=staff)
    entry = make_entry(by=staff, source=consultation)
    published = make_entry(by=staff, status=EntryStatus.PUBLISHED, reviewer=manager)
    clients = {user: _client(user) for user in (staff, manager, librarian_b)}
    for client in clients.values():
        client.get(LIST)  # the session's first writes are not the pages'
    for user in (staff, manager):
        client = clients[user]
        for page in (url("entry_detail", entry), url("entry_update", entry),
                     url("entry_history", entry), url("entry_detail", published)):
            with query_budget(12, f"{page} as {user}"):
                assert client.get(page).status_code == 200
    with query_budget(12, "create from a consultation"):
        assert clients[staff].get(url("entry_create_from", consultation)).status_code == 200
    with query_budget(10, "a published entry as the outsider"):
        assert clients[librarian_b].get(url("entry_detail", published)).status_code == 200


def test_typing_in_the_search_box_swaps_only_the_results(client_b, published):
    response = client_b.get(LIST, {"q": "zinios"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert [t.name for t in response.templates][0] == "konsultacijos/_entry_results.html"
    assert html.lstrip().startswith('<div id="results">') and "<mark>" in html
    assert "<html" not in html
