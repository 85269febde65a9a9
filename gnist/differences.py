"""What a stale save shows: per text field, what the saved version says differently from the person's text.

Every app with optimistic locking (a version number refused when someone saved meanwhile) keeps the person's
text in the form and shows this beside it, with `templates/gnist/_differences.html`.
"""

import difflib
from collections.abc import Iterable


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
