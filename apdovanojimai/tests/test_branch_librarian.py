"""A branch librarian of library A's own system (not its director) against the awards of
that system: the director's nominations of the system's people, their attachments, the
jury's pages, and the award of a person of another branch — downloads included. They see
what every signed-in user sees (a published contest's winners) and nothing more."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from apdovanojimai import services_results
from apdovanojimai.models import NominationFile
from apdovanojimai.tests.factories_nominations import branch_librarian
from apdovanojimai.tests.factories_results import closed_contest, prepare

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(territory, staff, librarian_a):
    # the director nominates people of the system's central library, scoring is closed
    contest, nominations, _results = closed_contest(staff=staff, nominator=librarian_a,
                                                    library=territory.central_a, count=2)
    attachment = NominationFile.objects.create(
        nomination=nominations[0], name="rekomendacija.pdf", uploaded_by=librarian_a,
        file=ContentFile(b"%PDF-1.4 rekomendacija", name="rekomendacija.pdf"))
    award = prepare(nominations[0], by=staff)
    client = Client()
    client.force_login(branch_librarian(territory.branch_a),
                       backend="paskyros.backends.EmailBackend")
    return contest, nominations, attachment, award, client


def _get(client, name, pk) -> int:
    return client.get(reverse(f"apdovanojimai:{name}", args=[pk])).status_code


def test_the_director_s_nominations_and_their_attachments_are_a_404(world):
    contest, nominations, attachment, _award, client = world
    for nomination in nominations:
        assert _get(client, "nomination_detail", nomination.pk) == 404
        assert _get(client, "nomination_update", nomination.pk) == 404
        assert _get(client, "assessment_score", nomination.pk) == 404
    assert _get(client, "nomination_file", attachment.pk) == 404
    listed = client.get(reverse("apdovanojimai:my_nominations")).context["object_list"]
    assert list(listed) == []


def test_the_jury_s_pages_are_a_404(world):
    contest, _nominations, _attachment, _award, client = world
    for name in ("jury_worklist", "jury_audit", "score_table"):
        assert _get(client, name, contest.pk) == 404, name


def test_before_publishing_the_results_and_the_award_are_a_404(world):
    contest, _nominations, _attachment, award, client = world
    assert _get(client, "contest_results", contest.pk) == 404
    assert _get(client, "award_detail", award.pk) == 404
    assert _get(client, "award_pdf", award.pk) == 404


def test_after_publishing_they_see_the_winner_but_not_the_diploma_of_another_branch(
        world, staff):
    contest, _nominations, _attachment, award, client = world
    services_results.publish_results(contest=contest, by=staff)
    assert _get(client, "contest_results", contest.pk) == 200
    assert _get(client, "award_detail", award.pk) == 200
    assert _get(client, "award_pdf", award.pk) == 404      # not theirs, nor their branch's
    assert _get(client, "contest_diplomas_zip", contest.pk) == 403  # a staff-only page
