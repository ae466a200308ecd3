from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ataskaitos import services
from ataskaitos.models import JobStatus, ReportJob
from ataskaitos.renderers import CONTENT_TYPES
from portalas.registry import kind as get_kind
from portalas.registry import object_panels_for


def _job(request, pk) -> ReportJob:
    return get_object_or_404(ReportJob.objects.visible_to(request.user), pk=pk)


def _back(request) -> str:
    """Where to return after a refused request: a local path only, never another site."""
    back = request.POST.get("back", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()) \
            and back.startswith("/") and not back.startswith("//"):
        return back
    return reverse("ataskaitos:job_list")


@require_POST
@login_required
def document_request(request):
    """Ask for a document. The engine knows no parameter names: the kind's form picks its
    own from the POST and checks them within the user's scope (anything else is a 404)."""
    kind = request.POST.get("kind", "")
    try:
        get_kind(kind)
    except KeyError:
        raise Http404 from None
    try:
        job = services.request_report(kind=kind, params=request.POST,
                                      format=request.POST.get("format", ""), by=request.user)
    except services.NotAvailable:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(_back(request))
    return redirect("ataskaitos:job_detail", pk=job.pk)


@login_required
def job_detail(request, pk):
    """The job's status and, once it is finished, the sections other apps add to a
    document's page (the archive's "File it")."""
    job = _job(request, pk)
    return render(request, "ataskaitos/job_detail.html",
                  {"job": job, "available": services.may_download(job, request.user),
                   "panels": object_panels_for(request, job)})


@login_required
def job_status(request, pk):
    job = _job(request, pk)
    response = render(request, "ataskaitos/_job_status.html",
                      {"job": job, "available": services.may_download(job, request.user)})
    if job.is_finished:
        # the page reloads its sections once (they depend on the finished document)
        response["HX-Trigger"] = "job-finished"
    return response


@login_required
def job_download(request, pk):
    job = _job(request, pk)
    if job.status != JobStatus.DONE or not job.file or not services.may_download(
            job, request.user):
        raise Http404
    if job.is_expired:
        return HttpResponse(_("This document has been removed after its retention period. "
                              "Ask for it again."), status=410)
    response = FileResponse(job.file.open("rb"), content_type=CONTENT_TYPES[job.format],
                            as_attachment=True, filename=job.filename or f"{job.pk}.{job.format}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@login_required
def job_retry(request, pk):
    job = _job(request, pk)
    services.retry(job=job, by=request.user)
    return redirect("ataskaitos:job_detail", pk=job.pk)


@login_required
def job_list(request):
    jobs = ReportJob.objects.filter(requested_by=request.user).order_by("-created_at")
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    for job in page:
        job.available = services.may_download(job, request.user)
    return render(request, "ataskaitos/job_list.html", {"page_obj": page})
