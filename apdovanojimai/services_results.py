"""Writes of the results area: the awards staff prepare once the chair has closed scoring (a
diploma to a winner, a thank-you letter to another admitted nominee), publishing the
results to the territory and archiving the contest.

- An award's number is ``AP-<contest year>-<nnn>``, taken when the award is created: the
  contest row is locked (two staff preparing the same contest's awards wait for each other)
  and the number is unique in the database, so a number taken at the same moment by another
  contest of the year is retried with the next one — two awards never share one.
- The recipient is printed exactly as staff typed it (the case the text needs: "Aušrai
  Petrauskienei"); the portal declines nothing.
- ``publish_results`` (evaluation with scoring closed → published) and ``archive``
  (published → archived) are conditional UPDATEs, so two clicks move the contest once;
  publishing writes a ``JuryEvent`` and e-mails the nominators after the commit (the
  notification kind ``apdovanojimai.results_published``).

Every function checks who may: ``PermissionDenied`` for a role that may not, ``Refused`` (a
``ValidationError``) for what the rules do not allow, with the reason."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apdovanojimai.models import (
    Award,
    AwardKind,
    Contest,
    ContestStatus,
    JuryAction,
    JuryEvent,
    Nomination,
    NominationStatus,
    Result,
    may_manage,
)
from paskyros.models import Role
from portalas import notifications
from portalas.registry import notification_kind

logger = logging.getLogger("regionas.awards")

RESULTS_PUBLISHED = "apdovanojimai.results_published"
NUMBER_PREFIX = "AP"
NUMBER_ATTEMPTS = 20

notification_kind(RESULTS_PUBLISHED, label=gettext_lazy("Contest results published"),
                  description=gettext_lazy("The results of a contest you nominated someone "
                                           "to are published."),
                  roles=(Role.LIBRARIAN, Role.STAFF, Role.MANAGEMENT, Role.ADMIN))


class Refused(ValidationError):
    """A change the rules do not allow; ``code`` says what kind."""

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code=code, params=params)
        self.code = code


def _queue_email(contest_id: int) -> None:
    """The nominators' e-mail, queued after the commit (the demo turns it off)."""
    transaction.on_commit(lambda: send_results_published.delay(contest_id))


def _require_staff(user) -> None:
    if user is None or not may_manage(user):
        raise PermissionDenied


# --- what an award says by default ------------------------------------------------------------

def award_kind_for(result: Result | None) -> str:
    """A winner gets a diploma, every other admitted nominee a thank-you letter."""
    return AwardKind.DIPLOMA if result is not None and result.won else AwardKind.LETTER


def default_title(nomination: Nomination) -> str:
    """"<category> <year>", e.g. "Metų bibliotekininkas 2026"."""
    name = nomination.category.name
    year = str(nomination.contest.year)
    return name if year in name else f"{name} {year}"


def default_recipient(nomination: Nomination) -> str:
    """The nominee's name in the nominative, to be retyped in the case the text needs: a
    person's name, a library's name, a practice's library."""
    if nomination.person_id:
        return " ".join(str(nomination.person).split())
    if nomination.library_id:
        return nomination.library.name
    if nomination.practice_id:
        return nomination.practice.library.name
    return ""


def default_citation(nomination: Nomination, kind: str) -> str:
    contest = nomination.contest
    return contest.diploma_text if kind == AwardKind.DIPLOMA else contest.letter_text


def may_prepare(contest: Contest) -> bool:
    """Awards are prepared once scoring is closed, until the contest is archived."""
    return (contest.scoring_closed
            and contest.status in (ContestStatus.EVALUATION, ContestStatus.PUBLISHED))


# --- numbers ----------------------------------------------------------------------------------

def next_number(year: int) -> str:
    """The year's next free number, ``AP-2026-007`` (the highest taken plus one)."""
    prefix = f"{NUMBER_PREFIX}-{year}-"
    taken = Award.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    highest = max((int(number[len(prefix):]) for number in taken
                   if number[len(prefix):].isdigit()), default=0)
    return f"{prefix}{highest + 1:03d}"


