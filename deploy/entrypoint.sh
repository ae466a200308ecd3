#!/usr/bin/env bash
# Entrypoint of the web service: prepare the database and files, then run the command
# (gunicorn by default). The worker and beat services do not use it, so only one
# container ever runs migrations.
set -euo pipefail

cd /app

# Cheap: a catalogue is compiled only when its .po is newer than its .mo.
python manage.py compile_translations

# The static files live in a named volume shared with nginx. Docker copies the image's
# files into a volume only when the volume is first created, so after an upgrade the
# volume would still hold the old files; collecting again brings it up to date.
python manage.py collectstatic --no-input --verbosity 0

python manage.py migrate --no-input

exec "$@"
