"""Partners, contacts, log entries and agreements for tests, made through the services (as
staff make them)."""

from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bendradarbiavimas import services_partners as services
from bendradarbiavimas.models import Agreement, AgreementKind, ContactKind, ContactLog
from bibliotekos.models import Organisation, OrganisationKind, Person

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(name="sutartis.pdf", content=PDF, content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_organisation(name="Latvijas Nacionālā bibliotēka", *, country="LV",
                      kind=OrganisationKind.LIBRARY_FOREIGN, **fields) -> Organisation:
    return Organisation.objects.create(name=name, country=country, kind=kind, **fields)


def make_partner(*, by, organisation=None, libraries=(), name=None, **fields):
    organisation = organisation or make_organisation(name or "Latvijas Nacionālā bibliotēka")
    values = {"areas": "Patirties mainai, bendri renginiai", "since": date(2020, 5, 4)}
    values.update(fields)
    return services.create_partner(by=by, organisation=organisation,
                                   libraries=list(libraries), **values)


def make_person(partner, first="Inese", last="Bērziņa", **fields) -> Person:
    return Person.objects.create(first_name=first, last_name=last,
                                 organisation=partner.organisation, **fields)


def make_contact(partner, *, by, person=None, **fields):
    person = person or make_person(partner, email="inese@lnb.lv")
    values = {"role": "projektų koordinatorė", "consent": True,
              "consent_on": date(2025, 2, 1), "consent_note": "el. paštu"}
    values.update(fields)
    return services.add_contact(partner=partner, by=by, person=person, **values)


def make_log(partner, *, by, libraries=(), days_ago=10, **fields) -> ContactLog:
    values = {"happened_on": timezone.localdate() - timedelta(days=days_ago),
              "kind": ContactKind.MEETING, "summary": "Aptarta bendra vasaros skaitymų akcija."}
    values.update(fields)
    return services.add_log(ContactLog(partner=partner, **values), by=by,
                            libraries=list(libraries))


def make_agreement(*, by, partners, starts_on=None, ends_on=None, libraries=(),
                   **fields) -> Agreement:
    values = {"number": "BS-1", "kind": AgreementKind.AGREEMENT,
              "title": "Bendradarbiavimo sutartis", "subject": "Patirties mainai",
              "obligations": "Šalys keičiasi leidiniais.",
              "starts_on": starts_on or date(2024, 1, 1), "ends_on": ends_on}
    values.update(fields)
    return services.create_agreement(Agreement(**values), by=by, partners=list(partners),
                                     libraries=list(libraries))
