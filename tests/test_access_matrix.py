"""Who reaches what, generated from the URLconf (portalas.testing.routes).

Every route of every app whose path names an object must be declared below — a factory for
its kit view's model, a target for the route, or an exemption with a reason — or
``test_every_route_with_an_object_is_declared`` fails: a new view cannot slip past. The
outsider, a librarian of school library B, then requests each route (GET and POST) for
library A's objects and gets a 404 (403 where the whole page is closed to librarians,
whatever the object); department staff reach the same object (so the matrix is not
vacuous); anonymous visitors are sent to sign in everywhere but the few public pages.
The statistics and documents get a deeper matrix in tests/test_report_access_matrix.py.
"""

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.views.generic import ListView

from apdovanojimai.tests import access_contests, access_jury, access_nominations, access_results
from archyvas.tests import access_filing, access_plan, access_registers, access_yearend
from bendradarbiavimas.tests import access_groups, access_minutes, access_partners
from bibliotekos.models import Membership, Person
from konsultacijos.tests.access import factories as consultation_factories
from konsultacijos.tests.access import targets as consultation_targets
from pavedimai.tests import access_assignments
from pirkimai.tests import access_contracts, access_purchases
from pirkimai.tests import access_plan as procurement_plan
from planavimas.tests import access_plans as annual_plans
from portalas.testing import Case, cases_for, routes
from tyrimai.tests.access import factories as survey_factories
from tyrimai.tests.access import targets as survey_targets
from viesinimas.tests import access_events, access_newsletter, access_practices, access_publicity

PUBLICITY_AREAS = (access_events, access_publicity, access_practices, access_newsletter,
                   access_partners, access_groups, access_minutes, access_contests,
                   access_nominations, access_jury, access_results, access_plan,
                   access_registers, access_yearend, access_filing, access_assignments,
                   procurement_plan, access_purchases, access_contracts, annual_plans)

pytestmark = pytest.mark.django_db

STAFF_ONLY = 403
# Public pages: reached without signing in (their secret is in the link).
PUBLIC = {
    "paskyros:login", "paskyros:logout", "paskyros:password_reset",
    "paskyros:password_reset_done", "paskyros:password_reset_confirm",
    "paskyros:password_reset_complete", "paskyros:invitation_accept",
    "paskyros:set_language", "healthz", "javascript-catalog",
    "mokymai:ticket", "mokymai:ticket_ics", "mokymai:personal_feed_all",
    "mokymai:personal_feed_mine", "mokymai:feedback_answer",
    "mokymai:certificate_verify", "tyrimai:answer",
    "viesinimas:public_calendar", "viesinimas:public_feed",
    "paskyros:notification_unsubscribe",
}
EXEMPT = {
    "paskyros:notification_unsubscribe": "public: the signed token in the e-mailed link names "
                                         "the person and the kind (paskyros/tests/"
                                         "test_notification_preferences.py)",
    "paskyros:invitation_accept": "public: the token in the e-mailed link is the secret",
    "paskyros:password_reset_confirm": "public: Django's signed reset link",
    "statistika:indicator_detail": "the indicator catalogue belongs to no library; every "
                                   "signed-in user reads it",
    "mokymai:ticket": "public: the registration's random token in the e-mailed link is the "
                      "secret (tested in mokymai/tests/test_registration_views.py)",
    "mokymai:ticket_ics": "public: the registration's token, as the ticket",
    "mokymai:personal_feed_all": "public: the person's revocable feed key is the secret "
                                 "(mokymai/tests/test_feeds.py)",
    "mokymai:personal_feed_mine": "public: the person's revocable feed key, as above",
    "mokymai:certificate_verify": "public, no object in its path: the certificate's number and "
                                  "random code are the secret; rate-limited per address "
                                  "(mokymai/tests/test_certificates.py)",
    "tyrimai:answer": "public: the library's random link token is the secret; rate-limited "
                      "per address, one answer per device and form (tyrimai/tests/"
                      "test_answer.py)",
    "mokymai:feedback_answer": "public: the feedback invitation's random token in the "
                               "e-mailed link is the secret; the questionnaire shows only the "
                               "event (mokymai/tests/test_feedback.py)",
}


