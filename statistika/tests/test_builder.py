from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bibliotekos.models import Library, LibraryKind, Municipality, MunicipalityPopulation
from statistika.models import ComparisonGroup
from statistika.selectors import analysis, builder

pytestmark = pytest.mark.django_db

URL = "/statistika/lenteles/"


def _branches(territory, put, count, *, municipality=None, prefix="F", loans=100, users=10):
    """``count`` rural branches under system A (or a new system of ``municipality``)."""
    parent = territory.central_a
    municipality = municipality or territory.municipality_a
    if municipality != territory.municipality_a:
        parent = Library.objects.create(code=f"SVB-{municipality.code}", name="Sistema",
                                        kind=LibraryKind.SYSTEM, municipality=municipality)
    made = []
    for n in range(count):
        branch = Library.objects.create(code=f"{prefix}{n:03}", name=f"Filialas {prefix}{n}",
                                        kind=LibraryKind.RURAL_BRANCH, parent=parent,
                                        municipality=municipality)
        put(branch, {"loans": loans + n, "users_registered": users}, year=2024)
        made.append(branch)
    return made


@pytest.fixture
def data(territory, put):
    for year, factor in ((2023, 1), (2024, 2)):
        put(territory.central_a, {"users_registered": 100 * factor, "loans": 1000 * factor},
            year=year)
        put(territory.branch_a, {"users_registered": 50, "loans": 100}, year=year)
        put(territory.central_b, {"users_registered": 30, "loans": 600}, year=year)
        put(territory.school_b, {"users_registered": 200, "loans": 900}, year=year)


def _get(client, **params):
    return client.get(URL, {"from": 2023, "to": 2024, **params})


def test_staff_builds_a_table_of_any_libraries(staff_client, data, territory):
    response = _get(staff_client, i=["loans", "loans_per_user"],
                    u=["lib:SVB-KRE", "lib:SVB-SKU", "mun:SKU", "territory"])
    assert response.status_code == 200
    table = response.context["table"]
    assert table.value("lib:SVB-KRE", "loans", 2024) == 2100          # 2000 + 100
    assert table.value("lib:SVB-SKU", "loans", 2024) == 600
    assert table.value("mun:SKU", "loans", 2024) == 600
    assert table.value("territory", "loans", 2024) == 2700
    assert table.value("territory", "loans_per_user", 2024) == Decimal("9.642857")


def test_staff_saves_a_hand_picked_group_and_reuses_it(staff_client, staff, data, territory):
    response = staff_client.post(reverse("statistika:comparison_group_create"), {
        "name": "Mano grupė", "source": "libraries", "u": ["lib:SVB-KRE-C", "lib:MB-SKU-001"],
        "i": ["loans"], "from": 2023, "to": 2024})
    group = ComparisonGroup.objects.get(owner=staff)
    assert group.hand_picked
    assert set(group.libraries.values_list("code", flat=True)) == {"SVB-KRE-C", "MB-SKU-001"}
    assert response.status_code == 302 and f"grp%3A{group.pk}" in response.url
    table = _get(staff_client, i=["loans", "loans_per_user"], u=[f"grp:{group.pk}"]).context[
        "table"]
    assert table.value(f"grp:{group.pk}", "loans", 2024) == 2900       # 2000 + 900
    assert table.value(f"grp:{group.pk}", "loans_per_user", 2024) == Decimal("7.25")  # 2900/400


def test_librarian_sees_own_library_and_a_criteria_aggregate_of_five(
        client_a, data, territory, put):
    _branches(territory, put, 4)     # with Darbėnai: five rural branches
    response = _get(client_a, i=["loans"], u=["lib:SVB-KRE", "crit:rural_branch:"])
    table = response.context["table"]
    assert table.value("lib:SVB-KRE", "loans", 2024) == 2100 + 406
    assert table.value("crit:rural_branch:", "loans", 2024) == 100 + 100 + 101 + 102 + 103
    band = table.cell("crit:rural_branch:", "loans", 2024).band
    assert band["p50"] == 101 and band["count"] == 5


def test_librarian_gets_no_aggregate_of_four_libraries(client_b, data, territory, put):
    _branches(territory, put, 3)     # with Darbėnai: four
    table = _get(client_b, i=["loans"], u=["crit:rural_branch:"]).context["table"]
    unit = table.units[0]
    assert unit.suppressed
    assert table.value("crit:rural_branch:", "loans", 2024) is None
    assert table.notes


