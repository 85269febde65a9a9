"""A challenge's images and attachments: only real JPEG/PNG/WebP images, re-encoded without metadata and
resized; only PDFs; both as private as the challenge until it is published; and Markdown shows only the
challenge's own images. The test images are made here with Pillow."""

import io
import re
import struct
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import ExifTags, Image

from challenges import images, services
from challenges.forms import AttachmentForm, ImageForm
from challenges.models import Challenge, ChallengeAttachment, ChallengeEvent, ChallengeImage
from gnist.storage import private_storage
from tests.challenges.publishing import LOCKED, READERS_TOLD, lock
from tests.factories import ParticipantFactory
from tests.helpers import ROLES, as_role, count_queries, denial_reason

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOSTILE_TAIL = b"<script>alert(1)</script><?php system($_GET['c']); ?>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="10" height="10"/></svg>'


# --- test images ------------------------------------------------------------------------------------------


def picture(width=800, height=600, *, format="JPEG", mode="RGB", exif=None, colour="teal") -> bytes:
    image = Image.new(mode, (width, height), colour if mode != "1" else 1)
    buffer = io.BytesIO()
    image.save(buffer, format, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Fotofabrikken"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (58.0, 26.0, 17.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (7.0, 28.0, 12.0),
    }
    return exif


def png_claiming(width: int, height: int) -> bytes:
    """A 1x1 PNG whose header claims `width` x `height`: decoding it would need gigabytes."""
    data = bytearray(picture(1, 1, format="PNG", mode="L"))
    header = b"IHDR" + struct.pack(">II", width, height) + bytes(data[24:29])
    data[12:29] = header
    data[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(data)


def upload(content: bytes, name: str = "bilde.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored(name: str) -> bytes:
    with private_storage.open(name, "rb") as file:
        return file.read()


def add_image(challenge, content=None, **fields) -> ChallengeImage:
    return services.add_image(
        challenge,
        actor=challenge.created_by,
        image=images.prepare_image(upload(content or picture())),
        alt_text=fields.pop("alt_text", "Et tomt torg"),
        **fields,
    )


def add_attachment(challenge, name="plan.pdf") -> ChallengeAttachment:
    return services.add_attachment(
        challenge, actor=challenge.created_by, upload=upload(PDF, name, "application/pdf")
    )


@pytest.fixture
def published(cast, complete_draft) -> Challenge:
    services.submit_challenge(complete_draft, actor=cast.staff)
    return services.publish_challenge(complete_draft, actor=cast.programme_admin)


def refused(content: bytes, name: str = "bilde.jpg", content_type: str = "image/jpeg") -> list[str]:
    form = ImageForm(
        {"image-alt_text": "Et bilde"}, {"image-file": upload(content, name, content_type)}, prefix="image"
    )
    assert not form.is_valid()
    return form.errors["file"]


# --- what an image is ------------------------------------------------------------------------------------

NOT_AN_IMAGE = (
    "The file is not a JPEG, PNG or WebP image. Save it in one of those formats and upload it again."
)


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (SVG, "logo.svg", "image/svg+xml"),
        (SVG, "logo.png", "image/png"),
        (PDF, "kart.jpg", "image/jpeg"),
        (picture(format="GIF", mode="P"), "anim.gif", "image/gif"),
        (picture(format="BMP"), "bilde.bmp", "image/bmp"),
        (picture()[:400], "avkuttet.jpg", "image/jpeg"),
        (b"<html><script>alert(1)</script></html>", "side.jpg", "image/jpeg"),
    ],
    ids=["svg", "svg-named-png", "pdf-renamed-jpg", "gif", "bmp", "truncated-jpeg", "html-renamed-jpg"],
)
def test_only_jpeg_png_and_webp_images_are_taken(db, content, name, content_type):
    with translation.override("en"):
        assert refused(content, name, content_type) == [NOT_AN_IMAGE]


