"""The catalogue of the 2024 forms (Culture Minister order ĮV-948) on existing databases,
and LNB codes as dated rows.

- Every indicator's ``lnb_code`` becomes an ``LnbCode`` row valid from 1990 (the
  placeholders "B" + three digits included: the LNB codes page marks them).
- Adds the "information" section, the new primary and derived indicators, their formulas
  and the checks the new parts imply; a row whose code exists already is left as it is.
- Renames existing indicators and check messages in place ("Mobilios bibliotekos",
  "Fiziniai apsilankymai", "Gautos lėšos", "Apsilankymai renginiuose" counted in "apsil.",
  "Profesionalių bibliotekininkų dalis") — only where the text is still the one shipped, so
  the department's own edits stay. Nothing is deleted; going back leaves the rows.

Frozen: the data is ``_catalogue_0010.py`` and only historical models are used.
"""

from django.db import migrations

from statistika.migrations import _catalogue_0010 as data


def copy_lnb_codes(apps):
    Indicator = apps.get_model("statistika", "Indicator")
    LnbCode = apps.get_model("statistika", "LnbCode")
    coded = set(LnbCode.objects.values_list("indicator_id", flat=True))
    LnbCode.objects.bulk_create(
        LnbCode(indicator_id=pk, code=code, valid_from=1990)
        for pk, code in Indicator.objects.exclude(lnb_code="").values_list("pk", "lnb_code")
        if pk not in coded)


def install(apps, schema_editor):
    Section = apps.get_model("statistika", "Section")
    Indicator = apps.get_model("statistika", "Indicator")
    Formula = apps.get_model("statistika", "Formula")
    Rule = apps.get_model("statistika", "Rule")

    copy_lnb_codes(apps)
    for row in data.SECTIONS:
        Section.objects.get_or_create(code=row["code"],
                                      defaults={k: v for k, v in row.items() if k != "code"})
    sections = {s.code: s for s in Section.objects.all()}
    for code, field, old, new in data.INDICATOR_CHANGES:
        Indicator.objects.filter(code=code, **{field: old}).update(**{field: new})
    created = {}
    for row in data.INDICATORS:
        values = {k: v for k, v in row.items() if k not in {"code", "section", "part_of"}}
        values["section"] = sections[row["section"]]
        indicator, new = Indicator.objects.get_or_create(code=row["code"], defaults=values)
        if new:
            created[row["code"]] = indicator
    totals = {i.code: i for i in Indicator.objects.filter(
        code__in={row["part_of"] for row in data.INDICATORS if row.get("part_of")})}
    for row in data.INDICATORS:
        if row.get("part_of") and row["code"] in created and row["part_of"] in totals:
            created[row["code"]].part_of = totals[row["part_of"]]
            created[row["code"]].save(update_fields=["part_of"])
    for row in data.FORMULAS:
        indicator = created.get(row["indicator"])
        if indicator is not None and not Formula.objects.filter(indicator=indicator).exists():
            Formula.objects.create(indicator=indicator, expression=row["expression"],
                                   valid_from=row.get("valid_from", 1990), version=1,
                                   note=row.get("note", ""))
    for row in data.RULES:
        Rule.objects.get_or_create(
            code=row["code"], valid_from=row.get("valid_from", 1990),
            defaults={k: v for k, v in row.items() if k not in {"code", "valid_from"}})
    for code, field, old, new in data.RULE_CHANGES:
        Rule.objects.filter(code=code, **{field: old}).update(**{field: new})


class Migration(migrations.Migration):
    dependencies = [("statistika", "0009_lnb_codes_and_figures")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
