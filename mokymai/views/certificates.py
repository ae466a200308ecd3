"""Certificate pages: the register (staff and management all; others what they may see),
one certificate with its PDF, revoking and reissuing (staff), "my certificates", the
courses librarians took elsewhere, and the public verification page the QR code opens.

Scope comes from ``Certificate.objects.visible_to`` and ``ExternalCourse.objects.visible_to``
(another library's certificate is a 404); writes go through
``mokymai.services_certificates``. Downloading the register (a list of people's names) is
written to the personal-data access log."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bibliotekos.audit import record_access
from mokymai import selectors
from mokymai import services_certificates as services
from mokymai.filters import CertificateRegisterFilter
from mokymai.forms_certificates import (
    DecisionForm,
    ExternalCourseFilter,
    ExternalCourseForm,
    RevokeForm,
    VerifyForm,
)
from mokymai.models import Certificate, ExternalCourse, ExternalCourseStatus
from mokymai.selectors_certificates import hours_by_year
from mokymai.services import Refused
from mokymai.views.catalogue import ComputedColumn
from paskyros.throttling import client_ip
from portalas.views import Column, ScopedDetailView, ScopedListView, history_entries

logger = logging.getLogger("regionas.trainings")


def _refusal_text(refusal: Refused) -> str:
    return " ".join(str(message) for message in refusal.messages)


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    return response


# --- the register -----------------------------------------------------------------------------

class CertificateListView(ScopedListView):
    model = Certificate
    filterset_class = CertificateRegisterFilter
    title = gettext_lazy("Certificates")
    description = gettext_lazy("Professional-development certificates the department has "
                               "issued.")
    export_name = "pazymejimai"
    default_sort = "-issued_at"
    empty_text = gettext_lazy("No certificates match the filter.")
    columns = [
        Column("number", gettext_lazy("Number"), sort="number", text=False, link=True),
        Column("holder_name", gettext_lazy("Holder"), sort="holder_name"),
        Column("title", gettext_lazy("Event"), sort="title"),
        Column("dates_text", gettext_lazy("Dates"), text=False),
        Column("hours", gettext_lazy("Academic hours"), sort="hours", text=False,
               numeric=True, template="mokymai/_certificate_hours_cell.html"),
        ComputedColumn("issued_on", gettext_lazy("Issued"), sort="issued_at", text=False,
                       template="mokymai/_certificate_issued_cell.html",
                       compute=lambda c: c.issued_on),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="mokymai/_certificate_status_cell.html"),
    ]

    def export(self, fmt: str) -> HttpResponse:
        """The filtered register as a file, written to the personal-data access log."""
        response = super().export(fmt)
        record_access(self.request.user, "mokymai.certificate_register", how=fmt)
        return _private(response)


class CertificateDetailView(ScopedDetailView):
    model = Certificate
    template_name = "mokymai/certificate_detail.html"
    context_object_name = "certificate"

    def refine(self, queryset):
        return queryset.select_related("person__library", "person__user", "registration__event",
                                       "issued_by", "revoked_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        certificate, user = self.object, self.request.user
        staff = user.can_manage_territory
        context.update({
            "may_manage": staff and certificate.is_valid,
            "revoke_form": RevokeForm() if staff and certificate.is_valid else None,
            "is_mine": certificate.person.user_id == user.pk,
            "event": certificate.registration.event if certificate.registration_id else None,
            "entries": history_entries(certificate.history.all()) if user.sees_whole_territory
            else [],
        })
        return context

    def render_to_response(self, context, **kwargs):
        return _private(super().render_to_response(context, **kwargs))


def _visible_certificate(user, pk) -> Certificate:
    return get_object_or_404(Certificate.objects.visible_to(user)
                             .select_related("person", "registration"), pk=pk)


@require_GET
def certificate_pdf(request, pk):
    from mokymai.certificates_pdf import file_name, render_certificate

    certificate = _visible_certificate(request.user, pk)
    if not certificate.is_valid:
        return _private(render(request, "mokymai/certificate_gone.html",
                               {"certificate": certificate}, status=410))
    response = HttpResponse(render_certificate(certificate), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, file_name(certificate))
    logger.info("certificate %s downloaded by user %s", certificate.pk, request.user.pk)
    return _private(response)


@require_POST
def certificate_revoke(request, pk):
    certificate = _visible_certificate(request.user, pk)
    if not request.user.can_manage_territory:
        raise PermissionDenied
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write why the certificate is revoked."))
        return redirect(certificate.get_absolute_url())
    try:
        services.revoke(certificate, form.cleaned_data["reason"], request.user)
    except Refused as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, _("Certificate %(number)s is revoked.")
                         % {"number": certificate.number})
    return redirect(certificate.get_absolute_url())


@require_POST
def certificate_reissue(request, pk):
    certificate = _visible_certificate(request.user, pk)
    if not request.user.can_manage_territory:
        raise PermissionDenied
    try:
        services.reissue(certificate, request.user)
    except Refused as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, _("Certificate %(number)s is reissued with the current "
                                    "data; its number and code are unchanged.")
                         % {"number": certificate.number})
    return redirect(certificate.get_absolute_url())


# --- the public check -------------------------------------------------------------------------

def _robots(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return _private(response)


@login_not_required
@require_http_methods(["GET", "POST"])
def certificate_verify(request):
    """Anyone checks a certificate: the number and the code (the QR code's link carries
    both) show whose it is and whether it is valid; the number alone only whether a valid
    certificate with it exists; a code that does not match says nothing more than that.
    Every lookup counts against the address's limit."""
    data = request.POST if request.method == "POST" else request.GET
    asked = "numeris" in data
    form = VerifyForm(data if asked else None)
    result = None
    if asked:
        if not services.lookup_allowed(client_ip(request)):
            logger.warning("certificate verification: rate limit reached")
            response = render(request, "mokymai/certificate_verify_limited.html", status=429)
            response["Retry-After"] = str(services.LOOKUP_WINDOW)
            return _robots(response)
        if form.is_valid():
            result = services.verify(form.cleaned_data["numeris"], form.cleaned_data["kodas"])
            logger.info("certificate verification: %s (%s)", result.outcome,
                        "with a code" if form.cleaned_data["kodas"] else "number only")
    context = {"form": form, "result": result,
               "certificate": result.certificate if result else None}
    return _robots(render(request, "mokymai/certificate_verify.html", context))


