"""The good-practice catalogue's pages: the catalogue (published practices as cards, with
search and filters), the work list (the library's drafts and practices in review; staff's
review queue), a practice's page (its texts as safe Markdown, the photos, the documents,
the libraries that did it too), writing, the review, and the photos and documents served
only through views that check who may see the practice (never a public media address).

Reads start from ``Practice.objects.visible_to(user)`` (a draft of another library is a
404); writes go through ``viesinimas.services_practices``, which decide who may do what.
On an edit or action route another library's practice is a 404, a role that edits nothing
(management) a 403, and the library's own practice past its draft a message saying why."""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from django.views.decorators.http import require_GET, require_POST

from portalas.views import (
    ScopedCreateView,
    ScopedDetailView,
    ScopedHistoryView,
    ScopedListView,
    ScopedUpdateView,
    VersionedUpdateMixin,
)
from viesinimas import services_practices as services
from viesinimas.filters_practices import PracticeFilter
from viesinimas.forms_practices import (
    AdoptionForm,
    FileForm,
    PhotoForm,
    PracticeForm,
    ReturnForm,
)
from viesinimas.models import (
    Adoption,
    Practice,
    PracticeFile,
    PracticePhoto,
    PracticeStatus,
    own_library_ids,
)

logger = logging.getLogger("regionas.publicity")

CATALOGUE_TITLE = gettext_lazy("Good practice")


class Locked(Exception):
    """The user may not change the practice now, for a reason worth telling them."""


def shown_photos():
    """Photos not withdrawn, in the gallery's order."""
    return PracticePhoto.objects.shown().order_by("order", "pk")


def may_work(user) -> bool:
    """Whether the work list (drafts and review) is the user's: staff, management, and a
    librarian with a library."""
    return user.sees_whole_territory or bool(own_library_ids(user))


def check_edit(user, practice: Practice) -> None:
    """Pass when the user may edit the practice now; otherwise 404 for another library's,
    403 for a role that edits nothing, ``Locked`` for the library's own past its draft."""
    if services.may_edit(user, practice):
        return
    if services.is_staff(user) or services.is_library_person(user, practice):
        raise Locked
    if user.sees_whole_territory:
        raise PermissionDenied
    raise Http404


def locked_message(practice: Practice) -> str:
    if practice.status == PracticeStatus.REVIEW:
        return _("The practice is with the department for review: it cannot be changed "
                 "until they publish it or return it to you.")
    if practice.status == PracticeStatus.PUBLISHED:
        return _("Once published, only the department changes the practice: write to them "
                 "what to change, or ask them to return it to you.")
    return _("An archived practice is kept as it was.")


def _practice(request, pk, queryset=None) -> Practice:
    queryset = queryset if queryset is not None else Practice.objects.all()
    return get_object_or_404(queryset.visible_to(request.user).select_related("library"),
                             pk=pk)


def actions_for(user, practice: Practice) -> dict:
    """What the user may do with the practice now (the page shows these; the services
    check again)."""
    return {
        "edit": services.may_edit(user, practice),
        "submit": services.may_submit(user, practice),
        "publish": services.may_publish(user, practice),
        "return": services.may_return(user, practice),
        "archive": services.may_archive(user, practice),
        "history": services.may_see_history(user, practice),
        "adopt": services.may_adopt(user, practice),
    }


# --- the catalogue ----------------------------------------------------------------------------

