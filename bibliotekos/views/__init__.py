from bibliotekos.views.librarians import (  # noqa: F401
    LibrarianListView,
    librarian_active,
    librarian_detail,
    librarian_invite,
    membership_delete,
)
from bibliotekos.views.libraries import (  # noqa: F401
    LibraryCreateView,
    LibraryDetailView,
    LibraryHistoryView,
    LibraryListView,
    LibraryUpdateView,
)
from bibliotekos.views.organisations import (  # noqa: F401
    OrganisationCreateView,
    OrganisationDetailView,
    OrganisationHistoryView,
    OrganisationListView,
    OrganisationUpdateView,
)
from bibliotekos.views.people import (  # noqa: F401
    PersonCreateView,
    PersonDetailView,
    PersonHistoryView,
    PersonListView,
    PersonUpdateView,
    person_personal_data,
)
from bibliotekos.views.personal_data import personal_data_overview  # noqa: E402, F401
from bibliotekos.views.positions import (  # noqa: F401
    PositionCreateView,
    PositionListView,
    PositionUpdateView,
)
from bibliotekos.views.territory import (  # noqa: F401
    MunicipalityListView,
    municipality_detail,
    municipality_update,
    population_delete,
)
from bibliotekos.views.transfer import registry_export, registry_import  # noqa: F401
