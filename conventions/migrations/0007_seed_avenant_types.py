from django.db import migrations


def seed(apps, schema_editor):
    from conventions.avenant_types import sync_avenant_types

    sync_avenant_types(apps.get_model("conventions", "AvenantType"))


class Migration(migrations.Migration):
    dependencies = [("conventions", "0006_avenants_journal")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
