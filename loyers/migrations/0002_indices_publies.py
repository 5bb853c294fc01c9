"""Seed the yearly revision indices with published values (loyers/indices_publies.py)."""

from django.db import migrations

from loyers import indices_publies


def seed(apps, schema_editor):
    indices_publies.seed(apps.get_model("loyers", "IndiceEvolutionLoyer"), apps.get_model("core", "Departement"))


class Migration(migrations.Migration):
    dependencies = [("loyers", "0001_initial"), ("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