def test_staff_sees_an_aggregate_of_four(staff_client, data, territory, put):
    _branches(territory, put, 3)
    table = _get(staff_client, i=["loans"], u=["crit:rural_branch:"]).context["table"]
    assert table.value("crit:rural_branch:", "loans", 2024) == 100 + 100 + 101 + 102


def test_librarian_cannot_see_another_librarys_figure(client_b, data):
    assert _get(client_b, i=["loans"], u=["lib:SVB-KRE"]).status_code == 404
    assert _get(client_b, i=["loans"], u=["mun:KRE"]).status_code == 404


def test_librarian_cannot_use_a_hand_picked_group(client_b, librarian_b, staff, data,
                                                  territory):
    group = ComparisonGroup.objects.create(name="Rankinė", owner=staff, shared=True,
                                           hand_picked=True)
    group.libraries.set([territory.central_a])
    assert _get(client_b, i=["loans"], u=[f"grp:{group.pk}"]).status_code == 404
    assert group not in ComparisonGroup.objects.visible_to(librarian_b)


def test_librarian_cannot_save_a_hand_picked_group(client_b, librarian_b, data):
    response = client_b.post(reverse("statistika:comparison_group_create"), {
        "name": "x", "source": "libraries", "u": ["lib:MB-SKU-001"]})
    assert response.status_code == 403
    assert not ComparisonGroup.objects.exists()


def test_librarian_saves_and_reuses_a_criteria_group(client_b, librarian_b, data, territory,
                                                      put):
    _branches(territory, put, 4)
    client_b.post(reverse("statistika:comparison_group_create"), {
        "name": "Kaimo filialai", "source": "criteria", "ck": "rural_branch", "cp": ""})
    group = ComparisonGroup.objects.get(owner=librarian_b)
    assert group.criteria == {"kind": "rural_branch", "band": ""} and not group.hand_picked
    table = _get(client_b, i=["loans"], u=[f"grp:{group.pk}"]).context["table"]
    assert table.value(f"grp:{group.pk}", "loans", 2024) == 506


def test_overlapping_aggregates_differing_by_one_library_are_not_both_shown(
        client_b, staff_client, data, territory, put):
    big = Municipality.objects.create(code="KLP", name="Klaipėdos m.", county=territory.county)
    MunicipalityPopulation.objects.create(municipality=big, year=2024, population=150_000)
    MunicipalityPopulation.objects.create(municipality=territory.municipality_a, year=2024,
                                          population=39_800)
    _branches(territory, put, 6)                      # KRE (30–60 000): 7 with Darbėnai
    _branches(territory, put, 1, municipality=big, prefix="K")   # one in a large city
    units = ["crit:rural_branch:", "crit:rural_branch:30-60"]
    table = _get(client_b, i=["loans"], u=units).context["table"]
    shown = {u.key: u.suppressed for u in table.units}
    assert shown["crit:rural_branch:"] == ""          # 8 libraries, the larger: kept
    assert shown["crit:rural_branch:30-60"]           # 7, differs by one: suppressed
    assert table.value("crit:rural_branch:30-60", "loans", 2024) is None
    staff_table = _get(staff_client, i=["loans"], u=units).context["table"]
    assert staff_table.value("crit:rural_branch:30-60", "loans", 2024) is not None


def test_suppression_rule_keeps_sets_differing_by_five_or_more():
    def unit(key, ids):
        return builder.BuilderUnit(key, key, "group", members=frozenset(ids))

    units = [unit("a", range(20)), unit("b", range(15)), unit("c", range(14)),
             unit("d", range(3)), unit("e", range(20))]
    builder.suppress_revealing(units)
    assert [bool(u.suppressed) for u in units] == [False, False, True, True, False]


def test_xlsx_numbers_equal_the_dashboards(manager, data, territory):
    from openpyxl import load_workbook

    from ataskaitos import services

    job = services.request_report(kind="table_builder", params={
        "indicators": "loans,loans_per_user", "units": "lib:SVB-KRE,lib:SVB-SKU,territory",
        "year_from": "2024", "year_to": "2024"}, format="xlsx", by=manager)
    job = services.run_job(job.pk)
    sheet = load_workbook(job.file.path).worksheets[-1]
    header = [c.value for c in sheet[1]]
    cells = {row[0].value: [c.value for c in row] for row in sheet.iter_rows(min_row=2)}
    dashboard = {r["unit"].key: r["values"] for r in analysis.unit_table(2024, "system")["rows"]}
    territory_row = analysis.unit_table(2024, "territory")["rows"][0]["values"]
    ratio = header.index(next(h for h in header if h.endswith("2024") and h != header[1]))
    for name, values in ((territory.system_a.name, dashboard["SVB-KRE"]),
                         (territory.system_b.name, dashboard["SVB-SKU"])):
        assert cells[name][1] == float(values["loans"])
        assert cells[name][ratio] == float(round(values["loans_per_user"], 1))
    overview = {r["code"]: r["value"] for r in analysis.territory_overview(2024)["rows"]}
    assert overview["loans_per_user"] == territory_row["loans_per_user"]
    territory_cells = next(v for k, v in cells.items() if k not in {
        territory.system_a.name, territory.system_b.name})
    assert territory_cells[1] == float(territory_row["loans"])
    assert territory_cells[ratio] == float(round(overview["loans_per_user"], 1))


