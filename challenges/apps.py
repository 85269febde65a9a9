from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChallengesConfig(AppConfig):
    name = "challenges"
    verbose_name = _("Gnist challenges")

    def ready(self):
        from django.db.models.signals import post_delete

        from challenges import demo, personal_data, similar
        from challenges.models import Challenge, ChallengeAttachment, ChallengeImage
        from challenges.views import writing
        from challenges.views.alerts import profile_section
        from gnist.open_now import register_open_now
        from gnist.personal_data import register_anonymiser, register_exporter
        from gnist.sections import CANVAS, PROFILE, register_section
        from gnist.seeding import register_seed_step
        from gnist.storage import delete_files_with_rows

        delete_files_with_rows(ChallengeAttachment, "file")
        delete_files_with_rows(ChallengeImage, "file", "rendition_files")
        # Other challenges' similar lists are recomputed without a public challenge that is deleted.
        post_delete.connect(similar.forget_deleted, sender=Challenge, dispatch_uid="similar.forget")
        register_open_now(writing.challenge_notices)
        register_section(PROFILE, "challenges/_profile.html", writing.profile_section)
        register_section(CANVAS, "challenges/_canvas.html", writing.canvas_section)

        # The catalogue's links from the round and municipality pages.
        from challenges.views.catalogue import municipality_section, round_section
        from gnist.sections import MUNICIPALITY, ROUND, register_section

        register_section(ROUND, "challenges/_round_section.html", round_section)
        register_section(MUNICIPALITY, "challenges/_municipality_section.html", municipality_section)
        register_exporter("challenge_questions", personal_data.export_questions)
        register_exporter("challenge_follows_and_alerts", personal_data.export_follows_and_alerts)
        register_anonymiser("challenges", personal_data.anonymise_person)
        register_section(PROFILE, "challenges/_profile_alerts.html", profile_section)
        # After the demo accounts, round 3's participants and the demo account's place on Åseral's team.
        register_seed_step(
            "challenges.demo", demo.seed_demo_challenges, after=("municipalities.demo_memberships",)
        )
        # After round 3's (the demo supplier asks there first) and demo round 6, where Åseral is selected.
        register_seed_step(
            "challenges.demo_open_round",
            demo.seed_demo_open_round_challenge,
            after=("challenges.demo", "municipalities.demo_challenge_round"),
        )
