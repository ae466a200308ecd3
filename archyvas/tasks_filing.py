"""The filing area runs no task of its own: once a filing commits, the search area's
``queue_text`` reads the copy's text (``archyvas.tasks_search``)."""
