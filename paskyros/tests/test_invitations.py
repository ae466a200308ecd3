import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from bibliotekos.models import Membership
from paskyros import services
from paskyros.models import Invitation, User

pytestmark = pytest.mark.django_db(transaction=True)
NEW_PASSWORD = "mano-naujas-slaptazodis"


def invitation_path() -> str:
    match = re.search(r"https?://[^/\s]+(/paskyra/kvietimas/[^/\s]+/)", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def invite_librarian(client, territory, email="nauja@test.lt", role="librarian"):
    return client.post(reverse("bibliotekos:librarian_invite"), {
        "full_name": "Nauja Bibliotekininkė", "email": email,
        "library": territory.branch_a.pk, "library_role": role})


def test_staff_invite_a_librarian_who_gets_an_email_link(staff_client, territory, settings):
    settings.PORTAL_BASE_URL = "https://regionas.example.lt"
    response = invite_librarian(staff_client, territory, email="Nauja@Test.lt")
    assert response.status_code == 302
    user = User.objects.get(email="nauja@test.lt")
    assert user.role == "librarian" and not user.is_active and not user.has_usable_password()
    assert Membership.objects.filter(user=user, library=territory.branch_a).exists()
    assert mail.outbox[-1].to == ["nauja@test.lt"]
    assert "https://regionas.example.lt/paskyra/kvietimas/" in mail.outbox[-1].body
    assert "Nauja Bibliotekininkė" in mail.outbox[-1].body


def test_invitation_link_sets_the_password_and_signs_in(client, staff_client, territory):
    invite_librarian(staff_client, territory)
    path = invitation_path()
    assert client.get(path).status_code == 200
    response = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(email="nauja@test.lt")
    assert user.is_active and user.check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200


def test_invitation_link_works_only_once(client, staff_client, territory):
    invite_librarian(staff_client, territory)
    path = invitation_path()
    client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.post(path, {"new_password1": "kitas-slaptazodis-99",
                               "new_password2": "kitas-slaptazodis-99"})
    assert again.status_code == 410
    assert User.objects.get(email="nauja@test.lt").check_password(NEW_PASSWORD)


def test_expired_invitation_link_is_refused(client, staff_client, territory):
    invite_librarian(staff_client, territory)
    path = invitation_path()
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(path).status_code == 410


def test_resending_makes_the_old_link_stop_working(client, staff_client, territory):
    invite_librarian(staff_client, territory)
    old_path = invitation_path()
    invitation = Invitation.objects.get()
    staff_client.post(reverse("paskyros:invitation_resend", args=[invitation.pk]))
    new_path = invitation_path()
    assert new_path != old_path
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200


def test_weak_password_on_the_invitation_page_is_refused(client, staff_client, territory):
    invite_librarian(staff_client, territory)
    response = client.post(invitation_path(), {"new_password1": "123", "new_password2": "123"})
    assert response.status_code == 200
    assert not User.objects.get(email="nauja@test.lt").is_active


def test_token_is_stored_only_as_a_hash(staff_client, territory):
    invite_librarian(staff_client, territory)
    token = invitation_path().rstrip("/").rsplit("/", 1)[1]
    assert not Invitation.objects.filter(token_hash=token).exists()
    assert Invitation.objects.filter(token_hash=Invitation.hash_token(token)).exists()


def test_inviting_an_existing_active_account_is_a_form_error(staff_client, territory,
                                                             librarian_a):
    response = invite_librarian(staff_client, territory, email="A@test.lt")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]


def test_department_staff_cannot_grant_staff_or_management_roles(staff, territory):
    for role in ("staff", "management", "admin"):
        with pytest.raises(PermissionDenied):
            services.invite_user(email=f"{role}@x.lt", full_name="X", role=role, by=staff)


def test_administrator_invites_department_staff(administrator, client):
    client.force_login(administrator)
    session = client.session
    from django_otp.plugins.otp_static.models import StaticDevice

    device = StaticDevice.objects.create(user=administrator, name="test")
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.post(reverse("paskyros:user_invite"), {
        "full_name": "Nauja Metodininkė", "email": "metodininke@test.lt", "role": "staff"})
    assert response.status_code == 302
    assert User.objects.get(email="metodininke@test.lt").role == "staff"


def test_librarian_cannot_reach_the_invitation_pages(client_a):
    assert client_a.get(reverse("bibliotekos:librarian_invite")).status_code == 403
    assert client_a.get(reverse("bibliotekos:librarian_list")).status_code == 403


def test_staff_cannot_reach_the_administrators_user_pages(staff_client, librarian_a):
    assert staff_client.get(reverse("paskyros:user_list")).status_code == 403
    assert staff_client.get(reverse("paskyros:user_detail", args=[librarian_a.pk])
                            ).status_code == 403


def test_staff_deactivate_a_librarian_who_is_then_signed_out(staff_client, client_a,
                                                             librarian_a):
    response = staff_client.post(reverse("bibliotekos:librarian_active", args=[librarian_a.pk]),
                                 {"active": "0"})
    assert response.status_code == 302
    librarian_a.refresh_from_db()
    assert not librarian_a.is_active
    assert client_a.get("/").status_code == 302


def test_staff_cannot_deactivate_management(staff, manager):
    with pytest.raises(PermissionDenied):
        services.set_active(user=manager, active=False, by=staff)


def test_administrator_cannot_remove_own_admin_role(administrator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.change_role(user=administrator, role="staff", by=administrator)


def test_staff_add_and_remove_a_library_on_a_librarians_page(staff_client, librarian_a,
                                                             territory):
    url = reverse("bibliotekos:librarian_detail", args=[librarian_a.pk])
    response = staff_client.post(url, {"library": territory.school_b.pk,
                                       "library_role": "librarian"})
    assert response.status_code == 302
    membership = Membership.objects.get(user=librarian_a, library=territory.school_b)
    staff_client.post(reverse("bibliotekos:membership_delete", args=[membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_invited_librarian_is_linked_to_their_person_record(staff_client, territory):
    from bibliotekos.models import Person

    Person.objects.create(first_name="Nauja", last_name="Bibliotekininkė",
                          email="NAUJA@test.lt", library=territory.branch_a)
    invite_librarian(staff_client, territory)
    person = Person.objects.get(email__iexact="nauja@test.lt")
    assert person.user.email == "nauja@test.lt"
    assert Person.objects.filter(user=person.user).count() == 1


def test_invited_librarian_without_a_record_gets_one(staff_client, territory):
    from bibliotekos.models import Person

    invite_librarian(staff_client, territory)
    person = Person.objects.get(user__email="nauja@test.lt")
    assert (person.first_name, person.last_name, person.library) == (
        "Nauja", "Bibliotekininkė", territory.branch_a)
