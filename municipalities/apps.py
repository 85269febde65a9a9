from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities and rounds")

    def ready(self):
        from gnist.personal_data import register_exporter
        from gnist.seeding import register_seed_step
        from municipalities import demo, reference_data
        from municipalities.models import export_applications, export_memberships

        register_exporter("memberships", export_memberships)
        register_exporter("applications", export_applications)
        register_seed_step("municipalities.reference_data", reference_data.seed_reference_data)
        register_seed_step(
            "municipalities.demo_memberships",
            demo.seed_demo_memberships,
            after=("accounts.demo_accounts", "municipalities.reference_data"),
        )
        register_seed_step(
            "municipalities.demo_round", demo.seed_demo_round, after=("municipalities.demo_memberships",)
        )
