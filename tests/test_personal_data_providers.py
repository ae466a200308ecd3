"""Every model that can hold a person's data is covered by a personal-data provider or has
a written reason why it needs none (GDPR Art. 15/17; RELIABILITY.md H).

A model is found when it points to the registry's ``Person`` or to an account (a foreign
key or one-to-one field, also in the history tables django-simple-history makes and the
tables of many-to-many fields), or has a text column whose name says it holds a person
(``person_name``, ``email``, ``phone``…). A new one fails this test until its app registers
a provider (``portalas.registry.personal_data``) or an exemption is written below."""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from bibliotekos.models import Person
from portalas.registry import personal_data_providers

NAME_LIKE = re.compile(
    r"(^|_)(person|holder|full|first|last|signer|contact)_name$"
    r"|(^|_)(email|e_mail|phone|telephone|mobile|username|contact|responsible|met_with"
    r"|holder|signer)$")

# django-simple-history's "who made this change", on every history table
HISTORY_USER = "history_user"

ACTOR = ("points to the account that did something (logged, uploaded, marked, reviewed); "
         "paskyros.account anonymises the account, so the link names nobody and the record "
         "keeps who did it as a placeholder")
ORGANISATION_CONTACT = "the library's or organisation's own contact, not a person's"
ACCOUNT_PERMISSIONS = ("the account's groups, permissions and places in libraries: they "
                       "name nobody once paskyros.account has anonymised the account")
EARLIER_LISTS = ("earlier versions of a responsible or participants list, pointing to the "
                 "anonymised account (paskyros.account)")


def provider(name: str) -> tuple[str, str]:
    return ("provider", name)


def exempt(reason: str) -> tuple[str, str]:
    return ("exempt", reason)


