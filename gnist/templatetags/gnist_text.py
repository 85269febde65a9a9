from django import template

from gnist.text import strip_urls

register = template.Library()


@register.filter(name="strip_urls")
def strip_urls_filter(text) -> str:
    """`{{ person.get_full_name|strip_urls }}` in e-mails: a name someone typed, without links."""
    return strip_urls(text)


@register.filter(name="error_prefix")
def error_prefix_filter(label) -> str:
    """`{{ field.label|error_prefix }}{{ error }}` in an error summary: "E-post: ", "Søker dere igjen? ",
    nothing for a field without a label. A sentence label drops its full stop before the colon."""
    label = str(label or "").strip().rstrip(".:")
    if not label:
        return ""
    return f"{label} " if label.endswith(("?", "!")) else f"{label}: "
