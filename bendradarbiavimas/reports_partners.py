"""The register of agreements as a table (XLSX, CSV): every agreement in force at some time
in the year or signed in it, one row each, for staff and management
(``staff_only``: the whole-territory roles)."""

from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from ataskaitos.document import Rows
from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, AgreementKind, Partner
from portalas.forms import ReportParamsForm, YearField
from portalas.ordering import sorted_lt
from portalas.registry import report_kind

__all__ = ["register_header", "register_records", "register_rows"]


class RegisterParams(ReportParamsForm):
    year = YearField()


def register_records(user, year: int):
    start, end = date(year, 1, 1), date(year, 12, 31)
    base = Agreement.objects.visible_to(user)
    return (base.filter(Q(pk__in=base.in_force_between(start, end).values("pk"))
                        | Q(signed_on__year=year))
            .select_related("responsible")
            .prefetch_related(Prefetch("partners",
                                       queryset=Partner.objects.select_related("organisation")),
                              "libraries")
            .order_by("starts_on", "number", "pk"))


def register_header() -> list[tuple[str, str]]:
    return [(_("Number"), "text"), (_("Kind"), "text"), (_("Title"), "text"),
            (_("Parties"), "text"), (_("Libraries"), "text"), (_("Signed on"), "date"),
            (_("Valid from"), "date"), (_("Valid until"), "date"), (_("Status"), "text"),
            (_("Responsible"), "text"), (pgettext("agreement", "Subject"), "text"),
            (_("Obligations"), "text")]


def register_rows(records, *, today: date | None = None) -> list[list]:
    today = today or timezone.localdate()
    horizon = services.expiry_horizon(today)
    kinds = {choice.value: str(choice.label) for choice in AgreementKind}
    labels = services.status_labels()
    rows = []
    for agreement in records:
        status = services.agreement_status(agreement, today=today, horizon=horizon)
        rows.append([
            agreement.number, kinds.get(agreement.kind, agreement.kind), agreement.title,
            "; ".join(sorted_lt(p.organisation.name for p in agreement.partners.all())),
            "; ".join(sorted_lt(library.name for library in agreement.libraries.all())),
            agreement.signed_on, agreement.starts_on, agreement.ends_on, str(labels[status]),
            str(agreement.responsible) if agreement.responsible else "",
            agreement.subject, agreement.obligations])
    return rows


@report_kind("bendradarbiavimas.agreements", label=gettext_lazy("Register of agreements"),
             form=RegisterParams, output="rows", staff_only=True,
             description=gettext_lazy("The cooperation agreements and memoranda in force or "
                                      "signed in the year: one row each."))
def agreements_register(*, params, user, progress):
    year = params["year"]
    rows = register_rows(register_records(user, year))
    progress(80)
    header = register_header()
    return Rows(title=_("Register of agreements"), header=[name for name, _kind in header],
                rows=rows, filename=f"sutarciu-registras-{year}",
                kinds=dict(header))
