def impersonation(request):
    """The banner shown on every page while a support agent views the site as someone else."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_hijacked", False):
        return {}
    return {"impersonated_user": user}
