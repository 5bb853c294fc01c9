from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

SECRET_KEY_MESSAGE = (
    "La variable d'environnement SECRET_KEY est obligatoire lorsque DEBUG est désactivé. "
    "Générez-en une (python -c 'import secrets; print(secrets.token_urlsafe(50))') et définissez-la."
)


def ensure_secret_key() -> None:
    try:
        key = settings.SECRET_KEY  # Django itself raises when the setting is empty
    except ImproperlyConfigured:
        key = ""
    if not key:
        raise ImproperlyConfigured(SECRET_KEY_MESSAGE)


@register()
def secret_key_check(app_configs=None, **kwargs):
    try:
        ensure_secret_key()
    except ImproperlyConfigured:
        return [Error(SECRET_KEY_MESSAGE, id="core.E001")]
    return []
