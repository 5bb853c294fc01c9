"""Bulk reassignment from the command line (same services as the support page).

Dry run by default: prints the preview. --appliquer writes it (one transaction, history, e-mails).

    manage.py reaffecter_conventions --numeros 75-2024-0001,75-2024-0002 --administration DD075
    manage.py reaffecter_conventions --numeros-fichier liste.txt --bailleur 12345678900012 --motif "…" --appliquer
    manage.py reaffecter_conventions --delegation DD013 --administration MET13 --communes 13055,13001 --appliquer
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from conventions.models import Convention
from support import reassignment
from users.models import Administration, Bailleur, User


class Command(BaseCommand):
    help = "Réaffecte des conventions (aperçu par défaut, --appliquer pour écrire)."

    def add_arguments(self, parser):
        selection = parser.add_mutually_exclusive_group(required=True)
        selection.add_argument("--numeros", help="Numéros de convention séparés par des virgules.")
        selection.add_argument("--numeros-fichier", help="Fichier texte, un numéro par ligne.")
        selection.add_argument("--delegation", metavar="CODE", help="Code de l'administration d'origine.")
        cible = parser.add_mutually_exclusive_group(required=True)
        cible.add_argument("--administration", metavar="CODE", help="Code de l'administration de destination.")
        cible.add_argument("--bailleur", metavar="SIRET", help="SIRET du bailleur de destination.")
        parser.add_argument("--communes", default="", help="Codes INSEE (avec --delegation).")
        parser.add_argument("--motif", default="", help="Motif, repris dans l'historique et les e-mails.")
        parser.add_argument("--utilisateur", help="Identifiant de l'agent, inscrit dans l'historique.")
        parser.add_argument("--appliquer", action="store_true", help="Écrire les changements (sinon : aperçu).")

    def handle(self, *args, **options):
        try:
            plan = self._plan(options)
        except reassignment.ReassignmentError as exc:
            raise CommandError(str(exc)) from exc
        self._print(plan)
        if not options["appliquer"]:
            self.stdout.write("Aperçu seulement : rien n'a été modifié (ajoutez --appliquer).")
            return
        if not options["motif"]:
            raise CommandError("Indiquez --motif pour appliquer une réaffectation.")
        user = None
        if options["utilisateur"]:
            user = User.objects.filter(username__iexact=options["utilisateur"]).first()
            if user is None:
                raise CommandError(f"Utilisateur « {options['utilisateur']} » introuvable.")
        try:
            count = reassignment.apply_plan(plan=plan, user=user, motif=options["motif"])
        except reassignment.ReassignmentError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"{count} convention(s) réaffectée(s)."))

    def _plan(self, options):
        if options["administration"]:
            champ = reassignment.ADMINISTRATION
            cible = Administration.objects.filter(code__iexact=options["administration"]).first()
        else:
            champ = reassignment.BAILLEUR
            cible = Bailleur.objects.filter(siret=options["bailleur"]).first()
        if cible is None:
            raise CommandError("Organisation de destination introuvable.")
        if options["delegation"]:
            if champ != reassignment.ADMINISTRATION:
                raise CommandError("Une délégation se transfère vers une administration (--administration).")
            source = Administration.objects.filter(code__iexact=options["delegation"]).first()
            if source is None:
                raise CommandError(f"Administration « {options['delegation']} » introuvable.")
            communes = [c.upper() for c in reassignment.parse_numeros(options["communes"])]
            return reassignment.plan_delegation(source=source, cible=cible, communes=communes)
        if options["numeros_fichier"]:
            texte = Path(options["numeros_fichier"]).read_text(encoding="utf-8")
        else:
            texte = options["numeros"]
        numeros = reassignment.parse_numeros(texte)
        return reassignment.plan_conventions(
            conventions=Convention.objects.filter(numero__in=numeros),
            champ=champ,
            cible=cible,
            numeros_demandes=numeros,
        )

    def _print(self, plan):
        self.stdout.write(f"Destination : {plan.cible}")
        for ligne in plan.lignes:
            suffixe = " (même opération)" if ligne.entrainee else ""
            self.stdout.write(
                f"  {ligne.convention.numero or ligne.convention.uuid} – {ligne.convention.programme.nom} : "
                f"{ligne.avant or 'aucune'} → {plan.cible}{suffixe}"
            )
        if plan.deja:
            self.stdout.write(f"Déjà à destination : {len(plan.deja)} convention(s).")
        if plan.inconnus:
            self.stdout.write(f"Introuvables : {', '.join(plan.inconnus)}")
        self.stdout.write(f"{len(plan.lignes)} convention(s) dans {len(plan.programmes)} opération(s) changeraient.")
