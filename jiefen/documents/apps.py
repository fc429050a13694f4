from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "jiefen.documents"
    label = "documents"
