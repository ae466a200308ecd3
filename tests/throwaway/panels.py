from bibliotekos.models import Library
from portalas.registry import nav_item, object_panel
from tests.throwaway.models import Notice

nav_item(group="publicity", label="Skelbimai", url_name="throwaway:notice_list", icon="megaphone")


@object_panel(Library, template="throwaway/_library_notices.html", order=90)
def library_notices(request, library):
    notices = Notice.objects.visible_to(request.user).filter(library=library)
    return {"notices": notices.order_by("-posted")[:5]} if notices.exists() else None
