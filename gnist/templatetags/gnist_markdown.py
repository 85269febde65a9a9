from django import template

from gnist.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """`{{ lesson.body|markdown }}`: Markdown rendered and sanitised (see gnist/markdown.py)."""
    return render_markdown(text)
