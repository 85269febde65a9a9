"""Images in rendered Markdown come only from our own static and media files, however the path is spelt."""

import pytest

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
