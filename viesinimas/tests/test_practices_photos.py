"""Photos of a good practice — the issue's bad input: the type is read from the content
(JPEG, PNG or WebP, whatever the name says), the size and the pixels are capped, the stored
photo is turned upright and has no EXIF (no GPS location), the thumbnail is made by the
task, the consent of the people in it is asked (the parents' for children), and a photo is
withdrawn at once — its files deleted, its addresses 404 — while the row remembers who
withdrew it."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from viesinimas import services_practices as services
from viesinimas.models import PracticePhoto, PracticeStatus
from viesinimas.tasks_practices import make_photo_thumbnail
from viesinimas.tests.factories_practices import (
    camera_exif,
    huge_png_header,
    image_bytes,
    make_photo,
    make_practice,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(territory, librarian_a):
    return make_practice(library=territory.system_a, by=librarian_a)


@pytest.fixture
def published(territory, librarian_a, staff):
    return make_practice(library=territory.system_a, by=librarian_a,
                         status=PracticeStatus.PUBLISHED, reviewer_user=staff)


def stored(photo) -> Image.Image:
    with photo.image.storage.open(photo.image.name, "rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
    return image


def add(practice, user, data=None, name="nuotrauka.jpg", consent="no_people"):
    return services.add_photo(practice, upload=upload(name, data), consent=consent,
                              caption="Skaitymo popietė", by=user)


def test_the_stored_photo_has_no_exif_and_no_gps_location(draft, librarian_a):
    taken = image_bytes(exif=camera_exif())
    assert Image.open(io.BytesIO(taken)).getexif().get_ifd(0x8825)  # the phone's place
    photo = add(draft, librarian_a, taken)
    image = stored(photo)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {} and image.getexif().get_ifd(0x8825) == {}
    assert "exif" not in image.info and "xmp" not in image.info
    with photo.image.storage.open(photo.image.name, "rb") as handle:
        raw = handle.read()
    assert b"Exif" not in raw and b"Telefonas" not in raw
    assert photo.image.name.startswith(f"viesinimas/patirtis/{draft.pk}/nuotraukos/")
    assert "nuotrauka" not in photo.image.name.rsplit("/", 1)[-1]  # a random name


def test_the_photo_is_turned_as_the_camera_says_before_its_exif_goes(draft, librarian_a):
    sideways = image_bytes(size=(64, 48), exif=camera_exif(orientation=6))
    image = stored(add(draft, librarian_a, sideways))
    assert image.size == (48, 64)


def test_xmp_and_comments_go_too(draft, librarian_a):
    data = image_bytes(exif=camera_exif(), xmp=b"<x:xmpmeta>GPSLatitude 55.88</x:xmpmeta>",
                       comment=b"Ona Onaite")
    photo = add(draft, librarian_a, data)
    with photo.image.storage.open(photo.image.name, "rb") as handle:
        raw = handle.read()
    assert b"GPSLatitude" not in raw and b"Onaite" not in raw


def test_a_png_named_jpg_is_stored_and_served_as_the_png_it_is(draft, librarian_a, client_a):
    png = image_bytes("PNG")
    photo = add(draft, librarian_a, png, name="nuotrauka.jpg")
    assert photo.image.name.endswith(".png") and stored(photo).format == "PNG"
    response = client_a.get(reverse("viesinimas:practice_photo", args=[photo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]


def test_a_webp_photo_is_accepted(draft, librarian_a):
    photo = add(draft, librarian_a, image_bytes("WEBP", exif=camera_exif()), name="a.webp")
    assert photo.image.name.endswith(".webp") and not stored(photo).getexif()


@pytest.mark.parametrize(("name", "data"), [
    ("nuotrauka.jpg", b"Tai tekstas, ne nuotrauka.\n" * 20),
    ("nuotrauka.jpg", b"%PDF-1.4\n%%EOF\n"),
    ("nuotrauka.gif", b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9"
                      b"\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02"
                      b"\x02D\x01\x00;"),
    ("nuotrauka.jpg", image_bytes()[:200]),  # cut off
])
def test_anything_but_a_jpeg_png_or_webp_is_refused_whatever_its_name(draft, librarian_a,
                                                                        name, data):
    with pytest.raises(services.Refused) as refused:
        add(draft, librarian_a, data, name=name)
    assert refused.value.code == "file_type"
    assert not PracticePhoto.objects.exists()


def test_a_decompression_bomb_is_refused_before_it_is_decoded(draft, librarian_a):
    with pytest.raises(services.Refused) as refused:
        add(draft, librarian_a, huge_png_header(60_000, 60_000), name="bomba.png")
    assert refused.value.code == "too_many_pixels"


def test_an_image_with_more_pixels_than_the_limit_is_refused(draft, librarian_a):
    # 8 000 × 6 000: under Pillow's own bomb limit, over the portal's
    with pytest.raises(services.Refused) as refused:
        add(draft, librarian_a, huge_png_header(8_000, 6_000), name="didele.png")
    assert refused.value.code == "too_many_pixels"


def test_a_photo_over_the_size_limit_is_refused(draft, librarian_a, monkeypatch):
    monkeypatch.setattr(services, "PHOTO_MAX_BYTES", 100)
    with pytest.raises(services.Refused) as refused:
        add(draft, librarian_a)
    assert refused.value.code == "too_large"


def test_a_big_photo_is_scaled_down(draft, librarian_a, monkeypatch):
    monkeypatch.setattr(services, "PHOTO_MAX_SIDE", 32)
    assert max(stored(add(draft, librarian_a)).size) == 32


def test_the_consent_must_be_said(draft, librarian_a):
    with pytest.raises(services.Refused) as refused:
        add(draft, librarian_a, consent="")
    assert refused.value.code == "consent"
    assert add(draft, librarian_a, consent="parents").consent == "parents"


def test_only_who_may_edit_the_practice_adds_photos(draft, librarian_b, manager, published,
                                                    librarian_a, staff):
    for user in (librarian_b, manager):
        with pytest.raises(services.PermissionDenied):
            add(draft, user)
    with pytest.raises(services.PermissionDenied):
        add(published, librarian_a)  # published: the department's
    assert add(published, staff)


# --- the thumbnail ------------------------------------------------------------------------------

def test_the_thumbnail_is_made_by_the_task_after_commit(
        draft, librarian_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        photo = add(draft, librarian_a, image_bytes(size=(1600, 1200)))
    assert not PracticePhoto.objects.get(pk=photo.pk).thumbnail  # not in the request
    assert len(callbacks) == 1
    callbacks[0]()
    photo.refresh_from_db()
    assert photo.thumbnail.name.startswith(f"viesinimas/patirtis/{draft.pk}/miniatiuros/")
    with photo.thumbnail.storage.open(photo.thumbnail.name, "rb") as handle:
        thumbnail = Image.open(io.BytesIO(handle.read()))
        assert thumbnail.format == "JPEG" and thumbnail.size == (640, 480)
        assert not thumbnail.getexif()


def test_the_task_makes_no_thumbnail_for_a_photo_withdrawn_meanwhile(draft, librarian_a):
    photo = make_photo(draft, by=librarian_a, thumbnail=False)
    services.withdraw_photo(photo, by=librarian_a)
    assert make_photo_thumbnail(photo.pk) is False
    assert not PracticePhoto.objects.get(pk=photo.pk).thumbnail


# --- withdrawal -------------------------------------------------------------------------------

def test_a_withdrawn_photo_s_files_are_deleted_at_once_and_its_addresses_404(
        published, librarian_a, client_a, client_b, staff):
    photo = make_photo(published, by=staff)
    storage, names = photo.image.storage, [photo.image.name, photo.thumbnail.name]
    assert all(storage.exists(name) for name in names)
    urls = [reverse("viesinimas:practice_photo", args=[photo.pk]),
            reverse("viesinimas:practice_thumbnail", args=[photo.pk])]
    assert [client_b.get(url).status_code for url in urls] == [200, 200]
    response = client_a.post(reverse("viesinimas:practice_photo_withdraw", args=[photo.pk]))
    assert response.status_code == 302
    assert not any(storage.exists(name) for name in names)
    assert [client_b.get(url).status_code for url in urls] == [404, 404]
    assert [client_a.get(url).status_code for url in urls] == [404, 404]
    photo.refresh_from_db()
    assert photo.withdrawn_by == librarian_a and photo.withdrawn_at is not None
    assert not photo.image and not photo.thumbnail
    page = client_b.get(published.get_absolute_url())
    assert page.context["photos"] == [] and urls[0] not in page.content.decode()


def test_who_may_withdraw_a_photo(published, territory, librarian_a, librarian_b, staff,
                                  manager, client_b, manager_client, staff_client):
    from tests.factories import UserFactory

    branch_librarian = UserFactory(role="librarian", email="filialas@test.lt")
    territory.branch_a.memberships.create(user=branch_librarian, role="librarian")
    by_branch = make_photo(published, by=branch_librarian)
    by_director = make_photo(published, by=librarian_a)
    assert services.may_withdraw_photo(branch_librarian, by_branch)   # its uploader
    assert not services.may_withdraw_photo(branch_librarian, by_director)
    assert services.may_withdraw_photo(librarian_a, by_branch)         # the library's
    assert not services.may_withdraw_photo(librarian_b, by_director)
    assert not services.may_withdraw_photo(manager, by_director)
    url = reverse("viesinimas:practice_photo_withdraw", args=[by_director.pk])
    assert client_b.post(url).status_code == 404
    assert manager_client.post(url).status_code == 403
    assert staff_client.post(url).status_code == 302
    assert PracticePhoto.objects.get(pk=by_director.pk).withdrawn_by == staff


def test_a_draft_s_photos_are_its_library_s_only(draft, librarian_a, client_a, client_b):
    photo = make_photo(draft, by=librarian_a)
    url = reverse("viesinimas:practice_photo", args=[photo.pk])
    assert client_a.get(url).status_code == 200
    assert client_b.get(url).status_code == 404


# --- the page ---------------------------------------------------------------------------------

def test_the_photo_form_asks_for_consent_and_its_confirmation(draft, client_a):
    url = reverse("viesinimas:practice_photo_create", args=[draft.pk])
    page = client_a.get(url).content.decode()
    assert 'value="parents"' in page and 'name="confirm"' in page
    unconfirmed = client_a.post(url, {"image": upload(), "consent": "parents"})
    assert unconfirmed.status_code == 200 and "confirm" in unconfirmed.context["form"].errors
    added = client_a.post(url, {"image": upload(), "consent": "parents", "confirm": "on",
                                "caption": "Vaikai su tėvais"})
    assert added.status_code == 302
    photo = draft.photos.get()
    assert (photo.consent, photo.caption) == ("parents", "Vaikai su tėvais")


def test_a_refused_photo_is_said_on_the_form(draft, client_a):
    url = reverse("viesinimas:practice_photo_create", args=[draft.pk])
    response = client_a.post(url, {"image": upload("x.jpg", b"ne nuotrauka"),
                                   "consent": "no_people", "confirm": "on"})
    assert response.status_code == 200 and "image" in response.context["form"].errors
    assert not draft.photos.exists()
