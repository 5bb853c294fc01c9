from django.utils.functional import SimpleLazyObject


def a_traiter(request):
    """The main menu's « À traiter » count: evaluated only when a page shows the menu; cached 5 minutes."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def compte():
        from conventions import queue

        return queue.compte(user)

    return {"a_traiter_compte": SimpleLazyObject(compte)}
