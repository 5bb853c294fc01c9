"""A source in the 2022 shape (reference §17.4): the convention points at its lot, loans belong to the
convention, `numero_galion`, `type_bailleur`, `comments`, `valide_le` as a timestamp, no avenants."""

import secrets

import psycopg2
import pytest

from conventions.models import Convention, Pret
from programmes.models import Logement
from tests.reprise.conftest import _server_params, run_import
from users.models import User

pytestmark = pytest.mark.django_db

SCHEMA = """
CREATE TABLE bailleurs_bailleur (id int PRIMARY KEY, uuid uuid, nom varchar, siret varchar, type_bailleur varchar,
  capital_social double precision, cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE instructeurs_administration (id int PRIMARY KEY, uuid uuid, nom varchar, code varchar,
  nb_convention_exemplaires int, cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE users_user (id int PRIMARY KEY, password varchar, username varchar, email varchar, is_superuser bool,
  is_staff bool, is_active bool, date_joined timestamptz, administrateur_de_compte bool,
  preferences_email varchar);
CREATE TABLE programmes_programme (id int PRIMARY KEY, uuid uuid, nom varchar, numero_galion varchar,
  bailleur_id int, administration_id int, zone_123_bis varchar, zone_abc_bis varchar, type_operation varchar,
  nature_logement varchar, vendeur text, cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE programmes_lot (id int PRIMARY KEY, uuid uuid, programme_id int, bailleur_id int, financement varchar,
  nb_logements int, type_habitat varchar, cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE conventions_convention (id int PRIMARY KEY, uuid uuid, numero varchar, statut varchar, lot_id int,
  programme_id int, bailleur_id int, financement varchar, comments text, valide_le timestamptz,
  cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE programmes_logement (id int PRIMARY KEY, uuid uuid, lot_id int, bailleur_id int, designation varchar,
  typologie varchar, surface_habitable numeric(8,2), loyer numeric(8,2), coeficient numeric(6,4),
  cree_le timestamptz, mis_a_jour_le timestamptz);
CREATE TABLE conventions_pret (id int PRIMARY KEY, uuid uuid, convention_id int, bailleur_id int, preteur varchar,
  montant numeric(12,2), cree_le timestamptz, mis_a_jour_le timestamptz);
INSERT INTO bailleurs_bailleur VALUES (1, gen_random_uuid(), 'Habitat 2022', '12345678900011', 'OFFICE_PUBLIC_HLM',
  1000.5, now(), now());
INSERT INTO instructeurs_administration VALUES (1, gen_random_uuid(), 'DDT 2022', 'DD022', 3, now(), now());
INSERT INTO users_user VALUES (1, 'pbkdf2_sha256$1$x$y', 'ancien', 'ancien@example.org', false, false, true, now(),
  true, 'TOUS');
INSERT INTO programmes_programme VALUES (1, gen_random_uuid(), 'Les Cèdres', '2022-001', 1, 1, '2', 'B1', 'NEUF',
  'LOGEMENTSORDINAIRES', 'Vendeur en texte simple', now(), now());
INSERT INTO programmes_lot VALUES (1, gen_random_uuid(), 1, 1, 'PLUS', 2, 'COLLECTIF', now(), now());
INSERT INTO conventions_convention VALUES (1, gen_random_uuid(), '22-0001', '5. Transmise', 1, 1, 1, 'PLUS',
  'Un commentaire', '2022-05-03 10:00+02', now(), now());
INSERT INTO programmes_logement VALUES (1, gen_random_uuid(), 1, 1, 'A1', 'T5', 60.5, 400, 1.1, now(), now()),
  (2, gen_random_uuid(), 1, 1, 'A2', 'T2', 45, 300, 1, now(), now());
INSERT INTO conventions_pret VALUES (1, gen_random_uuid(), 1, 1, 'CDCL', 150000, now(), now());
"""


@pytest.fixture
def source_2022(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("L'import d'une base APiLos se teste sur PostgreSQL (DATABASE_URL).")
    params = _server_params()
    name = f"apilos_imp_src22_{secrets.token_hex(4)}"
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    with psycopg2.connect(dbname=name, **params) as conn, conn.cursor() as cur:
        cur.execute(SCHEMA)
    conn.close()
    password = f":{params['password']}" if params["password"] else ""
    yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_a_2022_database_is_detected_and_imported(source_2022, seeded_roles, tmp_path):
    out = run_import(source_2022, tmp_path=tmp_path)
    assert "schéma APiLos 2022" in out
    convention = Convention.objects.select_related("lot", "programme__bailleur").get()
    assert convention.numero == "22-0001" and convention.statut == "signee"
    assert convention.commentaires == "Un commentaire"
    assert convention.programme.numero_operation == "2022-001"
    assert convention.programme.zone_abc == "B1" and convention.programme.zone_123 == "2"
    assert convention.programme.vendeur == "Vendeur en texte simple"
    assert convention.programme.bailleur.sous_nature == "OFFICE_PUBLIC_HLM"
    assert convention.lot.financement == "PLUS" and convention.lot.programme == convention.programme
    assert Logement.objects.filter(lot=convention.lot).count() == 2
    assert Pret.objects.get().convention == convention
    assert User.objects.get(username="ancien").administrateur_de_compte
    again = run_import(source_2022, tmp_path=tmp_path)
    assert "0 ligne(s) ont été créée(s), 0 modifiée(s)" in again
