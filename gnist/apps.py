from django.apps import AppConfig


class GnistConfig(AppConfig):
    name = "gnist"
    verbose_name = "Gnist"

    def ready(self):
        from gnist import checks  # noqa: F401 (registers the system checks)
