from django import template

from gnist.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, images=None):
    """`{{ lesson.body|markdown }}`: Markdown rendered and sanitised (see gnist/markdown.py);
    `{{ text|markdown:image_urls }}` keeps only images at those addresses."""
    if isinstance(images, str):
        # One address, matched whole (never as a substring).
        images = {images} if images else frozenset()
    return render_markdown(text, images=images)
