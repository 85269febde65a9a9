from django.db import migrations, models
from django.db.models import Q

# Mails queued before the flag existed that carry a secret link: allauth's and the team invitation.
_SENSITIVE = Q(template__startswith="account/") | Q(template__startswith="team-invitation")


def flag_and_blank_existing(apps, schema_editor):
    """Flag the sensitive mails already in the outbox and blank the bodies of those that will not be sent."""
    OutgoingEmail = apps.get_model("gnist", "OutgoingEmail")
    OutgoingEmail.objects.filter(_SENSITIVE).update(sensitive=True)
    OutgoingEmail.objects.filter(_SENSITIVE).exclude(status="queued").update(body_text="", body_html="")


class Migration(migrations.Migration):
    dependencies = [
        ("gnist", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="outgoingemail",
            name="sensitive",
            field=models.BooleanField(default=False, verbose_name="sensitive"),
        ),
        migrations.RunPython(flag_and_blank_existing, migrations.RunPython.noop),
    ]
