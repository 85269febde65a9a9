from django import template

from gnist.text import strip_urls

register = template.Library()


@register.filter(name="strip_urls")
def strip_urls_filter(text) -> str:
    """`{{ person.get_full_name|strip_urls }}` in e-mails: a name someone typed, without links."""
    return strip_urls(text)