class PracticeListView(ScopedListView):
    """Published practices as cards, newest first; words, tag, library, municipality and
    audience filter them."""

    model = Practice
    filterset_class = PracticeFilter
    title = CATALOGUE_TITLE
    template_name = "viesinimas/practices_list.html"
    results_template = "viesinimas/_practices_cards.html"
    paginate_by = 24

    def refine(self, queryset):
        return (queryset.published().select_related("library__municipality")
                .prefetch_related("themes", Prefetch(
                    "photos", queryset=shown_photos().exclude(thumbnail=""),
                    to_attr="card_photos"))
                .annotate(adoption_count=Count("adoptions", distinct=True)))

    def get_queryset(self):
        # always bound: the filter's fields come from the query string, empty or not
        self.filterset = PracticeFilter(self.request.GET, queryset=self.scoped_queryset(),
                                        request=self.request)
        return self.filterset.qs.order_by("-published_at", "-pk")

    def get_context_data(self, **kwargs):
        context = generic.ListView.get_context_data(self, **kwargs)
        user = self.request.user
        data = getattr(self.filterset.form, "cleaned_data", {})
        form = self.filterset.form
        # each list of choices read once (a template's loop over a field's choices asks
        # their number first: a second query)
        selects = [{"field": form[name], "choices": list(iter(form.fields[name].choices))}
                   for name in ("tag", "library", "municipality")]
        context.update({
            "title": self.title, "filter": self.filterset, "selects": selects,
            "practices": context["object_list"], "results_template": self.results_template,
            "searched": any(data.get(name) for name in self.filterset.filters),
            "may_create": services.may_create(user), "may_work": may_work(user),
            "tab": "catalogue",
        })
        return context


# --- the work list ----------------------------------------------------------------------------

STAGES = {
    "review": (PracticeStatus.REVIEW,),
    "draft": (PracticeStatus.DRAFT,),
    "work": (PracticeStatus.DRAFT, PracticeStatus.REVIEW),
    "published": (PracticeStatus.PUBLISHED,),
    "archived": (PracticeStatus.ARCHIVED,),
}
STAGE_LABELS = {
    "review": gettext_lazy("Waiting for review"),
    "draft": gettext_lazy("Drafts"),
    "work": gettext_lazy("Drafts and review"),
    "published": gettext_lazy("Published"),
    "archived": gettext_lazy("Archived"),
}


class PracticeWorkView(ScopedListView):
    """Staff and management: the review queue (then drafts, published, archived). A
    library's people: their libraries' drafts and practices in review (a returned one is
    marked), published and archived."""

    model = Practice
    title = gettext_lazy("Drafts and review")
    template_name = "viesinimas/practices_mine.html"
    results_template = "viesinimas/practices_mine.html"
    paginate_by = 50
    allowed = staticmethod(may_work)

    def stages(self) -> list[str]:
        if self.request.user.sees_whole_territory:
            return ["review", "draft", "published", "archived"]
        return ["work", "published", "archived"]

    def stage(self) -> str:
        wanted = self.request.GET.get("stage", "")
        return wanted if wanted in self.stages() else self.stages()[0]

    def mine(self):
        queryset = self.scoped_queryset()
        user = self.request.user
        if not user.sees_whole_territory:
            queryset = queryset.filter(Q(library__in=own_library_ids(user))
                                       | Q(created_by=user))
        return queryset

    def get_queryset(self):
        queryset = (self.mine().filter(status__in=STAGES[self.stage()])
                    .select_related("library", "created_by"))
        if self.stage() in ("review", "work", "draft"):
            return queryset.order_by("-status", "submitted_at", "-updated_at", "-pk")
        return queryset.order_by("-published_at", "-updated_at", "-pk")

    def get_context_data(self, **kwargs):
        context = generic.ListView.get_context_data(self, **kwargs)
        counts = dict(self.mine().order_by().values_list("status").annotate(n=Count("pk")))
        current = self.stage()
        context.update({
            "title": self.title, "tab": "work", "may_work": True,
            "may_create": services.may_create(self.request.user),
            "stage": current, "practices": context["object_list"],
            "stages": [{"key": key, "label": STAGE_LABELS[key], "current": key == current,
                        "count": sum(counts.get(status, 0) for status in STAGES[key])}
                       for key in self.stages()],
        })
        return context


# --- one practice ---------------------------------------------------------------------------

