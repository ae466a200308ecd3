"""Commissions and working groups in a real browser, on the demo data (issue 22): staff set
up a reading-promotion working group of five librarians from the registry (the chair and
the secretary among them, the Darbėnai branch's librarian a member), plan its meeting for
next week and send the invitations (each member's e-mail carries an .ics); on the meeting's
day they record who came (a quorum), write the minutes (SVARSTYTA / NUTARTA) with two
decisions to follow up, sign them and download them as DOCX (opened in LibreOffice) and
PDF through the report engine. The branch's librarian finds the decision assigned to her on
her home page, reads the minutes on her phone and marks the decision done; a librarian
outside the group gets 404 on the meeting, its minutes and the decision; management reads
the overview and the group without any edit button; staff open the partners and an
agreement. Every page is checked with axe and for sideways scrolling. Screenshots go to
var/screenshots/ (140–149)."""

import re
import subprocess
import time as wall
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from bendradarbiavimas.models import (
    Agreement,
    AttendanceStatus,
    Decision,
    DecisionStatus,
    GroupMember,
    Meeting,
    MeetingStatus,
    MemberRole,
    WorkingGroup,
)
from bibliotekos.models import Person
from conftest import require_program
from paskyros.models import User
from tests.e2e.test_every_page import axe_violations, overflow
from tests.e2e.test_sign_in_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
VILNIUS = ZoneInfo("Europe/Vilnius")
STAFF = "darbuotojas@demo.lt"
MANAGEMENT = "vadovas@demo.lt"
CHAIR = "bibliotekininkas@demo.lt"             # Kretinga's director
BRANCH_LIBRARIAN = "filialas@demo.lt"          # Darbėnų filialas (SVB-KRE-F02)
OUTSIDER = "direktorius.tau@demo.lt"           # Tauragė's director, in no new group
GROUP = "Skaitymo skatinimo darbo grupė"
AGENDA = ("1. Vasaros skaitymo iššūkio planas\n"
          "2. Rudens skaitymo skatinimo renginių kalendorius")
FIRST_DECISION = "Parengti vasaros skaitymo iššūkio taisykles ir išsiųsti jas bibliotekoms"
SECOND_DECISION = "Sudaryti bendrą rudens skaitymo renginių kalendorių"


def _page(browser, live_server, email=None, phone=False):
    viewport = {"width": 390, "height": 844} if phone else {"width": 1366, "height": 900}
    page = browser.new_context(locale="lt-LT", viewport=viewport).new_page()
    if email:
        sign_in(page, live_server.url, email)
        page.wait_for_url(f"{live_server.url}/")
    return page


def _clean(page, where: str) -> None:
    assert not axe_violations(page), (where, axe_violations(page))
    assert not overflow(page), (where, overflow(page))


def _label(person: Person) -> str:
    """How the member form's select names a person of the registry."""
    where = person.library.name if person.library_id else (
        person.organisation.name if person.organisation_id else "")
    return f"{person.last_name} {person.first_name}" + (f" — {where}" if where else "")


def _five_librarians() -> list[Person]:
    """The chair (Kretinga's director), the Darbėnai branch's librarian (both have portal
    accounts) and three librarians of other systems' libraries (the secretary first), each
    with an e-mail and a name the select shows once."""
    chair = Person.objects.select_related("library").get(user__email=CHAIR)
    branch = Person.objects.select_related("library").get(user__email=BRANCH_LIBRARIAN)
    chosen = [chair, branch]
    labels = {}
    for person in Person.objects.filter(Q(library__isnull=False)
                                        | Q(organisation__isnull=False)).select_related(
            "library", "organisation"):
        labels[_label(person)] = labels.get(_label(person), 0) + 1
    for prefix in ("SVB-TAU", "SVB-JUR", "SVB-SIL"):
        person = next(p for p in Person.objects.filter(
            library__code__startswith=prefix, user__isnull=True).exclude(email="")
            .select_related("library").order_by("pk") if labels[_label(p)] == 1)
        chosen.append(person)
    assert all(labels[_label(p)] == 1 for p in chosen), "a chosen name is shown twice"
    return chosen


