FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY domain domain
COPY migrations migrations
COPY samples samples
RUN pip install --no-cache-dir . && useradd --create-home learnbot
USER learnbot
EXPOSE 8080
# `learnbot serve` migrates the database, then runs the web app, the chat platforms and the background jobs.
CMD ["learnbot", "serve"]
