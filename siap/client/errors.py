"""What can go wrong when APiLos calls the SIAP. Every error carries a French message for the user."""


class SiapError(Exception):
    """A call to the SIAP failed; `message` is French, fit to show to the user."""

    default_message = "Une erreur est survenue lors de la communication avec la plateforme SIAP."

    def __init__(self, message: str = "", *, status_code: int | None = None, detail: str = ""):
        self.message = message or self.default_message
        self.status_code = status_code
        self.detail = detail  # technical detail (response body), for the logs only
        super().__init__(self.message)


class SiapUnavailable(SiapError):
    """Timeout, connection refused, HTTP 502/503/504: worth retrying later."""

    default_message = (
        "Le module conventionnement ne parvient pas à joindre la plateforme SIAP pour le moment. "
        "Merci de réessayer dans quelques minutes."
    )


class SiapNotConfigured(SiapUnavailable):
    default_message = (
        "La liaison avec la plateforme SIAP n'est pas configurée sur cette instance d'APiLos : "
        "cette fonction n'est pas disponible."
    )


class SiapUnauthorized(SiapError):
    default_message = "La plateforme SIAP indique que vous n'êtes pas autorisé à accéder à cette ressource."


class SiapNotFound(SiapError):
    default_message = "La plateforme SIAP n'a pas trouvé la ressource demandée."


class SiapRefused(SiapError):
    """Any other HTTP error answered by the SIAP."""

    default_message = "La plateforme SIAP a refusé la demande."


class SiapBadPayload(SiapError):
    default_message = "La plateforme SIAP a renvoyé une réponse illisible."