def _wait_for(condition, what: str, seconds: float = 30):
    end = wall.monotonic() + seconds
    while wall.monotonic() < end:
        found = condition()
        if found:
            return found
        wall.sleep(0.2)
    raise AssertionError(f"waited {seconds}s for {what}")


def _unfolded(ics: str) -> str:
    return re.sub(r"\r?\n[ \t]", "", ics)


def _download(page, fmt: str):
    """Ask for the minutes in ``fmt`` from the meeting page, wait for the engine's job and
    download the file; returns its path."""
    page.locator(f"form[action$='/protokolas/dokumentas/']:has(input[value={fmt}]) "
                 "button").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    link = page.locator("#job-status a[href$='/atsisiusti/']")
    expect(link).to_be_visible(timeout=240_000)
    expect(link).to_contain_text(fmt.upper())
    assert not axe_violations(page), (f"the {fmt} job", axe_violations(page))
    assert not overflow(page), (f"the {fmt} job", overflow(page))
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename.endswith(f".{fmt}"), download.suggested_filename
    return download.path()


def _text(pdf) -> str:
    text = subprocess.run([require_program("pdftotext"), str(pdf), "-"], capture_output=True,
                          text=True, check=True, timeout=120).stdout
    return " ".join(text.split())


def _check_minutes_text(text: str, where: str, owner: str) -> None:
    for words in ("SVARSTYTA", "NUTARTA", "POSĖDŽIO PROTOKOLAS", owner,
                  "Parengti vasaros skaitymo iššūkio taisykles"):
        assert words in text, (where, words, text[:3000])
    assert GROUP.casefold() in text.casefold(), (where, text[:3000])  # in capitals there


