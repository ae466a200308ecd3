"""The form of a knowledge-base entry: the question, the answer and the topic. Anonymity is
checked by the services when the entry goes to review and is published, not here: a draft
may still hold the words its author is about to remove."""

from django import forms
from django.utils.translation import gettext_lazy as _

from konsultacijos.models import KnowledgeEntry, Topic
from portalas.forms import form_helper


def _topics(user, chosen_id=None):
    """The topics in use, and the entry's own even if it has gone out of use."""
    topics = Topic.objects.visible_to(user).filter(active=True)
    if chosen_id:
        topics = topics | Topic.objects.visible_to(user).filter(pk=chosen_id)
    return topics.order_by("order", "name")


class EntryForm(forms.ModelForm):
    class Meta:
        model = KnowledgeEntry
        fields = ["question", "answer", "topic"]
        widgets = {"question": forms.Textarea(attrs={"rows": 3}),
                   "answer": forms.Textarea(attrs={"rows": 10})}
        labels = {"question": _("Question"), "answer": _("The answer"), "topic": _("Topic")}
        help_texts = {
            "question": _("As any library could ask it: no library, no person."),
            "answer": _("Leave an empty line between paragraphs; the page keeps them."),
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = _topics(user, self.instance.topic_id)
        self.helper = form_helper("question", "answer", "topic")

    def clean_question(self):
        return self.cleaned_data["question"].strip()

    def clean_answer(self):
        return self.cleaned_data["answer"].strip()
