"""Images in rendered Markdown come only from our own static and media files, however the path is spelt."""

import pytest
from django.template import Context, Template

from gnist.markdown import render_markdown


@pytest.mark.parametrize(
    "src",
    [
        "/static/competence/course/d.svg",
        "/media/courses/kart%20over%20kommunen.png",
        "/static/competence/../competence/course/d.svg",
    ],
)
def test_markdown_keeps_images_from_our_own_files(src):
    assert render_markdown(f"![Bilde]({src})") == f'<p><img alt="Bilde" src="{src}"></p>'


@pytest.mark.parametrize(
    "src",
    [
        "/static/../admin/",
        "/static/%2e%2e/admin/",
        "/static/%2E%2E/%2e%2e/etc/passwd",
        "/media/..%2fadmin/",
        "/static/%252e%252e/admin/",
        "/static/..\\admin/",
        "/static",
        "//evil.example/static/x.png",
        "https://evil.example/static/x.png",
        "static/x.png",
    ],
)
def test_markdown_drops_images_that_leave_our_own_files(src):
    assert render_markdown(f"![Bilde]({src})") == "<p></p>"


# A challenge's texts allow only its own images: `images` lists their exact addresses.
def test_markdown_keeps_only_the_allowed_image_addresses():
    allowed = {"/utfordringer/bilder/1/1600/"}

    assert render_markdown("![Torget](/utfordringer/bilder/1/1600/)", images=allowed) == (
        '<p><img alt="Torget" src="/utfordringer/bilder/1/1600/"></p>'
    )


@pytest.mark.parametrize(
    "text",
    [
        "![x](https://evil.example/x.png)",
        "![x](//evil.example/utfordringer/bilder/1/1600/)",
        "![x](javascript:alert(1))",
        "![x](data:image/png;base64,iVBORw0KGgo=)",
        "![x](/static/competence/course/d.svg)",
        "![x](/utfordringer/bilder/2/1600/)",
        "![x](/utfordringer/bilder/1/1600/../../2/1600/)",
        "![x](/utfordringer/bilder/1/1600/?x=1)",
        '<img src="/utfordringer/bilder/2/1600/" onerror="alert(1)">',
    ],
    ids=[
        "other-site",
        "protocol-relative",
        "javascript",
        "data",
        "static",
        "other-image",
        "dot-dot",
        "query",
        "raw-html",
    ],
)
def test_markdown_drops_every_other_image(text):
    assert render_markdown(text, images={"/utfordringer/bilder/1/1600/"}) == "<p></p>"


def test_markdown_filter_matches_a_single_address_whole():
    template = Template("{% load gnist_markdown %}{{ text|markdown:url }}")
    context = {
        "text": "![x](/utfordringer/bilder/1/) ![y](/utfordringer/bilder/1/1600/)",
        "url": "/utfordringer/bilder/1/1600/",
    }

    assert template.render(Context(context)) == '<p> <img alt="y" src="/utfordringer/bilder/1/1600/"></p>'


def test_a_text_rendered_again_keeps_only_the_images_allowed_this_time():
    """Renderings are remembered per text and allowed images: another image list is another rendering."""
    text = "![A](/utfordringer/bilder/1/1600/) ![B](/utfordringer/bilder/2/1600/)"

    first = render_markdown(text, images=["/utfordringer/bilder/1/1600/"])
    second = render_markdown(text, images=("/utfordringer/bilder/2/1600/",))
    again = render_markdown(text, images={"/utfordringer/bilder/1/1600/"})

    assert 'src="/utfordringer/bilder/1/1600/"' in first and "bilder/2/" not in first
    assert 'src="/utfordringer/bilder/2/1600/"' in second and "bilder/1/" not in second
    assert again == first
