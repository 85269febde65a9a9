# ruff: noqa: RUF001 -- Norwegian typography uses the en dash.
"""The notebook as a file the person can keep: Markdown, or plain text."""

from django.utils import timezone
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
        lines += [_("Last changed %s") % timezone.localtime(entry.updated_at).strftime("%Y-%m-%d %H:%M"), ""]
        for label, answer in entry.labelled_answers():
            lines += [("### " if markdown else "") + label, "", answer or "–", ""]
    return "\n".join(lines).rstrip() + "\n"
