from django.db import migrations


def install(apps, schema_editor):
    from statistika.services import install_default_catalogue

    install_default_catalogue(
        section_model=apps.get_model("statistika", "Section"),
        indicator_model=apps.get_model("statistika", "Indicator"),
        formula_model=apps.get_model("statistika", "Formula"),
        rule_model=apps.get_model("statistika", "Rule"),
    )


class Migration(migrations.Migration):
    dependencies = [("statistika", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
