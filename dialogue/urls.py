from django.urls import path

from dialogue import views

app_name = "dialogue"

# Included at the root BEFORE conventions.urls, whose "conventions/<uuid>/<slug:etape>/" would take these words.
urlpatterns = [
    path("conventions/<uuid:uuid>/modifications/", views.modifications, name="modifications"),
    path("conventions/<uuid:uuid>/conversation/", views.conversation, name="conversation"),
    path("conventions/<uuid:uuid>/conversation/pieces/<uuid:piece_uuid>/", views.piece_jointe, name="piece_jointe"),
    path("conventions/<uuid:uuid>/commentaires/<uuid:comment_uuid>/fil/", views.commentaire, name="commentaire"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/tout-lu/", views.notifications_tout_lu, name="notifications_tout_lu"),
    path("notifications/<uuid:notification_uuid>/", views.notification_ouvrir, name="notification_ouvrir"),
]
