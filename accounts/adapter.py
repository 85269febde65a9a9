from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings

from gnist import mail


def on_site(url: str) -> str:
    """`url` (absolute, built from the request's host) on the portal's own address, GNIST_SITE_URL: every link
    in every e-mail points at the same site, whichever host or port the request came through."""
    parts = urlsplit(url)
    return settings.SITE_URL + parts.path + (f"?{parts.query}" if parts.query else "")


def current_site() -> SimpleNamespace:
    """The site as allauth's e-mails name it ("Hello from Gnist!"), not the request's host and port."""
    return SimpleNamespace(name="Gnist", domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.name = form.cleaned_data.get("name", "")
        if commit:
            user.save()
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render with allauth's templates (as allauth does), then queue through gnist/mail.py."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": current_site(), **context}
        message = self.render_mail(template_prefix, email, ctx)
        mail.send_account_email(template_prefix=template_prefix, message=message)

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))
