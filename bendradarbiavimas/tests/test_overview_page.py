"""The cooperation overview page: who opens it (staff and management; a librarian gets 403,
as on the other overview pages), the year and the quarter, the cards, the table per group
with its quorum marks, the agreements expiring soon, the links to the lists, the menu entry
and a query count that does not grow with the groups and decisions."""

from datetime import date, timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bendradarbiavimas.models import DecisionStatus
from bendradarbiavimas.tests.factories_overview import (
    add_member,
    build_year,
    make_agreement,
    make_decision,
    make_group,
    make_meeting,
    make_partner,
)
from portalas.registry import menu
from portalas.testing import count_queries, query_budget

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("bendradarbiavimas:overview")


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def year(territory):
    return build_year(territory)


def test_staff_open_the_overview(staff_client, year):
    response = staff_client.get(OVERVIEW, {"year": 2025})
    assert response.status_code == 200
    assert response.templates[0].name == "bendradarbiavimas/overview_page.html"
    totals = response.context["totals"]
    assert (totals["partners_active"], totals["agreements_in_force"]) == (3, 2)
    assert (totals["meetings"], totals["made"], totals["done"]) == (6, 4, 1)


def test_management_open_the_overview(manager_client, year):
    assert manager_client.get(OVERVIEW, {"year": 2025}).status_code == 200


def test_a_librarian_gets_403_like_on_the_other_overviews(client_a, client_b):
    assert client_a.get(OVERVIEW).status_code == 403
    assert client_b.get(OVERVIEW).status_code == 403


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.get(OVERVIEW)
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_overview_refuses_a_post(staff_client):
    assert staff_client.post(OVERVIEW).status_code == 405


def test_the_default_is_the_current_year(staff_client):
    response = staff_client.get(OVERVIEW)
    assert response.context["year"] == timezone.localdate().year
    assert response.context["quarter"] is None


@pytest.mark.parametrize("raw", ["abc", "1500", "", "99999", "2025.5"])
def test_a_bad_year_shows_this_year(staff_client, raw):
    response = staff_client.get(OVERVIEW, {"year": raw})
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year


@pytest.mark.parametrize("raw", ["5", "0", "x", "-1"])
def test_a_bad_quarter_shows_the_whole_year(staff_client, raw):
    response = staff_client.get(OVERVIEW, {"year": 2025, "quarter": raw})
    assert response.status_code == 200 and response.context["quarter"] is None


def test_a_quarter_narrows_the_figures(staff_client, year):
    response = staff_client.get(OVERVIEW, {"year": 2025, "quarter": 1})
    assert response.context["period"].start == date(2025, 1, 1)
    assert response.context["period"].end == date(2025, 3, 31)
    assert response.context["totals"]["meetings"] == 3
    html = response.content.decode()
    assert "Cooperation overview 2025, quarter 1" in html
    assert '<option value="1" selected>' in html


def test_the_cards_show_the_counts_and_the_quorum_marks(staff_client, year):
    html = staff_client.get(OVERVIEW, {"year": 2025}).content.decode()
    assert 'data-total="partners_active">3<' in html
    assert 'data-total="meetings">6<' in html
    assert 'data-total="no_quorum">1<' in html
    assert 'data-total="share">25.0 %<' in html
    assert 'data-total="overdue">2<' in html
    assert html.count('data-quorum="no"') == 1 and "no quorum" in html   # said in words
    assert html.count('data-quorum="yes"') == 4 and html.count('data-quorum="unknown"') == 1


def test_the_table_per_group(staff_client, year):
    response = staff_client.get(OVERVIEW, {"year": 2025})
    html = response.content.decode()
    assert [row["name"] for row in response.context["groups"]] == [
        "Mokyklų bibliotekų komisija", "Vaikų bibliotekininkų darbo grupė", "LBD sekcija"]
    row = html.split(f'data-group="{year.kids.pk}"')[1].split("</tr>")[0]
    assert 'data-cell="held">3<' in row and 'data-cell="made">3<' in row
    assert 'data-cell="done">1<' in row and 'data-cell="share">33.3 %<' in row


def test_the_overview_in_lithuanian_writes_decimal_commas(staff_client, settings, year):
    settings.LANGUAGE_CODE = "lt"
    html = staff_client.get(OVERVIEW, {"year": 2025}, HTTP_ACCEPT_LANGUAGE="lt").content.decode()
    assert 'data-total="share">25,0 %<' in html


