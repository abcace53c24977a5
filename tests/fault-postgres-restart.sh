#!/usr/bin/env bash
# Fault test: PostgreSQL restarted under load.
#
# Starts `dealbot run` on a fresh PostgreSQL database with Slack's signing secret
# set, sends signed `/deal new` slash commands in a loop, restarts the local
# PostgreSQL cluster in the middle, and checks that:
#   - while the server is down, `/readyz` answers 503 with a reason, and the bot
#     keeps answering Slack (what a user saw is printed), never crashing;
#   - the bot recovers by itself (`/readyz` back to 200, commands succeed again);
#   - every command that was acknowledged is in the database afterwards.
#
# It restarts the machine's PostgreSQL, so it is not part of CI (the test suite
# shares that server). Run it by hand on a machine like the CI one:
#
#   tests/fault-postgres-restart.sh
#
# Needs: cargo, psql, pg_ctlcluster, curl, openssl. Exits non-zero on failure.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_ADMIN=${PG_ADMIN:-postgres://postgres@127.0.0.1:5432/test}
DB=dealbot_fault_$$
URL="postgres://postgres@127.0.0.1:5432/$DB"
SECRET=fault-test-signing-secret
PORT=${PORT:-3917}
CLUSTER="$(ls /etc/postgresql | head -n 1)"
WORK=$(mktemp -d)
BOT_PID=""

cleanup() {
  [ -n "$BOT_PID" ] && kill "$BOT_PID" 2>/dev/null || true
  pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start 2>/dev/null || true
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

cargo build -q --release -p dealbot --bin dealbot
psql "$PG_ADMIN" -qc "CREATE DATABASE $DB"

DATABASE_URL="$URL" SLACK_SIGNING_SECRET="$SECRET" DEALBOT_SERVER_BIND="127.0.0.1:$PORT" \
  DEALBOT_NAGS_ENABLED=false target/release/dealbot run 2>"$WORK/bot.log" &
BOT_PID=$!

ready() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz" || true; }
for _ in $(seq 1 100); do [ "$(ready)" = 200 ] && break; sleep 0.1; done
[ "$(ready)" = 200 ] || { echo "FAIL: dealbot never became ready"; cat "$WORK/bot.log"; exit 1; }

# One signed slash command; prints the HTTP status and the body.
send() {
  local text=$1 ts body signature
  ts=$(date +%s)
  body="token=x&team_id=T1&team_domain=acme&channel_id=C1&channel_name=pipeline&user_id=U0FAULT&user_name=fault&command=%2Fdeal&text=$(printf %s "$text" | sed 's/ /+/g;s/"/%22/g')&api_app_id=A0DEALBOT&response_url=http%3A%2F%2F127.0.0.1%3A1%2Fnone&trigger_id=1.2.3"
  signature="v0=$(printf 'v0:%s:%s' "$ts" "$body" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)"
  curl -s -m 5 -o "$WORK/reply" -w '%{http_code}' \
    -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: $signature" \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    --data "$body" "http://127.0.0.1:$PORT/slack/commands" || true
}

acked=()
apologies=0
down_503=0
restarted=0
for n in $(seq 1 120); do
  if [ "$n" = 40 ]; then
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main stop -m fast
    for _ in $(seq 1 10); do
      code=$(ready)
      if [ "$code" = 503 ]; then down_503=1; fi
      status=$(send "new \"Down $n\" 1k")
      if [ -n "$status" ] && [ "$status" != 000 ]; then
        apologies=$((apologies + 1))
        echo "  a user while down got HTTP $status: $(head -c 300 "$WORK/reply")"
      fi
      sleep 0.2
    done
    curl -s "http://127.0.0.1:$PORT/readyz" | sed 's/^/  readyz while down: /'
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER" main start
    restarted=1
    for _ in $(seq 1 100); do [ "$(ready)" = 200 ] && break; sleep 0.2; done
  fi
  status=$(send "new \"Fault $n\" 1k")
  if [ "$status" = 200 ] && grep -q "opened" "$WORK/reply"; then acked+=("Fault $n"); fi
done

kill "$BOT_PID"; wait "$BOT_PID" 2>/dev/null || true; BOT_PID=""
stored=$(psql "$URL" -tAc "SELECT name FROM deals WHERE name LIKE 'Fault %'")
missing=0
for name in "${acked[@]}"; do
  grep -qxF "$name" <<<"$stored" || { echo "FAIL: acknowledged \"$name\" is not stored"; missing=$((missing + 1)); }
done
echo "acknowledged ${#acked[@]} commands; missing after the restart: $missing"
echo "readyz answered 503 while PostgreSQL was down: $down_503; answers to users while down: $apologies"
kill -0 "$$" && [ "$restarted" = 1 ] && [ "$missing" = 0 ] && [ "$down_503" = 1 ] \
  && [ "${#acked[@]}" -gt 100 ] || { echo "FAIL"; tail -20 "$WORK/bot.log"; exit 1; }
echo "PASS"
