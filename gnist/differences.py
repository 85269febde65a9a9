"""What a stale save shows: per text field, what the saved version says differently from the person's text.

Every app with optimistic locking (a version number refused when someone saved meanwhile) keeps the person's
text in the form and shows this beside it, with `templates/gnist/_differences.html`; `show_stale_save` does
both.
"""

import difflib
from collections.abc import Iterable

from django.contrib import messages


def text_differences(saved: dict, yours: dict, labels: dict, names: Iterable[str]) -> list[dict]:
    """For each of `names` whose text differs: its label, the saved text, and the changed lines ("-" yours,
    "+" saved), in the order of `names`."""
    changes = []
    for name in names:
        theirs, mine = str(saved.get(name, "") or ""), str(yours.get(name, "") or "")
        if theirs != mine:
            diff = difflib.unified_diff(mine.splitlines(), theirs.splitlines(), lineterm="", n=0)
            lines = [line for line in diff if not line.startswith(("---", "+++", "@@"))]
            changes.append({"label": labels[name], "saved": theirs, "lines": lines})
    return changes


def show_stale_save(request, form, error, names: Iterable[str]) -> list[dict]:
    """Refuse a save someone else's save overtook, keeping the person's text. `error.current` is the stored
    object (with its `version`); the form has `initial_for(obj)` and a `version` field (and may have `seen`,
    a digest of what the person opened: municipalities.forms.ApplicationSection).

    1. the error's text as an error message;
    2. the person's text stays in the form, with the stored version, so the next save is measured against it;
    3. returns the differences for `names` (saved against typed), for `_differences.html`.
    """
    messages.error(request, str(error))
    saved = type(form).initial_for(error.current)
    form.data = form.data.copy()
    # What the next save is measured against: the version, and where the form has it what the person saw.
    form.data["version"] = error.current.version
    if "seen" in form.fields:
        form.data["seen"] = saved["seen"]
    names = list(names)
    labels = {name: form.fields[name].label for name in names}
    return text_differences(saved, form.cleaned_data, labels, names)
