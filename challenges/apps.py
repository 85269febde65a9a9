from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Gnist challenges")

    def ready(self):
        from challenges import personal_data
        from challenges.models import ChallengeAttachment, ChallengeImage
        from challenges.views.alerts import profile_section
        from gnist.personal_data import register_anonymiser, register_exporter
        from gnist.sections import PROFILE, register_section
        from gnist.storage import delete_files_with_rows

        delete_files_with_rows(ChallengeAttachment, "file")
        delete_files_with_rows(ChallengeImage, "file")
        register_exporter("challenge_questions", personal_data.export_questions)
        register_exporter("challenge_follows_and_alerts", personal_data.export_follows_and_alerts)
        register_anonymiser("challenges", personal_data.anonymise_person)
        register_section(PROFILE, "challenges/_profile_alerts.html", profile_section)
