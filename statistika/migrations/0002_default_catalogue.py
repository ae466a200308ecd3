"""The default catalogue: sections, indicators, formulas and checks.

Frozen: the data is the copy in ``_catalogue_0002.py`` and the installer below uses only
the historical models, so what this migration installs no longer follows today's
``catalogue_data.py`` or today's services.
"""

from django.db import migrations

from statistika.migrations import _catalogue_0002 as data


def install(apps, schema_editor):
    """Create the default sections, indicators, formulas and checks that are missing.
    Existing rows are left as they are."""
    Section = apps.get_model("statistika", "Section")
    Indicator = apps.get_model("statistika", "Indicator")
    Formula = apps.get_model("statistika", "Formula")
    Rule = apps.get_model("statistika", "Rule")

    sections = {}
    for row in data.SECTIONS:
        sections[row["code"]], _created = Section.objects.get_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"})
    created = {}
    for row in data.INDICATORS:
        values = {k: v for k, v in row.items() if k not in {"code", "section", "part_of"}}
        values["section"] = sections[row["section"]]
        created[row["code"]], _new = Indicator.objects.get_or_create(
            code=row["code"], defaults=values)
    for row in data.INDICATORS:
        if row.get("part_of") and created[row["code"]].part_of_id is None:
            created[row["code"]].part_of = created[row["part_of"]]
            created[row["code"]].save(update_fields=["part_of"])
    for row in data.FORMULAS:
        indicator = created[row["indicator"]]
        if not Formula.objects.filter(indicator=indicator).exists():
            Formula.objects.create(indicator=indicator, expression=row["expression"],
                                   valid_from=row.get("valid_from", 1990), version=1,
                                   note=row.get("note", ""))
    for row in data.RULES:
        Rule.objects.get_or_create(
            code=row["code"], valid_from=row.get("valid_from", 1990),
            defaults={k: v for k, v in row.items() if k not in {"code", "valid_from"}})


class Migration(migrations.Migration):
    dependencies = [("statistika", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