# --- my certificates --------------------------------------------------------------------------

STAFF_LIMIT = 500


@require_GET
def my_certificates(request):
    user = request.user
    certificates = list(Certificate.objects.filter(person__user=user)
                        .select_related("registration__event").order_by("-issued_at", "-pk"))
    courses = list(ExternalCourse.objects.filter(person__user=user)
                   .order_by("-ends_on", "-pk"))
    own = selectors.own_person(user)
    context = {"certificates": certificates, "courses": courses,
               "years": hours_by_year(certificates, courses),
               "own_person": own,
               "may_submit": user.is_librarian and own is not None,
               "is_director": selectors.is_director(user)}
    if context["is_director"]:
        context["staff_certificates"] = list(
            Certificate.objects.visible_to(user).exclude(person__user=user)
            .select_related("person__library").order_by("-issued_at", "-pk")[:STAFF_LIMIT])
        context["staff_courses"] = list(
            ExternalCourse.objects.visible_to(user).exclude(person__user=user)
            .select_related("person__library").order_by("-submitted_at", "-pk")[:STAFF_LIMIT])
    return _private(render(request, "mokymai/my_certificates.html", context))


# --- courses taken elsewhere ------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def external_course_create(request):
    user = request.user
    if not user.is_librarian:
        raise PermissionDenied
    person = selectors.own_person(user)
    form = ExternalCourseForm(request.POST or None, request.FILES or None) if person else None
    if person is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        course = services.submit_external(
            person=person, by=user, provider=data["provider"], title=data["title"],
            starts_on=data["starts_on"], ends_on=data["ends_on"], hours=data["hours"],
            upload=data["file"], file_type=form.file_type)
        messages.success(request, _("The course has been submitted. The department will "
                                    "confirm it, and its hours will then count in your "
                                    "record."))
        return redirect(course.get_absolute_url())
    return render(request, "mokymai/external_course_form.html",
                  {"form": form, "person": person})


class ExternalCourseListView(ScopedListView):
    model = ExternalCourse
    filterset_class = ExternalCourseFilter
    title = gettext_lazy("Courses taken elsewhere")
    description = gettext_lazy("Courses librarians took at other providers, with their "
                               "certificates; confirmed ones count in their records.")
    export_name = "kursai-kitur"
    default_sort = "-submitted_at"
    actions_template = "mokymai/_external_course_list_actions.html"
    columns = [
        Column("person.list_name", gettext_lazy("Person"), sort="person__last_name"),
        Column("title", gettext_lazy("Course"), sort="title", link=True),
        Column("provider", gettext_lazy("Provider"), sort="provider"),
        Column("dates_text", gettext_lazy("Dates"), text=False),
        Column("hours", gettext_lazy("Academic hours"), sort="hours", text=False,
               numeric=True, template="mokymai/_certificate_hours_cell.html"),
        Column("status", gettext_lazy("Status"), sort="status", text=False,
               template="mokymai/_external_course_status_cell.html"),
        ComputedColumn("submitted_on", gettext_lazy("Submitted"), sort="submitted_at",
                       text=False, template="mokymai/_external_course_submitted_cell.html",
                       compute=lambda c: c.submitted_at.date()),
    ]

    def refine(self, queryset):
        return queryset.select_related("person")


def _visible_course(user, pk) -> ExternalCourse:
    return get_object_or_404(ExternalCourse.objects.visible_to(user)
                             .select_related("person__library", "submitted_by",
                                             "confirmed_by"), pk=pk)


@require_http_methods(["GET", "POST"])
def external_course_detail(request, pk):
    user = request.user
    course = _visible_course(user, pk)
    staff = user.can_manage_territory
    decision = None
    if request.method == "POST":
        if not staff:
            raise PermissionDenied
        decision = DecisionForm(request.POST)
        if decision.is_valid():
            data = decision.cleaned_data
            try:
                if data["action"] == "confirm":
                    services.confirm_external(course, user, note=data["note"])
                    messages.success(request, _("The course is confirmed: its hours count in "
                                                "the person's record."))
                else:
                    services.reject_external(course, data["note"], user)
                    messages.success(request, _("The course is not accepted."))
            except Refused as refusal:
                messages.error(request, _refusal_text(refusal))
            return redirect(course.get_absolute_url())
    undecided = course.status == ExternalCourseStatus.SUBMITTED
    return _private(render(request, "mokymai/external_course_detail.html", {
        "course": course, "may_decide": staff and undecided,
        "decision": decision, "is_mine": course.person.user_id == user.pk,
        "entries": history_entries(course.history.all()) if user.sees_whole_territory
        else []}))


@require_GET
def external_course_file(request, pk):
    course = _visible_course(request.user, pk)
    if not course.file or not course.file.storage.exists(course.file.name):
        raise Http404
    response = FileResponse(course.file.open("rb"), content_type=course.content_type,
                            as_attachment=True,
                            filename=f"kursas-{course.pk}.{course.file_type}")
    logger.info("external course %s file downloaded by user %s", course.pk, request.user.pk)
    return _private(response)
