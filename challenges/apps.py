from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Gnist challenges")

    def ready(self):
        from challenges.models import ChallengeAttachment, ChallengeImage
        from gnist.storage import delete_files_with_rows

        delete_files_with_rows(ChallengeAttachment, "file")
        delete_files_with_rows(ChallengeImage, "file", "rendition_files")
