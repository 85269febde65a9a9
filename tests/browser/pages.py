"""The public pages, by URL name: walked by the browser tests in every language and measured by `make bench`.

Later issues add their public pages here.
"""

PUBLIC_PAGES: list[tuple[str, dict]] = [
    ("home", {}),
    ("about", {}),
    ("accessibility", {}),
    ("privacy", {}),
    ("municipalities:round_list", {}),
    ("municipalities:round_detail", {"number": 3}),
    ("municipalities:municipality_list", {}),
    ("municipalities:municipality_detail", {"number": "4224"}),
    ("challenges:catalogue", {}),
    ("account_login", {}),
    ("account_signup", {}),
]

LANGUAGES = ["nb", "nn", "en"]
