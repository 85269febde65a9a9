"""A challenge's images: checked for what they really are, re-encoded without metadata, resized.

An upload is opened with Pillow (JPEG, PNG and WebP decoders only, whatever its name or content type
says), refused past `MAX_BYTES` or `MAX_PIXELS` before it is decoded (a decompression bomb never reaches
memory), turned upright by its EXIF orientation, converted to sRGB, and written afresh as WebP: EXIF, GPS,
XMP, ICC and anything appended to the file (HTML, PHP) are left behind. The largest display width is the
stored image; each smaller `ChallengeImage.WIDTHS` is a rendition beside it.
"""

import io
import warnings
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps

from challenges.models import ChallengeImage
from gnist.uploads import UPLOAD_MAX_BYTES

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo is refused; cameras' usual 12 to 24 pass
FORMATS = ("JPEG", "PNG", "WEBP")
OUTPUT_FORMAT = "WEBP"
OUTPUT_EXTENSION = "webp"
CONTENT_TYPE = "image/webp"
QUALITY = 82

assert MAX_BYTES <= UPLOAD_MAX_BYTES, "the upload handler cuts files off at UPLOAD_MAX_BYTES"


@dataclass
class PreparedImage:
    """An upload re-encoded: `content` at `width` x `height` (at most the largest display width), and the
    smaller copies by width."""

    content: bytes
    width: int
    height: int
    renditions: dict[int, bytes] = field(default_factory=dict)


def _not_an_image() -> ValidationError:
    return ValidationError(
        _("The file is not a JPEG, PNG or WebP image. Save it in one of those formats and upload it again."),
        code="not_image",
    )


def _open(upload) -> Image.Image:
    """Open the upload's header without decoding its pixels; refuse other formats and too many pixels."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=FORMATS)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels() from None
    except Exception:  # whatever Pillow fails on, the file is no image we take
        raise _not_an_image() from None
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image has too many pixels (the limit is %(limit)s megapixels). Make it smaller and try again.")
        % {"limit": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _to_srgb(image: Image.Image, mode: str) -> Image.Image:
    """Colours as the photographer saw them once the ICC profile is gone; without a usable profile, a plain
    conversion."""
    profile = image.info.get("icc_profile")
    if profile and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            return ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass
    return image.convert(mode)


def _encode(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # No exif, icc_profile or xmp arguments: Pillow writes none of them.
    image.save(buffer, OUTPUT_FORMAT, quality=QUALITY, method=4)
    return buffer.getvalue()


def _resized(image: Image.Image, width: int) -> Image.Image:
    height = max(1, round(image.height * width / image.width))
    return image.resize((width, height), Image.Resampling.LANCZOS)


def prepare_image(upload) -> PreparedImage:
    """Check and re-encode an uploaded image; raise a ValidationError with a clear message otherwise.

    Steps: refuse past MAX_BYTES (the upload handler's cut-off file too); open with the JPEG/PNG/WebP
    decoders only and check the pixel count before decoding; decode (a truncated or broken file is refused);
    apply the EXIF orientation; convert to sRGB (RGBA when transparent); resize to the largest display width;
    encode the stored image and each smaller rendition as WebP, without metadata.
    """
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is too large (%(size)s). The limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_BYTES)},
            code="too_large",
        )
    image = _open(upload)
    widest = max(ChallengeImage.WIDTHS)
    try:
        # A JPEG decodes at 1/2, 1/4 or 1/8 scale when that still covers the widest display size.
        image.draft(None, (widest, widest))
        image.load()
        image = ImageOps.exif_transpose(image)
        transparent = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
        image = _to_srgb(image, "RGBA" if transparent else "RGB")
        if image.width > widest:
            image = _resized(image, widest)
        prepared = PreparedImage(content=_encode(image), width=image.width, height=image.height)
        for width in ChallengeImage.WIDTHS:
            if width < image.width:
                prepared.renditions[width] = _encode(_resized(image, width))
    except ValidationError:
        raise
    except Exception:  # a file that opens but does not decode is broken or hostile
        raise _not_an_image() from None
    return prepared


def image_file(prepared: PreparedImage) -> ContentFile:
    return ContentFile(prepared.content, name=f"image.{OUTPUT_EXTENSION}")


def rendition_name(stored_name: str, width: int) -> str:
    """Beside the stored image: `…/abc.webp` → `…/abc-480.webp`."""
    stem, _dot, extension = stored_name.rpartition(".")
    return f"{stem}-{width}.{extension}"


def image_url(image: ChallengeImage, width: int) -> str:
    return reverse("challenges:image", kwargs={"pk": image.pk, "width": width})


def srcset(image: ChallengeImage) -> str:
    """`url 480w, url 960w, …`: each rendition at its width, the stored image at its real width."""
    candidates = [(image_url(image, int(width)), int(width)) for width in sorted(image.renditions, key=int)]
    candidates.append((image_url(image, max(ChallengeImage.WIDTHS)), image.width))
    return ", ".join(f"{url} {width}w" for url, width in candidates)


def markdown_image_urls(images) -> frozenset[str]:
    """Every address of these images, in every language's URLs: the only images a challenge's Markdown
    keeps (staff may have copied the address from a page in another language)."""
    urls = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for image in images:
                urls.update(image_url(image, width) for width in ChallengeImage.WIDTHS)
    return frozenset(urls)


def page_context(challenge) -> dict:
    """What the challenge page needs: its images with their sizes (prefetched `images` used), and the
    addresses its Markdown may show (only these)."""
    rows = list(challenge.images.all())
    widest = max(ChallengeImage.WIDTHS)
    return {
        "challenge_images": [
            {
                "src": image_url(row, widest),
                "srcset": srcset(row),
                "width": row.width,
                "height": row.height,
                "alt": row.alt_text,
                "caption": row.caption,
            }
            for row in rows
        ],
        "image_urls": markdown_image_urls(rows),
    }
