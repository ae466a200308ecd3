"""Calls for applications: staff keep them, librarians read the published ones, anyone
may ask for the weekly e-mail; the digest sends each new call once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Organisation, OrganisationKind
from paskyros.models import Role
from portalas import registry
from portalas.testing import query_budget
from projektai.models import Call, CallSubscription, FundingProgramme
from projektai.tasks_calls import send_calls_digest
from projektai.tests.factories import make_lkt
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def make_call(title="Bibliotekų programa 2027", *, days=20, published=True, programme=None,
              funder=None, opens_in=None, **fields) -> Call:
    programme = programme or make_lkt()
    return Call.objects.create(
        title=title, programme=programme, funder=funder or programme.funder,
        deadline=today() + timedelta(days=days), published=published,
        published_at=timezone.now() if published else None,
        opens_on=today() + timedelta(days=opens_in) if opens_in is not None else None,
        eligible=fields.pop("eligible", "Savivaldybių viešosios bibliotekos"), **fields)


def call_data(**changes) -> dict:
    data = {"title": "Skaitymo skatinimo projektai", "programme": make_lkt().pk, "funder": "",
            "eligible": "Viešosios bibliotekos", "opens_on": "",
            "deadline": (today() + timedelta(days=30)).isoformat(), "budget": "iki 20 000 €",
            "link": "https://www.ltkt.lt/kvietimai", "description": "Kvietimo aprašas",
            "published": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- staff keep the calls ----------------------------------------------------------------------

def test_staff_add_a_call_which_takes_the_programmes_funder_and_is_published_now(
        staff_client, staff):
    response = staff_client.post(reverse("projektai:call_create"), call_data())
    call = Call.objects.get()
    assert response.status_code == 302 and response["Location"] == call.get_absolute_url()
    assert call.funder == make_lkt().funder
    assert call.created_by == staff
    assert call.published_at is not None and call.digest_sent_at is None


def test_publishing_sets_the_publication_time_once(staff_client):
    staff_client.post(reverse("projektai:call_create"), call_data(published=None))
    call = Call.objects.get()
    assert not call.published and call.published_at is None
    update = reverse("projektai:call_update", args=[call.pk])
    staff_client.post(update, call_data())
    call.refresh_from_db()
    first = call.published_at
    assert call.published and first is not None
    staff_client.post(update, call_data(published=None))
    staff_client.post(update, call_data(title="Pataisytas pavadinimas"))
    call.refresh_from_db()
    assert call.published and call.published_at == first
    assert call.title == "Pataisytas pavadinimas"


def test_a_call_cannot_open_after_its_deadline_nor_lack_a_funder(staff_client):
    response = staff_client.post(reverse("projektai:call_create"), call_data(
        opens_on=(today() + timedelta(days=40)).isoformat()))
    assert response.status_code == 200 and "opens_on" in response.context["form"].errors
    response = staff_client.post(reverse("projektai:call_create"),
                                 call_data(programme="", funder=""))
    assert "funder" in response.context["form"].errors
    response = staff_client.post(reverse("projektai:call_create"),
                                 call_data(deadline="2026-13-01", link="javascript:alert(1)"))
    assert {"deadline", "link"} <= set(response.context["form"].errors)
    assert not Call.objects.exists()


def test_a_funder_without_a_programme_is_enough(staff_client):
    funder = Organisation.objects.create(name="Nordplus", country="NO",
                                         kind=OrganisationKind.INTERNATIONAL)
    staff_client.post(reverse("projektai:call_create"),
                      call_data(programme="", funder=funder.pk))
    assert Call.objects.get().funder == funder


def test_staff_see_drafts_in_the_list_and_their_pages(staff_client):
    draft = make_call("Juodraštis", published=False)
    response = staff_client.get(reverse("projektai:call_list"))
    assert draft in response.context["upcoming"]
    assert staff_client.get(draft.get_absolute_url()).status_code == 200
    assert staff_client.get(reverse("projektai:call_update", args=[draft.pk])).status_code == 200


# --- librarians read -----------------------------------------------------------------------------

def test_librarian_reads_published_calls_but_not_drafts(client_b):
    published = make_call("Atviras kvietimas")
    draft = make_call("Juodraštis", published=False)
    response = client_b.get(reverse("projektai:call_list"))
    assert response.status_code == 200
    assert response.context["upcoming"] == [published]
    assert f'data-call="{draft.pk}"' not in response.content.decode()
    assert client_b.get(published.get_absolute_url()).status_code == 200
    assert client_b.get(draft.get_absolute_url()).status_code == 404
    assert client_b.get(reverse("projektai:call_update", args=[draft.pk])).status_code == 404


def test_librarian_and_management_may_not_write_calls(client_b, manager_client):
    published = make_call()
    for client in (client_b, manager_client):
        assert client.get(reverse("projektai:call_create")).status_code == 403
        assert client.post(reverse("projektai:call_create"), call_data()).status_code == 403
        update = reverse("projektai:call_update", args=[published.pk])
        assert client.get(update).status_code == 403
        assert client.post(update, call_data(title="Kitas")).status_code == 403
    published.refresh_from_db()
    assert published.title == "Bibliotekų programa 2027" and Call.objects.count() == 1


def test_open_and_upcoming_calls_come_first_by_deadline_and_past_ones_apart(client_b):
    later = make_call("Vėlesnis", days=25)
    sooner = make_call("Artimesnis", days=3)
    closing = make_call("Šiandien", days=0)
    upcoming = make_call("Dar neprasidėjęs", days=60, opens_in=10)
    old = make_call("Praėjęs", days=-10)
    older = make_call("Senas", days=-400)
    response = client_b.get(reverse("projektai:call_list"))
    assert response.context["upcoming"] == [closing, sooner, later, upcoming]
    assert response.context["past"] == [old, older]
    days = {call.pk: call.days_left for call in response.context["upcoming"]}
    assert days == {closing.pk: 0, sooner.pk: 3, later.pk: 25, upcoming.pk: 60}
    assert [c for c in response.context["upcoming"] if c.opens_later] == [upcoming]
    html = response.content.decode()
    assert "<details" in html and html.index(f'data-call="{later.pk}"') < html.index(
        f'data-past-call="{old.pk}"')


def test_the_list_filters_by_programme_funder_and_text(client_b):
    lkt = make_lkt()
    nordplus = Organisation.objects.create(name="Nordplus", country="NO")
    erasmus_funder = Organisation.objects.create(name="Europos Komisija", country="BE")
    erasmus = FundingProgramme.objects.create(name="Erasmus+", funder=erasmus_funder)
    lkt_call = make_call("Kultūros taryba", programme=lkt)
    erasmus_call = make_call("Suaugusiųjų mokymasis", programme=erasmus, funder=None)
    Call.objects.filter(pk=erasmus_call.pk).update(funder=None)  # only the programme's funder
    nordplus_call = Call.objects.create(title="Šiaurės kaimynai", funder=nordplus,
                                        deadline=today() + timedelta(days=5))
    url = reverse("projektai:call_list")

    def listed(**params):
        return set(client_b.get(url, params).context["upcoming"])

    assert listed(programme=erasmus.pk) == {erasmus_call}
    assert listed(funder=erasmus_funder.pk) == {erasmus_call}
    assert listed(funder=nordplus.pk) == {nordplus_call}
    assert listed(q="šiaurės") == {nordplus_call}
    assert listed(q="Erasmus") == {erasmus_call}
    assert listed() == {lkt_call, erasmus_call, nordplus_call}
    assert client_b.get(url, {"programme": "999999"}).status_code == 200


def test_the_list_exports_the_filtered_calls(staff_client):
    make_call("Eksportuojamas")
    response = staff_client.get(reverse("projektai:call_list"), {"export": "csv"})
    assert response.status_code == 200
    assert "Eksportuojamas" in response.content.decode("utf-8-sig")


def test_call_page_offers_to_register_a_project_from_the_call(client_a, client_b,
                                                               manager_client):
    call = make_call()
    past = make_call("Praėjęs", days=-1)
    link = f"{reverse('projektai:project_create')}?call={call.pk}"
    assert client_a.get(call.get_absolute_url()).context["project_create_url"] == link
    assert link in client_a.get(call.get_absolute_url()).content.decode()
    assert client_a.get(past.get_absolute_url()).context["project_create_url"] == ""
    assert manager_client.get(call.get_absolute_url()).context["project_create_url"] == ""


# --- the subscription --------------------------------------------------------------------------

def test_a_librarian_subscribes_and_unsubscribes(client_b, librarian_b):
    url = reverse("projektai:call_subscribe")
    list_url = reverse("projektai:call_list")
    assert client_b.get(list_url).context["subscribed"] is False
    assert client_b.post(url, {"subscribe": "1"})["Location"] == list_url
    client_b.post(url, {"subscribe": "1"})  # twice: still one
    assert CallSubscription.objects.filter(user=librarian_b).count() == 1
    page = client_b.get(list_url)
    assert page.context["subscribed"] is True
    assert 'name="subscribe" value="0"' in page.content.decode()
    client_b.post(url, {"subscribe": "0"})
    assert not CallSubscription.objects.exists()
    client_b.post(url, {})  # nothing asked: off
    assert not CallSubscription.objects.exists()


def test_subscribing_is_a_post(client_b):
    assert client_b.get(reverse("projektai:call_subscribe")).status_code == 405
    assert not CallSubscription.objects.exists()


def test_a_stranger_is_sent_to_sign_in(client):
    response = client.post(reverse("projektai:call_subscribe"), {"subscribe": "1"})
    assert response.status_code == 302 and "subscribe" not in response["Location"]
    assert client.get(reverse("projektai:call_list")).status_code == 302
    assert not CallSubscription.objects.exists()


# --- the digest ----------------------------------------------------------------------------------

@pytest.fixture
def subscribers(librarian_a, librarian_b):
    english = UserFactory(role=Role.STAFF, email="en@test.lt", full_name="Emma English",
                          language="en")
    gone = UserFactory(role=Role.LIBRARIAN, email="gone@test.lt", is_active=False)
    UserFactory(role=Role.LIBRARIAN, email="not-asked@test.lt")
    for user in (librarian_a, english, gone):
        CallSubscription.objects.create(user=user)
    return {"lt": librarian_a, "en": english, "gone": gone}


def test_the_digest_sends_new_calls_once_in_one_email_per_subscriber(subscribers):
    first = make_call("Bibliotekų programa 2027", days=20, eligible="Viešosios bibliotekos",
                      link="https://www.ltkt.lt/k1")
    second = make_call("Skaitymo skatinimas", days=5)
    draft = make_call("Juodraštis", published=False)
    closed = make_call("Pasibaigęs", days=-1)
    sent = send_calls_digest()
    assert sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["a@test.lt", "en@test.lt"]
    lithuanian = next(m for m in mail.outbox if m.to == ["a@test.lt"])
    body = lithuanian.body
    assert lithuanian.subject.startswith("[Regionas] ")
    assert body.index("Skaitymo skatinimas") < body.index("Bibliotekų programa 2027")
    assert "Lietuvos kultūros taryba · Lietuvos kultūros taryba – bibliotekų programa" in body
    assert "Viešosios bibliotekos" in body
    assert first.deadline.isoformat() in body and "https://www.ltkt.lt/k1" in body
    assert f"/projektai/kvietimai/{first.pk}/" in body
    assert body.rstrip().count("/projektai/kvietimai/") >= 3  # calls, the list, unsubscribe
    assert "Juodraštis" not in body and "Pasibaigęs" not in body
    english = next(m for m in mail.outbox if m.to == ["en@test.lt"])
    assert "Unsubscribe" in english.body and "2 new calls for applications" in english.subject
    for call in (first, second):
        call.refresh_from_db()
        assert call.digest_sent_at is not None
    for call in (draft, closed):
        call.refresh_from_db()
        assert call.digest_sent_at is None


def test_a_second_run_sends_nothing_and_a_later_call_goes_in_the_next(subscribers):
    make_call("Pirmasis")
    send_calls_digest()
    mail.outbox.clear()
    assert send_calls_digest() == 0 and mail.outbox == []
    later = make_call("Vėlesnis")
    assert send_calls_digest(now=timezone.now() + timedelta(days=7)) == 2
    assert all("Vėlesnis" in m.body and "Pirmasis" not in m.body for m in mail.outbox)
    later.refresh_from_db()
    assert later.digest_sent_at is not None


def test_a_draft_published_later_goes_in_the_next_digest(subscribers, staff_client):
    draft = make_call("Juodraštis", published=False)
    assert send_calls_digest() == 0 and mail.outbox == []
    staff_client.post(reverse("projektai:call_update", args=[draft.pk]),
                      call_data(title="Juodraštis", programme=draft.programme_id))
    assert send_calls_digest() == 2
    assert all("Juodraštis" in m.body for m in mail.outbox)


def test_without_subscribers_the_calls_are_marked_and_nobody_is_mailed():
    call = make_call()
    assert send_calls_digest() == 0 and mail.outbox == []
    call.refresh_from_db()
    assert call.digest_sent_at is not None


def test_the_digest_is_declared_to_the_portal():
    assert registry.periodic_tasks.get("project-calls-digest").task == \
        "projektai.tasks.send_calls_digest"
    assert registry.notification_kinds.get("projektai.calls").optional is True
    from projektai import tasks

    assert tasks.send_calls_digest.name == "projektai.tasks.send_calls_digest"


def test_the_digest_item_lists_calls_published_since_as_the_user_sees_them(librarian_b, staff):
    since = timezone.now() - timedelta(hours=1)
    published = make_call("Naujas")
    make_call("Juodraštis", published=False)
    Call.objects.filter(pk=make_call("Senas").pk).update(
        published_at=timezone.now() - timedelta(days=3))
    items = registry.digest_items.get("projektai.calls").items(since, librarian_b)
    assert [item["title"] for item in items] == ["Naujas"]
    assert items[0]["url"] == published.get_absolute_url()


# --- panels --------------------------------------------------------------------------------------

def test_home_shows_open_calls_closing_within_30_days(client_b, staff_client):
    soon = make_call("Greitai", days=10)
    make_call("Negreit", days=45)
    make_call("Juodraštis", days=5, published=False)
    make_call("Dar neatidarytas", days=15, opens_in=3)
    for client in (client_b, staff_client):
        html = client.get(reverse("home")).content.decode()
        assert 'id="home-calls"' in html
        assert f'data-call="{soon.pk}"' in html
        assert html.count("data-call=") == 1


def test_home_leaves_the_calls_card_out_when_none_closes_soon(client_b):
    make_call("Negreit", days=45)
    assert 'id="home-calls"' not in client_b.get(reverse("home")).content.decode()


def test_organisation_page_lists_the_calls_it_funds_and_its_programmes(client_b, staff_client):
    programme = make_lkt()
    funder = programme.funder
    published = make_call("Kultūros taryba", programme=programme)
    draft = make_call("Juodraštis", programme=programme, published=False)
    url = funder.get_absolute_url()
    html = client_b.get(url).content.decode()
    assert 'id="organisation-calls-panel"' in html
    assert f'data-programme="{programme.pk}"' in html
    assert f'data-call="{published.pk}"' in html and f'data-call="{draft.pk}"' not in html
    assert f'data-call="{draft.pk}"' in staff_client.get(url).content.decode()
    other = Organisation.objects.create(name="Niekam nefinansuojanti", country="LT")
    assert 'id="organisation-calls-panel"' not in client_b.get(
        other.get_absolute_url()).content.decode()


# --- query budgets -------------------------------------------------------------------------------

@pytest.mark.parametrize("rows", [2, 12])
def test_the_call_list_runs_a_fixed_number_of_queries(client_b, staff_client, rows):
    for index in range(rows):
        make_call(f"Kvietimas {index}", days=index - 3)
    client_b.get(reverse("projektai:call_list"))  # warm the sessions
    staff_client.get(reverse("projektai:call_list"))
    with query_budget(9, "calls, librarian"):  # + the menu's read of their memberships
        assert client_b.get(reverse("projektai:call_list")).status_code == 200
    with query_budget(8, "calls, staff"):
        assert staff_client.get(reverse("projektai:call_list")).status_code == 200


def test_the_call_page_runs_a_fixed_number_of_queries(client_a):
    call = make_call()
    client_a.get(call.get_absolute_url())
    with query_budget(7, "call page"):  # + the menu's read of the librarian's memberships
        assert client_a.get(call.get_absolute_url()).status_code == 200
