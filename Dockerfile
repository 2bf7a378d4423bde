FROM python:3.11-slim
WORKDIR /app
# Everything the .dockerignore lets through: the packages, migrations and samples.
COPY . .
# No [embedded] extra: the image talks to a PostgreSQL server (DATABASE_URL), so pgserver is not installed.
RUN pip install --no-cache-dir . \
    && useradd --create-home learnbot \
    && mkdir -p /data && chown learnbot:learnbot /data
USER learnbot
# The data directory (generated files such as certificates) lives on a volume the bot can write.
ENV LEARNBOT_DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
# `learnbot serve` migrates the database, then runs the web app, the chat platforms and the background jobs.
CMD ["learnbot", "serve"]