class World:
    def __init__(self, territory, staff, librarian_a, librarian_b):
        from ataskaitos.models import ReportJob
        from paskyros.models import Invitation
        from statistika.models import Indicator, LibraryAlias, Rule, Submission
        from statistika.services.campaign import create_campaign

        self.territory, self.staff = territory, staff
        self.librarian_a, self.librarian_b = librarian_a, librarian_b
        self.person = Person.objects.create(first_name="Ona", last_name="Kretingiškė",
                                            library=territory.branch_a)
        self.membership = Membership.objects.get(user=librarian_a)
        self.invitation = Invitation.objects.create(
            user=librarian_a, invited_by=staff, token_hash=uuid.uuid4().hex,
            expires_at=timezone.now() + timedelta(days=3))
        campaign = create_campaign(year=2024, kinds=["system", "school"],
                                   deadline=timezone.now() + timedelta(days=30),
                                   reminder_days=[], by=staff)
        self.submission = Submission.objects.get(campaign=campaign, library=territory.system_a)
        self.job = ReportJob.objects.create(kind="library_card", params={"library": "SVB-KRE"},
                                            format="pdf", requested_by=librarian_a,
                                            params_hash="a", status="failed",
                                            scope={"whole": False, "libraries": []})
        self.alias = LibraryAlias.objects.create(library=territory.system_a, name="KVB")
        self.rule = Rule.objects.first()
        self.indicator = Indicator.objects.get(code="loans")
        self.population = territory.municipality_a.populations.first()
        from statistika.models import ComparisonGroup

        self.group = ComparisonGroup.objects.create(name="Rinktinės", owner=staff,
                                                    hand_picked=True, shared=True)
        self.group.libraries.set([territory.system_a, territory.system_b])
        self._trainings(territory, staff)
        self._certificates(staff)
        self._projects(territory, staff, librarian_a)
        from konsultacijos.tests.access import make_world

        make_world(self, territory, staff, librarian_a)
        from tyrimai.tests.access import make_world as make_survey_world

        make_survey_world(self, territory, staff, librarian_a)
        for area in PUBLICITY_AREAS:
            area.make_world(self, territory, staff, librarian_a)

    def _trainings(self, territory, staff):
        from bibliotekos.models import Position
        from mokymai.models import EventStatus, Programme, Topic
        from mokymai.services import register
        from mokymai.tests.factories import make_event, make_lecturer

        self.draft_event = make_event(title="Juodraštis", status=EventStatus.DRAFT)
        self.event = make_event(title="Paskelbtas seminaras")
        self.session = self.event.sessions.first()
        self.draft_session = self.draft_event.sessions.first()
        self.registration = register(event=self.event, person=self.person, by=staff)
        self.programme = Programme.objects.create(title="Skaitmeninis raštingumas", hours=8)
        self.topic = Topic.objects.create(name="Vaikų skaitymas")
        self.lecturer = make_lecturer(self.event)
        self.post = Position.objects.create(name="Bandomoji pareigybė")

    def _certificates(self, staff):
        from django.core.files.base import ContentFile

        from mokymai.models import EventStatus, ExternalCourse, Registration
        from mokymai.services_certificates import issue_certificate
        from mokymai.tests.factories import make_event

        completed = make_event(title="Užbaigtas seminaras", status=EventStatus.COMPLETED,
                               registration_opens=None, registration_closes=None)
        registration = Registration.objects.create(event=completed, person=self.person,
                                                   library=self.person.library, completed=True)
        self.certificate = issue_certificate(registration, staff)
        self.course = ExternalCourse(person=self.person, provider="LNB", title="Kursai kitur",
                                     starts_on=completed.starts_on, ends_on=completed.starts_on,
                                     hours=6, file_type="pdf")
        self.course.file.save("x", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        self.course.save()

    def _projects(self, territory, staff, librarian_a):
        from django.core.files.base import ContentFile

        from bibliotekos.models import Organisation
        from projektai.models import Call, Deadline, ProjectDocument
        from projektai.tests.factories import make_lkt, make_project

        self.lkt = make_lkt()
        self.deadline_rule = self.lkt.deadline_rules.first()
        self.own_project = make_project(by=librarian_a, owner_library=territory.system_a,
                                        title="Kretingos projektas")
        self.department_project = make_project(by=staff, title="Skyriaus projektas")
        self.department_project.partners.create(library=territory.system_a)
        self.deadline = Deadline.objects.filter(project=self.own_project).first()
        self.document = ProjectDocument(project=self.own_project, title="Paraiška")
        self.document.file.save("paraiska.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"),
                                save=False)
        self.document.save()
        self.draft_call = Call.objects.create(title="Juodraštis", published=False,
                                              deadline=timezone.localdate())
        self.call = Call.objects.create(title="Kvietimas", deadline=timezone.localdate())
        self.organisation = Organisation.objects.create(name="Bandomoji organizacija")

    def submission_case(self, expected=404):
        field = {"library": self.territory.central_a.pk, "indicator": self.indicator.pk}
        return [Case({"pk": self.submission.pk}, expected, "system A's submission", field)]