COVERED = {
    # the admin, sign-in protection, second factor, accounts
    "admin.LogEntry": exempt(ACTOR + "; the entries that name the person are scrubbed by "
                             "bibliotekos.services.erase_personal_data itself"),
    "axes.AccessAttempt": provider("paskyros.account"),
    "axes.AccessFailureLog": provider("paskyros.account"),
    "axes.AccessLog": provider("paskyros.account"),
    "otp_totp.TOTPDevice": provider("paskyros.account"),
    "otp_static.StaticDevice": provider("paskyros.account"),
    "paskyros.User": provider("paskyros.account"),
    "paskyros.NotificationPreference": provider("paskyros.account"),
    "paskyros.User_groups": exempt(ACCOUNT_PERMISSIONS),
    "paskyros.User_user_permissions": exempt(ACCOUNT_PERMISSIONS),
    "paskyros.Invitation": provider("paskyros.account"),
    # awards: a nominee is a registry person, an award names its recipient; a juror is an
    # account whose declarations, comments and scores the jury provider exports; the
    # accounts that created, nominated, uploaded or acted in the audit trail are actors
    "apdovanojimai.Contest": exempt(ACTOR),
    "apdovanojimai.HistoricalContest": exempt(ACTOR),
    "apdovanojimai.JuryMember": provider("apdovanojimai.jury"),
    "apdovanojimai.HistoricalJuryMember": provider("apdovanojimai.jury"),
    "apdovanojimai.Nomination": provider("apdovanojimai.nominations"),
    "apdovanojimai.HistoricalNomination": provider("apdovanojimai.nominations"),
    "apdovanojimai.NominationFile": provider("apdovanojimai.nominations"),
    "apdovanojimai.JuryEvent": exempt(ACTOR + "; the scores it records are the jury "
                                      "provider's, kept for the published result"),
    "apdovanojimai.Award": provider("apdovanojimai.awards"),
    "apdovanojimai.HistoricalAward": provider("apdovanojimai.awards"),
    # the archive: a register entry or a filed document may name a person (a correspondent,
    # a participant list); a file of the plan names who is responsible for it; a plan and a
    # destruction act name only the accounts that approved or compiled them
    "archyvas.RegisterEntry": provider("archyvas.archive"),
    "archyvas.HistoricalRegisterEntry": provider("archyvas.archive"),
    "archyvas.FiledDocument": provider("archyvas.archive"),
    "archyvas.HistoricalFiledDocument": provider("archyvas.archive"),
    "archyvas.PlanFile": provider("archyvas.archive"),
    "archyvas.HistoricalPlanFile": provider("archyvas.archive"),
    "archyvas.FilePlan": exempt(ACTOR),
    "archyvas.HistoricalFilePlan": exempt(ACTOR),
    "archyvas.DestructionAct": exempt(ACTOR + "; an act is a permanent record of the "
                                      "department's decision"),
    "archyvas.HistoricalDestructionAct": exempt(ACTOR + "; an act is a permanent record of "
                                                "the department's decision"),
    # the registry
    "bibliotekos.Person": provider("bibliotekos.person"),
    "bibliotekos.HistoricalPerson": provider("bibliotekos.person"),
    "bibliotekos.Library": exempt(ORGANISATION_CONTACT),
    "bibliotekos.HistoricalLibrary": exempt(ORGANISATION_CONTACT),
    "bibliotekos.Organisation": exempt(ORGANISATION_CONTACT),
    "bibliotekos.HistoricalOrganisation": exempt(ORGANISATION_CONTACT),
    "bibliotekos.Membership": exempt(ACCOUNT_PERMISSIONS),
    "bibliotekos.HistoricalMembership": exempt(ACCOUNT_PERMISSIONS),
    "bibliotekos.PersonalDataAccess": exempt(ACTOR),
    # stored documents
    "ataskaitos.ReportJob": provider("ataskaitos.documents"),
    # trainings
    "mokymai.Registration": provider("mokymai.registrations"),
    "mokymai.HistoricalRegistration": provider("mokymai.registrations"),
    "mokymai.Lecturer": provider("mokymai.registrations"),
    "mokymai.HistoricalLecturer": provider("mokymai.registrations"),
    "mokymai.Attendance": exempt(ACTOR),
    "mokymai.HistoricalAttendance": exempt(ACTOR),
    "mokymai.TrainingEvent": provider("mokymai.registrations"),
    "mokymai.HistoricalTrainingEvent": provider("mokymai.registrations"),
    "mokymai.CalendarFeed": provider("mokymai.registrations"),
    "mokymai.Certificate": provider("mokymai.certificates"),
    "mokymai.HistoricalCertificate": provider("mokymai.certificates"),
    "mokymai.ExternalCourse": provider("mokymai.certificates"),
    "mokymai.HistoricalExternalCourse": provider("mokymai.certificates"),
    # consultations
    "konsultacijos.Consultation": provider("konsultacijos.consultations"),
    "konsultacijos.HistoricalConsultation": provider("konsultacijos.consultations"),
    "konsultacijos.ConsultationAttachment": provider("konsultacijos.consultations"),
    "konsultacijos.Question": provider("konsultacijos.consultations"),
    "konsultacijos.HistoricalQuestion": provider("konsultacijos.consultations"),
    "konsultacijos.FieldVisit": provider("konsultacijos.consultations"),
    "konsultacijos.HistoricalFieldVisit": provider("konsultacijos.consultations"),
    "konsultacijos.FieldVisit_participants": exempt(ACTOR),
    "konsultacijos.HistoricalFieldVisit_participants": exempt(EARLIER_LISTS),
    "konsultacijos.VisitAction": provider("konsultacijos.consultations"),
    "konsultacijos.HistoricalVisitAction": provider("konsultacijos.consultations"),
    "konsultacijos.KnowledgeEntry": provider("konsultacijos.consultations"),
    "konsultacijos.HistoricalKnowledgeEntry": exempt(ACTOR),
    # projects
    "projektai.Project": provider("projektai.projects"),
    "projektai.HistoricalProject": provider("projektai.projects"),
    "projektai.Project_responsible": provider("projektai.projects"),
    "projektai.HistoricalProject_responsible": exempt(EARLIER_LISTS),
    "projektai.Deadline": provider("projektai.projects"),
    "projektai.HistoricalDeadline": exempt(ACTOR),
    "projektai.Deadline_responsible": provider("projektai.projects"),
    "projektai.HistoricalDeadline_responsible": exempt(EARLIER_LISTS),
    "projektai.ProjectDocument": provider("projektai.projects"),
    "projektai.HistoricalProjectDocument": provider("projektai.projects"),
    "projektai.StatusChange": provider("projektai.projects"),
    "projektai.Call": exempt(ACTOR),
    "projektai.HistoricalCall": exempt(ACTOR),
    "projektai.CallSubscription": provider("projektai.projects"),
    # statistics
    "statistika.Submission": provider("statistika.statistics"),
    "statistika.HistoricalSubmission": provider("statistika.statistics"),
    "statistika.Value": provider("statistika.statistics"),
    "statistika.ValueChange": provider("statistika.statistics"),
    "statistika.Explanation": provider("statistika.statistics"),
    "statistika.FieldComment": provider("statistika.statistics"),
    "statistika.SubmissionEvent": provider("statistika.statistics"),
    "statistika.Narrative": provider("statistika.statistics"),
    "statistika.ComparisonGroup": provider("statistika.statistics"),
    "statistika.Campaign": exempt(ACTOR),
    "statistika.HistoricalCampaign": exempt(ACTOR),
    "statistika.LnbCode": exempt(ACTOR),
    "statistika.Formula": exempt(ACTOR),
    # user-needs research: answers name someone only where typed (contact data given with
    # consent, an open answer); the accounts that entered, excluded or authorised are actors
    "tyrimai.Study": provider("tyrimai.answers"),
    "tyrimai.HistoricalStudy": provider("tyrimai.answers"),
    "tyrimai.Response": provider("tyrimai.answers"),
    "tyrimai.Kiosk": provider("tyrimai.answers"),
    # publicity: events, publications, practices name someone where typed (a practice's
    # contact person); the accounts that entered, uploaded or reviewed are actors
    "viesinimas.ActivityEvent": provider("viesinimas.events"),
    "viesinimas.HistoricalActivityEvent": provider("viesinimas.events"),
    "viesinimas.Publication": provider("viesinimas.publications"),
    "viesinimas.HistoricalPublication": provider("viesinimas.publications"),
    "viesinimas.Practice": provider("viesinimas.practices"),
    "viesinimas.HistoricalPractice": provider("viesinimas.practices"),
    "viesinimas.PracticePhoto": provider("viesinimas.practices"),
    "viesinimas.PracticeFile": provider("viesinimas.practices"),
    "viesinimas.Adoption": provider("viesinimas.practices"),
    "viesinimas.HistoricalAdoption": exempt(ACTOR),
    "viesinimas.Newsletter": exempt(ACTOR),
    "viesinimas.HistoricalNewsletter": exempt(ACTOR),
    "viesinimas.NewsletterDelivery": provider("viesinimas.newsletter"),
    # cooperation: a partner's contact is a person; members (from the registry or typed in),
    # meetings' guests and minutes name people; a decision has an owner. The accounts that
    # entered, wrote, marked done or created are actors
    # procurement names only the department's own accounts acting in it (who requested,
    # decided, surveyed, cancelled, registered, approved, loaded the vocabulary; who is
    # responsible for a planned purchase); suppliers are organisations
    "pirkimai.CpvLoad": exempt(ACTOR),
    "pirkimai.ProcurementPlan": exempt(ACTOR),
    "pirkimai.HistoricalProcurementPlan": exempt(ACTOR),
    "pirkimai.PlannedPurchase": exempt(ACTOR + "; the responsible person is the "
                                       "department's own account"),
    "pirkimai.HistoricalPlannedPurchase": exempt(ACTOR + "; the responsible person is the "
                                                 "department's own account"),
    "pirkimai.Purchase": exempt(ACTOR),
    "pirkimai.HistoricalPurchase": exempt(ACTOR),
    "pirkimai.Contract": exempt(ACTOR),
    "pirkimai.HistoricalContract": exempt(ACTOR),
    # assignments: given by, given to and written by a person; the provider exports them
    # and cuts the person's name out of the texts, keeping the work record
    "pavedimai.Assignment": provider("pavedimai.assignments"),
    "pavedimai.HistoricalAssignment": provider("pavedimai.assignments"),
    "pavedimai.Task": provider("pavedimai.assignments"),
    "pavedimai.HistoricalTask": provider("pavedimai.assignments"),
    "pavedimai.TaskUpdate": provider("pavedimai.assignments"),
    "pavedimai.AssignmentAttachment": exempt(ACTOR),
    # the annual plan and report name only the department's own accounts acting in them
    # (who created, submitted, decided, was responsible for a measure or wrote the log); an
    # approved version keeps the responsible person's name as the Library approved and
    # published it (a public-duty document, as the plan a library prints)
    "planavimas.Plan": exempt(ACTOR),
    "planavimas.HistoricalPlan": exempt(ACTOR),
    "planavimas.Report": exempt(ACTOR),
    "planavimas.HistoricalReport": exempt(ACTOR),
    "planavimas.Measure": exempt(ACTOR + "; the responsible person is the department's own "
                                 "account"),
    "planavimas.HistoricalMeasure": exempt(ACTOR + "; the responsible person is the "
                                           "department's own account"),
    "planavimas.Snapshot": exempt(ACTOR + "; an approved version is the published document"),
    "planavimas.Event": exempt(ACTOR),
    "bendradarbiavimas.Partner": exempt(ACTOR),
    "bendradarbiavimas.HistoricalPartner": exempt(ACTOR),
    "bendradarbiavimas.PartnerContact": provider("bendradarbiavimas.partner_contacts"),
    "bendradarbiavimas.HistoricalPartnerContact": provider("bendradarbiavimas.partner_contacts"),
    "bendradarbiavimas.ContactLog": provider("bendradarbiavimas.partner_contacts"),
    "bendradarbiavimas.HistoricalContactLog": provider("bendradarbiavimas.partner_contacts"),
    "bendradarbiavimas.Agreement": exempt(ACTOR + "; the responsible person is the "
                                          "department's own account"),
    "bendradarbiavimas.HistoricalAgreement": exempt(EARLIER_LISTS),
    "bendradarbiavimas.WorkingGroup": exempt(ACTOR),
    "bendradarbiavimas.HistoricalWorkingGroup": exempt(ACTOR),
    "bendradarbiavimas.GroupMember": provider("bendradarbiavimas.group_members"),
    "bendradarbiavimas.HistoricalGroupMember": provider("bendradarbiavimas.group_members"),
    "bendradarbiavimas.Meeting": provider("bendradarbiavimas.group_members"),
    "bendradarbiavimas.HistoricalMeeting": provider("bendradarbiavimas.group_members"),
    "bendradarbiavimas.AgendaItem": provider("bendradarbiavimas.decisions"),
    "bendradarbiavimas.HistoricalAgendaItem": provider("bendradarbiavimas.decisions"),
    "bendradarbiavimas.Decision": provider("bendradarbiavimas.decisions"),
    "bendradarbiavimas.HistoricalDecision": provider("bendradarbiavimas.decisions"),
}


