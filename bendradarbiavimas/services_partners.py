"""Writes of the partners and agreements, and who may do what with them — decided here,
once; the views ask. Department staff keep partners, their contacts, the contact log and
the agreements; management read them; a territory librarian reads the partners their
library works with (``Partner.objects.visible_to``), never contacts, the log or
agreements.

Every write takes the user who makes it (``simple_history`` records who). A new partner may
bring a new organisation of the registry's shared list, created in the same transaction; a
new contact may bring a new person of that organisation. An agreement's file is checked by
its content (PDF, DOCX, ODT, JPEG, PNG); a changed end date clears the reminder mark, so
the new end is reminded of again; a termination is a conditional UPDATE."""

import logging
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from bendradarbiavimas.models import Agreement, ContactLog, Partner, PartnerContact, may_manage
from bibliotekos.models import Organisation, Person
from portalas import files

logger = logging.getLogger("regionas.cooperation")

__all__ = ["Refused", "add_contact", "add_log", "agreement_status", "check_file",
           "create_agreement", "create_partner", "delete_contact", "delete_log",
           "file_kind", "may_manage", "may_read", "terminate_agreement", "update_agreement",
           "update_contact", "update_log", "update_partner"]


class Refused(ValidationError):
    """A change the rules do not allow; the message says why."""


# --- who may do what ------------------------------------------------------------------------

def may_read(user) -> bool:
    """Contacts, the contact log and agreements: staff and management (the whole-territory
    roles)."""
    return bool(user.is_authenticated and user.is_active and user.sees_whole_territory)


def _staff_only(user) -> None:
    if not may_manage(user):
        raise PermissionDenied


# --- agreement status -------------------------------------------------------------------------

class Status:
    IN_FORCE = "in_force"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    TERMINATED = "terminated"
    PENDING = "pending"


#: How many working days ahead an agreement counts as expiring (lists, home panel).
EXPIRING_WORKING_DAYS = 30


def status_labels() -> dict:
    from django.utils.translation import pgettext_lazy

    return {Status.IN_FORCE: pgettext_lazy("agreement status", "In force"),
            Status.EXPIRING: pgettext_lazy("agreement status", "Expiring soon"),
            Status.EXPIRED: pgettext_lazy("agreement status", "Expired"),
            Status.TERMINATED: pgettext_lazy("agreement status", "Terminated"),
            Status.PENDING: pgettext_lazy("agreement status", "Not yet in force")}


def expiry_horizon(today: date | None = None, days: int = EXPIRING_WORKING_DAYS) -> date:
    from portalas.workdays import add_working_days

    return add_working_days(today or timezone.localdate(), days)


def agreement_status(agreement: Agreement, *, today: date | None = None,
                     horizon: date | None = None) -> str:
    """One of ``Status``: terminated, not yet in force, expired, expiring within the
    horizon (30 working days by default), or in force."""
    today = today or timezone.localdate()
    if agreement.terminated_on is not None and agreement.terminated_on <= today:
        return Status.TERMINATED
    if agreement.starts_on > today:
        return Status.PENDING
    if agreement.ends_on is not None and agreement.ends_on < today:
        return Status.EXPIRED
    horizon = horizon or expiry_horizon(today)
    if agreement.ends_on is not None and agreement.ends_on <= horizon:
        return Status.EXPIRING
    return Status.IN_FORCE


# --- files ------------------------------------------------------------------------------------

#: What a signed agreement may be (read from the content by the kit).
ACCEPTED_KINDS = ("pdf", "docx", "odt", "jpg", "png")


def file_kind(upload) -> str | None:
    """The agreement file's kind by its content, when it is one accepted; else None."""
    kind = files.file_kind(upload)
    return kind if kind in ACCEPTED_KINDS else None


def clean_file_name(name: str, kind: str) -> str:
    return files.clean_file_name(name, kind, fallback="sutartis")


