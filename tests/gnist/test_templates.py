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
