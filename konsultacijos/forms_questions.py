"""Forms of the questions from libraries: a librarian asks (their own libraries only, an
optional attachment checked by its content), staff assign and answer. The version the
page was opened with travels in a hidden field: a second answer is refused."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bibliotekos.models import Membership
from konsultacijos import services
from konsultacijos.models import MAX_MINUTES, Question, Topic
from paskyros.forms import CleanCharField
from paskyros.models import Role
from portalas.forms import form_helper
from portalas.ordering import lt_order
from projektai.forms_sections import DOCUMENT_TYPES, content_kind, extension, safe_filename

#: The kinds of file a question may carry (by extension), and their content types.
ATTACHMENT_TYPES = {ext: DOCUMENT_TYPES[ext] for ext in ("pdf", "docx", "xlsx", "jpg", "png")}
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"


def active_topics(chosen_id=None):
    """The topics in use (and the one already chosen, even if no longer in use)."""
    return Topic.objects.filter(Q(active=True) | Q(pk=chosen_id or 0)).order_by("order", "name")


def assignees():
    """Whom a question may be assigned to: active department staff."""
    return (get_user_model().objects.filter(is_active=True, role__in=[Role.STAFF, Role.ADMIN])
            .order_by(lt_order("full_name"), "email"))


def check_attachment(upload):
    """Size, extension and content (a renamed file is refused); a safe file name."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(_("The file is larger than %(max)s MB.")
                              % {"max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
                              code="too_large")
    ext = extension(upload.name)
    if ext not in ATTACHMENT_TYPES:
        raise ValidationError(_("Attach a PDF, DOCX, XLSX, JPG or PNG file."),
                              code="file_type")
    upload.seek(0)
    kind = content_kind(upload.read(16))
    upload.seek(0)
    expected = "zip" if ext in {"docx", "xlsx"} else ext
    if kind != expected:
        raise ValidationError(_("The file's content does not match its type (.%(ext)s): "
                                "attach the document itself.") % {"ext": ext},
                              code="file_type")
    upload.name = safe_filename(upload.name, fallback="klausimas")
    return upload


class QuestionForm(forms.ModelForm):
    """A librarian's question: for which of their libraries, about what."""

    subject = CleanCharField(label=capfirst(_("subject")), max_length=200,
                             help_text=_("In a few words, e.g. “Counting online events”."))
    text = CleanCharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 8}),
                          max_length=10000)
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False,
        help_text=_("A PDF, DOCX, XLSX, JPG or PNG file."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}))

    class Meta:
        model = Question
        fields = ["library", "topic", "subject", "text", "attachment"]

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        libraries = (services.libraries_to_ask_for(user)
                     .filter(Q(closed__isnull=True) | Q(closed__gt=timezone.localdate()))
                     .order_by(lt_order("name")))
        field = self.fields["library"]
        field.queryset = libraries
        field.help_text = _("The library the question is about.")
        ids = list(libraries.values_list("pk", flat=True)[:2])
        if len(ids) == 1:
            field.empty_label = None
            self.initial.setdefault("library", ids[0])
        else:
            # a director asks mostly for their own library: it comes chosen
            field.empty_label = _("Choose the library…")
            own = (Membership.objects.filter(user=user, library__in=libraries)
                   .order_by("pk").values_list("library_id", flat=True).first())
            if own:
                self.initial.setdefault("library", own)
        topic = self.fields["topic"]
        topic.queryset = active_topics()
        topic.required = False
        topic.empty_label = _("— I don't know —")
        topic.help_text = _("Optional: the department will choose one if you don't.")
        self.helper = form_helper("library", "topic", "subject", "text", "attachment")
        self.fields["attachment"].help_text = _(
            "A PDF, DOCX, XLSX, JPG or PNG file, at most %(max)s MB.") % {
            "max": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return None
        return check_attachment(upload)


class AssignForm(forms.Form):
    assigned_to = forms.ModelChoiceField(label=_("Assign to"), queryset=None,
                                         empty_label=_("Choose a staff member…"))
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = assignees()


class AnswerForm(forms.Form):
    """The answer the asker gets by e-mail; the topic and the time it took go into the
    consultation record the answer becomes."""

    answer = CleanCharField(label=capfirst(_("answer")), max_length=20000,
                            widget=forms.Textarea(attrs={"rows": 10}),
                            help_text=_("The asker gets it by e-mail and sees it here."))
    topic = forms.ModelChoiceField(label=capfirst(_("topic")), queryset=None, required=False)
    minutes = forms.IntegerField(label=_("Time spent (minutes)"), min_value=1,
                                 max_value=MAX_MINUTES, initial=15)
    version = forms.IntegerField(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, question: Question, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question
        topic = self.fields["topic"]
        topic.queryset = active_topics(question.topic_id)
        topic.required = question.topic_id is None
        topic.empty_label = _("Choose the topic…")
        self.initial.setdefault("topic", question.topic_id)
        self.initial.setdefault("version", question.version)
