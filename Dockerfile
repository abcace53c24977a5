# dealbot container image: build in a Rust image, run in a slim Debian with
# nothing but the binary, CA certificates and an unprivileged user.
#
#   docker build -t dealbot .
#   docker run --rm -p 3000:3000 \
#     -v "$PWD/deploy/replicas.toml:/etc/dealbot/dealbot.toml:ro" \
#     -e DATABASE_URL=postgres://dealbot:…@db/dealbot \
#     -e SLACK_BOT_TOKEN=… -e SLACK_SIGNING_SECRET=… \
#     dealbot
#
# The configuration is mounted at /etc/dealbot/dealbot.toml (without it, the
# built-in defaults and DEALBOT_* variables apply); secrets come from the
# environment only. The default command is `dealbot run`; `dealbot migrate`,
# `dealbot import`… run the same way with another command.

FROM rust:1.95-slim-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked --package dealbot \
 && install -D target/release/dealbot /out/dealbot

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install --yes --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/dealbot --create-home \
      --shell /usr/sbin/nologin dealbot
COPY --from=build /out/dealbot /usr/local/bin/dealbot
COPY config/dealbot.toml /etc/dealbot/dealbot.toml
USER dealbot
# Only a SQLite database (the default, for a single replica) is written here:
# mount a volume on it, or use PostgreSQL and keep the container stateless.
WORKDIR /var/lib/dealbot
ENV DEALBOT_CONFIG=/etc/dealbot/dealbot.toml \
    DEALBOT_SERVER_BIND=0.0.0.0:3000
EXPOSE 3000
# /healthz (alive) and /readyz (database, migrations, adapters) are for the
# orchestrator's probes; there is no curl in the image for a HEALTHCHECK.
STOPSIGNAL SIGTERM
ENTRYPOINT ["dealbot"]
CMD ["run"]
