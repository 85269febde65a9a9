from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and rounds")

    def ready(self):
        from gnist.open_now import register_open_now
        from gnist.pagecache import register_next_change
        from gnist.personal_data import register_anonymiser, register_exporter
        from gnist.sections import HOME, PROFILE, register_section
        from gnist.seeding import register_seed_step
        from gnist.storage import delete_files_with_rows
        from municipalities import demo, reference_data
        from municipalities.actions import application_actions, register_phase_action
        from municipalities.models import (
            ApplicationAttachment,
            export_applications,
            export_invitations,
            export_memberships,
        )
        from municipalities.services import anonymise_person
        from municipalities.views.public import latest_round_section, next_phase_change, whats_open
        from municipalities.views.team import profile_section

        register_exporter("memberships", export_memberships)
        register_exporter("applications", export_applications)
        register_exporter("invitations", export_invitations)
        register_anonymiser("municipalities", anonymise_person)
        register_seed_step("municipalities.reference_data", reference_data.seed_reference_data)
        register_seed_step(
            "municipalities.demo_memberships",
            demo.seed_demo_memberships,
            after=("accounts.demo_accounts", "municipalities.reference_data"),
        )
        register_seed_step(
            "municipalities.demo_round", demo.seed_demo_round, after=("municipalities.demo_memberships",)
        )
        register_seed_step(
            "municipalities.demo_challenge_round",
            demo.seed_demo_challenge_round,
            after=("municipalities.demo_memberships",),
        )
        register_open_now(whats_open)
        register_phase_action("opens_applications", application_actions)
        register_next_change(next_phase_change)
        register_section(HOME, "municipalities/_home_round.html", latest_round_section)
        register_section(PROFILE, "municipalities/team/_profile.html", profile_section)
        delete_files_with_rows(ApplicationAttachment, "file")
