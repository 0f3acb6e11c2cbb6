#!/usr/bin/env bash
# What one POST review costs, statement by statement (issue #13): the packaged jar against Debian's PostgreSQL 15 with
# pg_stat_statements, 8,000 orders, 1,500 reviews of warm-up, then N reviews posted one at a time (no contention). Prints,
# per POST, every statement the database ran (calls per POST, mean and total milliseconds per POST), the database's total,
# the wall time and the Candor process's CPU per POST. Everything on 127.0.0.1; stops by itself.
#   bench/post-statements.sh [--reviews N]
set -euo pipefail
cd "$(dirname "$0")/.."

N=2000
while [ $# -gt 0 ]; do
    case $1 in
        --reviews) N=$2; shift 2 ;;
        *) echo "usage: bench/post-statements.sh [--reviews N]" >&2; exit 2 ;;
    esac
done
PG_BIN=/usr/lib/postgresql/15/bin
[ -x "$PG_BIN/postgres" ] || { echo "needs Debian's postgresql-15 (apt-get install postgresql-15)" >&2; exit 1; }
PORT=8098
PGPORT=26301
ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
WORK=$(mktemp -d /tmp/candor-post-cost.XXXXXX)
chmod 755 "$WORK"
JAR_PID=
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -Atq -v ON_ERROR_STOP=1 "$@"; }
cleanup() {
    set +e
    [ -n "$JAR_PID" ] && kill "$JAR_PID" 2>/dev/null && wait "$JAR_PID" 2>/dev/null
    [ -f "$WORK/pg/postmaster.pid" ] && as_owner "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1
    rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "[$(date +%T)] $*" >&2; }

[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests
java bench/Tools.java keygen "$WORK/keys" >/dev/null
mkdir -p "$WORK/pg"; [ "$(id -u)" -eq 0 ] && chown postgres: "$WORK/pg"
as_owner "$PG_BIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
printf "max_connections = 200\nfsync = off\nsynchronous_commit = on\nfull_page_writes = off\nshared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all\npg_stat_statements.max = 5000\n" \
    >> "$WORK/pg/postgresql.conf"
as_owner "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w -o "-p $PGPORT -k $WORK/pg -c listen_addresses=127.0.0.1" start >/dev/null
psql_ -c "CREATE EXTENSION pg_stat_statements"

QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" QUARKUS_DATASOURCE_USERNAME=postgres CANDOR_ADMIN_TOKEN=$ADMIN_TOKEN \
    CANDOR_WEBHOOK_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) QUARKUS_HTTP_PORT=$PORT QUARKUS_MANAGEMENT_PORT=$((PORT + 1)) \
    CANDOR_DATA_DIR="$WORK/data" CANDOR_RATE_LIMIT_ENABLED=false \
    java -Xms512m -Xmx512m -jar target/quarkus-app/quarkus-run.jar >"$WORK/candor.log" 2>&1 &
JAR_PID=$!
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$((PORT + 1))/q/health/ready" >/dev/null && break; sleep 0.5; done
curl -sf "http://127.0.0.1:$((PORT + 1))/q/health/ready" >/dev/null || { tail -30 "$WORK/candor.log" >&2; exit 1; }
issuer=https://bench-cost.bench.invalid
java bench/Tools.java tenant-json bench-cost "$issuer" "$WORK/keys/public.pem" >"$WORK/tenant.json"
key=$(curl -sf -X POST "http://127.0.0.1:$PORT/api/v1/admin/tenants" -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
    --data @"$WORK/tenant.json" | sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p')
ORDERS=$((N + 1500))
completed=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
log "registering $ORDERS orders"
awk -v n="$ORDERS" -v key="$key" -v at="$completed" 'BEGIN { for (i = 1; i <= n; i++)
    printf "POST\t/api/v1/transactions\tAuthorization: Bearer %s|Content-Type: application/json\t{\"ref\":\"bt-%d\",\"buyer\":\"bb-%d\",\"seller\":\"s-%d\",\"completedAt\":\"%s\",\"products\":[\"sku-%d\"]}\n", key, i, i, i % 50, at, i % 2000 }' \
    >"$WORK/orders.txt"
java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/orders.txt" --pick once --rate 0 --connections 8 --duration 300 >"$WORK/orders.out" 2>&1
grep -q "ok=$ORDERS " "$WORK/orders.out" || { cat "$WORK/orders.out" >&2; exit 1; }
awk -v n="$ORDERS" 'BEGIN { for (i = 1; i <= n; i++) printf "bt-%d\tbb-%d\tsku-%d\t%d\n", i, i, i % 2000, i }' >"$WORK/post-input.tsv"
java bench/Tools.java posts "$WORK/keys/private.der" "$issuer" "$WORK/post-input.tsv" "$WORK/posts.txt"
head -n 1500 "$WORK/posts.txt" >"$WORK/posts-warm.txt"
tail -n +1501 "$WORK/posts.txt" >"$WORK/posts-measured.txt"
log "warming up (1,500 reviews)"
java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/posts-warm.txt" --pick once --rate 0 --connections 4 --duration 180 >"$WORK/warm.out" 2>&1
sleep 2
psql_ -c "SELECT pg_stat_statements_reset()" >/dev/null
cpu_before=$(awk '{print $14 + $15}' "/proc/$JAR_PID/stat")
log "posting $N reviews one at a time"
java -Xmx512m bench/OpenLoad.java --port "$PORT" --requests "$WORK/posts-measured.txt" --pick once --rate 0 --connections 1 --duration 600 >"$WORK/post.out" 2>&1
cpu_after=$(awk '{print $14 + $15}' "/proc/$JAR_PID/stat")
grep -q "ok=$N " "$WORK/post.out" || { cat "$WORK/post.out" >&2; exit 1; }
ticks=$(getconf CLK_TCK)
wall=$(sed -n 's/.* p50=\([0-9.]*\).*/\1/p' "$WORK/post.out")
echo
echo "$N reviews posted one at a time: p50 $wall ms per POST; Candor's CPU $(awk -v a="$cpu_before" -v b="$cpu_after" -v t="$ticks" -v n="$N" 'BEGIN { printf "%.2f", (b - a) / t * 1000 / n }') ms per POST"
echo
echo "| statement (as pg_stat_statements normalises it) | calls per POST | mean ms | ms per POST |"
echo "|---|---:|---:|---:|"
psql_ -F $'\x1f' -c "SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 150), round(calls::numeric / $N, 2), round(mean_exec_time::numeric, 3),
                        round((total_exec_time / $N)::numeric, 3)
                 FROM pg_stat_statements WHERE calls >= $N / 4 ORDER BY total_exec_time DESC LIMIT 40" \
    | awk -F $'\x1f' '{ gsub(/\|/, "\\|", $1); printf "| `%s` | %s | %s | %s |\n", $1, $2, $3, $4 }'
psql_ -F '|' -c "SELECT round((sum(total_exec_time) / $N)::numeric, 3), round(sum(calls)::numeric / $N, 1) FROM pg_stat_statements" \
    | awk -F'|' '{ printf "\nall statements: %s ms of database execution and %s statements per POST (jobs running meanwhile included)\n", $1, $2 }'
