"""A "librarian of the year" contest in a real browser, on the demo data (issue 23): staff
set up "Metų bibliotekininkas <next year>" with one category (a person, five years of
service), three weighted criteria and a jury of three (the chair from management, Šilutė's
director and Darbėnai branch's librarian — of Kretinga's library system), and open it for
nominations. Kretinga's and Tauragė's directors each nominate one of their own people (one
with an attachment); a person with too few years of service is refused with the reason.
Staff start the evaluation. The jurors declare and score: the branch librarian must declare
a conflict with Kretinga's nominee (the same library system) and has no score sheet for it;
before closing no juror — nor the chair — finds another juror's scores or comments on any
page they reach, and staff's audit trail says who scored, never what. The chair writes a
note and closes scoring: the score table ranks the nominations by the documented rule.
Staff prepare the diploma with the recipient typed in the dative and publish the results;
a school librarian reads the winner on the results page, the nominator downloads the PDF
(its text holds the dative name and the contest's title) and finds the award on the
person's page. The juror's score sheet and the results page on a phone. Every page is
checked with axe and for sideways scrolling. Screenshots go to var/screenshots/ (150–159)."""

import re
import subprocess
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from apdovanojimai.models import (
    Assessment,
    Award,
    AwardKind,
    Contest,
    ContestStatus,
    JuryEvent,
    JuryRole,
    Nomination,
    NominationStatus,
    Result,
)
from bibliotekos.models import Person
from conftest import require_program
from paskyros.models import User
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF = "darbuotojas@demo.lt"
CHAIR = "vadovas@demo.lt"                      # management, chairs the jury
JUROR_SIL = "direktorius.sil@demo.lt"          # Šilutė's director, a member
JUROR_KRE = "filialas@demo.lt"                 # Darbėnai branch (SVB-KRE-F02), a member
KRE_DIRECTOR = "bibliotekininkas@demo.lt"      # nominates a Kretinga person
TAU_DIRECTOR = "direktorius.tau@demo.lt"       # nominates a Tauragė person
READER = "mokykla@demo.lt"                     # a school librarian: reads the results
CATEGORY = "Metų bibliotekininkas"
CRITERIA = (("Profesinė veikla ir iniciatyvos", "0.5", 0, 10),
            ("Bendruomenės įtrauka", "0.3", 0, 10),
            ("Kvalifikacijos tobulinimas", "0.2", 0, 5))
# Each juror's scores (criterion by criterion) and comment; one decimal each, so that a
# value of one juror is never a value of another and can be looked for on a page.
KRE, TAU = "kre", "tau"
SCORES = {
    CHAIR: {KRE: ("9.5", "8.5", "4.5"), TAU: ("6.5", "5.5", "2.5")},
    JUROR_KRE: {TAU: ("7.5", "3.5", "1.5")},
    JUROR_SIL: {KRE: ("8.2", "9.1", "4.3"), TAU: ("6.2", "7.1", "3.3")},
}
COMMENTS = {CHAIR: "Pirmininko pastaba: ryški lyderystė",
            JUROR_KRE: "Filialo vertintojos pastaba: stiprios partnerystės",
            JUROR_SIL: "Šilutės vertintojos pastaba: nuoseklus darbas"}
NOTE = ("Komisija posėdžiavo nuotoliniu būdu. Vertintoja iš Kretingos bibliotekų sistemos "
        "deklaravo interesų konfliktą ir Kretingos kandidatės nevertino.")
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def _path(name: str, *args) -> str:
    return reverse(f"apdovanojimai:{name}", args=args)


def _page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    """No axe violation and no sideways scrolling."""
    violations = axe_violations(page)
    assert not violations, f"{where} ({page.url}):\n" + "\n".join(
        f"{v['id']}: {n['target']} — {n['summary']}" for v in violations for n in v["nodes"])
    wide = overflow(page)
    assert not wide, f"{where} ({page.url}) scrolls sideways: {wide}"


def _visit(page, url: str, where: str, status: int = 200):
    response = page.goto(url)
    assert response is not None and response.status == status, (where, url,
                                                                 response and response.status)
    if status == 200:
        _clean(page, where)
    return response


