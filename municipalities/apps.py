from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and rounds")

    def ready(self):
        from gnist.personal_data import register_exporter
        from gnist.storage import delete_files_with_rows
        from municipalities.models import ApplicationAttachment, export_applications, export_memberships

        register_exporter("memberships", export_memberships)
        register_exporter("applications", export_applications)
        delete_files_with_rows(ApplicationAttachment, "file")