def _save_numbered(award: Award) -> Award:
    """Save a new award under the year's next number; a number another transaction took
    meanwhile (the unique constraint) is retried with the next one."""
    for _attempt in range(NUMBER_ATTEMPTS):
        award.number = next_number(award.contest.year)
        try:
            with transaction.atomic():
                award.save()
        except IntegrityError:
            if Award.objects.filter(nomination_id=award.nomination_id).exists():
                raise Refused(_("This nomination already has its diploma or letter."),
                              code="exists") from None
            award.pk = None
            continue
        return award
    raise Refused(_("No free number was found for the award; try again."), code="number")


# --- prepare and edit -------------------------------------------------------------------------

def _clean_texts(*, title: str, recipient_text: str) -> tuple[str, str]:
    title, recipient_text = " ".join(title.split()), " ".join(recipient_text.split())
    problems = {}
    if not title:
        problems["title"] = _("Write what the award is called.")
    if not recipient_text:
        problems["recipient_text"] = _("Write the recipient's name as it is to be printed.")
    if problems:
        raise Refused(problems, code="blank")
    return title, recipient_text


@transaction.atomic
def prepare_award(*, nomination: Nomination, by, title: str, recipient_text: str,
                  citation: str = "", place: int | None = None,
                  issued_on=None) -> Award:
    """Create the diploma (a winner) or the thank-you letter (another admitted nominee) of
    ``nomination``, numbered now. Staff only, once scoring is closed and until archived."""
    _require_staff(by)
    contest = Contest.objects.select_for_update().get(pk=nomination.contest_id)
    if not may_prepare(contest):
        raise Refused(_("Diplomas and letters are prepared once the jury's chair has closed "
                        "scoring, and not after the contest is archived."), code="status")
    nomination = (Nomination.objects.select_related("person", "library", "practice",
                                                    "category", "unit")
                  .get(pk=nomination.pk))
    if nomination.contest_id != contest.pk or nomination.status != NominationStatus.ACCEPTED:
        raise Refused(_("Only a nomination admitted to evaluation gets a diploma or a "
                        "letter."), code="status")
    if Award.objects.filter(nomination=nomination).exists():
        raise Refused(_("This nomination already has its diploma or letter."), code="exists")
    result = Result.objects.filter(nomination=nomination).first()
    kind = award_kind_for(result)
    title, recipient_text = _clean_texts(title=title, recipient_text=recipient_text)
    if place is None and kind == AwardKind.DIPLOMA and result is not None:
        place = result.rank
    award = Award(contest=contest, nomination=nomination, kind=kind, title=title,
                  recipient_text=recipient_text, citation=(citation or "").strip(),
                  place=place, person=nomination.person, library=nomination.library,
                  issued_on=issued_on or timezone.localdate(), created_by=by)
    award._history_user = by
    return _save_numbered(award)


@transaction.atomic
def update_award(*, award: Award, by, title: str, recipient_text: str, citation: str = "",
                 place: int | None = None, version: int | None = None) -> Award:
    """Change what an award prints (its number and kind stay). Staff, until archived.
    ``version``: the award's version when the form was opened; if someone saved since, the
    change is refused (it would overwrite theirs)."""
    _require_staff(by)
    contest = Contest.objects.select_for_update().get(pk=award.contest_id)
    if contest.status == ContestStatus.ARCHIVED:
        raise Refused(_("The contest is archived: its diplomas and letters are no longer "
                        "changed."), code="status")
    current = Award.objects.select_for_update().get(pk=award.pk)
    if version is not None and current.version != version:
        last = current.history.select_related("history_user").first()
        who = (last.history_user.full_name or last.history_user.email
               if last is not None and last.history_user is not None else "?")
        raise Refused(_("%(who)s changed this award after you opened it. Your text is kept "
                        "below: compare it with the award's page and save again to replace "
                        "theirs.") % {"who": who}, code="stale")
    title, recipient_text = _clean_texts(title=title, recipient_text=recipient_text)
    award.title, award.recipient_text = title, recipient_text
    award.citation, award.place = (citation or "").strip(), place
    award.version = current.version + 1
    award._history_user = by
    award.save(update_fields=["title", "recipient_text", "citation", "place", "version",
                              "updated_at"])
    return award