@pytest.mark.parametrize("size", [(8000, 6000), (100_000, 100_000), (2**31 - 1, 2**31 - 1)])
def test_a_decompression_bomb_is_refused_before_it_is_decoded(db, size):
    content = picture(*size, format="PNG", mode="1") if size == (8000, 6000) else png_claiming(*size)

    with translation.override("en"):
        assert refused(content, "bombe.png", "image/png") == [
            "The image has too many pixels (the limit is 40 megapixels). Make it smaller and try again."
        ]


def test_an_image_over_the_byte_limit_is_refused(db):
    noise = Image.frombytes("RGB", (1700, 1700), (bytes(range(256)) * 34_000)[: 1700 * 1700 * 3])
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)

    with translation.override("en"):
        assert refused(buffer.getvalue(), "stort.png", "image/png") == [
            "The image is too large (8.3\xa0MB). The limit is 8.0\xa0MB."
        ]


@pytest.mark.parametrize("format", ["JPEG", "PNG", "WEBP"])
def test_each_accepted_format_is_stored_as_webp(db, format):
    prepared = images.prepare_image(upload(picture(1200, 900, format=format)))

    reopened = Image.open(io.BytesIO(prepared.content))
    assert (reopened.format, reopened.size, sorted(prepared.renditions)) == ("WEBP", (1200, 900), [480, 960])


def test_a_polyglot_image_loses_what_was_appended(complete_draft):
    image = add_image(complete_draft, picture() + HOSTILE_TAIL)

    content = stored(image.file.name)
    assert (content[:4], b"<script" in content, b"<?php" in content) == (b"RIFF", False, False)


def test_gps_and_camera_details_are_gone_from_the_stored_image_and_every_rendition(complete_draft):
    original = picture(2400, 1200, exif=gps_exif())
    assert b"Fotofabrikken" in original  # the test image does carry them

    image = add_image(complete_draft, original)

    names = [image.file.name, *image.renditions.values()]
    assert len(names) == 3  # 1600 wide, and 480 and 960
    for name in names:
        content = stored(name)
        reopened = Image.open(io.BytesIO(content))
        metadata = {"exif", "xmp", "icc_profile"} & set(reopened.info)
        assert (dict(reopened.getexif()), metadata, b"Fotofabrikken" in content, b"EXIF" in content) == (
            {},
            set(),
            False,
            False,
        ), name


def test_the_stored_image_is_turned_upright_and_resized_to_the_display_widths(complete_draft):
    # 3200x1600 lying on its side (orientation 6: turn 90° clockwise to view): upright it is 1600x3200.
    image = add_image(complete_draft, picture(3200, 1600, exif=gps_exif(orientation=6)))

    sizes = {width: Image.open(io.BytesIO(stored(name))).size for width, name in image.renditions.items()}
    assert (image.width, image.height, sizes) == (1600, 3200, {"480": (480, 960), "960": (960, 1920)})


def test_a_small_image_keeps_its_size_and_has_only_smaller_renditions(complete_draft):
    image = add_image(complete_draft, picture(700, 350, format="PNG"))

    assert (image.width, image.height, sorted(image.renditions)) == (700, 350, ["480"])


def test_transparency_is_kept(db):
    prepared = images.prepare_image(
        upload(picture(100, 100, format="PNG", mode="RGBA", colour=(0, 128, 128, 100)), "t.png", "image/png")
    )

    assert Image.open(io.BytesIO(prepared.content)).mode == "RGBA"


def test_an_image_needs_its_alternative_text(db):
    form = ImageForm({"image-alt_text": " "}, {"image-file": upload(picture())}, prefix="image")

    with translation.override("en"):
        assert form.errors == {"alt_text": ["This field is required."]}


# --- attachments ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (b"<html><script>alert(1)</script></html>", "plan.pdf"),
        (picture(), "plan.pdf"),
        (b"PK\x03\x04", "a.docx"),
    ],
    ids=["html-renamed-pdf", "jpeg-renamed-pdf", "docx"],
)
def test_only_pdfs_are_attached(db, content, name):
    form = AttachmentForm(
        {}, {"attachment-file": upload(content, name, "application/pdf")}, prefix="attachment"
    )

    with translation.override("en"):
        assert form.errors == {
            "file": ["The file is not a PDF. Save the document as PDF and upload it again."]
        }