def _factories(world):
    t = world.territory
    w = world
    return {
        "mokymai.lecturer": lambda: [(w.lecturer, 404, "the department's lecturer")],
        "bibliotekos.library": lambda: [(t.system_a, 404, "system"), (t.branch_a, 404,
                                                                      "branch")],
        "bibliotekos.person": lambda: [(world.person, 404, "a branch's person")],
        "mokymai.certificate": lambda: [(w.certificate, 404, "a branch person's certificate")],
        "mokymai.externalcourse": lambda: [(w.course, 404, "a branch person's course "
                                                           "taken elsewhere")],
        "projektai.project": lambda: [
            (w.own_project, 404, "system A's own project"),
            (w.department_project, 404, "the department's project A is a partner in")],
        "projektai.call": lambda: [(w.draft_call, 404, "a draft call")],
        **consultation_factories(w),
        **survey_factories(w),
        **{k: v for area in PUBLICITY_AREAS for k, v in area.factories(w).items()},
    }


def _targets(world):
    t, w = world.territory, world
    staff_page = {
        "bibliotekos:librarian_active": {"pk": w.librarian_a.pk},
        "bibliotekos:librarian_detail": {"pk": w.librarian_a.pk},
        "bibliotekos:municipality_detail": {"pk": t.municipality_a.pk},
        "bibliotekos:municipality_update": {"pk": t.municipality_a.pk},
        "bibliotekos:population_delete": {"pk": w.population.pk},
        "bibliotekos:registry_export": {"table": "people", "fmt": "xlsx"},
        "paskyros:invitation_resend": {"pk": w.invitation.pk},
        "paskyros:user_active": {"pk": w.librarian_a.pk},
        "paskyros:user_detail": {"pk": w.librarian_a.pk},
        "paskyros:user_reset_second_factor": {"pk": w.librarian_a.pk},
        "paskyros:user_role": {"pk": w.librarian_a.pk},
        "statistika:alias_delete": {"pk": w.alias.pk},
        "statistika:analysis_municipality": {"code": t.municipality_a.code},
        "statistika:analysis_narrative": {"year": 2024},
        "statistika:bulk_accept": {"year": 2024},
        "statistika:campaign_board": {"year": 2024},
        "statistika:handoff": {"year": 2024},
        "statistika:indicator_update": {"code": w.indicator.code},
        "statistika:rule_update": {"pk": w.rule.pk},
        "statistika:report_extend": {"pk": w.submission.pk},
        "statistika:report_remind": {"pk": w.submission.pk},
        "statistika:report_review": {"pk": w.submission.pk},
        "statistika:report_review_unit": {"pk": w.submission.pk, "unit": "SVB-KRE-C"},
        "statistika:review_action": {"pk": w.submission.pk},
        "statistika:review_comment": {"pk": w.submission.pk},
        "statistika:comment_resolve": {"pk": w.submission.pk},
    }
    targets = {name: (lambda kwargs=kwargs: [Case(kwargs, STAFF_ONLY, "closed to librarians")])
               for name, kwargs in staff_page.items()}
    for name in ("ataskaitos:job_detail", "ataskaitos:job_download", "ataskaitos:job_retry",
                 "ataskaitos:job_status"):
        targets[name] = lambda: [Case({"pk": w.job.pk}, 404, "A's librarian's document")]
    targets["bibliotekos:membership_delete"] = lambda: [
        Case({"pk": w.membership.pk}, 404, "A's membership")]
    targets["statistika:comparison_group_delete"] = lambda: [
        Case({"pk": w.group.pk}, 404, "staff's hand-picked group")]
    targets["statistika:analysis_library"] = lambda: [
        Case({"code": t.system_a.code}, 404, "system A"),
        Case({"code": t.branch_a.code}, 404, "a branch of A")]
    for name in ("statistika:comment_answer", "statistika:field_explain",
                 "statistika:field_history", "statistika:field_save",
                 "statistika:report_download", "statistika:report_form",
                 "statistika:report_submit", "statistika:report_timeline",
                 "statistika:report_upload"):
        targets[name] = w.submission_case
    targets["statistika:report_unit"] = lambda: [
        Case({"pk": w.submission.pk, "unit": "SVB-KRE-F01"}, 404, "a unit of A")]
    targets.update(_training_targets(w))
    targets.update(_project_targets(w))
    targets.update(consultation_targets(w))
    targets.update(survey_targets(w))
    for area in PUBLICITY_AREAS:
        targets.update(area.targets(w))
    return targets


