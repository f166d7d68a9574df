FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    OUTARDE_DATABASE_URL=sqlite+aiosqlite:////data/outarde.db
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY adapters ./adapters
COPY storage ./storage
RUN pip install --no-cache-dir . && useradd --create-home outarde && mkdir /data \
    && chown outarde /data
USER outarde
VOLUME ["/data"]
# 3000: Slack's HTTP mode; 8080: the web server (calendar, public page, mail links) when
# OUTARDE_WEB_PORT=8080 is set (in Slack's HTTP mode, the same port serves both).
EXPOSE 3000 8080
# Apply the migrations, then start: Slack if SLACK_BOT_TOKEN is set, Discord if DISCORD_TOKEN is.
CMD ["sh", "-c", "outarde db upgrade && exec outarde"]
