import json

from django.core.management.base import BaseCommand, CommandError

from core.models import Departement
from users.roles import GROUPS
from users.seeding import UnknownPermissionError, dump_groups, sync_groups


class Command(BaseCommand):
    help = "Charge les départements et crée ou met à jour les groupes de permissions (users/roles.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dump",
            action="store_true",
            help="Affiche seulement les groupes et leurs permissions en JSON (pour comparer deux bases).",
        )

    def handle(self, *args, dump=False, **options):
        if dump:
            self.stdout.write(json.dumps(dump_groups(), indent=2, ensure_ascii=False))
            return
        departements = Departement.load_reference_data()
        self.stdout.write(f"Départements : {departements} créé(s) ou mis à jour.")
        try:
            changes = sync_groups(GROUPS)
        except UnknownPermissionError as exc:
            raise CommandError(str(exc)) from exc
        for change in changes:
            if not change.changed:
                continue
            verbe = "créé" if change.created else "mis à jour"
            self.stdout.write(
                f"Groupe {change.name} {verbe} : +{len(change.added)} permission(s), -{len(change.removed)}."
            )
            for key in change.removed:
                self.stdout.write(f"  retirée : {key}")
        if not any(change.changed for change in changes):
            self.stdout.write(f"Groupes : aucun changement ({len(changes)} groupes à jour).")
        self.stdout.write(self.style.SUCCESS("Rôles et permissions à jour."))
