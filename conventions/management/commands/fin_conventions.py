"""Dénoncer or résilier a list of conventions by number, on behalf of an instructeur (reference §12.5):

    manage.py fin_conventions --mode resiliation --instructeur jdupont --date 2026-06-30 \\
        --motif "Vente du patrimoine" 13.D.26.0001 13.D.26.0002

Each convention goes through its own special avenant, created and validated by that instructeur, with the same
rights and rules as in the web pages; the command prints what was done, refused and not found."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from conventions.services.avenants import end_conventions_batch
from conventions.workflow import WorkflowError
from users.models import User


class Command(BaseCommand):
    help = "Dénoncer ou résilier une liste de conventions (par numéro) au nom d'un instructeur."

    def add_arguments(self, parser):
        parser.add_argument("numeros", nargs="+")
        parser.add_argument("--mode", choices=["denonciation", "resiliation"], required=True)
        parser.add_argument("--instructeur", required=True, help="Identifiant de l'instructeur.")
        parser.add_argument("--date", required=True, help="AAAA-MM-JJ")
        parser.add_argument("--motif", required=True)

    def handle(self, *args, numeros, mode, instructeur, date, motif, **options):
        user = User.objects.filter(username=instructeur, is_active=True).first()
        if user is None:
            raise CommandError(f"Utilisateur inconnu ou inactif : {instructeur}.")
        try:
            when = datetime.date.fromisoformat(date)
        except ValueError as exc:
            raise CommandError("La date s'écrit AAAA-MM-JJ.") from exc
        try:
            result = end_conventions_batch(numeros=numeros, user=user, nature=mode, date=when, motif=motif)
        except WorkflowError as exc:
            raise CommandError(exc.message) from exc
        for numero in result["faites"]:
            self.stdout.write(f"{numero} : fait.")
        for numero, message in result["refus"].items():
            self.stdout.write(f"{numero} : refusé – {message}")
        for numero in result["inconnues"]:
            self.stdout.write(f"{numero} : introuvable dans votre périmètre.")
        faites, refus, inconnues = len(result["faites"]), len(result["refus"]), len(result["inconnues"])
        self.stdout.write(self.style.SUCCESS(f"{faites} fait(s), {refus} refus, {inconnues} introuvable(s)."))
