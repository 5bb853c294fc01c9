from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "API"

    def ready(self):
        from api.profile import SECTION
        from users.profile import register

        register("cles_api", SECTION)  # the profile page shows personal API keys
