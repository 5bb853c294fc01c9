from django.shortcuts import render


def profil(request):
    roles = request.user.roles.select_related("bailleur", "administration", "group")
    return render(request, "users/profil.html", {"page_title": "Votre profil", "roles": roles})
