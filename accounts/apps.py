from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    # allauth's account app is "Accounts" ("Kontoer") too: two admin sections must not share a name.
    verbose_name = _("Users")

    def ready(self):
        from accounts.demo import seed_demo_accounts
        from accounts.personal_data import export_account
        from gnist.personal_data import register_exporter
        from gnist.seeding import register_seed_step

        register_exporter("account", export_account)
        register_seed_step("accounts.demo_accounts", seed_demo_accounts)
