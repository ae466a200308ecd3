"""Whom an assignment can go to, and naming them by words.

An assignment (or a delegation) goes only to people with an active portal account of the
department: staff or management (``ASSIGNEE_ROLES``). The form offers them as a list to
tick; someone not in the list may be named by e-mail address or full name in a text box
("Others"), one per line or separated by commas or semicolons. A word that names no such
account is refused by name — someone without an account cannot be given an assignment
(an administrator invites them first) — and a name two accounts share asks for the e-mail
address instead."""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _

from paskyros.models import normalize_email
from pavedimai.models import ASSIGNEE_ROLES
from portalas.ordering import lt_order

__all__ = ["Found", "assignable_people", "find_people", "is_assignable", "person_name"]

SEPARATORS = re.compile(r"[\n;,]+")


def person_name(user) -> str:
    return (user.full_name or user.email) if user else ""


def assignable_people(*, exclude=()):
    """Active staff and management accounts, in Lithuanian order of their names."""
    ids = [getattr(person, "pk", person) for person in exclude if person is not None]
    return (get_user_model().objects.filter(is_active=True, role__in=ASSIGNEE_ROLES)
            .exclude(pk__in=ids).order_by(lt_order("full_name"), "email"))


def is_assignable(user) -> bool:
    return bool(user and user.is_active and user.role in ASSIGNEE_ROLES)


@dataclass
class Found:
    """People the words named, and a message for each word that named nobody (or two)."""

    people: list = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _words(text: str) -> list[str]:
    seen, words = set(), []
    for part in SEPARATORS.split(text or ""):
        word = " ".join(part.split())
        if word and word.casefold() not in seen:
            seen.add(word.casefold())
            words.append(word)
    return words


def find_people(text: str) -> Found:
    """The accounts the words name (an e-mail address, or a full name as the account has
    it, in any case). Two queries whatever the number of words."""
    words = _words(text)
    found = Found()
    if not words:
        return found
    emails = {normalize_email(word) for word in words if "@" in word}
    names = [word for word in words if "@" not in word]
    wanted = Q(email__in=emails)
    for name in names:
        wanted |= Q(full_name__iexact=name)
    accounts = list(get_user_model().objects.filter(wanted).order_by("pk"))
    for word in words:
        if "@" in word:
            address = normalize_email(word)
            matches = [user for user in accounts if user.email == address]
        else:
            matches = [user for user in accounts
                       if (user.full_name or "").casefold() == word.casefold()]
        assignable = [user for user in matches if is_assignable(user)]
        if len(assignable) == 1:
            found.people.append(assignable[0])
        elif len(assignable) > 1:
            found.errors.append(_("Two or more accounts are called “%(name)s”: write their "
                                  "e-mail address instead.") % {"name": word})
        elif matches and not any(user.is_active for user in matches):
            found.errors.append(_("The account of “%(name)s” is switched off: an assignment "
                                  "goes only to an active account.") % {"name": word})
        elif matches:
            found.errors.append(_("“%(name)s” is not department staff or management: "
                                  "assignments go to them only.") % {"name": word})
        else:
            found.errors.append(_("Nobody with a portal account is “%(name)s”: an assignment "
                                  "goes only to people with an account (an administrator "
                                  "can invite them).") % {"name": word})
    return found
