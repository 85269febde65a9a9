# One image for the web server and the Celery worker (see docker-compose.yml); mirrors what CI installs.

# Front-end packages only: the runtime needs their files, not Node.
FROM node:20-bookworm-slim AS frontend
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

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

# A throwaway key: these two steps only read files, and settings refuse to start without a key when DEBUG is off.
RUN DJANGO_SECRET_KEY=build-only-not-secret python manage.py compilemessages --ignore=node_modules -v0 \
    && DJANGO_SECRET_KEY=build-only-not-secret python manage.py collectstatic --no-input -v0

RUN useradd --system --uid 10001 --home-dir /app gnist \
    && mkdir -p var/media \
    && chown -R gnist:gnist var
USER gnist

EXPOSE 8000
CMD ["gunicorn", "gnist.wsgi:application", "--bind=0.0.0.0:8000", "--workers=3", "--access-logfile=-"]