def test_an_attachment_is_always_downloaded_as_a_pdf(client, cast, published):
    attachment = add_attachment(published, name="evil.html")

    response = client.get(attachment.get_absolute_url())

    assert (
        response["Content-Type"],
        response["Content-Disposition"],
        b"".join(response.streaming_content),
    ) == ("application/pdf", 'attachment; filename="evil.html.pdf"', PDF)


# --- services ---------------------------------------------------------------------------------------------


def test_adding_and_removing_files_is_logged(cast, complete_draft):
    image = add_image(complete_draft)
    attachment = add_attachment(complete_draft)
    services.remove_image(image, actor=cast.staff)
    services.remove_attachment(attachment, actor=cast.staff)

    assert list(
        complete_draft.events.exclude(action="created").values_list("action", "details", "actor")
    ) == [
        (ChallengeEvent.Action.IMAGE_ADDED, "Et tomt torg", cast.staff.pk),
        (ChallengeEvent.Action.ATTACHED, "plan.pdf", cast.staff.pk),
        (ChallengeEvent.Action.IMAGE_REMOVED, "Et tomt torg", cast.staff.pk),
        (ChallengeEvent.Action.DETACHED, "plan.pdf", cast.staff.pk),
    ]


def test_removing_an_image_deletes_its_file_and_renditions_after_commit(
    cast, complete_draft, django_capture_on_commit_callbacks
):
    image = add_image(complete_draft, picture(2000, 1000))
    names = [image.file.name, *image.renditions.values()]

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_image(image, actor=cast.staff)

    assert [private_storage.exists(name) for name in names] == [False, False, False]


def test_removing_an_attachment_deletes_its_file_after_commit(
    cast, complete_draft, django_capture_on_commit_callbacks
):
    attachment = add_attachment(complete_draft)

    with django_capture_on_commit_callbacks(execute=True):
        services.remove_attachment(attachment, actor=cast.staff)

    assert private_storage.exists(attachment.file.name) is False


def test_a_challenge_has_at_most_its_number_of_images(complete_draft, monkeypatch):
    monkeypatch.setattr(ChallengeImage, "MAX_PER_CHALLENGE", 2)
    add_image(complete_draft)
    add_image(complete_draft)

    with pytest.raises(services.TooManyFiles):
        add_image(complete_draft)
    assert complete_draft.images.count() == 2


def test_a_challenge_has_at_most_its_number_of_attachments(complete_draft, monkeypatch):
    monkeypatch.setattr(ChallengeAttachment, "MAX_PER_CHALLENGE", 1)
    add_attachment(complete_draft)

    with pytest.raises(services.TooManyFiles):
        add_attachment(complete_draft)
    assert complete_draft.attachments.count() == 1


@pytest.mark.parametrize("role", ["other_staff", "supplier", "programme_admin"])
def test_only_its_staff_add_files(cast, complete_draft, role):
    with pytest.raises(services.ChallengeLocked):
        services.add_image(
            complete_draft,
            actor=getattr(cast, role),
            image=images.prepare_image(upload(picture())),
            alt_text="x",
        )
    with pytest.raises(services.ChallengeLocked):
        services.add_attachment(complete_draft, actor=getattr(cast, role), upload=upload(PDF, "a.pdf"))


