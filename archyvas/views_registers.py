"""Pages of the registers themselves: the list (with this year's counts), a register's page
(its documents of one year, chosen by the year tabs, with the list's filters and export),
and a register's creation and editing (staff).

Who: staff and management read, staff write; a librarian gets a 403 on the list and the
forms without an object, and a 404 on a register's pages (``Register.objects.visible_to``);
management a 403 on the edit."""

from django.contrib import messages
from django.db.models import Count, Max, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from archyvas import selectors_registers as selectors
from archyvas import services_registers as services
from archyvas.filters_registers import EntryFilter
from archyvas.forms_registers import RegisterForm, refusal_to_form
from archyvas.models import Register, may_manage, may_read
from archyvas.views_registers_entries import EntryListView
from portalas.converters import YEAR_MAX, YEAR_MIN
from portalas.views import Column, ScopedCreateView, ScopedListView, ScopedUpdateView

LIST_TITLE = gettext_lazy("Registers")


class RegisterListView(ScopedListView):
    model = Register
    allowed = staticmethod(may_read)
    template_name = "archyvas/register_list.html"
    title = LIST_TITLE
    description = gettext_lazy("The department's own registers of documents: numbers run by "
                               "register and year.")
    empty_text = gettext_lazy("No registers yet.")
    paginate_by = 100
    columns = [Column("name", pgettext_lazy("register of documents", "Register"), link=True),
               Column("kind", gettext_lazy("Kind"), text=False),
               Column("prefix", gettext_lazy("Prefix"), text=False)]

    def refine(self, queryset):
        year = timezone.localdate().year
        return queryset.annotate(
            year_count=Count("entries", filter=Q(entries__year=year)),
            year_last=Max("entries__number", filter=Q(entries__year=year)),
            awaiting=Count("entries", filter=Q(entries__register__kind="incoming",
                                               entries__answer_due__isnull=False,
                                               entries__answered_on=None)))

    def order(self, queryset):
        return queryset.order_by("position", "name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update({"year": timezone.localdate().year,
                        "can_manage": may_manage(self.request.user)})
        return context


class RegisterDetailView(EntryListView):
    """A register's documents of one year (``?year=``; the current year by default, or the
    latest with documents), with the list's filters but the register's and year's."""

    template_name = "archyvas/register_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.register = get_object_or_404(Register.objects.visible_to(request.user),
                                               pk=kwargs["pk"])
            self.years = selectors.register_years(self.register,
                                                  today=timezone.localdate())
            self.year = self._year()
            self.export_name = f"registras-{self.register.prefix}-{self.year}"
        return super().dispatch(request, *args, **kwargs)

    def _year(self) -> int:
        wanted = self.request.GET.get("year", "")
        if wanted.isdigit() and YEAR_MIN <= int(wanted) <= YEAR_MAX:
            return int(wanted)
        today = timezone.localdate().year
        known = [row["year"] for row in self.years]
        return today if today in known or not known else known[0]

    def get_queryset(self):
        queryset = self.scoped_queryset().filter(register=self.register, year=self.year)
        self.filterset = EntryFilter(self.request.GET or None, queryset=queryset,
                                     request=self.request, register=self.register)
        return self.order(self.filterset.qs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counted = next((row for row in self.years if row["year"] == self.year), None)
        prefix = self.register.prefix
        context.update({"register": self.register, "years": self.years, "year": self.year,
                        "numbers": (f"{prefix}-1", f"{prefix}-{counted['last']}")
                        if counted and counted["last"] else None,
                        "title": self.register.name, "description": ""})
        return context


class RegisterFormMixin:
    model = Register
    form_class = RegisterForm
    template_name = "archyvas/register_form.html"
    allowed = staticmethod(may_manage)
    list_url_name = "archyvas:register_list"
    list_title = LIST_TITLE
    create_title = gettext_lazy("New register")
    form_width = "col-lg-8"

    def form_valid(self, form):
        try:
            register = services.save_register(register=form.instance, by=self.request.user)
        except services.Refused as refusal:
            refusal_to_form(form, refusal)
            return self.form_invalid(form)
        messages.success(self.request, _("The register “%(name)s” has been saved.")
                         % {"name": register.name})
        return redirect(reverse("archyvas:register_list"))


class RegisterCreateView(RegisterFormMixin, ScopedCreateView):
    pass


class RegisterUpdateView(RegisterFormMixin, ScopedUpdateView):
    pass