def test_agreements_expiring_in_the_next_90_days(staff_client):
    today = timezone.localdate()
    partner = make_partner("Palangos kurorto muziejus")
    soon = make_agreement([partner], starts_on=today - timedelta(days=300),
                          ends_on=today + timedelta(days=30), number="S-10", title="Parodos")
    later = make_agreement([partner], starts_on=today - timedelta(days=300),
                           ends_on=today + timedelta(days=75), number="S-11")
    make_agreement([partner], starts_on=today - timedelta(days=300),
                   ends_on=today + timedelta(days=120), number="S-12")
    make_agreement([partner], starts_on=today - timedelta(days=300),
                   ends_on=today + timedelta(days=20), terminated_on=today - timedelta(days=1),
                   number="S-13")
    response = staff_client.get(OVERVIEW)
    assert response.context["expiring"] == [soon, later]
    assert response.context["totals"]["agreements_expiring_soon"] == 1     # within 60 days
    html = response.content.decode()
    assert "S-10 Parodos" in html and "S-12" not in html and "S-13" not in html
    assert (today + timedelta(days=30)).isoformat() in html
    assert 'data-total="agreements_expiring_soon">1<' in html


def test_no_agreements_expiring_says_so(staff_client):
    html = staff_client.get(OVERVIEW).content.decode()
    assert "No agreement expires in the next 90 days." in html
    assert "No group worked in this period." in html


def _reverses(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def test_the_links_to_the_lists_appear_where_the_lists_exist(staff_client):
    html = staff_client.get(OVERVIEW).content.decode()
    for key, name in (("partners", "partner_list"), ("agreements", "agreement_list"),
                      ("groups", "group_list"), ("decisions", "decision_list")):
        url_name = f"bendradarbiavimas:{name}"
        if _reverses(url_name):
            assert f'href="{reverse(url_name)}" data-link="{key}"' in html
        else:
            assert f'data-link="{key}"' not in html


def test_the_document_buttons_carry_the_period(staff_client):
    html = staff_client.get(OVERVIEW, {"year": 2025, "quarter": 2}).content.decode()
    assert "bendradarbiavimas.overview" in html
    assert 'value="2025"' in html


def test_the_menu_offers_the_overview_to_staff_and_management(staff, manager, librarian_a):
    item = menu.get("bendradarbiavimas:overview")
    assert item.group == "publicity" and str(item.label) == "Cooperation overview"
    assert item.allowed(staff) and item.allowed(manager)
    assert not item.allowed(librarian_a)
    assert count_queries(lambda: item.allowed(librarian_a)) == 0


def test_the_query_count_does_not_grow_with_groups_and_decisions(staff_client, territory):
    today = timezone.localdate()
    partner = make_partner("Kauno apskrities biblioteka", libraries=[territory.branch_a])

    def grow(count, start):
        for number in range(count):
            group = make_group(f"Darbo grupė {start + number}")
            add_member(group, library=territory.branch_a)
            meeting = make_meeting(group, date(today.year, 1, 1 + number % 28),
                                   quorum_met=number % 2 == 0)
            for index in range(3):
                make_decision(meeting, due_on=date(today.year, 1, 28),
                              status=DecisionStatus.DONE if index == 0 else DecisionStatus.OPEN,
                              done_on=date(today.year, 1, 20) if index == 0 else None)
            make_agreement([partner], starts_on=today - timedelta(days=10),
                           ends_on=today + timedelta(days=number + 1),
                           number=f"S-{start + number}")

    grow(2, 0)
    staff_client.get(OVERVIEW)
    few = count_queries(lambda: staff_client.get(OVERVIEW))
    grow(28, 100)
    for extra in range(10):          # 30 groups, 100 decisions
        make_decision(make_meeting(make_group(f"Komisija {extra}"), date(today.year, 2, 2)))
    assert count_queries(lambda: staff_client.get(OVERVIEW)) == few
    with query_budget(25):
        response = staff_client.get(OVERVIEW)
    assert response.context["totals"]["made"] == 100
    assert len(response.context["groups"]) == 40


def test_a_long_year_lists_the_latest_meetings_and_sends_the_rest_to_the_xlsx(
        staff_client, staff, monkeypatch):
    """A national-size year has over a thousand meetings: the page lists the latest ones
    and says how many more the XLSX holds; the PDF and DOCX keep the table off paper."""
    from bendradarbiavimas import reports_overview, views_overview
    from bendradarbiavimas.selectors_overview import figures
    from portalas.metrics import Period

    monkeypatch.setattr(views_overview, "PAGE_MEETINGS", 1)
    monkeypatch.setattr(reports_overview, "PAPER_MEETINGS", 1)
    group = make_group("Ilgų metų grupė")
    first = make_meeting(group, date(2025, 3, 3))
    last = make_meeting(group, date(2025, 3, 10))
    response = staff_client.get(OVERVIEW, {"year": 2025})
    assert response.context["more_meetings"] == 1
    assert [m.pk for m in response.context["meetings"]] == [last.pk]
    assert 'data-more-meetings="1"' in response.content.decode()
    document = reports_overview.overview_document(figures(Period.year(2025), user=staff))
    table = next(t for section in document.sections for t in section.tables
                 if {first.pk, last.pk} and len(t.rows) == 2 and t.columns[0].kind == "date")
    assert table.paper is False
