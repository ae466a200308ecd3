from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ataskaitos import services
from ataskaitos.models import JobStatus
from paskyros.models import Role, User
from portalas.forms import NoParams
from portalas.registry import OUTPUTS, kinds
from portalas.registry import kind as get_kind

FORMATS = sorted({fmt for formats in OUTPUTS.values() for fmt in formats})


class Command(BaseCommand):
    help = ("Render a document synchronously through the job engine, or list the kinds. "
            "Parameters are those of the kind's form (see --list): --param NAME=VALUE, or "
            "the shortcuts --year, --library, --report.")

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?")
        parser.add_argument("--list", action="store_true", help="List the kinds of document.")
        parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                            help="A parameter of the kind's form (repeatable).")
        parser.add_argument("--year")
        parser.add_argument("--library", help="Library code")
        parser.add_argument("--report", help="A statistics submission's id, or a dashboard table")
        parser.add_argument("--format", choices=FORMATS, default="pdf")
        parser.add_argument("--output", type=Path)
        parser.add_argument("--as-user", default="",
                            help="E-mail of the user whose access applies (default: the "
                                 "first active administrator or department staff member).")

    def handle(self, *args, **options):
        if options["list"]:
            for item in kinds():
                params = ", ".join((item.form or NoParams).base_fields) or "–"
                also = f" (also: {', '.join(item.aliases)})" if item.aliases else ""
                self.stdout.write(f"{item.name:<22} {', '.join(item.formats):<16} "
                                  f"params: {params:<16} {item.label}{also}")
            return
        if not options["kind"] or not options["output"]:
            raise CommandError("Give KIND and --output FILE (or --list).")
        try:        # an alias (annual_plan) runs the kind it names
            options["kind"] = get_kind(options["kind"]).name
        except KeyError:
            raise CommandError(f"No kind of document named {options['kind']!r} "
                               "(see --list).") from None
        user = (User.objects.filter(email=options["as_user"]).first() if options["as_user"]
                else User.objects.filter(is_active=True, role__in=[Role.ADMIN, Role.STAFF])
                .order_by("role", "pk").first())
        if user is None:
            raise CommandError("No user to run the document as.")
        params = {name: str(options[name]) for name in ("year", "library", "report")
                  if options.get(name)}
        for pair in options["param"]:
            name, _sep, value = pair.partition("=")
            if not name or not _sep:
                raise CommandError(f"--param {pair!r}: write NAME=VALUE")
            params[name] = value
        try:
            job = services.request_report(kind=options["kind"], params=params,
                                          format=options["format"], by=user)
        except services.NotAvailable:
            raise CommandError("The parameters are not valid for this kind, or name something "
                               "outside the user's access.") from None
        except Exception as error:
            raise CommandError(str(error)) from error
        job = services.run_job(job.pk)
        if job.status != JobStatus.DONE:
            raise CommandError(job.error or "The document could not be prepared.")
        options["output"].write_bytes(job.file.read())
        self.stdout.write(self.style.SUCCESS(f"{job.filename} written to {options['output']}"))
