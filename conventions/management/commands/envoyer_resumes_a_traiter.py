from django.core.management.base import BaseCommand

from conventions.digest import envoyer_resumes


class Command(BaseCommand):
    help = "Envoie le résumé hebdomadaire « À traiter » aux utilisateurs abonnés (au plus un tous les 6 jours)."

    def handle(self, *args, **options):
        sent = envoyer_resumes()
        self.stdout.write(f"Résumés envoyés : {sent}.")