def _holds_a_person(field) -> bool:
    person_models = {Person, apps.get_model(settings.AUTH_USER_MODEL)}
    if field.name == HISTORY_USER:
        return False
    if isinstance(field, (models.ForeignKey, models.OneToOneField)):
        return field.related_model in person_models
    return (isinstance(field, (models.CharField, models.TextField))
            and bool(NAME_LIKE.search(field.name)))


def models_holding_a_person() -> dict[str, list[str]]:
    """label → the fields that make it one, of every concrete model (history and
    many-to-many tables included)."""
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.abstract or model._meta.proxy:
            continue
        fields = [field.name for field in model._meta.concrete_fields if _holds_a_person(field)]
        if fields:
            found[model._meta.label] = fields
    return found


def test_every_model_holding_a_person_is_covered_by_a_provider_or_exempted():
    missing = {label: fields for label, fields in models_holding_a_person().items()
               if label not in COVERED}
    assert not missing, (
        "These models can hold a person's data but no personal-data provider covers them: "
        f"{missing}. Register a provider in the app's panels (portalas.registry."
        "personal_data: export the rows, erase or anonymise them, history rows included) "
        "and name it in COVERED in tests/test_personal_data_providers.py, or add an "
        "exemption there with the reason the model needs none.")


def test_the_list_names_only_models_that_exist_and_hold_a_person():
    """A stale entry (a model renamed, a field removed) is taken out, so the list stays the
    documented one."""
    stale = set(COVERED) - set(models_holding_a_person())
    assert not stale, f"remove from COVERED (no such model holding a person): {stale}"


def test_every_provider_named_is_registered():
    registered = {item.name for item in personal_data_providers.all()}
    named = {target for kind, target in COVERED.values() if kind == "provider"}
    assert named <= registered, f"not registered: {named - registered}"


def test_every_exemption_says_why():
    for label, (kind, reason) in COVERED.items():
        assert kind in {"provider", "exempt"}, label
        if kind == "exempt":
            assert len(reason) > 30, f"{label}: write the reason in full"


@pytest.mark.parametrize("label", ["konsultacijos.Consultation", "projektai.ProjectDocument",
                                   "statistika.FieldComment"])
def test_the_apps_audited_register_their_own_providers(label):
    kind, name = COVERED[label]
    assert kind == "provider" and name.split(".")[0] == label.split(".")[0]
    assert name in personal_data_providers
