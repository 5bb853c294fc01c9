import time

from django.conf import settings

SESSION_TOUCH_KEY = "_vu_le"


class IdleSessionMiddleware:
    """Idle logout without a database write on every page view.

    The session expires SESSION_COOKIE_AGE after it was last saved. Instead of saving it on every request
    (SESSION_SAVE_EVERY_REQUEST), it is saved when it changed, or when its last save is older than
    SESSION_REFRESH_SECONDS: an idle user is still logged out SESSION_COOKIE_AGE after their last page view (give
    or take that interval), and a burst of read-only views writes nothing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty() and getattr(request, "user", None) is not None:
            if request.user.is_authenticated:
                now = int(time.time())
                if now - session.get(SESSION_TOUCH_KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                    session[SESSION_TOUCH_KEY] = now  # marks it modified: SessionMiddleware saves it
        return response


def stamp_session_at_login(sender, request, user, **kwargs):
    """Login saves the session anyway: stamp it then, so that the next page views write nothing."""
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_TOUCH_KEY] = int(time.time())
