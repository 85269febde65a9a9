# ruff: noqa: RUF001 -- Norwegian typography uses the en dash.
"""The notebook as a file the person can keep: Markdown, or plain text."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def notebook_as_text(entries, *, markdown: bool) -> str:
    lines = [("# " if markdown else "") + _("My notebook – Gnist competence"), ""]
    if not markdown:
        lines.insert(1, "=" * len(lines[0]))
    for entry in entries:
        heading = f"{entry.exercise.module.title}: {entry.exercise.title}"
        lines += [("## " if markdown else "") + heading]
        if not markdown:
            lines.append("-" * len(heading))
        lines += [
            _("Last changed %(date)s")
            % {"date": formats.date_format(timezone.localtime(entry.updated_at), "SHORT_DATETIME_FORMAT")},
            "",
        ]
        for label, answer in entry.labelled_answers():
            lines += [("### " if markdown else "") + label, "", answer or "–", ""]
    return "\n".join(lines).rstrip() + "\n"