def _dative(name: str) -> str:
    """A feminine Lithuanian name in the dative, as staff type it (Jūratė Gedvilaitė →
    Jūratei Gedvilaitei); the portal itself declines nothing."""
    return " ".join(word[:-1] + ("ei" if word.endswith("ė") else "ai")
                    for word in name.split())


def _feminine(person: Person) -> bool:
    return all(word[-1:] in ("a", "ė") for word in (person.first_name, person.last_name))


def _nominees(close_day):
    """Kretinga's nominee (a woman of a Kretinga branch, 10+ years of service, no account),
    a Kretinga person with too few years, and Tauragė's nominee (10+ years)."""
    long_ago = close_day - timedelta(days=365 * 10 + 3)
    recent = close_day - timedelta(days=365 * 3)
    people = (Person.objects.filter(user__isnull=True, library__isnull=False)
              .select_related("library").order_by("pk"))
    kre = next(p for p in people.filter(library__code__startswith="SVB-KRE-F",
                                        works_since__lte=long_ago) if _feminine(p))
    short = people.filter(library__code__startswith="SVB-KRE",
                          works_since__gt=recent).first()
    tau = people.filter(library__code__startswith="SVB-TAU",
                        works_since__lte=long_ago).first()
    assert kre and short and tau, "the demo registry lacks the people this journey needs"
    return kre, short, tau


def _values_on(page) -> str:
    """The main part's HTML with the values of its form fields (typed ones included)."""
    return page.locator("main").evaluate(
        "m => m.innerHTML + ' | ' + [...m.querySelectorAll('input, textarea')]"
        ".map(e => e.value).join(' | ')")


def _seen(html: str, value: str) -> str:
    """Where a score (``9.5``) shows on the page, written either way (9,5 or 9.5)."""
    pattern = "|".join(re.escape(value.replace(".", sep)) for sep in (",", "."))
    found = re.search(rf"(?<![\d.,])(?:{pattern})(?![\d])", html)
    return html[max(found.start() - 80, 0):found.end() + 40] if found else ""


def _leaks(page, others: list[str], *, numbers: bool = True) -> list[str]:
    """The scores and comments of the jurors in ``others`` found on the page (the scores
    not on the home page, whose dashboards have numbers of their own)."""
    html = _values_on(page)
    found = [COMMENTS[juror] for juror in others if COMMENTS[juror] in html]
    if numbers:
        found += [f"{juror}: {value} in …{_seen(html, value)}…" for juror in others
                  for sheet in SCORES[juror].values() for value in sheet
                  if _seen(html, value)]
    return found