# --- publish and archive ----------------------------------------------------------------------

@transaction.atomic
def publish_results(*, contest: Contest, by) -> Contest:
    """Evaluation with scoring closed → results published (every signed-in user sees the
    winners and the awards). Once: a second click is refused. The nominators are e-mailed
    after the commit."""
    _require_staff(by)
    now = timezone.now()
    moved = (Contest.objects.filter(pk=contest.pk, status=ContestStatus.EVALUATION,
                                    scoring_closed_at__isnull=False)
             .update(status=ContestStatus.PUBLISHED, results_published_at=now,
                     version=F("version") + 1, updated_at=now))
    if moved != 1:
        current = Contest.objects.filter(pk=contest.pk).values_list("status", flat=True).first()
        if current in (ContestStatus.PUBLISHED, ContestStatus.ARCHIVED):
            raise Refused(_("The results of this contest are already published."),
                          code="published")
        raise Refused(_("The results are published once the jury's chair has closed "
                        "scoring."), code="status")
    JuryEvent.objects.create(contest_id=contest.pk, actor=by, action=JuryAction.PUBLISHED,
                             at=now)
    contest.refresh_from_db()
    _queue_email(contest.pk)
    logger.info("contest %s: results published by user %s", contest.pk, by.pk)
    return contest


@transaction.atomic
def archive(*, contest: Contest, by) -> Contest:
    """Results published → archived (the results stay visible; nothing is changed any
    more). Once."""
    _require_staff(by)
    moved = (Contest.objects.filter(pk=contest.pk, status=ContestStatus.PUBLISHED)
             .update(status=ContestStatus.ARCHIVED, version=F("version") + 1,
                     updated_at=timezone.now()))
    if moved != 1:
        raise Refused(_("Only a contest whose results are published can be archived."),
                      code="status")
    contest.refresh_from_db()
    return contest


# --- the e-mail to the nominators --------------------------------------------------------------

def _link(name: str, *args) -> str:
    return settings.PORTAL_BASE_URL + reverse(name, args=args)


def results_message(contest: Contest, user, nominations: list[Nomination]) -> EmailMessage:
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        context = {"user": user, "contest": contest, "nominations": nominations,
                   "link": _link("apdovanojimai:contest_results", contest.pk),
                   "base_url": settings.PORTAL_BASE_URL,
                   "unsubscribe_url": notifications.unsubscribe_url(user, RESULTS_PUBLISHED)}
        subject = render_to_string("apdovanojimai/email/results_published_subject.txt",
                                   context)
        body = render_to_string("apdovanojimai/email/results_published.txt", context)
    return EmailMessage(settings.EMAIL_SUBJECT_PREFIX + " ".join(subject.split()), body,
                        to=[user.email],
                        headers=notifications.list_unsubscribe_headers(user,
                                                                       RESULTS_PUBLISHED))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=60, max_retries=5)
def send_results_published(contest_id: int) -> int:
    """E-mail each nominator of an admitted nomination (once, however many they made) that
    the contest's results are published, with how each of theirs came out."""
    contest = Contest.objects.filter(pk=contest_id).first()
    if contest is None or not contest.results_published:
        return 0
    nominations = list(Nomination.objects.filter(contest=contest,
                                                 status=NominationStatus.ACCEPTED)
                       .select_related("nominator", "person", "library", "practice",
                                       "category", "result", "award")
                       .order_by("category__order", "pk"))
    by_user: dict[int, list[Nomination]] = {}
    users = {}
    for nomination in nominations:
        user = nomination.nominator
        if not user.is_active or not user.email:
            continue
        users[user.pk] = user
        by_user.setdefault(user.pk, []).append(nomination)
    wanted = notifications.wanting(list(users.values()), RESULTS_PUBLISHED)
    messages = [results_message(contest, user, by_user[user.pk]) for user in wanted]
    sent = get_connection(fail_silently=False).send_messages(messages) if messages else 0
    logger.info("contest %s: results e-mailed to %s nominators", contest_id, sent)
    return sent