def test_an_image_that_fails_to_be_recorded_leaves_no_files(complete_draft, private_root, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(services, "log_event", broken)

    with pytest.raises(RuntimeError):
        add_image(complete_draft, picture(2000, 1000))
    assert (complete_draft.images.count(), list(private_root.rglob("*.*"))) == (0, [])


def test_no_files_are_added_while_the_challenge_is_in_review(cast, complete_draft, private_root):
    services.submit_challenge(complete_draft, actor=cast.staff)

    with pytest.raises(services.ChallengeLocked):
        add_image(complete_draft)
    assert (complete_draft.images.count(), list(private_root.rglob("*.*"))) == (0, [])


# --- Markdown images --------------------------------------------------------------------------------------


def test_the_challenge_page_shows_only_its_own_images_in_its_texts(client, cast, published):
    own = add_image(published)
    other = add_image(
        services.create_challenge(
            ParticipantFactory(round=published.participant.round, municipalities=[cast.municipality]),
            actor=cast.staff,
            title="Hvordan?",
        )
    )
    published.background = (
        f"![Vårt torg]({own.get_absolute_url()})\n\n"
        f"![Torg i nn](/nn{own.get_absolute_url()})\n\n"
        f"![Et annet]({other.get_absolute_url()})\n\n"
        "![Et eksternt](https://evil.example/x.png) ![Data](data:image/png;base64,AAAA)\n\n"
        '<script>alert("x")</script><p onclick="alert(1)">Trykk</p> [lenke](javascript:alert(1))'
    )
    published.save()

    html = client.get(published.get_absolute_url()).content.decode()

    section = html.split('class="stack challenge-text"')[1].split("</section>")[0]
    assert section.split("</h2>")[1].strip() == (
        '<div lang="nb">'
        f'<p><img alt="Vårt torg" src="{own.get_absolute_url()}"></p>\n'
        f'<p><img alt="Torg i nn" src="/nn{own.get_absolute_url()}"></p>\n'
        "<p></p>\n"
        "<p> </p>\n"
        '\n<p>Trykk</p>\n<p><a rel="noopener">lenke</a></p></div>'
    )


# --- the challenge page -----------------------------------------------------------------------------------


def test_the_challenge_page_shows_images_in_their_sizes_and_the_attachments(client, published):
    image = add_image(published, picture(2000, 1000), caption="Torget en tirsdag")
    attachment = add_attachment(published)

    html = client.get(published.get_absolute_url()).content.decode()

    url = f"/utfordringer/bilder/{image.pk}"
    assert (
        f'<img src="{url}/1600/" srcset="{url}/480/ 480w, {url}/960/ 960w, {url}/1600/ 1600w" '
        'sizes="(min-width: 50rem) 48rem, 100vw" width="1600" height="800" alt="Et tomt torg" loading="lazy" '
        'decoding="async">'
    ) in html
    assert "Torget en tirsdag</figcaption>" in html
    assert f'<a class="ds-link" href="/utfordringer/vedlegg/{attachment.pk}/">plan.pdf</a>' in html


def test_the_challenge_page_costs_the_same_with_more_images(client, cast, published):
    add_image(published)
    add_attachment(published)
    url = published.get_absolute_url()
    assert count_queries(client, url) == 7

    for _n in range(3):
        add_image(published)
        add_attachment(published)
    assert count_queries(client, url) == 7


# --- serving ----------------------------------------------------------------------------------------------

CAN_SEE_DRAFT = {"staff", "programme_admin"}


@pytest.mark.parametrize("role", ROLES)
def test_a_drafts_image_is_seen_only_by_its_staff_and_moderators(client, cast, complete_draft, role):
    image = add_image(complete_draft)
    as_role(client, role)

    response = client.get(image.get_absolute_url())

    assert response.status_code == (200 if role in CAN_SEE_DRAFT else 404)
    if role in CAN_SEE_DRAFT:
        assert (response["Content-Type"], response["Cache-Control"]) == ("image/webp", "private, no-cache")
        assert b"".join(response.streaming_content) == stored(image.file.name)


@pytest.mark.parametrize("role", ROLES)
def test_a_drafts_attachment_is_seen_only_by_its_staff_and_moderators(client, cast, complete_draft, role):
    attachment = add_attachment(complete_draft)
    as_role(client, role)

    response = client.get(attachment.get_absolute_url())

    assert response.status_code == (200 if role in CAN_SEE_DRAFT else 404)


@pytest.mark.parametrize("role", ROLES)
def test_a_published_challenges_files_are_seen_by_everyone_and_cached(client, cast, published, role):
    image = add_image(published, picture(2000, 1000))
    attachment = add_attachment(published)
    as_role(client, role)

    small = client.get(reverse("challenges:image", kwargs={"pk": image.pk, "width": 480}))
    download = client.get(attachment.get_absolute_url())

    assert (small.status_code, Image.open(io.BytesIO(b"".join(small.streaming_content))).size) == (
        200,
        (480, 240),
    )
    assert small["Cache-Control"] == "public, max-age=31536000, immutable"
    assert (download.status_code, b"".join(download.streaming_content)) == (200, PDF)


def test_an_image_is_served_only_in_the_display_widths(client, published):
    image = add_image(published)

    assert client.get(reverse("challenges:image", kwargs={"pk": image.pk, "width": 100})).status_code == 404


def test_serving_an_image_costs_the_same_however_many_there_are(client, cast, published):
    image = add_image(published)
    as_role(client, "staff")
    assert count_queries(client, image.get_absolute_url()) == 6

    for _n in range(3):
        add_image(published)
    assert count_queries(client, image.get_absolute_url()) == 6


# --- the files page and its forms -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_only_its_staff_open_a_drafts_files_page(client, cast, complete_draft, role):
    as_role(client, role)

    response = client.get(reverse("challenges:files", kwargs={"pk": complete_draft.pk}))

    expected = {"anonymous": 302, "staff": 200, "programme_admin": 403}
    assert response.status_code == expected.get(role, 404)


def test_the_files_page_costs_the_same_with_more_files(client, cast, complete_draft):
    add_image(complete_draft)
    add_attachment(complete_draft)
    as_role(client, "staff")
    url = reverse("challenges:files", kwargs={"pk": complete_draft.pk})
    assert count_queries(client, url) == 8

    for _n in range(3):
        add_image(complete_draft)
        add_attachment(complete_draft)
    assert count_queries(client, url) == 8


@pytest.mark.parametrize("role", ROLES)
def test_only_its_staff_open_a_published_challenges_files_page(client, cast, published, role):
    as_role(client, role)

    response = client.get(reverse("challenges:files", kwargs={"pk": published.pk}))

    assert response.status_code == {"anonymous": 302, "staff": 200}.get(role, 403)


@pytest.mark.parametrize("how", ["in review", "closed", "published after the phase", "before the phase"])
def test_staff_who_cannot_change_the_files_now_are_told_the_real_reason(client, cast, complete_draft, how):
    lock(complete_draft, how)
    as_role(client, "staff")

    response = client.get("/en" + reverse("challenges:files", kwargs={"pk": complete_draft.pk}))

    assert denial_reason(response) == LOCKED[how]


@pytest.mark.parametrize(("role", "reason"), READERS_TOLD)
def test_whoever_reads_a_published_challenge_is_told_who_changes_its_files(
    client, cast, published, role, reason
):
    as_role(client, role)

    response = client.get("/en" + reverse("challenges:files", kwargs={"pk": published.pk}))

    assert denial_reason(response) == reason


def test_removing_an_image_of_a_challenge_in_review_is_refused_with_the_reason(client, cast, complete_draft):
    image = add_image(complete_draft)
    lock(complete_draft, "in review")
    as_role(client, "staff")

    response = client.post("/en" + reverse("challenges:image_delete", kwargs={"pk": image.pk}))

    told = [str(message) for message in get_messages(response.wsgi_request)]
    assert (response.status_code, told, complete_draft.images.count()) == (302, [LOCKED["in review"]], 1)


def test_the_files_page_names_its_buttons_and_leads_back_to_your_challenges(client, cast, complete_draft):
    """As the other pages where a team writes its challenge: a draft is in "Your challenges", not the
    catalogue."""
    as_role(client, "staff")
    mine, draft = reverse("challenges:mine"), complete_draft.get_absolute_url()

    page = client.get("/en" + reverse("challenges:files", kwargs={"pk": complete_draft.pk})).text
    main = page.split('<main id="main"')[1]

    assert re.findall(r'type="submit">([^<]+)</button>', main) == [
        "Upload the image",
        "Upload the attachment",
    ]
    trail = page.split("page-breadcrumbs")[1].split("</nav>")[0]
    assert re.findall(r'href="([^"]+)"', trail)[1:3] == [f"/en{mine}", f"/en{draft}"]
    assert "Your challenges" in trail


def test_staff_upload_an_image_and_see_it_on_the_files_page(client, cast, complete_draft):
    as_role(client, "staff")

    response = client.post(
        reverse("challenges:image_add", kwargs={"pk": complete_draft.pk}),
        {"image-file": upload(picture(1000, 500)), "image-alt_text": "Torget", "image-caption": "Om kvelden"},
        follow=True,
    )

    image = complete_draft.images.get()
    assert (image.alt_text, image.caption, image.width, sorted(image.renditions)) == (
        "Torget",
        "Om kvelden",
        1000,
        ["480", "960"],
    )
    assert response.redirect_chain == [(f"/utfordringer/{complete_draft.pk}/filer/", 302)]
    assert f"<code>![Torget](/utfordringer/bilder/{image.pk}/1600/)</code>" in response.content.decode()


def test_a_refused_image_keeps_the_rest_of_the_form(client, cast, complete_draft):
    as_role(client, "staff")

    response = client.post(
        f"/en/utfordringer/{complete_draft.pk}/bilder/",
        {
            "image-file": upload(SVG, "logo.svg", "image/svg+xml"),
            "image-alt_text": "Logoen vår",
            "image-caption": "Ny",
        },
    )

    html = response.content.decode()
    assert (response.status_code, complete_draft.images.count()) == (200, 0)
    assert "To continue, correct the following:" in html
    assert NOT_AN_IMAGE in html
    assert 'value="Logoen vår"' in html and 'value="Ny"' in html


def test_a_file_over_the_upload_limit_is_refused_kindly(client, cast, complete_draft):
    as_role(client, "staff")

    response = client.post(
        f"/en/utfordringer/{complete_draft.pk}/bilder/",
        {"image-file": upload(b"\xff" * (11 * 1024 * 1024)), "image-alt_text": "Stort"},
    )

    assert (response.status_code, complete_draft.images.count()) == (200, 0)
    assert "The image is too large" in response.content.decode()


def test_staff_attach_and_remove_a_pdf(client, cast, complete_draft, django_capture_on_commit_callbacks):
    as_role(client, "staff")

    client.post(
        reverse("challenges:attachment_add", kwargs={"pk": complete_draft.pk}),
        {"attachment-file": upload(PDF, "plan.pdf", "application/pdf")},
    )
    attachment = complete_draft.attachments.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:attachment_delete", kwargs={"pk": attachment.pk}))

    assert (response.status_code, complete_draft.attachments.count()) == (302, 0)
    assert private_storage.exists(attachment.file.name) is False


def test_a_refused_attachment_shows_the_error_summary(client, cast, complete_draft):
    as_role(client, "staff")

    response = client.post(
        f"/en/utfordringer/{complete_draft.pk}/vedlegg/",
        {"attachment-file": upload(b"<html></html>", "plan.pdf", "application/pdf")},
    )

    html = response.content.decode()
    assert (response.status_code, complete_draft.attachments.count()) == (200, 0)
    assert "The file is not a PDF." in html and "To continue, correct the following:" in html


@pytest.mark.parametrize("role", ["other_staff", "supplier", "programme_admin"])
def test_others_cannot_remove_an_image(client, cast, published, role):
    image = add_image(published)
    as_role(client, role)

    client.post(reverse("challenges:image_delete", kwargs={"pk": image.pk}))

    assert published.images.count() == 1


def test_outsiders_cannot_remove_a_drafts_image(client, cast, complete_draft):
    image = add_image(complete_draft)
    as_role(client, "other_staff")

    response = client.post(reverse("challenges:image_delete", kwargs={"pk": image.pk}))

    assert (response.status_code, complete_draft.images.count()) == (404, 1)