def test_a_working_group_its_meeting_minutes_and_decisions(
        browser, live_server, demo, shot, settings, tmp_path, time_machine):
    settings.OTP_REQUIRED_ROLES = set()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    base = live_server.url
    soffice = require_program("soffice", "libreoffice")
    require_program("pdftotext")
    people = _five_librarians()
    chair, branch, secretary, absentee, fifth = people
    meeting_day = timezone.localdate() + timedelta(days=7)
    starts_at = datetime.combine(meeting_day, time(10, 0), tzinfo=VILNIUS)

    # 1. staff create the working group and add five librarians from the registry
    staff = _page(browser, live_server, STAFF)
    staff.goto(f"{base}/bendradarbiavimas/grupes/")
    _clean(staff, "the groups' list")
    staff.locator("#group-create").click()
    staff.wait_for_url(f"{base}/bendradarbiavimas/grupes/nauja/")
    staff.fill("#id_name", GROUP)
    staff.select_option("#id_kind", "working_group")
    staff.select_option("#id_level", "territory")
    staff.fill("#id_purpose", "Darbo grupė rengia **skaitymo skatinimo** priemones "
                              "teritorijos bibliotekoms ir koordinuoja vasaros skaitymo "
                              "iššūkį.")
    staff.fill("#id_order_title", "Direktoriaus įsakymas Nr. V-45")
    staff.fill("#id_established_on", f"{timezone.localdate():%Y-%m-%d}")
    _clean(staff, "a new group")
    shot(staff, "140-grupe-nauja")
    staff.locator("#group-form [type=submit]").click()
    staff.wait_for_url(re.compile(r"/bendradarbiavimas/grupes/\d+/$"))
    group = WorkingGroup.objects.get(name=GROUP)
    assert (group.kind, group.level, group.public) == ("working_group", "territory", False)
    assert group.created_by.email == STAFF

    roles = {chair.pk: MemberRole.CHAIR, secretary.pk: MemberRole.SECRETARY}
    for person in people:
        staff.goto(f"{base}{group.get_absolute_url()}")
        staff.locator("#member-create").click()
        staff.wait_for_url(f"{base}/bendradarbiavimas/grupes/{group.pk}/nariai/naujas/")
        staff.locator("input[name=source][value=person]").check()
        staff.select_option("#id_person", label=_label(person))
        assert staff.locator("#id_person").input_value() == str(person.pk)
        staff.select_option("#id_role", roles.get(person.pk, MemberRole.MEMBER))
        if person is chair:
            _clean(staff, "add a member")
        staff.locator("#groups-form [type=submit]").click()
        staff.wait_for_url(f"{base}{group.get_absolute_url()}#members")
        expect(staff.locator(".alert-success")).to_be_visible()
    members = list(group.members.select_related("person", "user").order_by("pk"))
    assert [m.person_id for m in members] == [p.pk for p in people]
    assert {m.role for m in members} == {MemberRole.CHAIR, MemberRole.SECRETARY,
                                         MemberRole.MEMBER}
    assert [m.user.email for m in members if m.user_id] == [CHAIR, BRANCH_LIBRARIAN]
    table = staff.locator("#members table tbody")
    expect(table.locator("tr")).to_have_count(5)
    for person in people:
        expect(table).to_contain_text(person.last_name)
    _clean(staff, "the group with its members")
    shot(staff, "141-grupe-nariai")

    # 2. a meeting next week with a two-line agenda; the invitations with an .ics
    staff.locator("#meeting-create").click()
    staff.wait_for_url(f"{base}/bendradarbiavimas/grupes/{group.pk}/posedziai/naujas/")
    staff.fill("#id_day", f"{meeting_day:%Y-%m-%d}")
    staff.fill("#id_start", "10:00")
    staff.fill("#id_end", "12:00")
    staff.fill("#id_place", "Kretingos viešoji biblioteka, konferencijų salė")
    staff.fill("#id_agenda", AGENDA)
    _clean(staff, "a new meeting")
    staff.locator("#groups-form [type=submit]").click()
    staff.wait_for_url(re.compile(r"/bendradarbiavimas/posedziai/\d+/$"))
    meeting = Meeting.objects.get(group=group)
    assert meeting.starts_at == starts_at and meeting.status == MeetingStatus.PLANNED
    agenda = staff.locator("#meeting-agenda + ol li")           # numbered once, by the list
    expect(agenda).to_have_text(["Vasaros skaitymo iššūkio planas",
                                 "Rudens skaitymo skatinimo renginių kalendorius"])
    mail.outbox.clear()
    staff.locator("#meeting-invite-form [type=submit]").click()
    staff.wait_for_url(f"{base}{meeting.get_absolute_url()}")
    expect(staff.locator(".alert-success")).to_be_visible()
    expected = sorted(m.contact_email for m in members if m.contact_email)
    assert len(expected) == 5 and BRANCH_LIBRARIAN in expected
    _wait_for(lambda: len(mail.outbox) >= len(expected), "the invitations")
    assert sorted(address for m in mail.outbox for address in m.to) == expected
    for letter in mail.outbox:
        assert len(letter.to) == 1
        calendars = [a for a in letter.attachments if a[2].startswith("text/calendar")]
        assert len(calendars) == 1 and calendars[0][0].endswith(".ics"), letter.attachments
        content = calendars[0][1]
        ics = content.decode() if isinstance(content, bytes) else content
        assert "METHOD:REQUEST" in _unfolded(ics), ics
        calendar = Calendar.from_ical(ics)
        events = list(calendar.walk("VEVENT"))
        assert len(events) == 1
        assert events[0].decoded("dtstart") == starts_at, events[0]["dtstart"].to_ical()
        assert f"mailto:{letter.to[0]}".lower() in _unfolded(ics).lower()
        assert GROUP in letter.subject or GROUP in letter.body
    meeting.refresh_from_db()
    assert meeting.invited_at is not None
    _clean(staff, "the meeting with its invitations sent")
    shot(staff, "142-posedis-kvietimai")
    staff.context.close()

    # the meeting's day comes: the portal's clock moves to its afternoon (the browser's
    # sessions of a week ago have expired, so everyone signs in again)
    time_machine.move_to(datetime.combine(meeting_day, time(14, 0), tzinfo=VILNIUS),
                         tick=True)
    assert timezone.localdate() == meeting_day

    # 3. attendance (four came, one did not), the minutes and two decisions, signed
    staff = _page(browser, live_server, STAFF)
    staff.goto(f"{base}{meeting.get_absolute_url()}")
    staff.locator("#meeting-attendance").click()
    staff.wait_for_url(f"{base}/bendradarbiavimas/posedziai/{meeting.pk}/lankomumas/")
    for member in members:
        status = (AttendanceStatus.ABSENT if member.person_id == absentee.pk
                  else AttendanceStatus.PRESENT)
        staff.locator(f"input[name=m{member.pk}][value={status}]").check()
    staff.fill("#id_guests", "Ona Svečienė, Kretingos muziejus")
    _clean(staff, "the attendance")
    shot(staff, "143-posedis-lankomumas")
    staff.locator("#attendance-form [type=submit]").click()
    staff.wait_for_url(f"{base}{meeting.get_absolute_url()}")
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.quorum_met is True
    came = dict(meeting.attendance.values_list("member__person_id", "status"))
    assert sorted(came.values()) == ["absent"] + ["present"] * 4
    assert came[absentee.pk] == "absent"
    expect(staff.locator("#meeting-quorum")).to_contain_text("4")
    expect(staff.locator("#meeting-no-quorum")).to_have_count(0)
    _clean(staff, "the meeting held")

    staff.goto(f"{base}/bendradarbiavimas/posedziai/{meeting.pk}/protokolas/")
    assert staff.input_value("#id_items-0-title") == "Vasaros skaitymo iššūkio planas"
    assert staff.input_value("#id_items-1-title") == ("Rudens skaitymo skatinimo renginių "
                                                      "kalendorius")
    staff.fill("#id_intro", "Posėdį pradėjo pirmininkė, pristatė darbotvarkę.")
    staff.fill("#id_items-0-presenter", f"{chair.first_name} {chair.last_name}")
    staff.fill("#id_items-0-discussed", "Aptartos vasaros skaitymo iššūkio **taisyklės**, "
                                        "dalyvių amžiaus grupės ir prizai.")
    staff.fill("#id_items-0-votes", "už 4, prieš 0, susilaikė 0")
    staff.fill("#id_items-0-decided", "Pritarti vasaros skaitymo iššūkio planui.")
    staff.fill("#id_items-1-presenter", f"{secretary.first_name} {secretary.last_name}")
    staff.fill("#id_items-1-discussed", "Bibliotekos pasiūlė rudens renginius: "
                                        "skaitymų popietes ir susitikimus su autoriais.")
    staff.fill("#id_items-1-decided", "Parengti bendrą renginių kalendorių.")
    _clean(staff, "the minutes' form")
    shot(staff, "144-protokolas-rasomas")
    staff.locator("main form:has(input[name=version]) button[type=submit]:not([name])").click()
    staff.wait_for_url(f"{base}{meeting.get_absolute_url()}#protokolas")
    meeting.refresh_from_db()
    assert meeting.minutes_status == "draft"
    items = list(meeting.items.order_by("order"))
    assert [i.order for i in items] == [1, 2] and "taisyklės" in items[0].discussed

    # the first decision from its item's link, owned by the branch's librarian
    due = meeting_day + timedelta(days=10)
    staff.locator(f"#klausimas-{items[0].pk} a[href*='/sprendimai/naujas/']").click()
    staff.wait_for_url(re.compile(rf"/posedziai/{meeting.pk}/sprendimai/naujas/\?item="))
    assert staff.input_value("#id_item") == str(items[0].pk)
    staff.fill("#id_text", FIRST_DECISION)
    owner = User.objects.get(email=BRANCH_LIBRARIAN)
    staff.select_option("#id_owner", label=owner.full_name)
    staff.fill("#id_due_on", f"{due:%Y-%m-%d}")
    _clean(staff, "a new decision")
    staff.locator("main form button[name=another]").click()
    staff.wait_for_url(f"{base}/bendradarbiavimas/posedziai/{meeting.pk}/sprendimai/naujas/")
    staff.select_option("#id_item", str(items[1].pk))
    staff.fill("#id_text", SECOND_DECISION)
    staff.select_option("#id_owner", label=User.objects.get(email=CHAIR).full_name)
    staff.fill("#id_due_on", f"{meeting_day + timedelta(days=60):%Y-%m-%d}")
    staff.locator("main form button[type=submit]:not([name])").click()
    staff.wait_for_url(f"{base}{meeting.get_absolute_url()}#sprendimai")
    decisions = list(Decision.objects.filter(meeting=meeting).order_by("pk"))
    assert [(d.text, d.item_id, d.owner.email) for d in decisions] == [
        (FIRST_DECISION, items[0].pk, BRANCH_LIBRARIAN),
        (SECOND_DECISION, items[1].pk, CHAIR)]
    decision = decisions[0]
    assert decision.due_on == due and decision.status == DecisionStatus.OPEN

    staff.locator("form[action$='/protokolas/pasirasyti/'] button").click()
    staff.wait_for_url(f"{base}{meeting.get_absolute_url()}#protokolas")
    meeting.refresh_from_db()
    assert meeting.minutes_status == "final" and meeting.minutes_signed_at is not None
    minutes = staff.locator("#protokolas")
    expect(minutes).to_contain_text(FIRST_DECISION)
    expect(minutes).to_contain_text(owner.full_name)
    expect(minutes.locator(f"#klausimas-{items[0].pk}")).to_contain_text("taisyklės")
    _clean(staff, "the meeting with its signed minutes")
    shot(staff, "145-protokolas-pasirasytas")

    # the minutes as DOCX (opened in LibreOffice) and as PDF, as a user asks for them
    docx = _download(staff, "docx")
    word = tmp_path / "protokolas.docx"
    word.write_bytes(open(docx, "rb").read())  # noqa: SIM115
    assert word.read_bytes()[:2] == b"PK"
    converted = tmp_path / "soffice"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(converted),
                    str(word)], capture_output=True, check=True, timeout=300)
    _check_minutes_text(_text(converted / "protokolas.pdf"), "the DOCX in LibreOffice",
                        owner.full_name)
    staff.goto(f"{base}{meeting.get_absolute_url()}")
    pdf = _download(staff, "pdf")
    assert open(pdf, "rb").read(5) == b"%PDF-"  # noqa: SIM115
    _check_minutes_text(_text(pdf), "the PDF", owner.full_name)

    # 4. the branch's librarian: the decision on her home page, the minutes on her phone
    librarian = _page(browser, live_server, BRANCH_LIBRARIAN)
    card = librarian.locator("section[aria-labelledby=home-my-decisions]")
    expect(card.locator(f"li[data-decision='{decision.pk}']")).to_contain_text(FIRST_DECISION)
    expect(card).to_contain_text(GROUP)
    expect(card).to_contain_text(f"{due:%Y-%m-%d}")
    expect(card.locator(f"li[data-decision='{decisions[1].pk}']")).to_have_count(0)
    _clean(librarian, "the member's home page")
    shot(librarian, "146-narys-mano-sprendimai")
    card.locator(f"li[data-decision='{decision.pk}'] a").click()
    librarian.wait_for_url(f"{base}{decision.get_absolute_url()}")
    expect(librarian.locator("main")).to_contain_text(FIRST_DECISION)
    _clean(librarian, "the member's decision")

    phone = _page(browser, live_server, BRANCH_LIBRARIAN, phone=True)
    phone.goto(f"{base}{meeting.get_absolute_url()}")
    expect(phone.locator("#meeting-title")).to_contain_text(GROUP)
    minutes = phone.locator("#protokolas")
    expect(minutes).to_contain_text("Pritarti vasaros skaitymo iššūkio planui")
    expect(minutes).to_contain_text(FIRST_DECISION)
    # a plain member keeps nothing: no attendance, edit, invitation or signing buttons
    for keeper_only in ("#meeting-attendance", "#meeting-edit", "#meeting-invite-form",
                        "a[href$='/protokolas/']", "a[href*='/sprendimai/naujas/']"):
        expect(phone.locator(keeper_only)).to_have_count(0)
    _clean(phone, "the meeting on a phone")
    phone.locator("#protokolas").scroll_into_view_if_needed()
    shot(phone, "147-narys-protokolas-telefone")
    phone.context.close()

    # she marks her decision done
    librarian.fill("#done_note", "Taisyklės išsiųstos visoms teritorijos bibliotekoms.")
    librarian.locator("form[action$='/ivykdyta/'] button").click()
    librarian.wait_for_url(f"{base}{decision.get_absolute_url()}")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DONE and decision.done_by.email == \
        BRANCH_LIBRARIAN
    _clean(librarian, "the decision done")
    librarian.context.close()

    # 5. a librarian outside the group reaches none of it
    outsider_user = User.objects.get(email=OUTSIDER)
    assert not GroupMember.objects.of_user(outsider_user).filter(group=group).exists()
    outsider = _page(browser, live_server, OUTSIDER)
    for path in (meeting.get_absolute_url(),
                 f"/bendradarbiavimas/posedziai/{meeting.pk}/protokolas/",
                 decision.get_absolute_url(), group.get_absolute_url(),
                 f"/bendradarbiavimas/posedziai/{meeting.pk}/kalendorius.ics"):
        response = outsider.goto(f"{base}{path}")
        assert response.status == 404, path
    outsider.goto(f"{base}/bendradarbiavimas/grupes/")
    expect(outsider.get_by_text(GROUP)).to_have_count(0)
    outsider.goto(f"{base}/bendradarbiavimas/sprendimai/")
    expect(outsider.get_by_text(FIRST_DECISION)).to_have_count(0)
    _clean(outsider, "the outsider's decisions list")
    outsider.context.close()

    # 6. management: the overview and the group, read only
    manager = _page(browser, live_server, MANAGEMENT)
    manager.goto(f"{base}/bendradarbiavimas/apzvalga/")
    expect(manager.locator("main")).to_contain_text(GROUP)
    _clean(manager, "the overview for management")
    manager.locator(f"main a[href='{group.get_absolute_url()}']").first.click()
    manager.wait_for_url(f"{base}{group.get_absolute_url()}")
    expect(manager.locator("#group-title")).to_have_text(GROUP)
    expect(manager.locator("#members table tbody tr")).to_have_count(5)
    for editing in ("#group-edit", "#member-create", "#meeting-create",
                    "a[href*='/nariai/']"):
        expect(manager.locator(editing)).to_have_count(0)
    _clean(manager, "the group for management")
    shot(manager, "148-vadovas-grupe")
    manager.goto(f"{base}{meeting.get_absolute_url()}")
    for editing in ("#meeting-attendance", "#meeting-edit", "#meeting-invite-form",
                    "form[action$='/protokolas/atverti/']",
                    "a[href*='/sprendimai/naujas/']"):
        expect(manager.locator(editing)).to_have_count(0)
    expect(manager.locator("#protokolas")).to_contain_text(FIRST_DECISION)
    _clean(manager, "the meeting for management")
    manager.context.close()

    # staff: the partners and an agreement
    agreement = Agreement.objects.order_by("pk").first()
    assert agreement is not None, "the demo data has no agreement"
    staff.goto(f"{base}/bendradarbiavimas/partneriai/")
    expect(staff.locator("main table tbody tr").first).to_be_visible()
    _clean(staff, "the partners")
    staff.goto(f"{base}/bendradarbiavimas/sutartys/")
    _clean(staff, "the agreements")
    staff.goto(f"{base}{agreement.get_absolute_url()}")
    expect(staff.locator("main h1")).to_contain_text(agreement.title)
    _clean(staff, "an agreement")
    shot(staff, "149-partneriai-sutartis")
    staff.context.close()
