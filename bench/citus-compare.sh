#!/usr/bin/env bash
# POST review and the cached summary on a Citus coordinator with two workers against a single PostgreSQL, on the same
# machine in the same run (issue #17). Both engines are Debian's PostgreSQL 15 with the same settings (fsync off, commits wait for their WAL, as the
# test clusters); Citus comes from scripts/citus-cluster (built from source when it is not installed). Candor is the
# packaged jar, one instance, the same heap, pointed at one engine after the other. Everything runs on 127.0.0.1 and
# stops itself. Prints a table; docs/performance.md quotes it.
#   bench/citus-compare.sh [--duration S] [--connections C] [--orders N]
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=15
CONNECTIONS=16
ORDERS=8000
while [ $# -gt 0 ]; do
    case $1 in
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --orders) ORDERS=$2; shift 2 ;;
        *) echo "usage: bench/citus-compare.sh [--duration S] [--connections C] [--orders N]" >&2; exit 2 ;;
    esac
done
command -v wrk >/dev/null || { echo "bench/citus-compare.sh needs wrk (apt-get install wrk)" >&2; exit 1; }

PG_BIN=/usr/lib/postgresql/15/bin
PORT=8097
BASE=http://127.0.0.1:$PORT
ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
WORK=$(mktemp -d /tmp/candor-citus-bench.XXXXXX)
chmod 755 "$WORK"
JAR_PID=
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    set +e
    [ -n "$JAR_PID" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null
    [ -f "$WORK/single/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$WORK/single" -m immediate stop >/dev/null 2>&1
    scripts/citus-cluster down "$WORK/citus" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
scripts/citus-cluster install
java bench/Tools.java keygen "$WORK/keys" >/dev/null

# the single PostgreSQL: the same binaries and settings as a Citus node, without Citus
mkdir -p "$WORK/single"; [ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/single"
as_owner "$PG_BIN/initdb" -D "$WORK/single" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
printf "max_connections = 200\nfsync = off\nsynchronous_commit = on\nfull_page_writes = off\n" >> "$WORK/single/postgresql.conf"
as_owner "$PG_BIN/pg_ctl" -D "$WORK/single" -l "$WORK/single/server.log" -w -o "-p 26201 -k $WORK/single -c listen_addresses=127.0.0.1" start >/dev/null
log "citus cluster: $(scripts/citus-cluster up "$WORK/citus" | tr '\n' ' ')"

declare -A RESULT
measure() { # engine, jdbc url
    local engine=$1 url=$2
    log "$engine: starting Candor"
    QUARKUS_DATASOURCE_JDBC_URL=$url QUARKUS_DATASOURCE_USERNAME=postgres CANDOR_ADMIN_TOKEN=$ADMIN_TOKEN \
        CANDOR_WEBHOOK_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1)) \
        CANDOR_DATA_DIR="$WORK/data-$engine" CANDOR_RATE_LIMIT_ENABLED=false \
        java -Xms512m -Xmx512m -jar target/quarkus-app/quarkus-run.jar >"$WORK/candor-$engine.log" 2>&1 &
    JAR_PID=$!
    for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$((PORT + 1))/q/health/ready" >/dev/null && break; sleep 0.5; done
    curl -sf "http://127.0.0.1:$((PORT + 1))/q/health/ready" >/dev/null || { tail -30 "$WORK/candor-$engine.log" >&2; exit 1; }
    local slug=bench-$engine issuer=https://bench-$engine.bench.invalid key
    java bench/Tools.java tenant-json "$slug" "$issuer" "$WORK/keys/public.pem" >"$WORK/tenant.json"
    key=$(curl -sf -X POST "$BASE/api/v1/admin/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
        --data @"$WORK/tenant.json" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p')
    local completed; completed=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
    log "$engine: registering $ORDERS orders"
    awk -v n="$ORDERS" -v key="$key" -v at="$completed" 'BEGIN { for (i = 1; i <= n; i++)
        printf "POST\t/api/v1/transactions\tAuthorization: Bearer %s|Content-Type: application/json\t{\"ref\":\"bt-%d\",\"buyer\":\"bb-%d\",\"seller\":\"s-%d\",\"completedAt\":\"%s\",\"products\":[\"sku-%d\"]}\n", key, i, i, i % 50, at, i % 2000 }' \
        >"$WORK/orders.txt"
    java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/orders.txt" --pick once --rate 0 --connections 8 --duration 300 \
        >"$WORK/orders-$engine.out" 2>&1
    grep -q "ok=$ORDERS " "$WORK/orders-$engine.out" || { cat "$WORK/orders-$engine.out" >&2; exit 1; }
    awk -v n="$ORDERS" 'BEGIN { for (i = 1; i <= n; i++) printf "bt-%d\tbb-%d\tsku-%d\t%d\n", i, i, i % 2000, i }' >"$WORK/post-input.tsv"
    java bench/Tools.java posts "$WORK/keys/private.der" "$issuer" "$WORK/post-input.tsv" "$WORK/posts.txt"
    head -n 1500 "$WORK/posts.txt" >"$WORK/posts-warm.txt"
    tail -n +1501 "$WORK/posts.txt" >"$WORK/posts-measured.txt"
    log "$engine: warming up (1,500 reviews), then POST review for $DURATION s"
    java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/posts-warm.txt" --pick once --rate 0 --connections "$CONNECTIONS" \
        --duration 120 >"$WORK/warm-$engine.out" 2>&1
    java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/posts-measured.txt" --pick once --rate 0 --connections "$CONNECTIONS" \
        --duration "$DURATION" >"$WORK/post-$engine.out" 2>&1
    RESULT[$engine-post]=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' "$WORK/post-$engine.out")
    RESULT[$engine-post-p99]=$(sed -n 's/.* p99=\([0-9.]*\).*/\1/p' "$WORK/post-$engine.out")
    RESULT[$engine-post-bad]=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1+\2/p' "$WORK/post-$engine.out")
    local summary=$BASE/api/v1/public/$slug/subjects/product/sku-1/summary
    curl -sf "$summary" >/dev/null
    wrk -t2 -c8 -d5s "$summary" >/dev/null
    wrk -t2 -c8 -d"${DURATION}s" --latency "$summary" >"$WORK/summary-$engine.out"
    RESULT[$engine-summary]=$(awk '/Requests\/sec/ {print $2}' "$WORK/summary-$engine.out")
    RESULT[$engine-summary-p99]=$(awk '$1 == "99%" {print $2}' "$WORK/summary-$engine.out")
    log "$engine: POST ${RESULT[$engine-post]} req/s (p99 ${RESULT[$engine-post-p99]} ms, non-2xx+errors ${RESULT[$engine-post-bad]}), cached summary ${RESULT[$engine-summary]} req/s"
    kill "$JAR_PID"; wait "$JAR_PID" 2>/dev/null || true; JAR_PID=
}

measure single "jdbc:postgresql://127.0.0.1:26201/postgres"
measure citus "jdbc:postgresql://127.0.0.1:26101/postgres"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo
echo "| path ($CONNECTIONS clients for POST, 8 for the summary; $DURATION s each) | single PostgreSQL | Citus, coordinator + 2 workers | Citus / single |"
echo "|---|---:|---:|---:|"
echo "| POST review, req/s (closed-model p99) | ${RESULT[single-post]} (${RESULT[single-post-p99]} ms) | ${RESULT[citus-post]} (${RESULT[citus-post-p99]} ms) | $(ratio "${RESULT[citus-post]}" "${RESULT[single-post]}") |"
echo "| cached summary, req/s (p99) | ${RESULT[single-summary]} (${RESULT[single-summary-p99]}) | ${RESULT[citus-summary]} (${RESULT[citus-summary-p99]}) | $(ratio "${RESULT[citus-summary]}" "${RESULT[single-summary]}") |"
echo "non-2xx + errors in the POST steps: single ${RESULT[single-post-bad]}, citus ${RESULT[citus-post-bad]}"
