"""Every page each demo role reaches from its menu: no sideways scrolling on a phone, no
WCAG 2.1 A/AA violation that axe-core finds on a laptop, and a screenshot at both sizes."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from paskyros.management.commands.demo_data import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 860}
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ROLES = [
    ("admin@demo.lt", "admin"),
    ("darbuotojas@demo.lt", "staff"),
    ("vadovas@demo.lt", "management"),
    ("bibliotekininkas@demo.lt", "director"),
    ("filialas@demo.lt", "branch"),
    ("mokykla@demo.lt", "school"),
]
# Pages that are not the portal's own (Django's admin has its own look and its own tests).
NOT_OURS = ("/admin/",)
# Menu pages whose sections are tabs or links on the page rather than menu items (the
# archive: file plans, registers, search, year end, BDSTR items; procurement: plans,
# purchases, contracts, the summary, CPV; assignments: the list and the overview): those
# pages are checked too.
TABBED = {"/archyvas/": "main .nav-tabs a[href]", "/pirkimai/": "#procurement-links a[href]",
          "/pavedimai/": "main .nav-tabs a[href]"}
REPORT_FORM = re.compile(r"^/statistika/ataskaitos/\d+/$")


def sign_in(page, base: str, email: str) -> None:
    """By the form's field names, so the test does not depend on the interface language."""
    page.goto(f"{base}/paskyra/prisijungti/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) [type=submit]").click()
    page.wait_for_url(f"{base}/")


def menu_pages(page) -> list[str]:
    """The paths of the navbar's links and dropdown items, in menu order, without repeats."""
    hrefs = page.locator("#mainNav a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    paths = []
    for href in hrefs:
        path = urlsplit(href).path
        if href == "#" or not path.startswith("/") or path.startswith(NOT_OURS):
            continue
        if path not in paths:
            paths.append(path)
    return paths


def tab_pages(page, base: str, paths: list[str]) -> list[str]:
    """The tabs of the tabbed sections among ``paths`` that are not in the list yet."""
    found = []
    for section, links in TABBED.items():
        if section not in paths:
            continue
        page.goto(f"{base}{section}")
        hrefs = page.locator(links).evaluate_all(
            "links => links.map(a => a.getAttribute('href'))")
        found += [path for path in (urlsplit(href).path for href in hrefs)
                  if path.startswith("/") and path not in paths and path not in found]
    return found


def open_report_form(page, base: str) -> str | None:
    """The director's report of the demo campaign, found through the list of reports."""
    page.goto(f"{base}/statistika/ataskaitos/")
    hrefs = page.locator("main a[href]").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    forms = [urlsplit(href).path for href in hrefs if REPORT_FORM.match(urlsplit(href).path)]
    return forms[0] if forms else None


def slug(path: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", path.lower()).strip("-") or "home"


def overflow(page) -> dict | None:
    """How far the page scrolls sideways, and the widest elements that cause it."""
    return page.evaluate("""() => {
        const width = window.innerWidth;
        const scroll = document.documentElement.scrollWidth;
        if (scroll <= width) { return null; }
        const culprits = [];
        for (const el of document.querySelectorAll('body *')) {
            const box = el.getBoundingClientRect();
            const inBox = el.closest('.table-responsive')
                && getComputedStyle(el).position === 'static';
            if (box.right > width + 1 && !inBox) {
                const id = el.id ? '#' + el.id : '';
                const css = typeof el.className === 'string' && el.className
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '';
                culprits.push(el.tagName.toLowerCase() + id + css + ' → ' + Math.round(box.right));
            }
            if (culprits.length >= 8) { break; }
        }
        return {scrollWidth: scroll, innerWidth: width, culprits};
    }""")


def axe_violations(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated by the browser, not by
        # a <script> tag, so the portal's Content Security Policy stays as it is
    return page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
        return result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),
                                                  summary: n.failureSummary})),
        }));
    }""", WCAG)


def check_page(page, base: str, path: str, name: str, shot) -> list[str]:
    """Problems found on one page (an empty list when it is fine). The page scrolls
    sideways at neither size; tables may scroll inside their own .table-responsive box."""
    problems = []
    page.set_viewport_size(PHONE)
    response = page.goto(f"{base}{path}")
    if response is None or response.status >= 400:
        return [f"{path}: HTTP {response.status if response else '?'}"]
    page.wait_for_load_state("networkidle")
    wide = overflow(page)
    if wide:
        problems.append(f"{path} at 390 px scrolls sideways: {wide}")
    shot(page, f"every-{name}-{slug(path)}-390")
    page.set_viewport_size(LAPTOP)
    page.wait_for_timeout(200)  # portal.js re-measures scrolling tables after a resize
    wide = overflow(page)
    if wide:
        problems.append(f"{path} at 1366 px scrolls sideways: {wide}")
    for violation in axe_violations(page):
        problems.append(f"{path}: {violation}")
    shot(page, f"every-{name}-{slug(path)}-1366")
    return problems


@pytest.mark.parametrize(("email", "name"), ROLES, ids=[r[1] for r in ROLES])
def test_every_menu_page_fits_a_phone_and_passes_axe(page, live_server, demo, shot, settings,
                                                     email, name):
    settings.OTP_REQUIRED_ROLES = set()  # the demo runs without second factors
    base = live_server.url
    page.set_viewport_size(LAPTOP)
    sign_in(page, base, email)
    paths = ["/", *[p for p in menu_pages(page) if p != "/"]]
    paths += tab_pages(page, base, paths)
    if name == "director":
        form = open_report_form(page, base)
        assert form, "the director has no report in the demo campaign"
        paths.append(form)
    problems = []
    for path in paths:
        problems += check_page(page, base, path, name, shot)
    assert not problems, "\n".join(problems)
