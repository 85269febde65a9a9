from django.apps import AppConfig


class GnistConfig(AppConfig):
    name = "gnist"
    verbose_name = "Gnist"
