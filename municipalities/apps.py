from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and rounds")

    def ready(self):
        from accounts.personal_data import register_anonymiser
        from gnist.personal_data import register_exporter
        from municipalities.models import export_applications, export_memberships
        from municipalities.services import anonymise_person

        register_exporter("memberships", export_memberships)
        register_exporter("applications", export_applications)
        register_anonymiser("municipalities", anonymise_person)
