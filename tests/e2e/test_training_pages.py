"""The attendance pages in a real browser on a phone-sized screen: no sideways scrolling,
axe-core clean, the toggle and the search working through htmx."""

import pytest
from django.urls import reverse

from mokymai.models import Attendance
from mokymai.services import register
from mokymai.tests.factories import make_event, make_person
from mokymai.tests.test_attendance import DATA, checkin_url, session_url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_phone_list_fits_390px_passes_axe_and_toggles_with_htmx(page, live_server, settings):
    from django.conf import settings as django_settings
    from django.test import Client

    from tests.e2e.test_every_page import axe_violations, overflow
    from tests.factories import UserFactory, build_territory

    territory = build_territory()
    staff = UserFactory(role="staff", email="staff@test.lt", full_name="Rūta Skyriūtė")
    event = make_event(capacity=None, title="Skaitmeninis raštingumas bibliotekoje: "
                       "paslaugos, priemonės ir labai ilgas pavadinimas be tarpų" + "x" * 40)
    session = event.sessions.get()
    registrations = [register(event=event, person=make_person(
        territory.central_a if index % 2 else territory.school_b, first=f"Vardenis{index}",
        last=f"Pavardenis-Dvigubapavardenis{index}"), by=staff) for index in range(6)]
    client = Client()
    client.force_login(staff, backend="paskyros.backends.EmailBackend")
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[django_settings.SESSION_COOKIE_NAME]
                               .value, "url": live_server.url}])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{session_url(event, session)}")
    page.wait_for_load_state("networkidle")
    assert overflow(page) is None
    assert axe_violations(page) == []
    first = registrations[0]
    button = page.locator(f"#reg-{first.pk} button[aria-pressed]")
    assert button.bounding_box()["height"] >= 44
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    page.wait_for_function(f"""() => document.querySelector(
        '#reg-{first.pk} button[aria-pressed]').getAttribute('aria-pressed') === 'true'""")
    assert Attendance.objects.get(registration=first).present
    assert "1" in page.locator("#attendance-counter").inner_text()
    page.locator("#attendance-q").fill("Pavardenis-Dvigubapavardenis3")
    page.wait_for_function("() => document.querySelectorAll('#attendance-list li').length === 1")
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)       # the swapped row's colours have finished their transition
    assert axe_violations(page) == []
    # the other attendance pages: no sideways scrolling on a phone, no axe violation
    event.format = "online"
    event.save()
    pages = {"summary": f"{reverse('mokymai:attendance', args=[event.pk])}?all=1",
             "checkin": checkin_url(registrations[1]),
             "import": reverse("mokymai:attendance_import", args=[event.pk, session.pk])}
    for name, path in pages.items():
        page.goto(f"{live_server.url}{path}")
        if name == "import":
            page.set_input_files("input[type=file]", str(DATA / "zoom_participants.csv"))
            page.locator("main form button[type=submit]").click()
            page.wait_for_selector("text=svecias@gmail.com")
        page.wait_for_load_state("networkidle")
        assert overflow(page) is None, name
        assert axe_violations(page) == [], name