def _project_targets(w):
    """A library's own project is its people's; a department project its partners' too; the
    outsider (a librarian of school library B) reaches neither. Programmes, rules, published
    calls and organisations are shared reference data: read by all, written by staff."""
    def projects():
        return [Case({"pk": w.own_project.pk}, 404, "system A's own project"),
                Case({"pk": w.department_project.pk}, 404,
                     "a department project A is a partner in")]

    targets = {f"projektai:{name}": projects for name in (
        "project_status", "project_request_approval", "project_decline", "project_partners",
        "project_budget", "project_activities", "project_indicators", "project_documents",
        "deadline_create")}
    for name in ("deadline_update", "deadline_done", "deadline_delete"):
        targets[f"projektai:{name}"] = lambda: [
            Case({"pk": w.deadline.pk}, 404, "a deadline of A's project")]
    for name in ("document_download", "document_delete"):
        targets[f"projektai:{name}"] = lambda: [
            Case({"pk": w.document.pk}, 404, "a document of A's project")]
    targets["projektai:programme_detail"] = lambda: [
        Case({"pk": w.lkt.pk}, 200, "funding programmes are every signed-in user's")]
    for name in ("programme_update", "programme_reapply", "rule_create"):
        targets[f"projektai:{name}"] = lambda: [
            Case({"pk": w.lkt.pk}, STAFF_ONLY, "staff keep the programmes")]
    for name in ("rule_update", "rule_delete"):
        targets[f"projektai:{name}"] = lambda: [
            Case({"pk": w.deadline_rule.pk}, STAFF_ONLY, "staff keep the deadline rules")]
    targets["projektai:call_detail"] = lambda: [
        Case({"pk": w.draft_call.pk}, 404, "a draft call"),
        Case({"pk": w.call.pk}, 200, "a published call is every signed-in user's")]
    targets["projektai:call_update"] = lambda: [
        Case({"pk": w.draft_call.pk}, 404, "a draft call"),
        Case({"pk": w.call.pk}, STAFF_ONLY, "staff edit calls")]
    for name in ("organisation_detail", "organisation_history"):
        targets[f"bibliotekos:{name}"] = lambda: [
            Case({"pk": w.organisation.pk}, 200, "the shared list of organisations")]
    targets["bibliotekos:organisation_update"] = lambda: [
        Case({"pk": w.organisation.pk}, STAFF_ONLY, "staff keep the list of organisations")]
    return targets


