# Regionas: one image for the web (gunicorn), worker (celery worker) and beat (celery beat)
# services. Build: docker compose build   (or: docker build -t regionas:latest .)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    DJANGO_SETTINGS_MODULE=regionas.settings \
    STATIC_ROOT=/app/var/static \
    MEDIA_ROOT=/app/var/media \
    CELERY_BEAT_SCHEDULE_DIR=/app/var/beat \
    XDG_CACHE_HOME=/tmp/.cache

# WeasyPrint (PDF) needs Pango and HarfBuzz from the system, plus fonts for the text.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        fontconfig \
        fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

# The processes run as this unprivileged user; the code itself stays owned by root.
RUN groupadd --system --gid 10001 regionas \
    && useradd --system --uid 10001 --gid regionas --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin regionas

WORKDIR /app

# Dependencies first, so this layer is rebuilt only when a lock file changes.
# Every package is checked against the hashes in the lock files.
COPY requirements/ requirements/
RUN pip install --require-hashes -r requirements/uv.lock \
    && uv pip install --system --require-hashes -r requirements/base.lock

COPY . .

# Translations and static files are built into the image. The settings refuse to start
# without a real configuration when DEBUG is off, so these steps get a throw-away one that
# exists only for the duration of this RUN (nothing here connects to a database).
# The var/ directories exist in the image, owned by the app user, so that new named
# volumes mounted there start with the right owner.
RUN chmod 0755 deploy/entrypoint.sh \
    && DEBUG=false \
       SECRET_KEY=build-only-placeholder-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
       PORTAL_BASE_URL=https://build.invalid \
       ALLOWED_HOSTS=build.invalid \
       python manage.py compile_translations \
    && DEBUG=false \
       SECRET_KEY=build-only-placeholder-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz \
       PORTAL_BASE_URL=https://build.invalid \
       ALLOWED_HOSTS=build.invalid \
       python manage.py collectstatic --no-input \
    && mkdir -p /app/var/static /app/var/media /app/var/beat \
    && chown -R regionas:regionas /app/var

USER regionas

EXPOSE 8000

# /healthz answers 200 when the database and the broker answer. The Host header must be
# one Django accepts, so the first ALLOWED_HOSTS entry is used (a leading dot stripped).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

CMD ["gunicorn", "regionas.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
