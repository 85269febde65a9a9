# One image for the web server and the Celery worker (see docker-compose.yml); mirrors what CI installs.

# Front-end packages and the pages' bundled style sheet and script (`npm run build`, as `make install` does):
# the runtime needs their files, not Node.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY frontend/ frontend/
COPY static/css/gnist.css static/css/
RUN npm run build

FROM python:3.13-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint's libraries (Pango, HarfBuzz) and fonts; gettext to compile the translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .
COPY --from=frontend /app/node_modules ./node_modules
COPY . .
COPY --from=frontend /app/build ./build

# A throwaway key: these two steps only read files, and settings refuse to start without a key when DEBUG is off.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --ignore=node_modules -v0 \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input -v0

RUN useradd --system --uid 10001 --home-dir /app gnist \
    && mkdir -p var/media \
    && chown -R gnist:gnist var
USER gnist

# Gunicorn's request limits, here so that they hold for every gunicorn command (docker-compose.yml has its own):
# request line and headers as browsers send them (a few dozen headers, small cookies); a request silent for 30 s
# is killed. Gunicorn does not cap the body: the proxy in front does (nginx `client_max_body_size 12m`, just above
# the 10 MB PDF limit; 500m on /admin/competence/lesson/, where staff upload course media up to
# Lesson.MEDIA_MAX_BYTES) and buffers it, so slow uploads hold no worker; Django caps the form fields
# (DATA_UPLOAD_MAX_MEMORY_SIZE) and gnist/uploads.py the files.
ENV GUNICORN_CMD_ARGS="--limit-request-line=4094 --limit-request-fields=50 --limit-request-field_size=8190 --timeout=30"

EXPOSE 8000
CMD ["gunicorn", "gnist.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
