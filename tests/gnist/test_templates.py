"""Rules every template keeps."""

import re
from pathlib import Path

from django.conf import settings

# `application.status == "draft"`: a raw value where the constant belongs (`application.Status.DRAFT`).
RAW_CHOICE_COMPARISON = re.compile(r"""\.(status|role|state|\w*kind|\w*decision)\s*[!=]=\s*["']""")


def test_templates_compare_choices_with_the_models_constants():
    templates = [path for folder in settings.TEMPLATES[0]["DIRS"] for path in Path(folder).rglob("*.*")]

    offending = [
        f"{path}:{number}"
        for path in templates
        if path.suffix in {".html", ".txt"}
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if RAW_CHOICE_COMPARISON.search(line)
    ]

    assert offending == []


def test_page_loads_one_style_sheet_and_one_script(client, db):
    html = client.get("/").content.decode()

    style_sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    scripts = re.findall(r"<script[^>]* src=\"([^\"]+)\"", html)

    assert (style_sheets, scripts) == (["/static/bundle/site.css"], ["/static/bundle/site.js"])


def test_preloaded_fonts_are_the_ones_the_style_sheet_declares(client, db):
    html = client.get("/").content.decode()
    declared = re.findall(r"inter-[\w-]+\.woff2", (settings.BASE_DIR / "frontend" / "site.css").read_text())

    preloaded = re.findall(r'<link rel="preload" href="/static/bundle/files/([^"]+)" as="font"', html)

    assert (len(preloaded), sorted(set(preloaded) - set(declared))) == (3, [])