def _training_targets(w):
    """An event is every signed-in user's once published; its participants, attendance and
    editing are not (403), and a draft is nobody's but the whole-territory roles' (404)."""
    def event(published: int):
        return lambda: [Case({"pk": w.draft_event.pk}, 404, "a draft event"),
                        Case({"pk": w.event.pk}, published, "a published event")]

    def session(published: int):
        return lambda: [
            Case({"pk": w.draft_event.pk, "session_pk": w.draft_session.pk}, 404, "a draft"),
            Case({"pk": w.event.pk, "session_pk": w.session.pk}, published, "published")]

    targets = {f"mokymai:{name}": event(200) for name in (
        "event_detail", "event_ics", "event_register")}
    targets.update({f"mokymai:{name}": event(STAFF_ONLY) for name in (
        "event_update", "event_history", "event_status", "event_copy",
        "event_register_others", "event_participants", "attendance",
        "feedback_event_summary", "feedback_invite")})
    targets.update({f"mokymai:{name}": session(STAFF_ONLY) for name in (
        "attendance_session", "attendance_mark", "attendance_import")})
    for name in ("registration_detail", "registration_cancel"):
        targets[f"mokymai:{name}"] = lambda: [
            Case({"pk": w.registration.pk}, 404, "a registration of A's branch librarian")]
    targets["mokymai:person_record_csv"] = lambda: [
        Case({"pk": w.person.pk}, 404, "a branch person's training record")]
    for name in ("certificate_pdf", "certificate_revoke", "certificate_reissue"):
        targets[f"mokymai:{name}"] = lambda: [
            Case({"pk": w.certificate.pk}, 404, "a branch person's certificate")]
    for name in ("external_course_detail", "external_course_file"):
        targets[f"mokymai:{name}"] = lambda: [
            Case({"pk": w.course.pk}, 404, "a branch person's course taken elsewhere")]
    targets["mokymai:checkin"] = lambda: [
        Case({"token": w.registration.token}, 404, "A's participant's ticket")]
    targets["mokymai:feedback_lecturer_summary"] = lambda: [
        Case({"pk": w.lecturer.pk}, 404, "the department's lecturer's feedback")]
    targets["mokymai:programme_detail"] = lambda: [
        Case({"pk": w.programme.pk}, 200, "programmes are every signed-in user's")]
    targets["mokymai:programme_update"] = lambda: [
        Case({"pk": w.programme.pk}, STAFF_ONLY, "staff edit programmes")]
    targets["mokymai:topic_update"] = lambda: [
        Case({"pk": w.topic.pk}, STAFF_ONLY, "staff edit topics")]
    targets["bibliotekos:position_update"] = lambda: [
        Case({"pk": w.post.pk}, STAFF_ONLY, "staff edit the list of posts")]
    targets["bibliotekos:person_personal_data"] = lambda: [
        Case({"pk": w.person.pk}, STAFF_ONLY, "staff export a person's personal data")]
    return targets


@pytest.fixture
def world(territory, staff, librarian_a, librarian_b):
    return World(territory, staff, librarian_a, librarian_b)


def _client(user):
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_every_route_with_an_object_is_declared(world):
    factories, targets = _factories(world), _targets(world)
    undeclared = []
    for route in routes():
        try:
            cases_for(route, factories=factories, targets=targets, exempt=EXEMPT)
        except LookupError as error:
            undeclared.append(str(error))
    assert not undeclared, "\n".join(undeclared)
    assert set(EXEMPT) <= {r.name for r in routes()}


