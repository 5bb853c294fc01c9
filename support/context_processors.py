from support.perms import can_use_support_tools


def impersonation(request):
    """The banner shown on every page while a support agent views the site as someone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    context = {"support_tools": can_use_support_tools(user)}  # e.g. "Réaffecter ces conventions" in the list
    if getattr(user, "is_hijacked", False):
        context["impersonated_user"] = user
    return context
