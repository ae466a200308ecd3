"""Evaluations and awards for the territory's library specialists (charter function 5.6):
contests with their categories, criteria and jury; nominations of a person, a library or a
good practice; each juror's conflict declarations and private scores; the result computed
by a documented rule; the awards, diplomas and thank-you letters.

Who sees what (decided here, in the querysets, and nowhere else):

- a contest: every signed-in user once it has left the draft; a draft its jury and the
  whole-territory roles;
- a nomination: its nominator; the department's staff; a juror of its contest once they
  have declared no conflict of interest with it (``Nomination.objects.visible_to``). Before
  declaring, a juror sees only whom it nominates, to declare (``to_declare``);
- scores: each juror their own; once the chair has closed scoring, the chair and staff
  all of them (``services_jury``). Nobody sees another juror's score before closing, a
  staff member on the jury included;
- the jury's audit trail: staff only; before closing it says who scored, never what;
- an award: every signed-in user once the contest's results are published; staff always.

Staff run contests, the jury and the awards; management read what staff read of contests
and awards; a director nominates from their library and its outlets."""

from apdovanojimai.models.awards import Award, AwardKind, AwardQuerySet
from apdovanojimai.models.contests import (
    RESULTS_STATUSES,
    Category,
    Contest,
    ContestLevel,
    ContestQuerySet,
    ContestStatus,
    Criterion,
    JuryMember,
    JuryRole,
    NomineeKind,
    may_manage,
    may_read_all,
)
from apdovanojimai.models.jury import (
    Assessment,
    AssessmentQuerySet,
    ConflictReason,
    JuryAction,
    JuryEvent,
    JuryEventQuerySet,
    Result,
    ResultQuerySet,
    Score,
    ScoreQuerySet,
)
from apdovanojimai.models.nominations import (
    LIVE_NOMINATION,
    Nomination,
    NominationFile,
    NominationFileQuerySet,
    NominationQuerySet,
    NominationStatus,
)

__all__ = ["LIVE_NOMINATION", "RESULTS_STATUSES", "Assessment", "AssessmentQuerySet", "Award",
           "AwardKind", "AwardQuerySet", "Category", "ConflictReason", "Contest",
           "ContestLevel", "ContestQuerySet", "ContestStatus", "Criterion", "JuryAction",
           "JuryEvent", "JuryEventQuerySet", "JuryMember", "JuryRole", "Nomination",
           "NominationFile", "NominationFileQuerySet", "NominationQuerySet",
           "NominationStatus", "NomineeKind", "Result", "ResultQuerySet", "Score",
           "ScoreQuerySet", "may_manage", "may_read_all"]
