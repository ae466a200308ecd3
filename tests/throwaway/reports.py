from ataskaitos.document import Rows
from portalas.forms import ReportParamsForm, YearField
from portalas.registry import register_metric, report_kind
from tests.throwaway.models import Notice


class NoticeYear(ReportParamsForm):
    year = YearField()


@report_kind("throwaway.notices", label="Skelbimai", form=NoticeYear, output="rows")
def notices(*, params, user, progress):
    rows = [[n.library.name, n.title, n.posted] for n in Notice.objects.visible_to(user)
            .filter(posted__year=params["year"]).select_related("library")]
    return Rows("Skelbimai", ["Biblioteka", "Pavadinimas", "Data"], rows,
                filename=f"skelbimai-{params['year']}")


def _published(period, scope):
    found = Notice.objects.filter(status=Notice.PUBLISHED,
                                  posted__range=(period.start, period.end))
    return found.filter(library=scope.library) if scope.library else found


register_metric("throwaway.notices_published", label_lt="Paskelbti skelbimai",
                label_en="Notices published", function="5.1", unit="vnt.",
                value=lambda period, scope: _published(period, scope).count(),
                records=_published)
