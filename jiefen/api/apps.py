from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "jiefen.api"
    label = "api"
