FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot bot
COPY adapters adapters
COPY domain domain
COPY migrations migrations
RUN pip install --no-cache-dir . && useradd --create-home learnbot
USER learnbot
EXPOSE 8080
# `learnbot run` migrates the database, then runs the bot.
CMD ["learnbot", "run"]
