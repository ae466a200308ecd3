"""The contests' pages: who sees a draft (staff, management, its jury; others 404) and an
open contest (everyone signed in), who writes (staff; management and librarians 403),
the contest's page (eligibility in words, weights as shares, the jury, the timeline, the
sections of other areas), the forms' refusals, two editors, the rules file, the moves, and
query budgets that do not grow with rows."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apdovanojimai.models import (
    Category,
    Contest,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    NominationStatus,
    NomineeKind,
)
from apdovanojimai.tests.factories import (
    add_juror,
    make_category,
    make_contest,
    make_nomination,
    make_person,
)
from apdovanojimai.tests.factories_contests import PDF, docx_bytes, make_draft
from bibliotekos.models import LibraryKind, Position
from portalas import registry
from portalas.testing import query_budget
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    """The pages in English (the source strings), whatever the catalogue holds."""
    settings.LANGUAGE_CODE = "en"


def url(name, *args):
    return reverse(f"apdovanojimai:{name}", args=args)


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def contest_fields(**changes):
    fields = {"title": "Metų bibliotekininkas 2026", "year": "2026", "level": "regional",
              "description": "Apdovanojami **geriausi**.", "rules": "Taisyklės",
              "nominations_open": str(days(1)), "nominations_close": str(days(20)),
              "scoring_until": str(days(40)), "results_on": str(days(45)),
              "diploma_text": "už kūrybą", "letter_text": "už dalyvavimą",
              "signatory_name": "Vardenė Pavardenė", "signatory_position": "direktorė"}
    fields.update(changes)
    return fields


# --- seeing -----------------------------------------------------------------------------------

def test_a_draft_is_404_to_a_librarian_and_seen_by_its_jury_and_management(
        staff, librarian_b, client_b, manager_client):
    draft = make_draft(by=staff)
    assert client_b.get(url("contest_detail", draft.pk)).status_code == 404
    assert manager_client.get(url("contest_detail", draft.pk)).status_code == 200
    add_juror(draft, librarian_b)
    assert client_b.get(url("contest_detail", draft.pk)).status_code == 200


def test_an_open_contest_is_seen_by_every_signed_in_user_and_listed(staff, client_b):
    open_one = make_contest(by=staff)
    draft = make_draft(by=staff, title="Slaptas juodraštis")
    response = client_b.get(url("contest_list"))
    listed = {c.pk for c in response.context["object_list"]}
    assert open_one.pk in listed and draft.pk not in listed
    assert client_b.get(url("contest_detail", open_one.pk)).status_code == 200


def test_the_history_is_for_staff_and_management_only(staff, staff_client, manager_client,
                                                      client_b):
    contest = make_contest(by=staff)
    assert staff_client.get(url("contest_history", contest.pk)).status_code == 200
    assert manager_client.get(url("contest_history", contest.pk)).status_code == 200
    assert client_b.get(url("contest_history", contest.pk)).status_code == 403


def test_the_list_filters_by_year_and_status(staff, staff_client):
    old = make_contest(by=staff, title="Senas", year=2024, status=ContestStatus.ARCHIVED)
    new = make_contest(by=staff, title="Naujas", year=2026)
    response = staff_client.get(url("contest_list"), {"year": "2024"})
    assert [c.pk for c in response.context["object_list"]] == [old.pk]
    response = staff_client.get(url("contest_list"), {"status": "open"})
    assert [c.pk for c in response.context["object_list"]] == [new.pk]


def test_the_contest_page_says_who_is_eligible_and_the_weights_as_shares(staff, client_b):
    contest = make_contest(by=staff, category=None)
    post = Position.objects.create(name="Vyriausioji bibliotekininkė")
    make_category(contest, name="Kaimo bibliotekininkas", positions=[post],
                  library_kinds=[LibraryKind.RURAL_BRANCH], min_service_years=5, places=2)
    add_juror(contest, staff, chair=True)
    response = client_b.get(url("contest_detail", contest.pk))
    page = response.content.decode()
    assert "Who is nominated: a person." in page
    assert "Their library must be: rural branch." in page
    assert "Posts: vyriausioji bibliotekininkė." in page
    assert (f"At least 5 years of service in libraries by {contest.nominations_close:%Y-%m-%d}"
            in page)
    assert "2 winners." in page
    for share in ("50.0 %", "30.0 %", "20.0 %"):
        assert share in page
    assert "Rūta Skyriūtė" in page and 'aria-current="step"' in page
    assert "contest-edit" not in page and "category-create" not in page


def test_the_contest_page_shows_the_sections_of_other_areas(staff, staff_client):
    contest = make_contest(by=staff)
    state = registry.snapshot()
    try:
        registry.object_panel(Contest, template="apdovanojimai/_contest_status.html")(
            lambda request, obj: {"status": "published"})
        response = staff_client.get(url("contest_detail", contest.pk))
    finally:
        registry.restore(state)
    assert any(p["template"] == "apdovanojimai/_contest_status.html"
               for p in response.context["panels"])


# --- writing ----------------------------------------------------------------------------------

def test_staff_create_a_contest_with_its_rules_file(staff_client, staff, client_b):
    upload = SimpleUploadedFile("Nuostatai (galutiniai).pdf", PDF)
    response = staff_client.post(url("contest_create"),
                                 {**contest_fields(), "rules_file": upload})
    contest = Contest.objects.get()
    assert response.status_code == 302 and contest.status == ContestStatus.DRAFT
    assert contest.rules_file_name == "Nuostatai-galutiniai.pdf"
    download = staff_client.get(url("contest_rules_file", contest.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_b.get(url("contest_rules_file", contest.pk)).status_code == 404


def test_a_docx_rules_file_is_taken_and_a_picture_is_refused(staff_client):
    ok = staff_client.post(url("contest_create"), {
        **contest_fields(), "rules_file": SimpleUploadedFile("n.docx", docx_bytes())})
    assert ok.status_code == 302
    bad = staff_client.post(url("contest_create"), {
        **contest_fields(title="Kitas"),
        "rules_file": SimpleUploadedFile("n.pdf", b"\x89PNG\r\n\x1a\n0000")})
    assert bad.status_code == 200 and "rules_file" in bad.context["form"].errors
    assert Contest.objects.count() == 1


def test_the_form_refuses_a_timetable_out_of_order(staff_client):
    response = staff_client.post(url("contest_create"), contest_fields(
        nominations_close=str(days(0)), scoring_until=str(days(-1)),
        results_on=str(days(-2))))
    errors = response.context["form"].errors
    assert {"nominations_close", "scoring_until", "results_on"} <= set(errors)
    assert not Contest.objects.exists()


def test_two_editors_the_second_save_is_refused_and_keeps_the_typed_values(staff, staff_client):
    contest = make_draft(by=staff)
    other = _client(UserFactory(role="staff", full_name="Antra Redaktorė"))
    assert other.post(url("contest_update", contest.pk),
                      {**contest_fields(title="Pirmas"), "version": "1"}).status_code == 302
    response = staff_client.post(url("contest_update", contest.pk),
                                 {**contest_fields(title="Antras"), "version": "1"})
    assert response.status_code == 200
    assert "Antra Redaktorė saved this contest" in response.content.decode()
    assert response.context["form"]["title"].value() == "Antras"
    assert Contest.objects.get(pk=contest.pk).title == "Pirmas"


def test_management_and_librarians_may_not_write(staff, manager_client, client_b):
    contest = make_contest(by=staff)
    for client in (manager_client, client_b):
        assert client.get(url("contest_create")).status_code == 403
        assert client.get(url("contest_update", contest.pk)).status_code == 403
        assert client.post(url("contest_evaluate", contest.pk)).status_code == 403
        assert client.post(url("category_create", contest.pk),
                           {"name": "X", "nominee_kind": "person",
                            "places": "1", "order": "0"}).status_code == 403
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.OPEN


def test_the_moves_from_the_page(staff, staff_client, manager, territory):
    contest = make_draft(by=staff, chair=manager)
    assert staff_client.get(url("contest_open", contest.pk)).status_code == 200
    staff_client.post(url("contest_open", contest.pk))
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.OPEN
    staff_client.post(url("contest_reopen_draft", contest.pk))
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.DRAFT
    staff_client.post(url("contest_open", contest.pk))
    make_nomination(contest, by=staff, person=make_person(territory.system_a),
                    status=NominationStatus.SUBMITTED)
    confirm = staff_client.get(url("contest_evaluate", contest.pk)).content.decode()
    assert "1 nomination still waiting for a decision will be admitted" in confirm
    staff_client.post(url("contest_evaluate", contest.pk))
    assert Contest.objects.get(pk=contest.pk).status == ContestStatus.EVALUATION
    assert contest.nominations.get().status == NominationStatus.ACCEPTED


def test_categories_criteria_and_jury_from_their_forms(staff, staff_client, manager):
    contest = make_draft(by=staff, category=None, criteria=())
    post = Position.objects.create(name="Bibliotekininkė")
    response = staff_client.post(url("category_create", contest.pk), {
        "name": "Kaimo filialas", "nominee_kind": "library", "places": "1", "order": "0",
        "library_kinds": ["rural_branch"], "positions": [str(post.pk)]})
    assert "positions" in response.context["form"].errors
    staff_client.post(url("category_create", contest.pk), {
        "name": "Kaimo filialas", "nominee_kind": "library", "places": "1", "order": "0",
        "library_kinds": ["rural_branch"]})
    category = Category.objects.get(contest=contest)
    assert category.library_kinds == ["rural_branch"]
    assert category.nominee_kind == NomineeKind.LIBRARY
    bad = staff_client.post(url("criterion_create", contest.pk), {
        "name": "Veikla", "weight": "0", "min_score": "5", "max_score": "5", "order": "0"})
    assert {"weight", "max_score"} <= set(bad.context["form"].errors)
    staff_client.post(url("criterion_create", contest.pk), {
        "name": "Veikla", "weight": "2", "min_score": "0", "max_score": "10", "order": "0"})
    assert Criterion.objects.filter(contest=contest).count() == 1
    staff_client.post(url("juror_add", contest.pk), {"user": manager.pk, "role": "chair"})
    staff_client.post(url("juror_add", contest.pk), {"user": staff.pk, "role": "chair"})
    chair = JuryMember.objects.get(contest=contest, role=JuryRole.CHAIR)
    assert chair.user == staff
    member = JuryMember.objects.get(contest=contest, user=manager)
    staff_client.post(url("juror_update", member.pk), {"role": "chair"})
    assert JuryMember.objects.get(contest=contest, role=JuryRole.CHAIR).user == manager
    staff_client.post(url("criterion_delete", Criterion.objects.get().pk))
    staff_client.post(url("category_delete", category.pk))
    assert not contest.categories.exists() and not contest.criteria.exists()


def test_categories_are_kept_once_the_evaluation_started(staff, staff_client):
    contest = make_contest(by=staff, status=ContestStatus.EVALUATION)
    response = staff_client.get(url("category_create", contest.pk))
    assert response.status_code == 302
    category = contest.categories.get()
    staff_client.post(url("category_update", category.pk), {
        "name": "Pakeista", "nominee_kind": "person", "places": "1", "order": "0"})
    assert Category.objects.get(pk=category.pk).name == "Metų bibliotekininkas"


def test_parts_of_a_draft_are_404_to_an_outsider(staff, client_b, manager):
    contest = make_draft(by=staff, chair=manager)
    for name, pk in (("category_update", contest.categories.get().pk),
                     ("criterion_delete", contest.criteria.first().pk),
                     ("juror_remove", contest.jury.get().pk),
                     ("juror_add", contest.pk), ("contest_history", contest.pk)):
        assert client_b.get(url(name, pk)).status_code == 404, name
        assert client_b.post(url(name, pk)).status_code in (404, 405), name
    assert contest.jury.count() == 1


# --- panels and budgets -----------------------------------------------------------------------

def test_a_librarian_sees_the_contests_open_now_on_the_home_page(staff, client_b):
    make_contest(by=staff, title="Atviras dabar")
    make_contest(by=staff, title="Dar neatviras", nominations_open=days(3),
                 nominations_close=days(9))
    page = client_b.get(reverse("home")).content.decode()
    assert "Atviras dabar" in page and "Dar neatviras" not in page


def test_the_calendar_shows_the_contests_days_to_whoever_sees_them(staff, librarian_b):
    make_contest(by=staff, title="Atviras")
    make_draft(by=staff, title="Juodraštis")
    entries = registry.calendar_entries(days(-30), days(60), librarian_b)
    titles = [e.title for e in entries if e.source == "apdovanojimai.contests"]
    assert any("Atviras" in t for t in titles) and not any("Juodraštis" in t for t in titles)
    assert len([t for t in titles if "Atviras" in t]) == 2      # closes; jury until


def test_the_list_and_the_page_keep_their_query_budgets(staff, staff_client, manager):
    for n in range(20):
        make_contest(by=staff, title=f"Konkursas {n}")
    with query_budget(10, "contest list"):
        assert staff_client.get(url("contest_list")).status_code == 200
    contest = make_contest(by=staff, category=None, title="Didelis")
    posts = [Position.objects.create(name=f"Pareigos {n}") for n in range(5)]
    for n in range(20):
        make_category(contest, name=f"Kategorija {n}", positions=posts)
        Criterion.objects.create(contest=contest, name=f"Kriterijus {n}", weight=1)
        add_juror(contest, UserFactory(role="staff"), chair=n == 0)
    with query_budget(16, "contest page"):
        assert staff_client.get(url("contest_detail", contest.pk)).status_code == 200


def test_a_stored_rules_file_of_another_kind_is_not_served(staff, staff_client):
    contest = make_contest(by=staff)
    contest.rules_file.save("x.pdf", ContentFile(b"plain text"), save=True)
    assert staff_client.get(url("contest_rules_file", contest.pk)).status_code == 404
