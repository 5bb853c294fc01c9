"""Create a personal API key for a user and print it (demo, CI). The key is shown once, never stored."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.tokens import api_token_create
from users.models import User


class Command(BaseCommand):
    help = "Crée une clé d'API pour un utilisateur et l'affiche (une seule fois)."

    def add_arguments(self, parser):
        parser.add_argument("username", help="Identifiant de l'utilisateur.")
        parser.add_argument("--nom", default="Clé créée en ligne de commande", help="Nom de la clé.")

    def handle(self, *args, username, nom, **options):
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as exc:
            raise CommandError(f"Aucun utilisateur « {username} ».") from exc
        try:
            _, raw_key = api_token_create(user=user, name=nom)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(raw_key)
