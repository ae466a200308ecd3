"""The topics the department starts with (an editable list afterwards)."""

from django.db import migrations

TOPICS = ["Statistika", "Projektai", "Metodinė veikla", "Dokumentų fondai", "Paslaugos",
          "Informacinės technologijos", "Vadyba", "Kita"]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("konsultacijos", "Topic")
    for order, name in enumerate(TOPICS, start=1):
        Topic.objects.get_or_create(name=name, defaults={"order": order * 10})


def remove_topics(apps, schema_editor):
    apps.get_model("konsultacijos", "Topic").objects.filter(
        name__in=TOPICS, consultations__isnull=True, questions__isnull=True,
        entries__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("konsultacijos", "0001_initial")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
