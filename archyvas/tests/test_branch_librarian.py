"""A branch librarian of library A's own system — and its director — against the archive:
a letter from their own library registered by the department, a copy of their system's
document filed into the plan, and a destruction act. The archive is the department's:
every page is a 403, every object and download a 404."""

import pytest
from django.test import Client
from django.urls import reverse

from apdovanojimai.tests.factories_nominations import branch_librarian
from archyvas.models import Audience
from archyvas.tests.factories import (
    make_entry,
    make_filed,
    make_plan,
    make_register,
    pdf_bytes,
)
from archyvas.tests.factories_yearend import make_act

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory, staff):
    plan = make_plan(2026)
    letter = make_entry(make_register(), plan_file=plan.files.get(index="7.3"),
                        correspondent=territory.branch_a.name, title="Dėl filialo darbo",
                        data=pdf_bytes("Filialo raštas"))
    filed = make_filed(plan.files.get(index="7.2"), title="Sistemos A ataskaita",
                       library=territory.system_a, audience=Audience.MANAGEMENT,
                       data=pdf_bytes("Ataskaita"))
    act = make_act([plan.files.get(index="7.5")], by=staff)
    return {"plan": plan, "letter": letter, "filed": filed, "act": act}


def _clients(territory, librarian_a):
    branch = Client()
    branch.force_login(branch_librarian(territory.branch_a),
                       backend="paskyros.backends.EmailBackend")
    director = Client()
    director.force_login(librarian_a, backend="paskyros.backends.EmailBackend")
    return {"branch librarian": branch, "director": director}


PAGES = ("plan_list", "entry_list", "register_list", "search", "year_end", "expired_list",
         "act_list", "bdstr_list", "entry_create", "plan_create")


def test_the_archive_pages_are_closed_to_the_system_s_librarians(world, territory,
                                                                 librarian_a):
    for who, client in _clients(territory, librarian_a).items():
        for name in PAGES:
            assert client.get(reverse(f"archyvas:{name}")).status_code == 403, (who, name)


def test_their_own_library_s_letter_copy_and_the_act_are_a_404_downloads_too(
        world, territory, librarian_a):
    objects = {"plan_detail": world["plan"].year, "entry_detail": world["letter"].pk,
               "entry_file": world["letter"].pk, "entry_update": world["letter"].pk,
               "filed_detail": world["filed"].pk, "filed_file": world["filed"].pk,
               "filed_move": world["filed"].pk, "act_detail": world["act"].pk,
               "act_file": world["act"].pk,
               "file_detail": world["plan"].files.get(index="7.3").pk}
    for who, client in _clients(territory, librarian_a).items():
        for name, key in objects.items():
            response = client.get(reverse(f"archyvas:{name}", args=[key]))
            assert response.status_code == 404, (who, name, response.status_code)
        posted = client.post(reverse("archyvas:file_it",
                                     args=["ataskaitos.document", "x"]), {})
        assert posted.status_code in (403, 404), who
