from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jiefen.core"
    label = "core"
