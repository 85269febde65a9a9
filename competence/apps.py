from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = _("Gnist competence")

    def ready(self):
        from competence.models import Certificate
        from competence.personal_data import export_competence
        from gnist.personal_data import register_exporter
        from gnist.storage import delete_files_with_rows

        register_exporter("competence", export_competence)
        delete_files_with_rows(Certificate, "pdf")
