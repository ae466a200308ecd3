"""The certificates of an event as one document job: the engine runs the builder in the
worker, which issues the certificates still owed and hands back a ZIP with one PDF per
valid certificate (imported by ``mokymai.panels_certificates``, so the registry's discovery
finds it)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ataskaitos.document import Files
from ataskaitos.services import UserFacingError
from mokymai.models import Certificate, CertificateStatus, EventStatus, TrainingEvent
from mokymai.services import Refused
from portalas.forms import ReportParamsForm, ScopedChoiceField
from portalas.registry import report_kind


class CertificateParams(ReportParamsForm):
    event = ScopedChoiceField(TrainingEvent)


def event_certificates_zip(event: TrainingEvent, user, progress=lambda percent: None) -> Files:
    """Issue what ``event`` still owes (department staff; management only collect what is
    issued) and return every valid certificate's PDF, named ``<number> <Surname Name>.pdf``."""
    from mokymai.certificates_pdf import file_name, render_certificates
    from mokymai.services_certificates import issue_certificates

    if event.status != EventStatus.COMPLETED:
        raise UserFacingError(_("Certificates are issued once the event is completed."))
    if user.can_manage_territory:
        try:
            issue_certificates(event, user)
        except Refused as refusal:
            raise UserFacingError(" ".join(str(m) for m in refusal.messages)) from None
    progress(15)
    certificates = list(Certificate.objects.filter(registration__event=event,
                                                   status=CertificateStatus.VALID)
                        .select_related("person").order_by("number"))
    if not certificates:
        raise UserFacingError(_("Nobody completed this event: there are no certificates."))
    pdfs = render_certificates(certificates, progress=lambda done, total: progress(
        15 + 50 * done // total))
    taken: set[str] = set()
    files = {file_name(certificate, taken): pdf
             for certificate, pdf in zip(certificates, pdfs, strict=True)}
    return Files(files=files, filename=f"pazymejimai-{event.pk}")


@report_kind("mokymai.certificates", label=gettext_lazy("Certificates of a training"),
             form=CertificateParams, output="files", staff_only=True,
             description=gettext_lazy("Issues the certificates the participants who "
                                      "completed the event do not have yet, and gives every "
                                      "valid certificate as a PDF in one ZIP."))
def certificates(*, params, user, progress) -> Files:
    return event_certificates_zip(params["event"], user, progress)
