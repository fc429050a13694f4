from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "jiefen.orgs"
    label = "orgs"