def _text(pdf) -> str:
    text = subprocess.run([require_program("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout
    return " ".join(text.split())


def _score(page, base, nomination, email, criteria, *, phone_shot=None, shot=None):
    """The juror opens the sheet (after declaring no conflict), types the scores in the
    Lithuanian way (9,5) and the comment, and submits them."""
    values = SCORES[email][nomination.key]
    expect(page.locator("h1")).to_have_text("Mano balai")
    for criterion, value in zip(criteria, values, strict=True):
        page.fill(f"#id_c{criterion.pk}", value.replace(".", ","))
    page.fill("#id_comment", COMMENTS[email])
    expect(page.locator(f"#id_c{criteria[0].pk}_help")).to_have_text("Nuo 0 iki 10; svoris 0,50.")
    _clean(page, f"{email}'s score sheet")
    if phone_shot:
        shot(page, phone_shot)
    page.locator("button[name=complete]").click()
    page.wait_for_url(base + _path("jury_worklist", nomination.contest_id))
    expect(page.locator(".alert-success")).to_be_visible()


def _declare_none_and_score(page, base, nomination, email, criteria, **shots):
    row = page.locator(f"tr[data-nomination='{nomination.pk}']")
    row.get_by_role("link", name="Deklaruoti").click()
    page.wait_for_url(base + _path("assessment_declare", nomination.pk))
    _clean(page, f"{email}'s declaration")
    page.locator("input[name=answer][value=none]").check()
    page.locator("main form [type=submit]").click()
    page.wait_for_url(base + _path("assessment_score", nomination.pk))
    _score(page, base, nomination, email, criteria, **shots)


def test_librarian_of_the_year_from_the_call_to_the_diploma(browser, live_server, demo, shot,
                                                             settings, tmp_path):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    require_program("pdftotext")
    base = live_server.url
    today = timezone.localdate()

    def _url(name: str, *args) -> str:
        return f"{base}{_path(name, *args)}"

    year = today.year + 1
    title = f"Metų bibliotekininkas {year}"
    assert not Contest.objects.filter(title=title).exists()
    close_day = today + timedelta(days=21)
    kre_person, short_person, tau_person = _nominees(close_day)

    # 1. staff set up the contest, its category, three criteria and the jury, then open it
    staff = _page(browser, live_server, STAFF)
    _visit(staff, _url("contest_list"), "the contests' list")
    staff.locator("#contest-create").click()
    staff.wait_for_url(_url("contest_create"))
    staff.fill("#id_title", title)
    staff.fill("#id_year", str(year))
    staff.select_option("#id_level", "regional")
    staff.fill("#id_description", "Regiono konkursas, kuriuo pagerbiamas per metus labiausiai "
                                  "nusipelnęs **bibliotekininkas**.")
    staff.fill("#id_rules", "1. Kandidatus teikia bibliotekų direktoriai.\n"
                            "2. Kandidatas turi būti dirbęs bibliotekose ne mažiau kaip "
                            "5 metus.")
    staff.fill("#id_nominations_open", f"{today:%Y-%m-%d}")
    staff.fill("#id_nominations_close", f"{close_day:%Y-%m-%d}")
    staff.fill("#id_scoring_until", f"{close_day + timedelta(days=30):%Y-%m-%d}")
    staff.fill("#id_results_on", f"{close_day + timedelta(days=40):%Y-%m-%d}")
    staff.fill("#id_diploma_text", "už kūrybingą darbą ir atsidavimą bibliotekos skaitytojams")
    staff.fill("#id_letter_text", "už prasmingą veiklą ir dalyvavimą konkurse")
    staff.fill("#id_signatory_name", "Rūta Žemaitienė")
    staff.fill("#id_signatory_position", "Metodinės veiklos skyriaus vedėja")
    _clean(staff, "a new contest")
    staff.locator("#contest-form [type=submit]").click()
    staff.wait_for_url(re.compile(_url("contest_detail", 999999).replace("999999", r"\d+") + "$"))
    contest = Contest.objects.get(title=title)
    assert (contest.status, contest.year, contest.created_by.email) == (
        ContestStatus.DRAFT, year, STAFF)
    expect(staff.locator("#contest-missing")).to_be_visible()
    _clean(staff, "the new draft contest")
    contest_url = f"{base}{contest.get_absolute_url()}"

    staff.locator("#category-create").click()
    staff.wait_for_url(_url("category_create", contest.pk))
    staff.fill("#id_name", CATEGORY)
    staff.fill("#id_description", "Bibliotekininkas, per metus labiausiai prisidėjęs prie "
                                  "bibliotekos veiklos.")
    staff.select_option("#id_nominee_kind", "person")
    staff.fill("#id_min_service_years", "5")
    staff.fill("#id_places", "1")
    _clean(staff, "a new category")
    staff.locator("#contest-part-form [type=submit]").click()
    staff.wait_for_url(f"{contest_url}#categories")
    category = contest.categories.get()
    assert (category.nominee_kind, category.min_service_years, category.places) == (
        "person", 5, 1)
    expect(staff.locator("#categories")).to_contain_text("5")

    for order, (name, weight, low, high) in enumerate(CRITERIA, start=1):
        staff.locator("#criterion-create").click()
        staff.wait_for_url(_url("criterion_create", contest.pk))
        staff.fill("#id_name", name)
        staff.fill("#id_weight", weight)
        staff.fill("#id_min_score", str(low))
        staff.fill("#id_max_score", str(high))
        staff.fill("#id_order", str(order))
        if order == 1:
            _clean(staff, "a new criterion")
        staff.locator("#contest-part-form [type=submit]").click()
        staff.wait_for_url(f"{contest_url}#criteria")
    criteria = list(contest.criteria.order_by("order", "pk"))
    assert [(c.name, c.weight, c.min_score, c.max_score) for c in criteria] == [
        (name, Decimal(weight), low, high) for name, weight, low, high in CRITERIA]
    shares = staff.locator("#criteria tbody tr td:nth-child(3)")
    expect(shares).to_have_text(["50,0 %", "30,0 %", "20,0 %"])

    for email, role in ((CHAIR, JuryRole.CHAIR), (JUROR_SIL, JuryRole.MEMBER),
                        (JUROR_KRE, JuryRole.MEMBER)):
        user = User.objects.get(email=email)
        staff.locator("#juror-add").click()
        staff.wait_for_url(_url("juror_add", contest.pk))
        staff.select_option("#id_user", str(user.pk))
        staff.locator(f"input[name=role][value={role}]").check()
        if role == JuryRole.CHAIR:
            _clean(staff, "add a jury member")
        staff.locator("#contest-part-form [type=submit]").click()
        staff.wait_for_url(f"{contest_url}#jury")
    jury = {m.user.email: m.role for m in contest.jury.select_related("user")}
    assert jury == {CHAIR: "chair", JUROR_SIL: "member", JUROR_KRE: "member"}
    expect(staff.locator("#jury tbody tr")).to_have_count(3)
    expect(staff.locator("#contest-missing")).to_have_count(0)

    staff.locator("#contest-open").click()
    staff.wait_for_url(_url("contest_open", contest.pk))
    _clean(staff, "open for nominations (confirmation)")
    staff.locator("#contest-confirm-form [type=submit]").click()
    staff.wait_for_url(contest_url)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.OPEN and contest.accepts_nominations()
    expect(staff.locator(".alert-success")).to_be_visible()
    _clean(staff, "the contest open for nominations")
    shot(staff, "150-konkursas-atviras-teikimams")

    # 2. two directors nominate their own people; a person with too few years is refused
    kre = _page(browser, live_server, KRE_DIRECTOR)
    _visit(kre, contest_url, "the contest for Kretinga's director")
    kre.locator("#nomination-create").click()
    kre.wait_for_url(_url("nomination_create", contest.pk))
    expect(kre.locator("#nomination-category")).to_have_text(CATEGORY)
    kre.select_option("#id_nominee", str(short_person.pk))
    kre.fill("#id_justification", "Jauna, bet labai aktyvi kolegė.")
    kre.locator("#nomination-form [type=submit]").click()
    expect(kre.locator("#nomination-form")).to_contain_text(
        "Reikia ne mažiau kaip 5 metų stažo")
    assert not Nomination.objects.filter(contest=contest).exists()
    _clean(kre, "an ineligible nominee refused")
    shot(kre, "151-teikimas-netinkamas-kandidatas")

    kre.select_option("#id_nominee", str(kre_person.pk))
    kre.fill("#id_justification", "Per metus subūrė skaitytojų klubą, surengė dvidešimt "
                                  "renginių vaikams ir pritraukė naujų partnerių.")
    kre.set_input_files("#id_files", files=[{
        "name": "Rekomendacija.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    kre.locator("#nomination-form [type=submit]").click()
    kre.wait_for_url(re.compile(_url("nomination_detail", 999999).replace("999999", r"\d+") + "$"))
    kre_nomination = Nomination.objects.get(contest=contest, person=kre_person)
    kre_nomination.key = KRE
    assert (kre_nomination.status, kre_nomination.nominator.email,
            kre_nomination.unit_id) == (NominationStatus.SUBMITTED, KRE_DIRECTOR,
                                        kre_person.library_id)
    assert "stažo" in kre_nomination.eligibility, kre_nomination.eligibility
    expect(kre.locator("#nomination-files li")).to_have_count(1)
    expect(kre.locator("#nomination-files")).to_contain_text("Rekomendacija.pdf")
    _clean(kre, "Kretinga's nomination")
    shot(kre, "152-teikimas-su-priedu")

    tau = _page(browser, live_server, TAU_DIRECTOR)
    _visit(tau, contest_url, "the contest for Tauragė's director")
    tau.locator("#nomination-create").click()
    tau.wait_for_url(_url("nomination_create", contest.pk))
    _clean(tau, "the nomination form")
    tau.select_option("#id_nominee", str(tau_person.pk))
    tau.fill("#id_justification", "Ilgametė bibliotekininkė, sukūrusi senjorų skaitmeninio "
                                  "raštingumo kursus.")
    tau.locator("#nomination-form [type=submit]").click()
    tau.wait_for_url(re.compile(_url("nomination_detail", 999999).replace("999999", r"\d+") + "$"))
    tau_nomination = Nomination.objects.get(contest=contest, person=tau_person)
    tau_nomination.key = TAU
    # the nominator sees their own, not the other director's
    _visit(tau, _url("my_nominations"), "Tauragė's own nominations")
    expect(tau.locator("main")).to_contain_text(str(tau_person.last_name))
    expect(tau.locator("main")).not_to_contain_text(kre_person.last_name)
    _visit(tau, f"{base}{kre_nomination.get_absolute_url()}", "another's nomination", 404)
    tau.context.close()

    # 3. staff start the evaluation (both nominations are admitted)
    staff.goto(contest_url)
    staff.locator("#contest-evaluate").click()
    staff.wait_for_url(_url("contest_evaluate", contest.pk))
    expect(staff.locator("main")).to_contain_text("2")
    _clean(staff, "start the evaluation (confirmation)")
    staff.locator("#contest-confirm-form [type=submit]").click()
    staff.wait_for_url(contest_url)
    contest.refresh_from_db()
    assert contest.status == ContestStatus.EVALUATION
    assert set(Nomination.objects.filter(contest=contest).values_list("status", flat=True)) \
        == {NominationStatus.ACCEPTED}
    _clean(staff, "the contest in evaluation")
    shot(staff, "153-vertinimas-pradetas")

    worklist = _url("jury_worklist", contest.pk)

    # 4. the jurors declare and score. The chair first: no conflict, both scored.
    chair = _page(browser, live_server, CHAIR)
    _visit(chair, contest_url, "the contest for the chair")
    chair.locator("#vertinimas a", has_text="Mano vertinimas").click()
    chair.wait_for_url(worklist)
    _clean(chair, "the chair's worklist")
    for nomination in (kre_nomination, tau_nomination):
        _declare_none_and_score(chair, base, nomination, CHAIR, criteria)

    # the Kretinga system's juror: a conflict with Kretinga's nominee is forced on her
    juror_kre = _page(browser, live_server, JUROR_KRE)
    _visit(juror_kre, _url("my_juries"), "the branch juror's juries")
    juror_kre.locator(f"tr[data-contest='{contest.pk}'] a").click()
    juror_kre.wait_for_url(worklist)
    forced_row = juror_kre.locator(f"tr[data-nomination='{kre_nomination.pk}']")
    expect(forced_row).to_contain_text("Privaloma deklaruoti konfliktą")
    forced_row.get_by_role("link", name="Deklaruoti").click()
    juror_kre.wait_for_url(_url("assessment_declare", kre_nomination.pk))
    expect(juror_kre.locator("input[name=answer][value=none]")).to_have_count(0)
    expect(juror_kre.locator("input[name=answer][value=conflict]")).to_be_checked()
    _clean(juror_kre, "a forced conflict's declaration")
    juror_kre.locator("main form [type=submit]").click()
    juror_kre.wait_for_url(worklist)
    expect(forced_row).to_contain_text("Interesų konfliktas")
    conflict = Assessment.objects.get(nomination=kre_nomination,
                                      juror__user__email=JUROR_KRE)
    assert (conflict.conflict, conflict.conflict_reason) == (True, "own_library")
    _clean(juror_kre, "the branch juror's worklist with a conflict")
    shot(juror_kre, "154-vertintoja-interesu-konfliktas")
    for path in (_path("assessment_score", kre_nomination.pk),
                 kre_nomination.get_absolute_url()):
        _visit(juror_kre, f"{base}{path}", "a nomination with a conflict", 404)
    juror_kre.goto(worklist)
    _declare_none_and_score(juror_kre, base, tau_nomination, JUROR_KRE, criteria)

    # Šilutė's director scores last, on her phone
    juror_sil = _page(browser, live_server, JUROR_SIL, phone=True)
    _visit(juror_sil, worklist, "Šilutė's juror's worklist on a phone")
    _declare_none_and_score(juror_sil, base, kre_nomination, JUROR_SIL, criteria,
                            phone_shot="155-vertintojos-balai-telefone", shot=shot)
    _declare_none_and_score(juror_sil, base, tau_nomination, JUROR_SIL, criteria)
    assert Assessment.objects.filter(nomination__contest=contest,
                                     completed_at__isnull=False).count() == 5

    # before closing, nobody sees another juror's scores — wherever they can go
    own = _page(browser, live_server, JUROR_SIL)
    own.goto(_url("assessment_score", kre_nomination.pk))
    assert _seen(_values_on(own), "8.2") and COMMENTS[JUROR_SIL] in _values_on(own), \
        "the check does not find the juror's own scores"
    reach = {
        JUROR_SIL: (own, [CHAIR, JUROR_KRE], [
            "/", _path("my_juries"), _path("jury_worklist", contest.pk),
            contest.get_absolute_url(), kre_nomination.get_absolute_url(),
            tau_nomination.get_absolute_url(),
            _path("assessment_score", kre_nomination.pk),
            _path("assessment_score", tau_nomination.pk)]),
        JUROR_KRE: (juror_kre, [CHAIR, JUROR_SIL], [
            "/", _path("jury_worklist", contest.pk), contest.get_absolute_url(),
            tau_nomination.get_absolute_url(),
            _path("assessment_score", tau_nomination.pk)]),
        CHAIR: (chair, [JUROR_SIL, JUROR_KRE], [
            "/", _path("jury_worklist", contest.pk), contest.get_absolute_url(),
            kre_nomination.get_absolute_url(), tau_nomination.get_absolute_url(),
            _path("scoring_close", contest.pk),
            _path("assessment_score", tau_nomination.pk)]),
    }
    for email, (page, others, paths) in reach.items():
        for path in paths:
            _visit(page, f"{base}{path}", f"{email} at {path}")
            leaks = _leaks(page, others, numbers=path != "/")
            assert not leaks, (email, path, leaks)
            assert "88,25" not in page.content() and "59,50" not in page.content()
        for closed in (_path("score_table", contest.pk),
                       _path("jury_audit", contest.pk)):
            _visit(page, f"{base}{closed}", f"{email}: closed before closing", 404)
    own.context.close()
    # staff's audit trail: who scored and when, never what
    _visit(staff, _url("jury_audit", contest.pk),
           "the audit trail before closing")
    expect(staff.locator("main")).to_contain_text(
        User.objects.get(email=JUROR_SIL).full_name)
    assert not _leaks(staff, list(SCORES)), _leaks(staff, list(SCORES))

    # 5. the chair writes the note and closes scoring; the ranked result
    chair.goto(contest_url)
    chair.locator("#vertinimas a", has_text="Pastaba protokolui").click()
    chair.wait_for_url(_url("protocol_note", contest.pk))
    chair.fill("#id_note", NOTE)
    _clean(chair, "the protocol note")
    chair.locator("main form [type=submit]").click()
    chair.wait_for_url(contest_url)
    chair.locator("#vertinimas a", has_text="Uždaryti vertinimą").click()
    chair.wait_for_url(_url("scoring_close", contest.pk))
    chair.locator("main form button[type=submit]").click()
    chair.wait_for_url(_url("score_table", contest.pk))
    contest.refresh_from_db()
    assert contest.scoring_closed_at and contest.scoring_closed_by.email == CHAIR
    assert contest.protocol_note == NOTE
    results = {r.nomination_id: r for r in Result.objects.filter(category=category)}
    winner, second = results[kre_nomination.pk], results[tau_nomination.pk]
    assert (winner.rank, winner.score, winner.sheets, winner.excluded, winner.won) == (
        1, Decimal("88.25"), 2, 1, True)
    assert (second.rank, second.score, second.sheets, second.excluded, second.won) == (
        2, Decimal("59.50"), 3, 0, False)
    ranking = chair.locator(f"#category-{category.pk} + .table-responsive tbody tr")
    expect(ranking).to_have_count(2)
    expect(ranking.nth(0)).to_contain_text(kre_nomination.nominee_name)
    expect(ranking.nth(0)).to_contain_text("88,25")
    expect(ranking.nth(1)).to_contain_text(tau_nomination.nominee_name)
    expect(ranking.nth(1)).to_contain_text("59,50")
    expect(chair.locator("main")).to_contain_text(NOTE)
    expect(chair.locator("main")).to_contain_text("9,1")   # every juror's scores now
    _clean(chair, "the score table")
    shot(chair, "156-balu-lentele-po-uzdarymo")
    chair.context.close()
    juror_kre.context.close()

    # 6. staff prepare the diploma (the dative typed), publish; a librarian reads the result
    dative = _dative(f"{kre_person.first_name} {kre_person.last_name}")
    _visit(staff, _url("contest_results", contest.pk),
           "the results before publishing")
    staff.locator("#results-prepare").click()
    staff.wait_for_url(_url("awards_prepare", contest.pk))
    card = staff.locator(f"#nomination-{kre_nomination.pk}")
    recipient = card.locator(f"#id_n{kre_nomination.pk}-recipient_text")
    expect(recipient).to_have_value(f"{kre_person.first_name} {kre_person.last_name}")
    expect(card).to_contain_text("Vis dar vardininkas")
    recipient.fill(dative)
    _clean(staff, "preparing the diploma")
    shot(staff, "157-diplomo-rengimas")
    card.locator("button[name=nomination]").click()
    staff.wait_for_url(_url("awards_prepare", contest.pk) + f"#nomination-{kre_nomination.pk}")
    award = Award.objects.get(nomination=kre_nomination)
    assert (award.kind, award.recipient_text, award.place, award.person_id) == (
        AwardKind.DIPLOMA, dative, 1, kre_person.pk)
    assert re.fullmatch(r"AP-\d{4}-\d{3,}", award.number), award.number
    expect(card).to_contain_text(award.number)
    _clean(staff, "the diploma prepared")
    staff.goto(_url("contest_results", contest.pk))
    staff.once("dialog", lambda dialog: dialog.accept())
    staff.locator("#results-publish").click()
    staff.wait_for_url(_url("contest_results", contest.pk))
    expect(staff.locator(".alert-success")).to_be_visible()
    contest.refresh_from_db()
    assert contest.status == ContestStatus.PUBLISHED and contest.results_published_at
    assert JuryEvent.objects.filter(contest=contest, action="published").exists()
    _clean(staff, "the results published")
    staff.context.close()

    reader = _page(browser, live_server, READER)
    _visit(reader, contest_url, "the published contest for a school librarian")
    _visit(reader, _url("contest_results", contest.pk),
           "the results for a school librarian")
    won = reader.locator(f"table[data-category='{category.pk}'] tbody tr")
    expect(won).to_have_count(1)                       # the winners only, no ranking
    expect(won).to_contain_text(kre_nomination.nominee_name)
    expect(won).to_contain_text(award.title)
    expect(reader.locator("main")).not_to_contain_text(tau_nomination.nominee_name)
    expect(reader.locator("main")).not_to_contain_text("88,25")
    shot(reader, "158-rezultatai-bibliotekininkei")
    _visit(reader, f"{base}{award.get_absolute_url()}", "the award for a school librarian")
    expect(reader.locator("#award-pdf")).to_have_count(0)
    _visit(reader, _url("award_pdf", award.pk),
           "someone else's diploma", 404)
    reader.context.close()

    # the nominator downloads the diploma and finds it on the person's page
    kre.goto(f"{base}{award.get_absolute_url()}")
    _clean(kre, "the award for the nominator")
    with kre.expect_download() as info:
        kre.locator("#award-pdf").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    path = tmp_path / "diplomas.pdf"
    path.write_bytes(open(download.path(), "rb").read())  # noqa: SIM115
    assert path.read_bytes()[:5] == b"%PDF-"
    text = _text(path)
    assert dative in text, text[:2000]
    assert title.casefold() in text.casefold(), text[:2000]
    assert award.number in text, text[:2000]
    _visit(kre, f"{base}{reverse('bibliotekos:person_detail', args=[kre_person.pk])}",
           "the winner's page in the registry")
    history = kre.locator("#person-awards-panel")
    expect(history.locator(f"tr[data-award='{award.pk}']")).to_contain_text(title)
    expect(history).to_contain_text(dative)
    kre.context.close()

    # 7. on a phone: the juror's sheet (after closing: read only) and the results
    sheet = _url("assessment_score", tau_nomination.pk)
    _visit(juror_sil, sheet, "the closed score sheet on a phone")
    expect(juror_sil.locator(f"#id_c{criteria[0].pk}")).to_be_disabled()
    expect(juror_sil.locator("button[name=complete]")).to_have_count(0)
    _visit(juror_sil, _url("contest_results", contest.pk),
           "the results on a phone")
    expect(juror_sil.locator("main")).to_contain_text(kre_nomination.nominee_name)
    shot(juror_sil, "159-rezultatai-telefone")
    juror_sil.context.close()
