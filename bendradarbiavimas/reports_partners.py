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
from portalas.registry import FileableDocument, fileable_kind, report_kind

__all__ = ["describe_agreement", "register_header", "register_records", "register_rows",
           "signed_agreements"]


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


# --- the archive: a signed agreement filed into the department's file plan ------------------

def _agreement_date(agreement: Agreement) -> date:
    return agreement.signed_on or agreement.starts_on


def _agreement_title(agreement: Agreement) -> str:
    kinds = {choice.value: str(choice.label) for choice in AgreementKind}
    number = f" {pgettext('document number', 'No.')} {agreement.number}" \
        if agreement.number else ""
    return f"{kinds.get(agreement.kind, agreement.kind)}{number}: {agreement.title}"


def describe_agreement(agreement: Agreement, user):
    """An agreement's signed file, for staff to file while it is stored. Agreements are
    seen by staff and management, and so is the filed copy."""
    if not (user.is_authenticated and user.is_active and user.can_manage_territory):
        return None
    stored = agreement.file
    if not stored or not stored.storage.exists(stored.name):
        return None

    def content() -> tuple[str, bytes]:
        with stored.storage.open(stored.name, "rb") as handle:
            return stored.name.rsplit("/", 1)[-1], handle.read()

    return FileableDocument(
        key=str(agreement.pk), title=_agreement_title(agreement),
        date=_agreement_date(agreement), content=content, audience="management",
        url=agreement.get_absolute_url(), subkind=agreement.kind)


def signed_agreements(year: int) -> list[dict]:
    """The agreements signed (or, without a signing date, starting) in the year whose
    signed file is stored."""
    records = (Agreement.objects.exclude(file="")
               .filter(Q(signed_on__year=year) | Q(signed_on=None, starts_on__year=year))
               .order_by("signed_on", "starts_on", "pk"))
    return [{"title": _agreement_title(agreement), "date": _agreement_date(agreement),
             "url": agreement.get_absolute_url(), "library": None, "subkind": agreement.kind}
            for agreement in records]


fileable_kind("bendradarbiavimas.agreement", label=gettext_lazy("Signed agreements"),
              documents=signed_agreements, model="bendradarbiavimas.agreement",
              describe=describe_agreement,
              retention_hint=gettext_lazy("Agreements and contracts: kept as the "
                                          "institution's documentation plan says."))