def check_file(upload) -> str:
    """The upload's kind (and a clean name), or ValidationError: too large, or not a PDF,
    DOCX, ODT, JPEG or PNG by its content."""
    limit = settings.UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(_("The file is larger than %(max)s MB.")
                              % {"max": limit // (1024 * 1024)}, code="too_large")
    kind = file_kind(upload)
    if kind is None:
        raise ValidationError(_("Upload the signed agreement as a PDF, DOCX, ODT, JPEG or PNG "
                                "file (this file's content is none of them)."),
                              code="file_type")
    upload.name = clean_file_name(upload.name, kind)
    return kind


def _new_upload(agreement: Agreement) -> bool:
    return bool(agreement.file) and not getattr(agreement.file, "_committed", True)


def _remove_file_later(storage, name: str) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


# --- partners ---------------------------------------------------------------------------------

def _country(code: str) -> str:
    code = (code or "").strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise Refused({"country": _("Enter a two-letter country code, e.g. LT, LV, PL.")})
    return code


@transaction.atomic
def create_organisation(*, name: str, short_name: str = "", kind: str, country: str,
                        website: str = "", email: str = "") -> Organisation:
    """A new organisation of the shared list; refused when one of that name is already
    listed in that country (choose it instead)."""
    name = " ".join((name or "").split())
    if not name:
        raise Refused({"new_name": _("Give the organisation's name.")})
    country = _country(country)
    if Organisation.objects.annotate(lower=Lower("name")).filter(
            lower=name.lower(), country=country).exists():
        raise Refused({"new_name": _("An organisation of this name is already in the list: "
                                     "choose it above.")})
    return Organisation.objects.create(name=name, short_name=short_name.strip(), kind=kind,
                                       country=country, website=website, email=email)


@transaction.atomic
def create_partner(*, by, organisation: Organisation | None = None, new_organisation=None,
                   areas: str = "", since: date | None = None, libraries=(),
                   active: bool = True, note: str = "") -> Partner:
    """A partner of an organisation of the list, or of a new one (``new_organisation``: the
    keyword arguments of ``create_organisation``), made in the same transaction. An
    organisation is a partner once."""
    _staff_only(by)
    if (organisation is None) == (new_organisation is None):
        raise Refused(_("Choose an organisation from the list or type a new one (not both)."))
    if organisation is None:
        organisation = create_organisation(**new_organisation)
    if Partner.objects.filter(organisation=organisation).exists():
        raise Refused({"organisation": _("%(name)s is already a partner.")
                       % {"name": organisation.name}})
    if since is not None and since > timezone.localdate():
        raise Refused({"since": _("The date is in the future.")})
    partner = Partner(organisation=organisation, areas=areas, since=since, active=active,
                      note=note, created_by=by)
    partner._history_user = by
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        raise Refused({"organisation": _("%(name)s is already a partner.")
                       % {"name": organisation.name}}) from None
    partner.libraries.set(libraries)
    logger.info("partner %s created by user %s", partner.pk, by.pk)
    return partner


@transaction.atomic
def update_partner(partner: Partner, *, by, libraries=None) -> Partner:
    """Save an edited partner (fields set by its form)."""
    _staff_only(by)
    if partner.since is not None and partner.since > timezone.localdate():
        raise Refused({"since": _("The date is in the future.")})
    partner._history_user = by
    partner.save()
    if libraries is not None:
        partner.libraries.set(libraries)
    return partner


# --- contacts ---------------------------------------------------------------------------------

def _consent_checked(contact: PartnerContact) -> None:
    if contact.consent and contact.consent_on and contact.consent_on > timezone.localdate():
        raise Refused({"consent_on": _("The consent date is in the future.")})
    if not contact.consent:
        contact.consent_on = None
        contact.consent_note = ""


@transaction.atomic
def add_contact(*, partner: Partner, by, person: Person | None = None, new_person=None,
                role: str = "", consent: bool = False, consent_on: date | None = None,
                consent_note: str = "") -> PartnerContact:
    """A person of the partner's organisation as a contact: one chosen from the registry
    (of that organisation), or a new one (``new_person``: first_name, last_name, email,
    phone, position) made with the organisation. Without consent a new person is kept with
    their name, position and role only: their e-mail and phone are refused."""
    _staff_only(by)
    if (person is None) == (new_person is None):
        raise Refused(_("Choose a person or type a new one (not both)."))
    if person is not None and person.organisation_id != partner.organisation_id:
        raise Refused({"person": _("Choose a person of this organisation.")})
    if new_person is not None:
        first, last = (" ".join((new_person.get(k) or "").split())
                       for k in ("first_name", "last_name"))
        if not first or not last:
            raise Refused({"first_name": _("Give the person's first and last name.")})
        if not consent and (new_person.get("email") or new_person.get("phone")):
            raise Refused({"consent": _(
                "Without the person's consent only their name and role may be kept: tick "
                "the consent (and say how it was given), or leave the e-mail and phone "
                "empty.")})
        person = Person(first_name=first, last_name=last,
                        email=new_person.get("email") or "",
                        phone=new_person.get("phone") or "",
                        position=new_person.get("position") or "",
                        organisation=partner.organisation)
        person._history_user = by
        person.save()
    if PartnerContact.objects.filter(partner=partner, person=person).exists():
        raise Refused({"person": _("%(name)s is already a contact of this partner.")
                       % {"name": person}})
    contact = PartnerContact(partner=partner, person=person, role=role, consent=consent,
                             consent_on=consent_on, consent_note=consent_note)
    _consent_checked(contact)
    contact._history_user = by
    contact.save()
    return contact


@transaction.atomic
def update_contact(contact: PartnerContact, *, by) -> PartnerContact:
    """Save a contact's role and consent (set by its form)."""
    _staff_only(by)
    _consent_checked(contact)
    contact._history_user = by
    contact.save()
    return contact


@transaction.atomic
def delete_contact(contact: PartnerContact, *, by) -> None:
    """The person stops being the partner's contact (the registry's person stays)."""
    _staff_only(by)
    contact._history_user = by
    contact.delete()


# --- the contact log --------------------------------------------------------------------------

def _check_log(entry: ContactLog) -> None:
    if entry.happened_on is None:
        raise Refused({"happened_on": _("Give the date.")})
    if not (entry.summary or "").strip():
        raise Refused({"summary": _("Say what happened.")})


@transaction.atomic
def add_log(entry: ContactLog, *, by, libraries=()) -> ContactLog:
    _staff_only(by)
    _check_log(entry)
    entry.created_by = by
    entry._history_user = by
    entry.save()
    entry.libraries.set(libraries)
    return entry


@transaction.atomic
def update_log(entry: ContactLog, *, by, libraries=None) -> ContactLog:
    _staff_only(by)
    _check_log(entry)
    entry._history_user = by
    entry.save()
    if libraries is not None:
        entry.libraries.set(libraries)
    return entry


@transaction.atomic
def delete_log(entry: ContactLog, *, by) -> None:
    _staff_only(by)
    entry._history_user = by
    entry.delete()


# --- agreements -------------------------------------------------------------------------------

def _check_agreement(agreement: Agreement, partners) -> None:
    errors = {}
    if agreement.starts_on is None:
        errors["starts_on"] = _("Give the date the agreement takes effect.")
    elif agreement.ends_on is not None and agreement.ends_on < agreement.starts_on:
        errors["ends_on"] = _("The agreement cannot end before it starts: check the dates "
                              "(valid until is earlier than valid from).")
    if (agreement.terminated_on is not None and agreement.starts_on is not None
            and agreement.terminated_on < agreement.starts_on):
        errors["terminated_on"] = _("An agreement cannot be terminated before it starts.")
    if not (agreement.title or "").strip():
        errors["title"] = _("Give the title.")
    if not (agreement.subject or "").strip():
        errors["subject"] = _("Say what the agreement is about.")
    if partners is not None and not list(partners):
        errors["partners"] = _("Choose at least one partner as a party.")
    if errors:
        raise Refused(errors)


def _check_upload(agreement: Agreement) -> None:
    try:
        check_file(agreement.file.file)
    except ValidationError as error:
        raise Refused({"file": error.messages}) from None
    agreement.file.name = agreement.file.file.name


@transaction.atomic
def create_agreement(agreement: Agreement, *, by, partners, libraries=()) -> Agreement:
    _staff_only(by)
    _check_agreement(agreement, partners)
    if _new_upload(agreement):
        _check_upload(agreement)
    agreement.created_by = by
    agreement.reminded_at = None
    agreement._history_user = by
    agreement.save()
    agreement.partners.set(partners)
    agreement.libraries.set(libraries)
    logger.info("agreement %s created by user %s", agreement.pk, by.pk)
    return agreement


@transaction.atomic
def update_agreement(agreement: Agreement, *, by, partners=None, libraries=None) -> Agreement:
    """Save an edited agreement. A changed end date clears the reminder mark (the new end is
    reminded of again); a replaced or cleared file is removed after the commit."""
    _staff_only(by)
    _check_agreement(agreement, partners)
    current = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if _new_upload(agreement):
        _check_upload(agreement)
    if current.ends_on != agreement.ends_on:
        agreement.reminded_at = None
    else:
        agreement.reminded_at = current.reminded_at
    agreement.created_by_id = current.created_by_id
    agreement._history_user = by
    agreement.save()
    if current.file and current.file.name != agreement.file.name:
        _remove_file_later(current.file.storage, current.file.name)
    if partners is not None:
        agreement.partners.set(partners)
    if libraries is not None:
        agreement.libraries.set(libraries)
    return agreement


@transaction.atomic
def terminate_agreement(agreement: Agreement, *, by, on: date, reason: str = "") -> Agreement:
    """End an agreement early: once (a second click changes nothing), not before it
    starts. The reason is added to the note."""
    _staff_only(by)
    if on is None:
        raise Refused({"terminated_on": _("Give the date of termination.")})
    if on < agreement.starts_on:
        raise Refused({"terminated_on": _("An agreement cannot be terminated before it "
                                          "starts.")})
    note = agreement.note
    if reason.strip():
        line = _("Terminated on %(day)s: %(reason)s") % {"day": on.isoformat(),
                                                          "reason": reason.strip()}
        note = f"{note}\n{line}".strip()
    moved = Agreement.objects.filter(pk=agreement.pk, terminated_on__isnull=True).update(
        terminated_on=on, note=note, updated_at=timezone.now())
    if moved != 1:
        raise Refused(_("The agreement has already been terminated."))
    agreement.refresh_from_db()
    agreement._history_user = by
    agreement.save(update_fields=["terminated_on"])   # a history row saying who
    return agreement
