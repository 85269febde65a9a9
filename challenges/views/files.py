"""A challenge's images and attachments: served to whoever may see the challenge (a draft's files are as
private as the draft), and added or removed by its staff on the challenge's files page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from challenges import images, permissions, services
from challenges.forms import AttachmentForm, ImageForm
from challenges.models import Challenge, ChallengeAttachment, ChallengeImage
from challenges.views import staff_crumbs
from gnist.errors import ExplainedPermissionDenied
from municipalities.models import Municipality

YEAR = 365 * 24 * 60 * 60


def _challenges():
    """What the permission predicates read, in a constant number of queries."""
    return Challenge.objects.select_related("participant__round").prefetch_related(
        "participant__round__phases",
        Prefetch("participant__municipalities", queryset=Municipality.objects.only("pk")),
    )


def _file_of(model, pk: int, user):
    """The image or attachment if `user` may see its challenge; 404 for everyone else."""
    row = model.objects.prefetch_related(Prefetch("challenge", queryset=_challenges())).filter(pk=pk).first()
    if row is None or not permissions.can_view_challenge(user, row.challenge):
        raise Http404("No such file.")
    return row


def _cached(response, challenge: Challenge):
    """A public challenge's files never change under their address (a new upload is a new address): cache
    them for a year anywhere. A draft's stay out of shared caches."""
    if challenge.is_public:
        patch_cache_control(response, public=True, max_age=YEAR, immutable=True)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return response


@require_GET
def image(request, pk: int, width: int):
    if width not in ChallengeImage.WIDTHS:
        raise Http404("No such size.")
    row = _file_of(ChallengeImage, pk, request.user)
    name = row.renditions.get(str(width), row.file.name)
    response = FileResponse(row.file.storage.open(name, "rb"), content_type=images.CONTENT_TYPE)
    return _cached(response, row.challenge)


@require_GET
def attachment(request, pk: int):
    row = _file_of(ChallengeAttachment, pk, request.user)
    # Always a PDF download, whatever the person named the file.
    response = FileResponse(
        row.file.open("rb"), as_attachment=True, filename=row.name, content_type="application/pdf"
    )
    return _cached(response, row.challenge)


def _editable(request, pk: int) -> Challenge:
    """The challenge if the person may change its files now: outsiders 404, insiders without the right 403."""
    challenge = permissions.get_challenge_for_user(
        request.user, pk, _challenges().prefetch_related("images", "attachments")
    )
    now = timezone.now()
    if not permissions.can_edit_challenge(request.user, challenge, now):
        raise ExplainedPermissionDenied(permissions.why_not_editable(request.user, challenge, now))
    return challenge


def _page(request, challenge: Challenge, *, image_form=None, attachment_form=None):
    return render(
        request,
        "challenges/files.html",
        {
            "challenge": challenge,
            **files_form_context(challenge, image_form=image_form, attachment_form=attachment_form),
            "breadcrumbs": staff_crumbs(challenge, _("Images and attachments")),
        },
    )


def files_form_context(challenge: Challenge, *, image_form=None, attachment_form=None) -> dict:
    """What templates/challenges/_files_form.html needs (files.html includes it)."""
    return {
        "image_form": image_form or ImageForm(prefix="image"),
        "attachment_form": attachment_form or AttachmentForm(prefix="attachment"),
        "image_rows": [
            {"image": row, "url": images.image_url(row, max(ChallengeImage.WIDTHS))}
            for row in challenge.images.all()
        ],
        "can_add_image": len(challenge.images.all()) < ChallengeImage.MAX_PER_CHALLENGE,
        "can_add_attachment": len(challenge.attachments.all()) < ChallengeAttachment.MAX_PER_CHALLENGE,
    }


def _back(challenge: Challenge):
    return redirect("challenges:files", pk=challenge.pk)


@login_required
@require_GET
def files(request, pk: int):
    return _page(request, _editable(request, pk))


@login_required
@require_POST
def image_add(request, pk: int):
    challenge = _editable(request, pk)
    form = ImageForm(request.POST, request.FILES, prefix="image")
    if not form.is_valid():
        return _page(request, challenge, image_form=form)
    try:
        services.add_image(
            challenge,
            actor=request.user,
            image=form.cleaned_data["file"],
            alt_text=form.cleaned_data["alt_text"],
            caption=form.cleaned_data["caption"],
        )
    except services.ChallengeError as error:
        messages.error(request, str(error))
        return _back(challenge)
    messages.success(request, _("The image is added."))
    return _back(challenge)


@login_required
@require_POST
def attachment_add(request, pk: int):
    challenge = _editable(request, pk)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if not form.is_valid():
        return _page(request, challenge, attachment_form=form)
    try:
        added = services.add_attachment(challenge, actor=request.user, upload=form.cleaned_data["file"])
    except services.ChallengeError as error:
        messages.error(request, str(error))
        return _back(challenge)
    messages.success(request, _("The attachment %(name)s is added.") % {"name": added.name})
    return _back(challenge)


def _remove(request, model, pk: int, remove, message: str):
    row = _file_of(model, pk, request.user)
    try:
        remove(row, actor=request.user)
    except services.ChallengeLocked as error:
        messages.warning(request, str(error))
        return redirect(row.challenge)
    messages.success(request, message % {"name": str(row)})
    return _back(row.challenge)


@login_required
@require_POST
def image_delete(request, pk: int):
    return _remove(request, ChallengeImage, pk, services.remove_image, _("The image “%(name)s” is removed."))


@login_required
@require_POST
def attachment_delete(request, pk: int):
    return _remove(
        request, ChallengeAttachment, pk, services.remove_attachment, _("The attachment %(name)s is removed.")
    )
