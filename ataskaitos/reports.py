"""Kinds and metrics of the registry (floor 2), declared here because the registry may not
import the engine."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Column, Document, Section, Table
from bibliotekos.models import OUTLET_KINDS, Library, LibraryKind
from bibliotekos.scoping import descendant_ids
from bibliotekos.selectors import export_rows, registry_version
from portalas.registry import register_metric, report_kind

TEXT = "text"


@report_kind("registry", label=gettext_lazy("The territory registry"), staff_only=True,
             description=gettext_lazy("Libraries, municipalities with population, people."),
             inputs=lambda params: registry_version())
def registry(*, params, user, progress) -> Document:
    sections = []
    titles = {"libraries": _("Libraries"), "municipalities": _("Municipalities"),
              "people": _("People")}
    numeric = {"year": "int", "population": "int", "id": "int", "opened": "date",
               "closed": "date"}
    for step, table in enumerate(("libraries", "municipalities", "people")):
        header, rows = export_rows(table, user)
        columns = [Column(name, numeric.get(name, TEXT)) for name in header]
        sections.append(Section(heading=titles[table],
                                tables=[Table(titles[table], columns, list(rows))]))
        progress(20 + 20 * step)
    stamp = timezone.localdate().isoformat()
    return Document(title=_("The territory registry"), subtitle=stamp, sections=sections,
                    filename=f"registras-{stamp}")


def _libraries(period, scope, kinds):
    """Libraries of ``kinds`` open at some point of the period, within the scope."""
    queryset = Library.objects.open_in(period.end.year).filter(kind__in=kinds)
    if scope.level == "library":
        return queryset.filter(pk__in={scope.library.pk} | descendant_ids([scope.library.pk]))
    if scope.level == "municipality":
        return queryset.filter(municipality=scope.municipality)
    return queryset.filter(municipality__in_territory=True)


register_metric("bibliotekos.outlets_open", label_lt="Viešųjų bibliotekų padaliniai",
                label_en="Public library outlets", unit="vnt.", function="1.1",
                value=lambda period, scope: _libraries(period, scope, OUTLET_KINDS).count(),
                records=lambda period, scope: _libraries(period, scope, OUTLET_KINDS))
register_metric("bibliotekos.school_libraries", label_lt="Mokyklų bibliotekos",
                label_en="School libraries", unit="vnt.", function="1.1",
                value=lambda period, scope: _libraries(period, scope,
                                                       [LibraryKind.SCHOOL]).count(),
                records=lambda period, scope: _libraries(period, scope, [LibraryKind.SCHOOL]))
