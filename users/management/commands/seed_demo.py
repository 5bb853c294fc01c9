from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from users.demo import PERSONAS, domain_seeder, generate_password, seed_demo_users


class Command(BaseCommand):
    help = (
        "Crée les organisations et comptes de démonstration (demo-bailleur, demo-instructeur, demo-admin…), "
        "puis les conventions de démonstration si l'application conventions les fournit. Relançable."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Autorise l'exécution avec DEBUG désactivé (serveur de démonstration uniquement).",
        )
        parser.add_argument(
            "--conventions",
            type=int,
            default=None,
            metavar="N",
            help="Nombre de conventions de démonstration à créer (par défaut : le choix du module conventions).",
        )

    def handle(self, *args, force=False, conventions=None, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG est désactivé : seed_demo refuse de créer des comptes de démonstration sur ce qui "
                "pourrait être un serveur réel. Relancez avec --force si c'est bien un serveur de démonstration."
            )
        if conventions is not None and conventions < 0:
            raise CommandError("--conventions doit être un nombre positif ou nul.")

        password = settings.DEMO_PASSWORD
        generated = not password
        if generated:
            password = generate_password()

        created = seed_demo_users(password=password)
        self.stdout.write(
            "Démonstration : "
            + ", ".join(f"{count} {label} créé(s)" for label, count in created.items())
            + " (les existants sont mis à jour)."
        )
        self.stdout.write("Comptes : " + ", ".join(p.username for p in PERSONAS))
        if generated:
            self.stdout.write(
                self.style.WARNING(f"Mot de passe généré pour tous les comptes de démonstration : {password}")
            )
            self.stdout.write("Définissez DEMO_PASSWORD pour garder le même d'une fois sur l'autre.")
        else:
            self.stdout.write("Mot de passe : celui de la variable DEMO_PASSWORD.")

        seeder = domain_seeder()
        if seeder is None:
            self.stdout.write("Conventions de démonstration : pas encore disponibles (conventions/demo.py absent).")
        else:
            seeder(self.stdout, count=conventions)
        self.stdout.write(self.style.SUCCESS("Données de démonstration prêtes."))
