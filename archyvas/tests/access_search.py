"""The archive search's part of the generated access matrix (tests/test_access_matrix.py).

The search (``archyvas:search``, ``paieska/``) names no object in its path, so it has no
factory and no target; it is a page closed to librarians (403: add ``CLOSED_PAGES`` to the
matrix's ``STAFF_ONLY_PAGES``) and what it finds follows the source. The world holds a
registered letter and a filed document only staff may see, both with a word in their
text that the outsider (a librarian of school library B) must never reach."""

from archyvas.models import Audience, FilePlan
from archyvas.tests.factories import (
    make_entry,
    make_filed,
    make_plan,
    make_plan_file,
    make_register,
)
from archyvas.tests.factories_search import read

#: Routes closed to librarians whatever they ask (no object in the path).
CLOSED_PAGES = [("archyvas:search", [])]
#: A word only the world's documents hold.
SECRET_WORD = "Paieškosslaptažodis"


def make_world(w, territory, staff, librarian_a) -> None:
    # another area's world may hold the year's plan already
    plan = FilePlan.objects.filter(year=2024).first() or make_plan(2024, files=())
    plan_file = make_plan_file(plan, "9.97", title="Paieškos byla", position=97)
    w.search_entry = make_entry(make_register(prefix="PS"), number=1, year=2024,
                                plan_file=plan_file, title="Paieškos laiškas",
                                correspondent="Kretingos viešoji biblioteka")
    read(w.search_entry, f"Laiško tekstas {SECRET_WORD}")
    w.search_filed = make_filed(plan_file, title="Tik skyriui", key="search-1",
                                audience=Audience.STAFF)
    read(w.search_filed, f"Vertinimo lentelė {SECRET_WORD}")


def factories(w) -> dict:
    return {}


def targets(w) -> dict:
    return {}
