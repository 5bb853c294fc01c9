"""Status strings of the SIAP contract. We store stable codes (conventions.enums.ConventionStatut); the SIAP
client knows the historical strings, so the contract translates both ways through this single table."""

from conventions.enums import ConventionStatut

SIAP_STATUTS: dict[str, str] = {
    ConventionStatut.PROJET: "1. Projet",
    ConventionStatut.INSTRUCTION: "2. Instruction requise",
    ConventionStatut.CORRECTIONS: "3. Corrections requises",
    ConventionStatut.A_SIGNER: "4. A signer",
    ConventionStatut.SIGNEE: "5. Signée",
    ConventionStatut.PUBLICATION_EN_COURS: "5. Publication en cours",
    ConventionStatut.PUBLIEE: "7. Publié",
    ConventionStatut.RESILIEE: "6. Résiliée",
    ConventionStatut.DENONCEE: "7. Dénoncée",
    ConventionStatut.ANNULEE: "8. Annulée en suivi",
}
# The avenants will add "6. Résiliée" and "7. Dénoncée": one line each here (and in STATUTS_ACTIFS of
# api/siap/services.py if they must block a cancellation — they do not in the reference).
SIAP_STATUT_CHOICES = [(label, label) for label in dict.fromkeys(SIAP_STATUTS.values())]
CODES_BY_SIAP_STATUT: dict[str, str] = {siap: str(code) for code, siap in SIAP_STATUTS.items()}


def to_siap(statut: str) -> str:
    return SIAP_STATUTS[ConventionStatut(statut)]


def from_siap(siap_statut: str) -> str:
    """Our code for a SIAP status string; KeyError when the string is unknown."""
    return CODES_BY_SIAP_STATUT[siap_statut]
