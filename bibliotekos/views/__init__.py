from bibliotekos.views.librarians import (  # noqa: F401
    librarian_active,
    librarian_detail,
    librarian_invite,
    librarian_list,
    membership_delete,
)
from bibliotekos.views.libraries import (  # noqa: F401
    library_create,
    library_detail,
    library_history,
    library_list,
    library_update,
)
from bibliotekos.views.people import (  # noqa: F401
    person_create,
    person_detail,
    person_history,
    person_list,
    person_update,
)
from bibliotekos.views.territory import (  # noqa: F401
    municipality_detail,
    municipality_list,
    municipality_update,
    population_delete,
)
from bibliotekos.views.transfer import registry_export, registry_import  # noqa: F401
