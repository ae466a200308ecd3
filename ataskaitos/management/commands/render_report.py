from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ataskaitos import services
from ataskaitos.models import JobStatus
from ataskaitos.registry import FORMATS, kinds
from paskyros.models import Role, User


class Command(BaseCommand):
    help = "Render a document synchronously through the job engine, or list the kinds."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?")
        parser.add_argument("--list", action="store_true", help="List the kinds of document.")
        parser.add_argument("--year", type=int)
        parser.add_argument("--library", help="Library code")
        parser.add_argument("--report", help="Statistics report id, or the dashboard table")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", type=Path)
        parser.add_argument("--as-user", default="",
                            help="E-mail of the user whose access applies (default: the "
                                 "first active administrator or department staff member).")

    def handle(self, *args, **options):
        if options["list"]:
            for item in kinds():
                params = ", ".join(item.params) or "–"
                self.stdout.write(f"{item.name:<22} {', '.join(item.formats):<16} "
                                  f"params: {params:<10} {item.label}")
            return
        if not options["kind"] or not options["output"]:
            raise CommandError("Give KIND and --output FILE (or --list).")
        user = (User.objects.filter(email=options["as_user"]).first() if options["as_user"]
                else User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.STAFF])
                .order_by("role", "pk").first())
        if user is None:
            raise CommandError("No user to run the document as.")
        params = {name: str(options[name]) for name in ("year", "library", "report")
                  if options.get(name)}
        try:
            job = services.request_report(kind=options["kind"], params=params,
                                          format=options["format"], by=user)
        except Exception as error:
            raise CommandError(str(error)) from error
        job = services.run_job(job.pk)
        if job.status != JobStatus.DONE:
            raise CommandError(job.error or "The document could not be prepared.")
        options["output"].write_bytes(job.file.read())
        self.stdout.write(self.style.SUCCESS(f"{job.filename} written to {options['output']}"))
