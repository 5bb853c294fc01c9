"""Seed the yearly revision indices with published values.

Maximum rents of conventions APL and maximum redevances of foyers/résidences are revised on 1 January of
year N by the annual change of the Insee rent reference index (IRL) of the 2nd quarter of N-1 (CCH
L. 353-9-2 and L. 353-9-3). Exceptions recorded here: the legal freeze of 1 January 2018 (loi de finances
pour 2018), and the caps of the "bouclier loyer" (loi n° 2022-1158) for 2023 and 2024: 3.5 % nationally,
1.5 % in Corsica and 2.5 % in the overseas départements. Staff add the following years in the admin."""

import json
from decimal import Decimal
from pathlib import Path

# année d'application: (évolution %, source)
NATIONAL = {
    2011: ("0.57", "IRL 2e trimestre 2010 : +0,57 %"),
    2012: ("1.73", "IRL 2e trimestre 2011 : +1,73 %"),
    2013: ("2.20", "IRL 2e trimestre 2012 : +2,20 %"),
    2014: ("1.20", "IRL 2e trimestre 2013 : +1,20 %"),
    2015: ("0.57", "IRL 2e trimestre 2014 : +0,57 %"),
    2016: ("0.08", "IRL 2e trimestre 2015 : +0,08 %"),
    2017: ("0.00", "IRL 2e trimestre 2016 : 0,00 %"),
    2018: ("0.00", "Gel légal des loyers et redevances (loi de finances pour 2018) ; IRL T2 2017 : +0,75 %"),
    2019: ("1.25", "IRL 2e trimestre 2018 : +1,25 %"),
    2020: ("1.53", "IRL 2e trimestre 2019 : +1,53 %"),
    2021: ("0.66", "IRL 2e trimestre 2020 : +0,66 %"),
    2022: ("0.42", "IRL 2e trimestre 2021 : +0,42 %"),
    2023: ("3.50", "Plafond légal 3,5 % (loi n° 2022-1158) ; IRL T2 2022 : +3,60 %"),
    2024: ("3.50", "IRL 2e trimestre 2023 plafonné : +3,50 %"),
    2025: ("3.26", "IRL 2e trimestre 2024 : +3,26 %"),
    2026: ("1.04", "IRL 2e trimestre 2025 : +1,04 %"),
}
CORSE = ("2A", "2B")
OUTRE_MER = ("971", "972", "973", "974", "976")
DEPARTEMENTAL = {
    2023: [
        (CORSE, "1.50", "Plafond légal en Corse (loi n° 2022-1158)"),
        (OUTRE_MER, "2.50", "Plafond légal outre-mer (loi n° 2022-1158)"),
    ],
    2024: [
        (CORSE, "1.50", "Plafond légal en Corse (loi n° 2022-1158)"),
        (OUTRE_MER, "2.50", "Plafond légal outre-mer (loi n° 2022-1158)"),
    ],
}
TYPES = ("loyer", "redevance")
DEPARTEMENTS_FILE = Path(__file__).resolve().parents[1] / "core" / "data" / "departements.json"


def seed(Indice, Departement) -> None:
    """Create or update the published values (idempotent). Takes the model classes: the data migration
    passes its historical models, tests the current ones."""
    departements = {d.code_insee: d for d in Departement.objects.all()}
    # The reference data (core/data) is normally loaded by seed_roles; load the rows needed here if absent
    # (seed_roles updates them in place later: it matches on code_insee).
    wanted = set(CORSE) | set(OUTRE_MER)
    if not wanted <= departements.keys():
        rows = json.loads(DEPARTEMENTS_FILE.read_text(encoding="utf-8"))
        for row in rows:
            if row["code_insee"] in wanted and row["code_insee"] not in departements:
                departements[row["code_insee"]] = Departement.objects.create(**row)
    for type_indice in TYPES:
        for annee, (evolution, source) in NATIONAL.items():
            Indice.objects.update_or_create(
                annee=annee,
                type_indice=type_indice,
                departement=None,
                defaults={"evolution": Decimal(evolution), "source": source},
            )
        for annee, groupes in DEPARTEMENTAL.items():
            for codes, evolution, source in groupes:
                for code in codes:
                    Indice.objects.update_or_create(
                        annee=annee,
                        type_indice=type_indice,
                        departement=departements[code],
                        defaults={"evolution": Decimal(evolution), "source": source},
                    )
