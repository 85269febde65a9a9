from django.apps import AppConfig


class GnistConfig(AppConfig):
    name = "gnist"
    verbose_name = "Gnist"

    def ready(self):
        from gnist import (
            checks,  # noqa: F401 (registers the system checks)
            mail,
        )
        from gnist.personal_data import register_anonymiser, register_exporter

        # The outbox is the shell's own: it exports what it holds on a person and forgets them on deletion.
        register_exporter("emails", mail.export_recipient)
        register_anonymiser("outbox", mail.anonymise_recipient)
