"""Server-side request forgery guard for partner URLs.

Only http(s). Unless settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS (tests, local runs), every address the host
resolves to must be public: no loopback, private, link-local (cloud metadata), reserved or multicast target."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class UrlRefusee(ValueError):
    pass


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, resolve: bool = True) -> None:
    """Raise UrlRefusee (French message) when the URL may not be called."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UrlRefusee("Seules les adresses http:// ou https:// sont acceptées.")
    if not parts.hostname:
        raise UrlRefusee("L'adresse doit comporter un nom de serveur.")
    if parts.username or parts.password:
        raise UrlRefusee("L'adresse ne doit pas contenir d'identifiant ni de mot de passe.")
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_TARGETS", False):
        return
    try:
        addresses = [ipaddress.ip_address(parts.hostname).compressed]
    except ValueError:
        if not resolve:
            return
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or None)}
        except (socket.gaierror, UnicodeError) as exc:
            raise UrlRefusee(f"Le serveur « {parts.hostname} » est introuvable.") from exc
    if not all(_public(a) for a in addresses):
        raise UrlRefusee("Cette adresse désigne un réseau privé ou local : elle n'est pas autorisée.")
