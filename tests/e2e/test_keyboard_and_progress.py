"""The librarian's statistics form by keyboard alone, with a visible focus; and long work
that shows it is under way: a button pressed once is disabled with a spinner (and still
sends its own name and value), an upload shows a spinner, a document request returns at
once to a page that polls."""

import re

import pytest

from statistika.models import Value
from tests.e2e.test_every_page import REPORT_FORM, open_report_form, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DIRECTOR = "bibliotekininkas@demo.lt"


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {tag: el.tagName.toLowerCase(), id: el.id, href: el.getAttribute('href'),
                code: el.getAttribute('data-code'), outline: style.outlineStyle,
                width: parseFloat(style.outlineWidth), visible: el.matches(':focus-visible')};
    }""")


def tab_until(page, condition, limit: int = 150) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if condition(now):
            return now
    raise AssertionError(f"not reached in {limit} presses of Tab")


def assert_focus_is_visible(now: dict) -> None:
    assert now["visible"], now
    assert now["outline"] != "none" and now["width"] >= 2, now


def test_the_librarian_fills_in_a_field_by_keyboard_alone(page, live_server, demo, shot,
                                                          settings):
    settings.OTP_REQUIRED_ROLES = set()
    base = live_server.url
    page.goto(f"{base}/paskyra/prisijungti/")
    page.locator("input[name=username]").focus()
    page.keyboard.type(DIRECTOR)
    page.keyboard.press("Tab")
    page.keyboard.type("demo-slaptazodis")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/statistika/ataskaitos/")
    link = tab_until(page, lambda f: bool(f["href"] and REPORT_FORM.match(f["href"])))
    assert_focus_is_visible(link)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/statistika/ataskaitos/\d+/$"))

    field = tab_until(page, lambda f: f["tag"] == "input" and bool(f["code"]))
    assert_focus_is_visible(field)
    shot(page, "keyboard-field-focused")
    with page.expect_response(lambda r: "/laukas/" in r.url and r.request.method == "POST"):
        page.keyboard.type("7")
        page.keyboard.press("Tab")  # leaving the field saves it
    page.wait_for_timeout(200)  # the swap settles
    assert Value.objects.filter(indicator__code=field["code"], value=7).exists()
    after = focused(page)
    assert after["tag"] != "body", "the focus was lost when the field was saved"
    assert_focus_is_visible(after)
    shot(page, "keyboard-field-saved")


def held(page, pattern: str) -> list:
    """Requests to ``pattern`` wait until the test lets them go, so the busy state lasts
    however fast the server is. (While a navigation waits, Playwright cannot evaluate in
    the page; what the page looked like is recorded by ``record_submit``.)"""
    waiting = []
    page.route(pattern, lambda route: waiting.append(route))
    return waiting


def record_submit(page) -> None:
    """On the next submit, after the portal's own handler: is the pressed button disabled
    with a spinner, what will the form send; then press it again and ask the form to be
    sent again (both must send nothing)."""
    page.evaluate("""() => document.addEventListener('submit', (event) => {
        const button = event.submitter;
        sessionStorage.setItem('busy', JSON.stringify({
            disabled: button.disabled,
            spinner: button.querySelectorAll('.spinner-border').length,
            sent: [...new FormData(event.target)].map(([k, v]) => k)}));
        setTimeout(() => { button.click(); event.target.requestSubmit(); }, 100);
    }, {once: true})""")


def recorded(page) -> dict:
    return page.evaluate("() => JSON.parse(sessionStorage.getItem('busy'))")


def release(page, pattern: str, waiting: list) -> None:
    page.wait_for_timeout(500)  # time for a second press to be (not) sent
    assert len(waiting) == 1, "the form was sent twice"
    waiting[0].continue_()
    page.unroute(pattern)
    page.wait_for_load_state()


def wait_for(page, waiting: list) -> None:
    for _ in range(100):
        if waiting:
            return
        page.wait_for_timeout(50)
    raise AssertionError("the request was never sent")


def test_long_actions_show_progress_and_are_sent_once(page, live_server, demo, shot, settings):
    settings.OTP_REQUIRED_ROLES = set()
    settings.DOCUMENTS_IN_THREAD = True
    base = live_server.url
    sign_in(page, base, DIRECTOR)

    # A plain form: the pressed button is disabled with a spinner and its value still goes.
    language = held(page, "**/paskyra/kalba/")
    record_submit(page)
    page.locator(".language-switch button[name=language]").click(no_wait_after=True)
    wait_for(page, language)
    assert "language=" in (language[0].request.post_data or "")
    release(page, "**/paskyra/kalba/", language)
    busy = recorded(page)
    assert busy["disabled"] and busy["spinner"] == 1, busy
    assert "language" in busy["sent"]
    assert page.locator("html").get_attribute("lang") == "en"

    # The statistics form's XLSX upload shows a spinner while the workbook goes up.
    form_path = open_report_form(page, base)
    page.goto(f"{base}{form_path}")
    workbook = page.request.get(f"{base}{form_path}xlsx/")
    assert workbook.ok
    upload_form = page.locator("form[enctype='multipart/form-data']")
    upload_form.locator("input[type=file]").set_input_files(
        {"name": "ataskaita.xlsx", "mimeType": workbook.headers["content-type"],
         "buffer": workbook.body()})
    upload = held(page, "**/ikelti/")
    record_submit(page)
    upload_form.locator("button").click(no_wait_after=True)
    wait_for(page, upload)
    release(page, "**/ikelti/", upload)
    busy = recorded(page)
    assert busy["disabled"] and busy["spinner"] == 1, busy
    assert "file" in busy["sent"]
    shot(page, "busy-after-upload")

    # A document: the request returns at once to the job's page, which polls until done.
    page.goto(f"{base}{form_path}")
    document_form = page.locator("form[action$='/dokumentai/uzsakyti/']").first
    document_form.locator("button").click()
    page.wait_for_url(re.compile(r".*/dokumentai/[0-9a-f-]+/$"))
    status = page.locator("#job-status")
    assert status.count() == 1
    status.locator("a[href$='/atsisiusti/']").wait_for(timeout=60_000)
    shot(page, "busy-document-ready")
