"""The minutes and decisions pages: who may write (keepers; a plain member and management
403, an outsider 404), two editors at once (the second keeps their text and is told), the
meeting page's minutes section, a removed member (earlier minutes yes, later no), the
decisions list, mine and a decision's page with their moves, the home cards, and query
budgets that do not grow with the rows."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from ataskaitos.models import ReportJob
from bendradarbiavimas.models import (
    AgendaItem,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
)
from bendradarbiavimas.tests.factories_groups import make_meeting
from bendradarbiavimas.tests.factories_minutes import (
    at,
    group_world,
    make_decision,
    write_minutes,
)
from portalas.testing import query_budget

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 12)


@pytest.fixture
def w(staff, librarian_a):
    return group_world(staff=staff, librarian_a=librarian_a)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def minutes_post(version, intro="Įžanga", titles=("Planas",), **extra) -> dict:
    data = {"version": str(version), "intro": intro, "items-TOTAL_FORMS": str(len(titles)),
            "items-INITIAL_FORMS": "0", "items-MIN_NUM_FORMS": "0",
            "items-MAX_NUM_FORMS": "1000"}
    for index, title in enumerate(titles):
        data.update({f"items-{index}-order": str(index + 1), f"items-{index}-title": title,
                     f"items-{index}-discussed": f"Aptarta: {title}",
                     f"items-{index}-decided": f"Nutarta: {title}"})
    data.update(extra)
    return data


# --- writing the minutes ----------------------------------------------------------------------

def test_the_secretary_writes_the_minutes_starting_from_the_agenda(w):
    client = client_for(w.secretary)
    url = reverse("bendradarbiavimas:minutes_update", args=[w.meeting.pk])
    with query_budget(25):
        page = client.get(url)
    assert page.status_code == 200
    assert "Vaikų vasaros skaitymo akcija" in page.content.decode()
    response = client.post(url, minutes_post(w.meeting.version, titles=("Planas", "Akcija")))
    assert response.status_code == 302
    assert response["Location"].startswith(w.meeting.get_absolute_url())
    meeting = Meeting.objects.get(pk=w.meeting.pk)
    assert meeting.minutes_status == "draft" and meeting.minutes_intro == "Įžanga"
    assert list(meeting.items.values_list("title", flat=True)) == ["Planas", "Akcija"]


def test_add_an_item_keeps_the_typed_text_and_saves_nothing(w):
    client = client_for(w.chair)
    url = reverse("bendradarbiavimas:minutes_update", args=[w.meeting.pk])
    page = client.post(url, minutes_post(w.meeting.version, titles=("Rašomas",), add_item="1"))
    assert page.status_code == 200
    assert page.context["formset"].total_form_count() == 2
    assert "Rašomas" in page.content.decode()
    assert not AgendaItem.objects.exists()


def test_the_second_of_two_editors_is_refused_with_their_text_kept(w):
    url = reverse("bendradarbiavimas:minutes_update", args=[w.meeting.pk])
    chair, secretary = client_for(w.chair), client_for(w.secretary)
    version = chair.get(url).context["version"]
    assert secretary.get(url).context["version"] == version
    assert chair.post(url, minutes_post(version, intro="Pirmininkės")).status_code == 302
    refused = secretary.post(url, minutes_post(version, intro="Sekretorės tekstas",
                                               titles=("Sekretorės klausimas",)))
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Rasa Jonaitienė" in text                     # who saved first
    assert "Sekretorės tekstas" in text and "Sekretorės klausimas" in text
    assert Meeting.objects.get(pk=w.meeting.pk).minutes_intro == "Pirmininkės"
    # saving again is a deliberate overwrite, with the version now shown
    again = secretary.post(url, minutes_post(refused.context["version"],
                                             intro="Sekretorės tekstas"))
    assert again.status_code == 302
    assert Meeting.objects.get(pk=w.meeting.pk).minutes_intro == "Sekretorės tekstas"


def test_a_member_who_is_not_a_keeper_and_management_get_403_an_outsider_404(
        w, manager, librarian_b):
    url = reverse("bendradarbiavimas:minutes_update", args=[w.meeting.pk])
    assert client_for(w.member).get(url).status_code == 403
    assert client_for(manager).get(url).status_code == 403
    assert client_for(manager).post(url, minutes_post(1)).status_code == 403
    assert client_for(librarian_b).get(url).status_code == 404
    sign = reverse("bendradarbiavimas:minutes_sign", args=[w.meeting.pk])
    assert client_for(w.member).post(sign).status_code == 403
    assert client_for(librarian_b).post(sign).status_code == 404


def test_signing_closes_the_minutes_and_only_staff_reopen(w, staff):
    write_minutes(w.meeting, by=w.chair)
    chair = client_for(w.chair)
    assert chair.post(reverse("bendradarbiavimas:minutes_sign", args=[w.meeting.pk])
                      ).status_code == 302
    assert Meeting.objects.get(pk=w.meeting.pk).minutes_status == "final"
    edit = chair.get(reverse("bendradarbiavimas:minutes_update", args=[w.meeting.pk]))
    assert edit.status_code == 302
    reopen = reverse("bendradarbiavimas:minutes_reopen", args=[w.meeting.pk])
    assert chair.post(reopen).status_code == 403
    assert client_for(staff).post(reopen).status_code == 302
    assert Meeting.objects.get(pk=w.meeting.pk).minutes_status == "draft"


def test_the_document_button_asks_the_engine(w, django_capture_on_commit_callbacks):
    write_minutes(w.meeting, by=w.chair)
    url = reverse("bendradarbiavimas:minutes_document", args=[w.meeting.pk])
    with django_capture_on_commit_callbacks(execute=False):
        response = client_for(w.member).post(url, {"format": "docx"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and str(job.pk) in response["Location"]
    assert (job.kind, job.format, job.params) == ("bendradarbiavimas.minutes", "docx",
                                                 {"meeting": str(w.meeting.pk)})
    assert client_for(w.member).post(url, {"format": "xlsx"}).status_code == 404


# --- the meeting page -------------------------------------------------------------------------

def test_the_meeting_page_shows_the_minutes_decisions_and_the_no_quorum_flag(w, staff):
    meeting = write_minutes(w.meeting, by=w.chair)
    Meeting.objects.filter(pk=meeting.pk).update(quorum_met=False)
    item = meeting.items.get(order=1)
    make_decision(meeting, item=item, owner=w.member, due_on=DAY,
                  text="Parengti renginių kalendorių")
    page = client_for(w.member).get(meeting.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert 'id="protokolas"' in text
    assert "Pritarti veiklos planui su pastabomis." in text
    assert "Parengti renginių kalendorių" in text
    assert "badge text-bg-danger" in text                       # the no-quorum flag
    minutes_url = reverse("bendradarbiavimas:minutes_update", args=[meeting.pk])
    assert f'href="{minutes_url}"' not in text                   # a member does not write
    keeper = client_for(w.secretary).get(meeting.get_absolute_url()).content.decode()
    assert f'href="{minutes_url}"' in keeper
    assert reverse("bendradarbiavimas:decision_create", args=[meeting.pk]) in keeper


def test_a_removed_member_keeps_earlier_minutes_and_loses_later_ones(w, staff):
    earlier = write_minutes(w.meeting, by=w.member)
    later = make_meeting(w.group, starts_at=at(datetime.date(2026, 5, 5)),
                         status=MeetingStatus.HELD, by=staff)
    write_minutes(later, by=w.chair)
    GroupMember.objects.filter(pk=w.member_member.pk).update(ends_on=datetime.date(2026, 4, 1))
    client = client_for(w.member)
    assert client.get(earlier.get_absolute_url()).status_code == 200
    assert client.get(later.get_absolute_url()).status_code == 404
    assert client.get(reverse("bendradarbiavimas:minutes_update",
                              args=[later.pk])).status_code == 404
    assert AgendaItem.objects.filter(meeting=earlier, written_by=w.member).count() == 2


# --- decisions --------------------------------------------------------------------------------

def test_the_chair_records_a_decision_and_a_deadline_before_the_meeting_is_refused(w):
    write_minutes(w.meeting, by=w.chair)
    url = reverse("bendradarbiavimas:decision_create", args=[w.meeting.pk])
    client = client_for(w.chair)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"text": "Parengti planą", "owner": w.member.pk,
                            "due_on": "2026-03-01"})
    assert bad.status_code == 200 and not Decision.objects.exists()
    good = client.post(url, {"text": "Parengti planą", "owner": w.member.pk,
                             "due_on": "2026-04-30",
                             "item": w.meeting.items.first().pk})
    assert good.status_code == 302
    decision = Decision.objects.get()
    assert (decision.owner, decision.due_on) == (w.member, datetime.date(2026, 4, 30))
    assert client_for(w.member).get(url).status_code == 403


def test_the_owner_outside_the_group_sees_and_closes_their_decision_outsiders_get_404(
        w, librarian_b, manager, staff):
    decision = make_decision(w.meeting, owner=staff, due_on=DAY)
    outsider_owned = make_decision(w.meeting, owner=w.member, due_on=DAY)
    GroupMember.objects.filter(pk=w.member_member.pk).update(ends_on=datetime.date(2026, 3, 1))
    # the member left before the meeting: they no longer see it, but their decision yes
    owner = client_for(w.member)
    assert owner.get(outsider_owned.get_absolute_url()).status_code == 200
    assert owner.get(decision.get_absolute_url()).status_code == 404
    assert client_for(librarian_b).get(decision.get_absolute_url()).status_code == 404
    done = reverse("bendradarbiavimas:decision_done", args=[outsider_owned.pk])
    assert client_for(manager).post(done, {"done_on": "2026-03-20"}).status_code == 403
    assert owner.post(done, {"done_on": "2026-03-20", "note": "Atlikta"}).status_code == 302
    assert Decision.objects.get(pk=outsider_owned.pk).status == DecisionStatus.DONE


def test_reassign_and_cancel_are_the_keepers(w, manager):
    decision = make_decision(w.meeting, owner=w.member, due_on=DAY)
    url = reverse("bendradarbiavimas:decision_reassign", args=[decision.pk])
    assert client_for(w.member).get(url).status_code == 403
    assert client_for(manager).post(url, {"owner": w.secretary.pk}).status_code == 403
    chair = client_for(w.chair)
    assert chair.get(url).status_code == 200
    assert chair.post(url, {"owner": w.secretary.pk}).status_code == 302
    assert Decision.objects.get(pk=decision.pk).owner == w.secretary
    page = chair.get(decision.get_absolute_url()).content.decode()
    assert "Rasa Jonaitienė" in page                        # the history names who
    cancel = reverse("bendradarbiavimas:decision_cancel", args=[decision.pk])
    assert client_for(w.member).post(cancel, {"reason": "x"}).status_code == 403
    assert chair.post(cancel, {"reason": "Nebeaktualu"}).status_code == 302
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.CANCELLED


def test_the_decision_list_filters_flags_and_exports_in_a_fixed_number_of_queries(
        w, staff):
    Meeting.objects.filter(pk=w.meeting.pk).update(quorum_met=False)
    for number in range(30):
        make_decision(w.meeting, owner=w.member if number % 2 else w.secretary,
                      due_on=DAY + datetime.timedelta(days=number), text=f"Darbas {number}")
    GroupMember.objects.filter(pk=w.member_member.pk).update(
        ends_on=datetime.date.today() - datetime.timedelta(days=1))
    client = client_for(staff)
    url = reverse("bendradarbiavimas:decision_list")
    with query_budget(20):
        page = client.get(url)
    assert page.status_code == 200 and len(page.context["object_list"]) == 30
    text = page.content.decode()
    assert "Darbas 7" in text and "badge text-bg-warning" in text
    orphaned = client.get(url, {"needs_owner": "on"}).context["object_list"]
    assert {d.owner for d in orphaned} == {w.member}
    assert len(client.get(url, {"overdue": "on", "status": "open"}).context["object_list"]) \
        == 30
    exported = client.get(url, {"export": "csv"}).content.decode()
    assert "Darbas 29" in exported and "Rasa" not in exported.split("\n")[0]


def test_my_decisions_lists_only_mine_within_a_budget(w):
    for number in range(30):
        make_decision(w.meeting, owner=w.secretary, due_on=DAY, text=f"Mano {number}")
    make_decision(w.meeting, owner=w.chair, text="Ne mano")
    client = client_for(w.secretary)
    with query_budget(20):
        page = client.get(reverse("bendradarbiavimas:decision_mine"))
    listed = page.context["object_list"]
    assert len(listed) == 30 and all(d.owner == w.secretary for d in listed)
    with query_budget(20):
        assert client.get(reverse("bendradarbiavimas:decision_detail",
                                  args=[listed[0].pk])).status_code == 200


def test_the_meeting_page_with_many_items_stays_within_a_budget(w, staff):
    write_minutes(w.meeting, by=w.chair, items=[{"title": f"Klausimas {n}",
                                                 "decided": "Pritarti."} for n in range(30)])
    for item in w.meeting.items.all():
        make_decision(w.meeting, item=item, owner=w.member, text=f"Darbas {item.order}")
    client = client_for(w.secretary)
    with query_budget(45):
        page = client.get(w.meeting.get_absolute_url())
    assert page.status_code == 200 and "Darbas 30" in page.content.decode()


# --- home cards ---------------------------------------------------------------------------

def test_home_shows_my_overdue_decisions_in_red_and_staff_the_groups_counts(w, staff):
    today = datetime.date.today()
    start = at(today - datetime.timedelta(30))
    Meeting.objects.filter(pk=w.meeting.pk).update(
        starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    make_decision(w.meeting, owner=w.secretary, due_on=today - datetime.timedelta(days=4),
                  text="Vėluojantis darbas")
    make_decision(w.meeting, owner=w.secretary, due_on=today + datetime.timedelta(days=3),
                  text="Artėjantis darbas")
    home = client_for(w.secretary).get(reverse("home")).content.decode()
    assert "home-my-decisions" in home
    assert home.index("Vėluojantis darbas") < home.index("Artėjantis darbas")
    assert "text-danger" in home
    assert "home-group-decisions" in home                     # the secretary keeps the group
    assert "home-my-decisions" not in client_for(w.member).get(reverse("home")).content.decode()
    staff_home = client_for(staff).get(reverse("home")).content.decode()
    assert "home-group-decisions" in staff_home and "overdue=on" in staff_home
