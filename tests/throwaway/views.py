from portalas.views import Column, ScopedDetailView, ScopedListView
from tests.throwaway.models import Notice


class NoticeListView(ScopedListView):
    model = Notice
    title = "Skelbimai"
    export_name = "skelbimai"
    default_sort = "title"
    columns = [Column("title", "Pavadinimas", sort="title", link=True),
               Column("library.name", "Biblioteka", sort="library__name"),
               Column("posted", "Data", sort="posted", text=False)]

    def refine(self, queryset):
        return queryset.select_related("library")


class NoticeDetailView(ScopedDetailView):
    model = Notice
    template_name = "throwaway/notice_detail.html"