def test_the_outsider_gets_404_for_every_object_route_and_staff_reach_them(world):
    factories, targets = _factories(world), _targets(world)
    outsider, staff = _client(world.librarian_b), _client(world.staff)
    checked = 0
    for route in routes():
        for case in cases_for(route, factories=factories, targets=targets, exempt=EXEMPT):
            url = case.url(route)
            got = [outsider.get(url).status_code]
            if route.name not in {"ataskaitos:job_download"}:
                got.append(outsider.post(url, {}).status_code)
            assert set(got) <= {case.outsider, 405}, (route.name, case.note, got)
            assert set(got) != {405}, (route.name, "answers neither GET nor POST")
            seen = staff.get(url).status_code
            assert seen != 404 or route.app == "ataskaitos", (route.name, "staff got 404")
            checked += 1
    assert checked >= 50
    assert Membership.objects.filter(pk=world.membership.pk).exists()
    assert Person.objects.filter(pk=world.person.pk, first_name="Ona").exists()


def test_lists_show_the_outsider_none_of_library_as_objects(world):
    """Every kit list whose model has a factory: what the outsider may not open, they do not
    see listed either (and the export of the list holds none of it)."""
    factories = _factories(world)
    outsider = _client(world.librarian_b)
    checked = 0
    for route in routes():
        model = route.model
        if (route.has_object or model is None or model._meta.label_lower not in factories
                or not issubclass(route.view_class, ListView)):
            continue  # a create page (a librarian registers their library's project) lists none
        hidden = {obj.pk for obj, expected, _note in factories[model._meta.label_lower]()
                  if expected == 404}
        response = outsider.get(reverse(route.name))
        if response.status_code in (403, 404):
            continue  # closed to librarians (the agreements' register does not exist for them)
        listed = {obj.pk for obj in response.context["object_list"]}
        assert not listed & hidden, (route.name, "lists objects the outsider may not open")
        exported = outsider.get(reverse(route.name), {"export": "csv"}).content.decode()
        assert all(str(obj) not in exported for obj, expected, _n in
                   factories[model._meta.label_lower]() if expected == 404), route.name
        checked += 1
    assert checked >= 2


def _any_kwargs(route):
    values = {"pk": 1, "year": 2024, "code": "X", "unit": "X", "table": "libraries",
              "fmt": "csv", "token": "x", "uidb64": "x", "session_pk": 1, "key": "x",
              "participation": 1, "section": 1, "question": 1, "kind": "x", "number": 1}
    kwargs = {name: values[name] for name in route.params}
    if "dokumentai/<uuid:pk>" in route.pattern:
        kwargs["pk"] = uuid.uuid4()
    return kwargs


def test_anonymous_visitors_are_sent_to_sign_in_everywhere_but_public_pages(client):
    for route in routes():
        if route.name in PUBLIC:
            continue
        url = reverse(route.name, kwargs=_any_kwargs(route))
        response = client.get(url)
        assert response.status_code == 302, (route.name, response.status_code)
        assert response["Location"].startswith(reverse("paskyros:login")), route.name


def test_public_pages_answer_without_signing_in(client):
    for name in ("paskyros:login", "paskyros:password_reset", "healthz",
                 "javascript-catalog", "mokymai:certificate_verify"):
        assert client.get(reverse(name)).status_code == 200, name


STAFF_ONLY_PAGES = [
    ("bibliotekos:library_create", []),
    ("bibliotekos:person_create", []),
    ("bibliotekos:registry_import", []),
    ("bibliotekos:registry_export", ["libraries", "csv"]),
    ("bibliotekos:librarian_list", []),
    ("bibliotekos:librarian_invite", []),
    ("bibliotekos:municipality_list", []),
    ("paskyros:user_list", []),
    ("paskyros:user_invite", []),
    ("archyvas:search", []),
]


@pytest.mark.parametrize(("name", "args"), STAFF_ONLY_PAGES)
def test_staff_only_pages_are_closed_to_librarians(client_a, name, args):
    assert client_a.get(reverse(name, args=args)).status_code == 403


def test_librarian_cannot_edit_their_own_library_either(client_a, territory):
    url = reverse("bibliotekos:library_update", args=[territory.system_a.pk])
    assert client_a.get(url).status_code == 403
    assert client_a.post(url, {"name": "Pakeista"}).status_code == 403


def test_django_admin_is_closed_to_staff(staff_client):
    response = staff_client.get("/administravimas/")
    assert response.status_code == 302