def test_librarian_cannot_request_another_library_through_the_xlsx(client_b, data):
    response = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "table_builder", "format": "xlsx", "indicators": "loans",
        "units": "lib:SVB-KRE", "year_from": "2024", "year_to": "2024"})
    assert response.status_code == 404
    own = client_b.post(reverse("ataskaitos:document_request"), {
        "kind": "table_builder", "format": "xlsx", "indicators": "loans",
        "units": "lib:MB-SKU-001", "year_from": "2024", "year_to": "2024"})
    assert own.status_code == 302


def test_the_table_refreshes_as_an_htmx_fragment(staff_client, data):
    response = staff_client.get(URL, {"i": "loans", "u": "territory", "from": 2024,
                                      "to": 2024}, HTTP_HX_REQUEST="true",
                                HTTP_HX_TARGET="builder-table")
    assert response.status_code == 200
    assert b"<html" not in response.content and b"builder-result" in response.content


def test_bad_requests_are_404(staff_client, data):
    assert _get(staff_client, i=["nonexistent"], u=["territory"]).status_code == 404
    assert _get(staff_client, i=["loans"], u=["grp:999"]).status_code == 404
    assert _get(staff_client, i=["loans"], u=["crit:nokind:"]).status_code == 404
    assert staff_client.get(URL, {"from": 2010, "to": 2030}).status_code == 404


def test_only_the_owner_deletes_a_group(client_b, staff_client, staff, data):
    group = ComparisonGroup.objects.create(name="Bendra", owner=staff, shared=True,
                                           criteria={"kind": "system", "band": ""})
    url = reverse("statistika:comparison_group_delete", args=[group.pk])
    assert client_b.post(url).status_code == 404
    assert staff_client.post(url).status_code == 302
    assert not ComparisonGroup.objects.exists()


@pytest.mark.parametrize("persona", ["staff_client", "client_a"])
def test_query_count_does_not_grow_with_the_number_of_libraries(persona, request, territory,
                                                                data, put):
    client = request.getfixturevalue(persona)
    few = _branches(territory, put, 10, prefix="A")
    units = ["territory", "crit:rural_branch:", "lt"] + [f"lib:{b.code}" for b in few]
    if persona == "client_a":
        units = ["territory", "crit:rural_branch:", "lt", "lib:SVB-KRE"]

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert _get(client, i=["loans", "loans_per_user"], u=units).status_code == 200
        return len(queries)

    count()                                   # warm the per-version caches
    small = count()
    more = _branches(territory, put, 30, prefix="B")
    if persona == "staff_client":
        units += [f"lib:{b.code}" for b in more]
    count()                                   # new values: a new statistics version
    assert count() == small


@pytest.fixture
def branch_client(territory):
    """The librarian of one branch of system A (the same system as the director)."""
    from django.test import Client

    from bibliotekos.models import Membership
    from tests.factories import UserFactory

    user = UserFactory(role="librarian", email="filialas@test.lt")
    Membership.objects.create(user=user, library=territory.branch_a, role="librarian")
    client = Client()
    client.force_login(user, backend="paskyros.backends.EmailBackend")
    return client


def test_a_branch_librarian_sees_only_their_branch_not_their_system(branch_client, data):
    assert _get(branch_client, i=["loans"], u=["lib:SVB-KRE"]).status_code == 404
    assert _get(branch_client, i=["loans"], u=["lib:SVB-KRE-C"]).status_code == 404
    assert _get(branch_client, i=["loans"], u=["lib:SVB-KRE-F01"]).status_code == 200
    for units, expected in (("lib:SVB-KRE", 404), ("lib:SVB-KRE-F01", 302)):
        response = branch_client.post(reverse("ataskaitos:document_request"), {
            "kind": "table_builder", "format": "xlsx", "indicators": "loans",
            "units": units, "year_from": "2024", "year_to": "2024"})
        assert response.status_code == expected, units
