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
EXPOSE 3000
# Apply the migrations, then start: Slack if SLACK_BOT_TOKEN is set, Discord if DISCORD_TOKEN is.
CMD ["sh", "-c", "outarde db upgrade && exec outarde"]
