from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice core"

    def ready(self) -> None:
        from practice import checks, signals  # noqa: F401