class PracticeDetailView(ScopedDetailView):
    model = Practice
    template_name = "viesinimas/practices_detail.html"
    context_object_name = "practice"

    def refine(self, queryset):
        return (queryset.select_related("library__municipality", "created_by", "reviewed_by")
                .prefetch_related("themes"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        practice, user = self.object, self.request.user
        actions = actions_for(user, practice)
        photos = list(practice.photos.shown().order_by("order", "pk"))
        for photo in photos:
            photo.may_withdraw = services.may_withdraw_photo(user, photo)
        adoptions = list(practice.adoptions.select_related("library").order_by(
            "adopted_on", "pk"))
        for adoption in adoptions:
            adoption.may_withdraw = services.may_withdraw_adoption(user, adoption)
        adoption_form = None
        if actions["adopt"]:
            adoption_form = AdoptionForm(user=user, practice=practice,
                                         auto_id="adoption_%s")
            if not adoption_form.fields["library"].queryset.exists():
                adoption_form = None
        context.update({
            "actions": actions, "photos": photos, "adoptions": adoptions,
            "files": list(practice.files.order_by("uploaded_at", "pk")),
            "adoption_form": adoption_form,
            "photo_form": PhotoForm(auto_id="photo_%s") if actions["edit"] else None,
            "file_form": FileForm(auto_id="file_%s") if actions["edit"] else None,
            "return_form": ReturnForm(auto_id="return_%s") if actions["return"] else None,
            "library_person": services.is_library_person(user, practice),
            "workers": user.sees_whole_territory or services.is_library_person(user, practice),
            "locked_message": locked_message(practice)
            if services.is_library_person(user, practice) and not actions["edit"] else "",
        })
        return context


class PracticeHistoryView(ScopedHistoryView):
    """Who changed what: the whole-territory roles and the practice's library's people."""

    model = Practice
    template_name = "portalas/history.html"
    context_object_name = "practice"

    def scoped_object(self):
        practice = super().scoped_object()
        if not services.may_see_history(self.request.user, practice):
            raise Http404
        return practice


# --- writing --------------------------------------------------------------------------------

class PracticeFormMixin:
    model = Practice
    form_class = PracticeForm
    template_name = "viesinimas/practices_form.html"
    list_url_name = "viesinimas:practice_list"
    list_title = CATALOGUE_TITLE
    create_title = gettext_lazy("New good practice")
    form_width = "col-lg-10"


class PracticeCreateView(PracticeFormMixin, ScopedCreateView):
    """A new draft of one of the user's libraries (staff: any library)."""

    allowed = staticmethod(services.may_create)

    def form_valid(self, form):
        practice = services.create_practice(form.save(commit=False),
                                            themes=form.cleaned_data["themes"],
                                            by=self.request.user)
        messages.success(self.request, _("The draft has been saved. Add photos and documents, "
                                         "then hand it to the department for review."))
        return redirect(practice)


class PracticeUpdateView(VersionedUpdateMixin, PracticeFormMixin, ScopedUpdateView):
    """Edit. The version the form was opened with travels in a hidden field; a save after
    someone else's is refused and the typed text stays on the page."""

    stale_message = gettext_lazy(
        "%(name)s saved this practice after you opened it, so your changes have not been "
        "saved. They are still below: compare them with the practice (open it in another "
        "tab), then save again to keep yours.")

    def locked(self):
        messages.error(self.request, locked_message(self.object))
        return redirect(self.object)

    def get(self, request, *args, **kwargs):
        self.scoped_object()
        try:
            check_edit(request.user, self.object)
        except Locked:
            return self.locked()
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.scoped_object()
        try:
            check_edit(request.user, self.object)
        except Locked:
            return self.locked()
        form = self.get_form()
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["practice"] = self.object
        return context

    def form_valid(self, form):
        practice = form.save(commit=False)
        try:
            practice = services.update_practice(practice, themes=form.cleaned_data["themes"],
                                                by=self.request.user,
                                                seen_version=self.seen_version())
        except services.Refused as refusal:
            if refusal.code != "stale":
                form.add_error(None, refusal)
                return self.form_invalid(form)
            return self.stale(form, Practice.objects.get(pk=self.object.pk))
        except PermissionDenied:
            return self.locked()
        messages.success(self.request, _("The practice has been saved."))
        return redirect(practice)


# --- moves along the review -------------------------------------------------------------------

def _deny(request, practice: Practice, message: str):
    """The practice's library's people and staff are told why not (on its page); a role
    that changes nothing gets 403, another library's people 404."""
    user = request.user
    if services.is_staff(user) or services.is_library_person(user, practice):
        messages.error(request, message or locked_message(practice))
        return redirect(practice)
    if user.sees_whole_territory:
        raise PermissionDenied
    raise Http404


def _refusal_text(refusal: services.Refused) -> str:
    return " ".join(refusal.messages)


@require_POST
def practice_submit(request, pk):
    """The library hands its draft to the department."""
    practice = _practice(request, pk)
    if not services.may_submit(request.user, practice):
        return _deny(request, practice, locked_message(practice)
                     if practice.status != PracticeStatus.DRAFT else "")
    try:
        services.submit_practice(practice, by=request.user)
    except services.Refused as refusal:
        messages.error(request, _refusal_text(refusal))
    else:
        messages.success(request, _("The practice has been handed to the department for "
                                    "review; they have been told."))
    return redirect(practice)


@require_POST
def practice_review(request, pk):
    """Staff publish the practice, or return it to the library with a note."""
    practice = _practice(request, pk)
    if not services.is_staff(request.user):
        raise PermissionDenied
    decision = request.POST.get("decision", "")
    try:
        if decision == "publish":
            services.publish_practice(practice, by=request.user)
            messages.success(request, _("The practice has been published: every signed-in "
                                        "user reads it now."))
        elif decision == "return":
            form = ReturnForm(request.POST)
            note = form.cleaned_data["note"] if form.is_valid() else ""
            services.return_practice(practice, note=note, by=request.user)
            messages.success(request, _("The practice has been returned to the library with "
                                        "your note."))
        else:
            messages.error(request, _("Choose whether to publish the practice or return it."))
    except services.Refused as refusal:
        messages.error(request, _refusal_text(refusal))
    except PermissionDenied:
        messages.error(request, locked_message(practice))
    return redirect(practice)


@require_POST
def practice_archive(request, pk):
    """Staff take a practice that no longer holds out of the catalogue (kept)."""
    practice = _practice(request, pk)
    if not services.is_staff(request.user):
        raise PermissionDenied
    try:
        services.archive_practice(practice, by=request.user)
    except (services.Refused, PermissionDenied):
        messages.error(request, locked_message(practice))
    else:
        messages.success(request, _("The practice has been archived: only the department and "
                                    "its library see it now."))
    return redirect(practice)


# --- photos -----------------------------------------------------------------------------------

def _editable(request, pk):
    """The practice the user may edit now, or the response that says why not."""
    practice = _practice(request, pk)
    try:
        check_edit(request.user, practice)
    except Locked:
        messages.error(request, locked_message(practice))
        return practice, redirect(practice)
    return practice, None


def practice_photo_create(request, pk):
    """Add a photo: the form asks who is in it and confirms their (for children, their
    parents') consent."""
    practice, refused = _editable(request, pk)
    if refused:
        return refused
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_photo(practice, upload=form.cleaned_data["image"],
                               consent=form.cleaned_data["consent"],
                               caption=form.cleaned_data["caption"], by=request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("The photo has been added."))
            return redirect(practice.get_absolute_url() + "#photos")
    return render(request, "viesinimas/practices_upload.html", {
        "practice": practice, "form": form, "kind": "photo",
        "title": _("Add a photo")})


def _form_errors(form, refusal: services.Refused) -> None:
    if hasattr(refusal, "error_dict"):
        for field, errors in refusal.error_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        form.add_error(None, refusal)


def _photo(request, pk) -> PracticePhoto:
    """A photo not withdrawn, of a practice the user may see."""
    return get_object_or_404(PracticePhoto.objects.visible_to(request.user).shown()
                             .select_related("practice"), pk=pk)


def _private(response):
    patch_cache_control(response, private=True, no_store=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _serve(stored, content_type: str, *, download_name: str = ""):
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=content_type,
                            as_attachment=bool(download_name),
                            filename=download_name or None)
    return _private(response)


def _image_type(name: str) -> str:
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in services.PHOTO_CONTENT_TYPES:
        raise Http404
    return services.PHOTO_CONTENT_TYPES[extension]


@require_GET
def practice_photo(request, pk):
    photo = _photo(request, pk)
    return _serve(photo.image, _image_type(photo.image.name))


@require_GET
def practice_thumbnail(request, pk):
    photo = _photo(request, pk)
    return _serve(photo.thumbnail, _image_type(photo.thumbnail.name))


@require_POST
def practice_photo_withdraw(request, pk):
    """The photo goes at once (its files deleted); its uploader, the library's people and
    staff may."""
    photo = _photo(request, pk)
    user = request.user
    if not services.may_withdraw_photo(user, photo):
        if user.sees_whole_territory:
            raise PermissionDenied
        raise Http404
    services.withdraw_photo(photo, by=user)
    messages.success(request, _("The photo has been withdrawn and deleted."))
    return redirect(photo.practice.get_absolute_url() + "#photos")


# --- documents --------------------------------------------------------------------------------

def practice_file_create(request, pk):
    practice, refused = _editable(request, pk)
    if refused:
        return refused
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            stored = services.add_file(practice, upload=form.cleaned_data["file"],
                                       name=form.cleaned_data["name"], by=request.user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("“%(name)s” has been attached.") % {"name": stored.name})
            return redirect(practice.get_absolute_url() + "#files")
    return render(request, "viesinimas/practices_upload.html", {
        "practice": practice, "form": form, "kind": "file",
        "title": _("Attach a document")})


def _file(request, pk) -> PracticeFile:
    return get_object_or_404(PracticeFile.objects.visible_to(request.user)
                             .select_related("practice"), pk=pk)


@require_GET
def practice_file(request, pk):
    stored = _file(request, pk)
    extension = stored.file.name.rsplit(".", 1)[-1].lower()
    if extension not in services.FILE_TYPES:
        raise Http404
    return _serve(stored.file, services.FILE_TYPES[extension], download_name=stored.name)


@require_POST
def practice_file_delete(request, pk):
    stored = _file(request, pk)
    practice = stored.practice
    try:
        check_edit(request.user, practice)
    except Locked:
        messages.error(request, locked_message(practice))
        return redirect(practice)
    services.remove_file(stored, by=request.user)
    messages.success(request, _("“%(name)s” has been removed.") % {"name": stored.name})
    return redirect(practice.get_absolute_url() + "#files")


# --- "we did it too" --------------------------------------------------------------------------

def adoption_create(request, pk):
    """A library says it took the practice over, with its own note."""
    practice = _practice(request, pk)
    user = request.user
    if not (services.is_staff(user) or own_library_ids(user)):
        raise PermissionDenied
    if not services.may_adopt(user, practice):
        messages.error(request, _("Only a published practice of another library can be "
                                  "taken over."))
        return redirect(practice)
    form = AdoptionForm(request.POST or None, user=user, practice=practice)
    if not form.fields["library"].queryset.exists():
        messages.info(request, _("Your libraries have already said they did this too."))
        return redirect(practice.get_absolute_url() + "#adoptions")
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt(practice, library=form.cleaned_data["library"],
                           note=form.cleaned_data["note"],
                           adopted_on=form.cleaned_data["adopted_on"], by=user)
        except services.Refused as refusal:
            _form_errors(form, refusal)
        else:
            messages.success(request, _("Thank you: the practice's page now shows that your "
                                        "library did it too."))
            return redirect(practice.get_absolute_url() + "#adoptions")
    return render(request, "viesinimas/practices_adoption_form.html",
                  {"practice": practice, "form": form})


@require_POST
def adoption_delete(request, pk):
    adoption = get_object_or_404(Adoption.objects.visible_to(request.user)
                                 .select_related("practice", "library"), pk=pk)
    user = request.user
    if not services.may_withdraw_adoption(user, adoption):
        if user.sees_whole_territory:
            raise PermissionDenied
        raise Http404
    practice = adoption.practice
    services.withdraw_adoption(adoption, by=user)
    messages.success(request, _("%(library)s no longer shows as having taken the practice "
                                "over.") % {"library": adoption.library.name})
    return redirect(practice.get_absolute_url() + "#adoptions")

