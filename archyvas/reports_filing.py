"""The filing area declares no report kind or metric here: the kinds of documents it files
are declared by the apps that own them (``fileable_kind`` in their ``reports`` modules, the
archive never imports them), and filed documents are counted with their file's."""
