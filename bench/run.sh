#!/usr/bin/env bash
# Candor benchmark (issue #6): data, load, the pgbench ceiling and docs/performance.md in one command.
# See bench/README.md. Everything runs on 127.0.0.1 and stops itself; Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

REVIEWS=1000000
PRODUCTS=100000
SELLERS=5000
DURATION=30
CONNECTIONS=8
OUT=docs/performance.md
PORT=8099
PAGE_SIZE=20
PAGE_DEPTH=1000
XMX=256m
GC=g1
POD_MEMORY=
VERIFY=auto
WARMUP=45
STEP_WARMUP=10
# the write paths' own warm-up, at most this long: POSTs and votes together at 32 clients, in 10 s rounds until the JIT
# compiles for less than 1 s in a round (not measured; each round's rate, CPU per request and compilations are logged)
WRITE_WARMUP=300
# the open-model client is a JVM started for each step: its first seconds run in the interpreter and the JIT, which
# delays sends and is charged to the service as latency (no coordinated omission); those seconds are sent but not
# counted (OpenLoad --warmup). Measured on the hot summary at 20,000/s: p99 10.6 ms counted from the client's start,
# 1.9 ms after 3 s of it.
OPEN_WARMUP=3
GENERATE_ONLY=no
SKIP_READS=no
POOL_SWEEP="4 8 16 32"
POOL=32

usage() {
    sed -n '2,3p' "$0"
    cat <<EOF
usage: bench/run.sh [--reviews N] [--products N] [--sellers N] [--duration S] [--connections C] [--out FILE]
                    [--port P] [--page-size L] [--page-depth D] [--xmx SIZE] [--gc g1|serial|parallel] [--pod-memory SIZE] [--warmup S] [--write-warmup S] [--verify yes|no|auto] [--generate-only]
                    [--skip-reads (only the write steps; the report's read rows stay empty)]
                    [--pool-sweep "4 8 16 32" | --pool-sweep ""]
defaults: --reviews $REVIEWS --products $PRODUCTS --sellers $SELLERS --duration $DURATION --connections $CONNECTIONS
          --out $OUT --port $PORT --page-size $PAGE_SIZE --page-depth $PAGE_DEPTH --xmx $XMX --gc $GC --warmup $WARMUP --write-warmup $WRITE_WARMUP --verify $VERIFY
EOF
}

while [ $# -gt 0 ]; do
    case "$1" in
        --reviews) REVIEWS=$2; shift 2 ;;
        --products) PRODUCTS=$2; shift 2 ;;
        --sellers) SELLERS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --connections) CONNECTIONS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --port) PORT=$2; shift 2 ;;
        --page-size) PAGE_SIZE=$2; shift 2 ;;
        --page-depth) PAGE_DEPTH=$2; shift 2 ;;
        --xmx) XMX=$2; shift 2 ;;
        --gc) GC=$2; shift 2 ;;
        --pod-memory) POD_MEMORY=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --write-warmup) WRITE_WARMUP=$2; shift 2 ;;
        --verify) VERIFY=$2; shift 2 ;;
        --generate-only) GENERATE_ONLY=yes; shift ;;
        --skip-reads) SKIP_READS=yes; shift ;;
        --pool-sweep) POOL_SWEEP=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
    esac
done

missing=()
for tool in wrk pgbench psql java curl; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "missing: ${missing[*]}. Install them with: apt-get install -y wrk postgresql-client (and a JDK 17 for java)" >&2
    exit 1
fi

DATA=bench/.data
PGDATA_DIR=$DATA/pgdata
PGPORT=55432
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p $PGPORT -U postgres -d postgres)
BASE=http://127.0.0.1:$PORT
MGMT_PORT=$((PORT + 1))
SLUG=bench
ISSUER=https://bench.candor.invalid
RUN=r$(date +%s)
WORK=$DATA/run
mkdir -p "$DATA" "$WORK"
rm -f "$WORK"/*

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }
die() { log "ERROR: $*"; exit 1; }

# --- the service ---------------------------------------------------------------------------------------------
JAR=target/quarkus-app/quarkus-run.jar
if [ ! -f "$JAR" ]; then
    log "building $JAR"
    ./mvnw -q -B package -DskipTests
fi
# the class-data-sharing archive of a training run (scripts/appcds); the JVM only uses it with the relative -jar path,
# so Candor runs from target/quarkus-app
if [ ! -f target/quarkus-app/app-cds.jsa ] || [ "$JAR" -nt target/quarkus-app/app-cds.jsa ]; then
    log "building the AppCDS archive (scripts/appcds)"
    scripts/appcds
fi
# a JDK 25 or newer, if this machine has one (CANDOR_AOT_JAVA, else one under /usr/lib/jvm): the start-up step also
# measures a pod started on it with its ahead-of-time cache (scripts/appcds --java ...)
AOT_JAVA=${CANDOR_AOT_JAVA:-}
if [ -z "$AOT_JAVA" ]; then
    for candidate in /usr/lib/jvm/*/bin/java; do
        feature=$("$candidate" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1)
        if [ "${feature:-0}" -ge 25 ] 2>/dev/null; then
            AOT_JAVA=$candidate
            break
        fi
    done
fi
if [ -n "$AOT_JAVA" ] && { [ ! -f target/quarkus-app/app.aot ] || [ "$JAR" -nt target/quarkus-app/app.aot ]; }; then
    log "building the AOT cache for $AOT_JAVA (scripts/appcds --java)"
    scripts/appcds --java "$AOT_JAVA"
fi

ADMIN_TOKEN=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
# JVM flags: a fixed, small heap (the RSS target is 512 MB), the collector (--gc: G1 by default, the one the container
# image and the Helm chart name, GC_CONTAINER_OPTIONS, and the JDK's own choice on a machine of 2 CPUs and 1792 MB or
# more; a smaller container gets Serial), and the JDK's own JFR available for the profiled runs.
case "$GC" in
    g1) GC_FLAG=-XX:+UseG1GC ;;
    serial) GC_FLAG=-XX:+UseSerialGC ;;
    parallel) GC_FLAG=-XX:+UseParallelGC ;;
    *) echo "--gc: g1, serial or parallel, not '$GC'" >&2; exit 2 ;;
esac
# --pod-memory: size the heap as a pod of the Helm chart does instead (a memory limit, the chart's
# jvm.maxRamPercentage of it for the heap; -XX:MaxRAM stands for the container's limit), to see the whole process
# stay under that limit
HEAP_OPTS=(-Xms$XMX -Xmx$XMX)
[ -n "$POD_MEMORY" ] && HEAP_OPTS=(-XX:MaxRAM=$POD_MEMORY -XX:MaxRAMPercentage=75)
JVM_OPTS=("${HEAP_OPTS[@]}" "$GC_FLAG" -XX:+ExitOnOutOfMemoryError -XX:FlightRecorderOptions=stackdepth=96
    -Xlog:gc,safepoint:file=$ROOT/$DATA/gc.log:uptime)
CDS_OPTS=(-XX:SharedArchiveFile=app-cds.jsa)
JAVA_BIN=java
# settings of one start (the restarts compare a pod's start with the default one)
START_ENV=()
CANDOR_PID=
LOAD_PID=
SAMPLER_PID=

start_candor() {
    (cd target/quarkus-app && exec env "${START_ENV[@]}" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:candor:embedded:$ROOT/$PGDATA_DIR?port=$PGPORT" \
    CANDOR_DATA_DIR="$ROOT/$DATA" \
    CANDOR_ADMIN_TOKEN=$ADMIN_TOKEN \
    CANDOR_RATE_LIMIT_ENABLED=false \
    QUARKUS_HTTP_PORT=$PORT \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE=$POOL \
        "$JAVA_BIN" "${JVM_OPTS[@]}" "${CDS_OPTS[@]}" -jar quarkus-run.jar) >>"$DATA/candor.log" 2>&1 &
    CANDOR_PID=$!
    local start
    start=$(date +%s%N)
    for _ in $(seq 1 3000); do
        if curl -sf -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready" || curl -sf -o /dev/null "$BASE/q/health/ready"; then
            READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
            # the embedded PostgreSQL asks every connection for a password; psql and pgbench use the superuser's
            PGPASSWORD=$(sed -n 's/^postgres=//p' "$PGDATA_DIR.secret")
            export PGPASSWORD
            return 0
        fi
        kill -0 "$CANDOR_PID" 2>/dev/null || die "Candor exited; see $DATA/candor.log"
        sleep 0.05
    done
    die "Candor not ready after 150 s; see $DATA/candor.log"
}

# A pod's start (the restarts below): a second Candor process on ports of its own, against the PostgreSQL the running
# one serves (the embedded server lives in the first process; a pod never starts a database, so the time to start
# one is not in what it measures). It signs in as the service role, as the chart's pods do.
POD_PORT=$((PORT + 10))
POD_MGMT_PORT=$((PORT + 11))
POD_PID=
start_pod() {
    local password
    password=$(sed -n 's/^candor=//p' "$PGDATA_DIR.secret")
    [ -n "$password" ] || die "no service role password in $PGDATA_DIR.secret"
    local opts=()
    for o in "${JVM_OPTS[@]}"; do opts+=("${o//gc.log/gc-pod.log}"); done
    (cd target/quarkus-app && exec env "${START_ENV[@]}" \
    QUARKUS_DATASOURCE_JDBC_URL="jdbc:postgresql://127.0.0.1:$PGPORT/postgres" \
    QUARKUS_DATASOURCE_USERNAME=candor \
    QUARKUS_DATASOURCE_PASSWORD="$password" \
    CANDOR_DATA_DIR="$ROOT/$DATA" \
    CANDOR_ADMIN_TOKEN=$ADMIN_TOKEN \
    CANDOR_RATE_LIMIT_ENABLED=false \
    QUARKUS_HTTP_PORT=$POD_PORT \
    QUARKUS_HTTP_HOST=127.0.0.1 \
    QUARKUS_MANAGEMENT_PORT=$POD_MGMT_PORT \
    QUARKUS_MANAGEMENT_HOST=127.0.0.1 \
    QUARKUS_DATASOURCE_JDBC_MAX_SIZE=$POOL \
        "$JAVA_BIN" "${opts[@]}" "${CDS_OPTS[@]}" -jar quarkus-run.jar) >>"$DATA/pod.log" 2>&1 &
    POD_PID=$!
    local start
    start=$(date +%s%N)
    for _ in $(seq 1 3000); do
        if curl -sf -o /dev/null "http://127.0.0.1:$POD_MGMT_PORT/q/health/ready"; then
            READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
            return 0
        fi
        kill -0 "$POD_PID" 2>/dev/null || die "the pod's Candor exited; see $DATA/pod.log"
        sleep 0.05
    done
    die "the pod's Candor not ready after 150 s; see $DATA/pod.log"
}

stop_pod() {
    if [ -n "$POD_PID" ] && kill -0 "$POD_PID" 2>/dev/null; then
        kill "$POD_PID" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$POD_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$POD_PID" 2>/dev/null || true
    fi
    POD_PID=
}

stop_candor() {
    if [ -n "$CANDOR_PID" ] && kill -0 "$CANDOR_PID" 2>/dev/null; then
        kill "$CANDOR_PID" 2>/dev/null || true
        for _ in $(seq 1 300); do kill -0 "$CANDOR_PID" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$CANDOR_PID" 2>/dev/null || true
    fi
    CANDOR_PID=
}

cleanup() {
    for pid in $LOAD_PID $SAMPLER_PID; do kill "$pid" 2>/dev/null || true; done
    stop_pod
    stop_candor
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- sizes and the data directory -------------------------------------------------------------------------------
width() { local w=${#1}; [ "$w" -lt "$2" ] && w=$2; echo "$w"; }
PW=$(width "$PRODUCTS" 6)
BW=$(width "$REVIEWS" 7)
SW=$(width "$SELLERS" 4)
MULT=7919
[ $((PRODUCTS % MULT)) -eq 0 ] && MULT=7907
SIZE_KEY="reviews=$REVIEWS products=$PRODUCTS sellers=$SELLERS"
if [ -d "$PGDATA_DIR" ] && [ "$(cat "$DATA/size" 2>/dev/null)" != "$SIZE_KEY" ]; then
    log "the data in $PGDATA_DIR is not '$SIZE_KEY' ($(cat "$DATA/size" 2>/dev/null || echo incomplete)); starting over"
    rm -rf "$PGDATA_DIR" "$DATA/size" "$DATA/keys"
fi

log "starting Candor (data in $PGDATA_DIR, PostgreSQL on 127.0.0.1:$PGPORT, HTTP on $BASE)"
: >"$DATA/candor.log"
start_candor
log "ready after ${READY_MS} ms"
# the server log (for the SQL capture) goes to $PGDATA_DIR/log once PostgreSQL restarts with the collector on: on a
# new data directory that is now (the setting stays in postgresql.auto.conf for the runs after)
"${PSQL[@]}" -c "ALTER SYSTEM SET logging_collector = on" -c "ALTER SYSTEM SET log_directory = 'log'" \
    -c "ALTER SYSTEM SET log_filename = 'postgresql-%Y%m%d-%H%M%S.log'"
if [ "$("${PSQL[@]}" -At -c "SHOW logging_collector")" != on ]; then
    stop_candor
    start_candor
    log "restarted with the server log on: ready after ${READY_MS} ms"
fi

q() { "${PSQL[@]}" -At -F $'\t' "$@"; }

GEN_SECONDS=
if [ "$(cat "$DATA/size" 2>/dev/null)" = "$SIZE_KEY" ]; then
    GEN_SECONDS=$(q -c "SELECT value FROM bench.meta WHERE key = 'generation_seconds'")
    log "reusing the loaded data ($SIZE_KEY, generated in ${GEN_SECONDS} s)"
else
    log "creating tenant '$SLUG'"
    rm -rf "$DATA/keys"
    java bench/Tools.java keygen "$DATA/keys"
    java bench/Tools.java tenant-json "$SLUG" "$ISSUER" "$DATA/keys/public.pem" >"$WORK/tenant.json"
    code=$(curl -s -o "$WORK/tenant-answer.json" -w '%{http_code}' -X POST "$BASE/api/v1/admin/tenants" \
        -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' --data @"$WORK/tenant.json")
    [ "$code" = 201 ] || die "tenant creation answered $code: $(cat "$WORK/tenant-answer.json")"
    TID=$(q -c "SELECT tenant_id FROM tenant WHERE slug = '$SLUG'")
    log "generating $SIZE_KEY for tenant $TID"
    t0=$(date +%s%N)
    "${PSQL[@]}" -v tid="$TID" -v reviews="$REVIEWS" -v products="$PRODUCTS" -v sellers="$SELLERS" \
        -v pw="$PW" -v bw="$BW" -v sw="$SW" -v mult="$MULT" -f bench/sql/generate.sql
    GEN_SECONDS=$(( ($(date +%s%N) - t0) / 1000000000 ))
    q -c "CREATE TABLE IF NOT EXISTS bench.meta (key text PRIMARY KEY, value text)" \
      -c "INSERT INTO bench.meta VALUES ('generation_seconds', '$GEN_SECONDS'), ('size', '$SIZE_KEY') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value" >/dev/null
    echo "$SIZE_KEY" >"$DATA/size"
    log "generated in ${GEN_SECONDS} s: $(q -c "SELECT count(*) || ' reviews, ' || (SELECT count(*) FROM review_vote) || ' votes, ' || (SELECT count(*) FROM review_response) || ' responses, ' || (SELECT count(*) FROM summary) || ' summaries, pg database ' || pg_size_pretty(pg_database_size('postgres')) FROM review")"
    [ "$VERIFY" = auto ] && { [ "$REVIEWS" -le 1000000 ] && VERIFY=yes || VERIFY=no; }
    if [ "$VERIFY" = yes ]; then
        log "verifying the generated summaries with Candor's own recompute (admin API)"
        t0=$(date +%s)
        answer=$(curl -sf -X POST "$BASE/api/v1/admin/tenants/$SLUG/summaries/recompute" -H "Authorization: Bearer $ADMIN_TOKEN" \
            -H "Idempotency-Key: verify-$RUN") || die "recompute failed"
        log "recompute: $answer ($(( $(date +%s) - t0 )) s)"
        echo "$answer" | grep -q '"drifted":0' || die "the generated summaries disagree with SummaryRecompute: $answer"
    fi
fi
if [ "$GENERATE_ONLY" = yes ]; then
    log "the data is ready ($SIZE_KEY); --generate-only stops here"
    exit 0
fi
TID=$(q -c "SELECT tenant_id FROM tenant WHERE slug = '$SLUG'")

# --- per-run inputs -------------------------------------------------------------------------------------------------
# enough for closed-model runs at up to 1,000 POSTs/s (8 and 32 clients) and the open-model run at half that (service), and for
# pgbench at up to 6,000 transactions/s; a step that runs out says so in the table
POSTS=$(( DURATION * 3000 + 1000 + WRITE_WARMUP * 150 ))
PG_POSTS=$(( DURATION * 6000 + 5000 ))
[ "$PG_POSTS" -lt "$POSTS" ] && PG_POSTS=$POSTS
log "pre-registering $POSTS + $PG_POSTS transactions and picking votes for this run ($RUN)"
"${PSQL[@]}" -v tid="$TID" -v run="$RUN" -v posts="$PG_POSTS" -v votes="$PG_POSTS" -v products="$PRODUCTS" -v pw="$PW" \
    -v sellers="$SELLERS" -v sw="$SW" -v reviews="$REVIEWS" -v bw="$BW" -v mult="$MULT" -f bench/sql/prepare_run.sql

HOT_SQL="SELECT 'sku-' || lpad(((k * $MULT) % $PRODUCTS + 1)::text, $PW, '0') FROM generate_series(0, 99) k"
P=/api/v1/public/$SLUG
q -c "SELECT '$P/subjects/product/' || ref || '/summary' FROM ($HOT_SQL) h(ref)" >"$WORK/summary-hot.txt"
q -c "SELECT '$P/subjects/product/sku-' || lpad((floor(random() * $PRODUCTS) + 1)::int::text, $PW, '0') || '/summary' FROM generate_series(1, 20000)" >"$WORK/summary-cold.txt"
q -c "SELECT '$P/summaries?subjects=' || string_agg('product:sku-' || lpad((floor(random() * $PRODUCTS) + 1 + b * 0)::int::text, $PW, '0'), ',') FROM generate_series(1, 2000) b, generate_series(1, 48) j GROUP BY b" >"$WORK/batch48.txt"
q -c "SELECT '$P/subjects/product/' || ref || '/reviews?sort=helpful&limit=$PAGE_SIZE' FROM ($HOT_SQL) h(ref)" >"$WORK/page1.txt"
# search: one or two words of the generator's phrase arrays, within one popular product (the widget's search box)
WORDS="quality delivery battery described colour manual broken value charger screen garden packaging Qualität Lieferung Akku Farbe Anleitung Verpackung Ladegerät Bildschirm"
q -c "SELECT '$P/subjects/product/' || ref || '/reviews?sort=helpful&limit=$PAGE_SIZE&q=' || w FROM ($HOT_SQL) h(ref), unnest(string_to_array('$(echo "$WORDS" | sed 's/ /,/g'),quality%20delivery,battery%20charger,Qualit%C3%A4t%20Lieferung', ',')) w" \
    | sed 's/ä/%C3%A4/g' >"$WORK/search.txt"

# page N through cursors: the popular products that have N pages at this page size
NEED=$(( PAGE_DEPTH * PAGE_SIZE ))
DEEP=$(q -c "SELECT subject_ref FROM summary WHERE tenant_id = $TID AND subject_type = 'product' AND review_count > $NEED ORDER BY review_count DESC LIMIT 3")
if [ -z "$DEEP" ]; then
    top=$(q -c "SELECT max(review_count) FROM summary WHERE tenant_id = $TID AND subject_type = 'product'")
    PAGE_DEPTH=$(( (top - 1) / PAGE_SIZE ))
    [ "$PAGE_DEPTH" -gt 1 ] || die "no product has two pages of $PAGE_SIZE reviews"
    log "no product has $NEED reviews at this size: measuring page $PAGE_DEPTH instead of page 1000"
    DEEP=$(q -c "SELECT subject_ref FROM summary WHERE tenant_id = $TID AND subject_type = 'product' AND review_count > $(( PAGE_DEPTH * PAGE_SIZE )) ORDER BY review_count DESC LIMIT 3")
fi
log "walking $((PAGE_DEPTH - 1)) pages of $PAGE_SIZE for $(echo $DEEP | wc -w) products to collect page-$PAGE_DEPTH cursors"
: >"$WORK/pagedeep.txt"
: >"$WORK/pagedeep-keys.tsv"
for ref in $DEEP; do
    cursor=$(java bench/Tools.java walk "$BASE" "$SLUG" "$ref" "$PAGE_SIZE" "$PAGE_DEPTH")
    echo "$P/subjects/product/$ref/reviews?sort=helpful&limit=$PAGE_SIZE&cursor=$(printf %s "$cursor" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g')" >>"$WORK/pagedeep.txt"
    # the keyset values of that cursor (the last row of the page before), for pgbench
    q -c "SELECT '$ref', helpful_rank, review_id FROM review WHERE tenant_id = $TID AND subject_type = 'product' AND subject_ref = '$ref' AND status = 'published' ORDER BY helpful_rank DESC, review_id DESC OFFSET $(( (PAGE_DEPTH - 1) * PAGE_SIZE - 1 )) LIMIT 1" >>"$WORK/pagedeep-keys.tsv"
done

# the first page of the very products whose deep page is measured: like against like (#13: "first page slower than page N")
: >"$WORK/page1-deep.txt"
for ref in $DEEP; do
    for _ in $(seq 1 30); do echo "$P/subjects/product/$ref/reviews?sort=helpful&limit=$PAGE_SIZE" >>"$WORK/page1-deep.txt"; done
done
log "minting buyer tokens for the POST and vote requests"
q -c "SELECT tref, buyer_ref, product_ref, n FROM bench.post_input WHERE kind = 'svc' AND n <= $POSTS ORDER BY n" >"$WORK/post-input.tsv"
java bench/Tools.java posts "$DATA/keys/private.der" "$ISSUER" "$WORK/post-input.tsv" "$WORK/posts.txt"
q -c "SELECT tref, buyer_ref, product_ref, n FROM bench.post_input WHERE kind = 'hot' AND n <= $POSTS ORDER BY n" >"$WORK/post-hot-input.tsv"
java bench/Tools.java posts "$DATA/keys/private.der" "$ISSUER" "$WORK/post-hot-input.tsv" "$WORK/posts-hot.txt"
q -c "SELECT voter_ref, review_id, CASE WHEN helpful THEN 't' ELSE 'f' END FROM bench.vote_input WHERE kind = 'svc' AND n <= $POSTS ORDER BY n" >"$WORK/vote-input.tsv"
java bench/Tools.java votes "$DATA/keys/private.der" "$ISSUER" "$WORK/vote-input.tsv" "$WORK/votes.txt"

# --- ready after start on an existing database (5 times each, median) ------------------------------------------------
# A second process started as a pod starts (start_pod: the database already running, served by the first process),
# and stopped again: with the chart's settings (the migration Job migrated and validated, so no Flyway and no
# Hibernate validation at start, common.db.SchemaCheck instead) and the AppCDS archive, or on a JDK 25 with its AOT
# cache; and, for the before/after, the default start (Flyway migrate-at-start, Hibernate validation) without either.
# Until 7 December 2026 (stop 31) this step restarted the one process and so also timed the start of the embedded
# PostgreSQL inside it (about 0.9 s here), which no pod does.
READY=()
READY_DEFAULT=()
READY_AOT=()
for i in 1 2 3 4 5; do
    START_ENV=(QUARKUS_FLYWAY_MIGRATE_AT_START=false QUARKUS_HIBERNATE_ORM_SCHEMA_MANAGEMENT_STRATEGY=none)
    start_pod
    stop_pod
    READY+=("$READY_MS")
    log "start $i of a pod, with AppCDS: ready after ${READY_MS} ms"
    if [ -n "$AOT_JAVA" ]; then
        # without -XX:FlightRecorderOptions: it adds the jdk.jfr module, and a JVM whose modules differ from the
        # training run's cannot use the cache (-Xlog:aot: "Mismatched values for property jdk.module.addmods")
        SAVED_CDS=("${CDS_OPTS[@]}"); CDS_OPTS=(-XX:AOTCache=app.aot --sun-misc-unsafe-memory-access=allow)
        SAVED_JVM=("${JVM_OPTS[@]}"); JVM_OPTS=("${HEAP_OPTS[@]}" "$GC_FLAG" -XX:+ExitOnOutOfMemoryError)
        JAVA_BIN=$AOT_JAVA
        start_pod
        stop_pod
        JAVA_BIN=java
        CDS_OPTS=("${SAVED_CDS[@]}")
        JVM_OPTS=("${SAVED_JVM[@]}")
        READY_AOT+=("$READY_MS")
        log "start $i of a pod on $AOT_JAVA, with its AOT cache: ready after ${READY_MS} ms"
    fi
    START_ENV=()
    SAVED_CDS=("${CDS_OPTS[@]}"); CDS_OPTS=()
    start_pod
    stop_pod
    CDS_OPTS=("${SAVED_CDS[@]}")
    READY_DEFAULT+=("$READY_MS")
    log "start $i of a pod by default, without AppCDS: ready after ${READY_MS} ms"
done
START_ENV=()
READY_MEDIAN=$(printf '%s\n' "${READY[@]}" | sort -n | sed -n 3p)
READY_AOT_MEDIAN=$([ ${#READY_AOT[@]} -gt 0 ] && printf '%s\n' "${READY_AOT[@]}" | sort -n | sed -n 3p || echo "")
READY_DEFAULT_MEDIAN=$(printf '%s\n' "${READY_DEFAULT[@]}" | sort -n | sed -n 3p)

# --- capture the SQL of each endpoint (PostgreSQL's statement log) ---------------------------------------------------
log "capturing the SQL each endpoint runs"
"${PSQL[@]}" -c "ALTER SYSTEM SET log_min_duration_statement = 0" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5
capture() { # name, a warm-up request line, the captured request line
    printf '%s\n' "$2" >"$WORK/capture-warm-$1.txt"
    printf '%s\n' "$3" >"$WORK/capture-$1.txt"
    java bench/OpenLoad.java --port "$PORT" --requests "$WORK/capture-warm-$1.txt" --pick once --connections 1 --duration 5 >/dev/null
    sleep 0.3
    "${PSQL[@]}" -c "SELECT '-- bench capture begin $1'" >/dev/null
    echo "== $1" >>"$WORK/captured-requests.txt"
    java bench/OpenLoad.java --port "$PORT" --requests "$WORK/capture-$1.txt" --pick once --connections 1 --duration 5 >>"$WORK/captured-requests.txt"
    sleep 0.3
    "${PSQL[@]}" -c "SELECT '-- bench capture end $1'" >/dev/null
}
# the newest server log (sed reads all of ls's output: with head, ls died of SIGPIPE once the directory held more
# names than one write of ls, and pipefail stopped the benchmark without a word)
LOG_BEFORE=$(ls -t "$PGDATA_DIR"/log/*.log 2>/dev/null | sed -n 1p || true)
[ -n "$LOG_BEFORE" ] || die "no server log in $PGDATA_DIR/log (logging_collector is set at the first start)"
LOG_LINES_BEFORE=$(wc -l <"$LOG_BEFORE")
capture summary "$(sed -n 2p "$WORK/summary-hot.txt")" "$(head -1 "$WORK/summary-hot.txt")"
capture batch48 "$(sed -n 2p "$WORK/batch48.txt")" "$(head -1 "$WORK/batch48.txt")"
capture page1 "$(sed -n 2p "$WORK/page1.txt")" "$(head -1 "$WORK/page1.txt")"
capture pagedeep "$(tail -1 "$WORK/pagedeep.txt")" "$(head -1 "$WORK/pagedeep.txt")"
capture search "$(sed -n 2p "$WORK/search.txt")" "$(head -1 "$WORK/search.txt")"
capture vote "$(tail -2 "$WORK/votes.txt" | head -1)" "$(tail -1 "$WORK/votes.txt")"
capture post "$(tail -2 "$WORK/posts.txt" | head -1)" "$(tail -1 "$WORK/posts.txt")"
"${PSQL[@]}" -c "ALTER SYSTEM RESET log_min_duration_statement" -c "SELECT pg_reload_conf()" >/dev/null
tail -n +$((LOG_LINES_BEFORE + 1)) "$LOG_BEFORE" >"$DATA/captured-sql.log"
java bench/Tools.java captured "$DATA/captured-sql.log" >"$DATA/captured-sql.txt"
log "captured the statements of each endpoint into $DATA/captured-sql.txt (compare with bench/pgbench/*.sql)"
grep -q "non2xx=[1-9]\|errors=[1-9]" "$WORK/captured-requests.txt" && die "a captured request failed: $(cat "$WORK/captured-requests.txt")"
# the capture consumed the last two POST and vote lines
sed -i '$ d' "$WORK/posts.txt"; sed -i '$ d' "$WORK/posts.txt"
sed -i '$ d' "$WORK/votes.txt"; sed -i '$ d' "$WORK/votes.txt"

# --- measurement helpers ---------------------------------------------------------------------------------------------
TICK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$CANDOR_PID/stat"; }
# the lines an OpenLoad run used: every request it sent, its warm-up's too (its "requests=" counts only those after
# the warm-up, so the next step's offset must not come from it: those lines would be sent again, as replays)
sent_of() { sed -n 's/.*ok=\([0-9]*\) non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2 \3/p' "$1" | awk '{print $1 + $2 + $3}'; }
rss_sampler() { # writes the largest VmRSS (kB) seen to $1 until killed
    local max=0 v
    while true; do
        v=$(awk '/VmRSS/ {print $2}' "/proc/$CANDOR_PID/status" 2>/dev/null || echo 0)
        [ "${v:-0}" -gt "$max" ] && { max=$v; echo "$max" >"$1"; }
        sleep 0.5
    done
}
to_ms() { # wrk latency (e.g. 1.23ms, 850.00us, 1.02s) -> ms
    awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n = n; else if (v ~ /s$/) n *= 1000; else if (v ~ /m$/) n *= 60000; printf "%.2f", n }'
}
MAX_RSS_KB=0
declare -A SVC P50 P99 P999 PMAX OPEN_RATE CPU PG NON2XX CLOSED_P99 NOTE
ORDER=()

measure_start() {
    C0=$(cpu_ticks)
    echo 0 >"$WORK/rss"
    rss_sampler "$WORK/rss" &
    SAMPLER_PID=$!
}
measure_stop() { # name, requests
    C1=$(cpu_ticks)
    kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; SAMPLER_PID=
    local rss; rss=$(cat "$WORK/rss")
    if [ -n "$PROFILING" ]; then
        [ "$rss" -gt "$MAX_RSS_PROFILED_KB" ] && MAX_RSS_PROFILED_KB=$rss
    else
        [ "$rss" -gt "$MAX_RSS_KB" ] && MAX_RSS_KB=$rss
    fi
    log "$1: largest RSS during the step $((rss / 1024)) MB"
    CPU[$1]=$(awk -v c=$((C1 - C0)) -v t="$TICK" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? c * 1000 / t / n * 1000 : 0) }')
}

closed_wrk() { # name, file
    local name=$1 file=$2 out=$WORK/wrk-$1.txt
    # this path's own warm-up (the JIT compiles each path's code when it runs hot; not measured)
    wrk -t2 -c"$CONNECTIONS" -d"${STEP_WARMUP}s" -s bench/wrk/paths.lua "$BASE" -- "$file" >/dev/null 2>&1
    measure_start
    wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s --latency -s bench/wrk/paths.lua "$BASE" -- "$file" >"$out" 2>&1 &
    LOAD_PID=$!; wait "$LOAD_PID"; LOAD_PID=
    local requests; requests=$(awk '/requests in/ {print $1}' "$out")
    measure_stop "$name" "$requests"
    SVC[$name]=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$out")
    CLOSED_P99[$name]=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
    NON2XX[$name]=$(( $(awk '/Non-2xx/ {print $NF}' "$out" || echo 0) + 0 ))
    local sock; sock=$(awk -F'[ ,]+' '/Socket errors/ {print $4 + $6 + $8 + $10}' "$out")
    NON2XX[$name]=$(( ${NON2XX[$name]} + ${sock:-0} ))
    log "$name: closed model ${SVC[$name]} req/s, p99 ${CLOSED_P99[$name]} ms, non-2xx/errors ${NON2XX[$name]}"
}

closed_java() { # name, file (each line at most once)
    local name=$1 file=$2 out=$WORK/closed-$1.txt
    measure_start
    java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$file" --pick once --rate 0 --connections "$CONNECTIONS" \
        --duration "$DURATION" >"$out" 2>&1 &
    LOAD_PID=$!; wait "$LOAD_PID"; LOAD_PID=
    local requests; requests=$(sed -n 's/.*requests=\([0-9]*\).*/\1/p' "$out")
    measure_stop "$name" "$requests"
    SVC[$name]=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' "$out" | awk '{printf "%.0f", $1}')
    CLOSED_P99[$name]=$(sed -n 's/.* p99=\([0-9.]*\).*/\1/p' "$out")
    NON2XX[$name]=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2/p' "$out" | awk '{print $1 + $2}')
    USED[$name]=$requests
    if [ "$requests" -ge "$(wc -l <"$file")" ]; then
        NOTE[$name]="ran out of pre-registered requests before ${DURATION} s"
    fi
    log "$name: closed model ${SVC[$name]} req/s, p99 ${CLOSED_P99[$name]} ms, non-2xx/errors ${NON2XX[$name]}"
    [ "${NON2XX[$name]}" = 0 ] || sed -n '2,6p' "$out"
}
declare -A USED

open_model() { # name, file, pick (random|once), skip
    local name=$1 file=$2 pick=$3 skip=${4:-0} out=$WORK/open-$1.txt
    local rate; rate=$(awk -v r="${SVC[$name]}" 'BEGIN { printf "%.0f", r / 2 < 1 ? 1 : r / 2 }')
    local input=$file
    if [ "$skip" -gt 0 ]; then
        tail -n +$((skip + 1)) "$file" >"$WORK/open-input-$name.txt"
        input=$WORK/open-input-$name.txt
    fi
    measure_start
    java -Xmx1g -Xlog:gc:file="$WORK/gc-open-$name.log":uptime bench/OpenLoad.java --port "$PORT" --requests "$input" \
        --pick "$pick" --rate "$rate" --connections "$CONNECTIONS" --duration "$DURATION" --warmup "$OPEN_WARMUP" >"$out" 2>&1 &
    LOAD_PID=$!; wait "$LOAD_PID"; LOAD_PID=
    measure_stop "open-$name" "$(sent_of "$out")"
    P50[$name]=$(sed -n 's/.* p50=\([0-9.]*\).*/\1/p' "$out")
    P99[$name]=$(sed -n 's/.* p99=\([0-9.]*\).*/\1/p' "$out")
    P999[$name]=$(sed -n 's/.* p999=\([0-9.]*\).*/\1/p' "$out")
    PMAX[$name]=$(sed -n 's/.* max=\([0-9.]*\).*/\1/p' "$out")
    OPEN_RATE[$name]=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' "$out" | awk '{printf "%.0f", $1}')
    local bad; bad=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2/p' "$out" | awk '{print $1 + $2}')
    NON2XX[$name]=$(( ${NON2XX[$name]} + bad ))
    log "$name: open model at $rate/s: achieved ${OPEN_RATE[$name]}/s, p50 ${P50[$name]} p99 ${P99[$name]} p99.9 ${P999[$name]} max ${PMAX[$name]} ms, non-2xx/errors $bad"
    [ "$bad" = 0 ] || sed -n '2,6p' "$out"
}

pgbench_run() { # name, script, extra args...
    local name=$1 script=$2; shift 2
    local out=$WORK/pgbench-$name.txt
    pgbench -h 127.0.0.1 -p $PGPORT -U postgres -n -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" \
        -D tid="$TID" -D products="$PRODUCTS" -D mult="$MULT" -D pw="$PW" "$@" -f "$script" postgres >"$out" 2>&1 &
    LOAD_PID=$!; wait "$LOAD_PID" || { LOAD_PID=; cat "$out"; die "pgbench $name failed"; }; LOAD_PID=
    PG[$name]=$(awk '/^tps = / {printf "%.0f", $3}' "$out")
    local failed; failed=$(awk '/number of failed transactions/ {print $5}' "$out")
    log "$name: pgbench ${PG[$name]} tx/s${failed:+ (failed: $failed)}"
}

PROFILING=
MAX_RSS_PROFILED_KB=0
jfr_start() { jcmd "$CANDOR_PID" JFR.start name="$1" settings=profile >/dev/null; PROFILING=$1; }
jfr_stop() {
    jcmd "$CANDOR_PID" JFR.dump name="$1" filename="$ROOT/$DATA/$1.jfr" >/dev/null
    jcmd "$CANDOR_PID" JFR.stop name="$1" >/dev/null
    PROFILING=
    java bench/Tools.java jfr-top "$DATA/$1.jfr" 15 >"$WORK/jfr-$1.md"
}

# --- warm-up ------------------------------------------------------------------------------------------------------------
cat "$WORK/summary-hot.txt" "$WORK/summary-cold.txt" "$WORK/batch48.txt" "$WORK/page1.txt" "$WORK/pagedeep.txt" "$WORK/search.txt" \
    | shuf -n 20000 >"$WORK/warmup.txt"
log "warming up for ${WARMUP} s (JIT, connection pool, PostgreSQL buffers)"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/wrk/paths.lua "$BASE" -- "$WORK/warmup.txt" >"$WORK/wrk-warmup.txt" 2>&1

# --- the reads -----------------------------------------------------------------------------------------------------------
run_read() { # name, file, pgbench script, extra pgbench args...
    local name=$1 file=$2 script=$3; shift 3
    ORDER+=("$name")
    closed_wrk "$name" "$file"
    open_model "$name" "$file" random
    pgbench_run "$name" "$script" "$@"
}

if [ "$SKIP_READS" = no ]; then
run_read summary-hot "$WORK/summary-hot.txt" bench/pgbench/summary-hot.sql
run_read summary-cold "$WORK/summary-cold.txt" bench/pgbench/summary-cold.sql
run_read batch48 "$WORK/batch48.txt" bench/pgbench/batch48.sql
run_read page1 "$WORK/page1.txt" bench/pgbench/page1.sql -D limit=$((PAGE_SIZE + 1))
# page N: one pgbench script per product with that product's keyset values
DEEP_ARGS=()
i=0
while IFS=$'\t' read -r ref rank rid; do
    i=$((i + 1))
    sed -e "s/:ref/'$ref'/; s/:rank/$rank/; s/:rid/'$rid'/" bench/pgbench/pagedeep.sql >"$WORK/pagedeep-$i.sql"
    DEEP_ARGS+=(-f "$WORK/pagedeep-$i.sql")
done <"$WORK/pagedeep-keys.tsv"
ORDER+=("page1deep")
closed_wrk page1deep "$WORK/page1-deep.txt"
open_model page1deep "$WORK/page1-deep.txt" random
ORDER+=("pagedeep")
closed_wrk pagedeep "$WORK/pagedeep.txt"
open_model pagedeep "$WORK/pagedeep.txt" random
pgbench_run pagedeep "${DEEP_ARGS[1]}" -D limit=$((PAGE_SIZE + 1)) "${DEEP_ARGS[@]:2}"

run_read search "$WORK/search.txt" bench/pgbench/search.sql -D limit=$((PAGE_SIZE + 1))
fi

# --- the writes ----------------------------------------------------------------------------------------------------------
# Their own warm-up first. The read steps never run the write path's code, and at a few hundred requests a second
# its methods reach the JIT's thresholds slowly: without this, the first write steps measured C2 compiling (at 1M,
# the compiler threads took as much CPU as the request threads during the POST step, and 3,400 compilations).
# The lines used here are dropped from the front of posts.txt and votes.txt.
WRITE_WARMED=none
if [ "$WRITE_WARMUP" -gt 0 ]; then
    log "warming the write path up (POST review and helpful vote alternating, 32 clients, not measured): rounds of 10 s" \
        "until the JIT compiles for less than 1 s in a round, at most ${WRITE_WARMUP} s"
    spent=0
    round=0
    while [ "$spent" -lt "$WRITE_WARMUP" ]; do
        round=$((round + 1))
        secs=10; [ $((WRITE_WARMUP - spent)) -lt 10 ] && secs=$((WRITE_WARMUP - spent))
        spent=$((spent + secs))
        paste -d '\n' <(head -n 20000 "$WORK/posts.txt") <(head -n 20000 "$WORK/votes.txt") | sed '/^$/d' >"$WORK/write-warm.txt"
        comp0=$(jstat -compiler "$CANDOR_PID" 2>/dev/null | awk 'NR == 2 {print $1, $4}')
        c0=$(cpu_ticks)
        java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$WORK/write-warm.txt" --pick once --rate 0 --connections 32 \
            --duration "$secs" >"$WORK/write-warm-$round.txt" 2>&1
        c1=$(cpu_ticks)
        comp1=$(jstat -compiler "$CANDOR_PID" 2>/dev/null | awk 'NR == 2 {print $1, $4}')
        used=$(sent_of "$WORK/write-warm-$round.txt")
        bad=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2/p' "$WORK/write-warm-$round.txt" | awk '{print $1 + $2}')
        [ "${bad:-1}" = 0 ] || { sed -n '2,6p' "$WORK/write-warm-$round.txt"; die "write warm-up round $round: non-2xx answers or errors"; }
        # lines are sent in order, a POST then a vote: the first ceil(used/2) posts and floor(used/2) votes are spent
        tail -n +$(( (used + 1) / 2 + 1 )) "$WORK/posts.txt" >"$WORK/posts.rest" && mv "$WORK/posts.rest" "$WORK/posts.txt"
        tail -n +$(( used / 2 + 1 )) "$WORK/votes.txt" >"$WORK/votes.rest" && mv "$WORK/votes.rest" "$WORK/votes.txt"
        jit=$(awk -v a="$comp0" -v b="$comp1" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%d %.1f", y[1] - x[1], y[2] - x[2] }')
        log "write warm-up round $round (${secs} s): $(awk -v n="$used" -v s="$secs" 'BEGIN {printf "%.0f", (n / s)}') req/s," \
            "CPU $(awk -v c=$((c1 - c0)) -v t="$TICK" -v n="$used" 'BEGIN {printf "%.2f", (n > 0 ? c * 1000 / t / n : 0)}') ms per request," \
            "JIT: ${jit% *} compilations, ${jit#* } s compiling"
        if [ -z "$comp0" ]; then
            log "jstat cannot read the JIT's counters; warming up for the full ${WRITE_WARMUP} s"
        elif [ "$round" -ge 3 ] && awk -v t="${jit#* }" 'BEGIN { exit !(t < 1.0) }'; then
            break
        fi
    done
    WRITE_WARMED="$spent s in $round rounds"
    log "write warm-up done after $WRITE_WARMED"
fi
ORDER+=("vote")
closed_java vote "$WORK/votes.txt"
open_model vote "$WORK/votes.txt" once "${USED[vote]}"
# a small data set has fewer votes to pick than pgbench sends in a step: it goes round them (an upsert, as a second vote)
PG_VOTES=$(q -c "SELECT count(*) FROM bench.vote_input WHERE kind = 'pg'")
pgbench_run vote bench/pgbench/vote.sql -D pgvotes="$PG_VOTES"

ORDER+=("post")
closed_java post "$WORK/posts.txt"
open_model post "$WORK/posts.txt" once "${USED[post]}"
pgbench_run post bench/pgbench/post.sql

# --- issue #13: writes at 32 clients against pgbench's own simple-update, and the transparency log's merge delay -----
log "pgbench's built-in simple-update (-N) at 32 clients, on a database of its own (scale 32)"
"${PSQL[@]}" -c "DROP DATABASE IF EXISTS pgbench_ref" >/dev/null
"${PSQL[@]}" -c "CREATE DATABASE pgbench_ref" >/dev/null
pgbench -h 127.0.0.1 -p $PGPORT -U postgres -i -s 32 -q pgbench_ref >"$WORK/pgbench-init.txt" 2>&1 || { cat "$WORK/pgbench-init.txt"; die "pgbench -i failed"; }
pgbench -h 127.0.0.1 -p $PGPORT -U postgres -n -N -c 32 -j 2 -T "$DURATION" pgbench_ref >"$WORK/pgbench-N32.txt" 2>&1 &
LOAD_PID=$!; wait "$LOAD_PID" || die "pgbench -N failed"; LOAD_PID=
PG_N32=$(awk '/^tps = / {printf "%.0f", $3}' "$WORK/pgbench-N32.txt")
log "pgbench -N -c 32: $PG_N32 tx/s"
# PostgreSQL's own single-row read (the built-in select-only script), the cached summary's yardstick
pgbench -h 127.0.0.1 -p $PGPORT -U postgres -n -S -M prepared -c "$CONNECTIONS" -j 2 -T "$DURATION" pgbench_ref >"$WORK/pgbench-S.txt" 2>&1 &
LOAD_PID=$!; wait "$LOAD_PID" || die "pgbench -S failed"; LOAD_PID=
PG_S=$(awk '/^tps = / {printf "%.0f", $3}' "$WORK/pgbench-S.txt")
log "pgbench -S -M prepared -c $CONNECTIONS: $PG_S tx/s"
"${PSQL[@]}" -c "DROP DATABASE pgbench_ref WITH (FORCE)" >/dev/null 2>&1 || true
merge_delay() { # the log sequencer's p99 from insertion to a signed head, ms (Micrometer's recent window)
    curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | awk '/^candor_log_merge_delay_seconds\{.*quantile="0.99"/ {printf "%.0f", $2 * 1000; exit}' || true
}
SAVED_CONNECTIONS=$CONNECTIONS
CONNECTIONS=32
OFFSET32=$(( ${USED[post]} + $(sent_of "$WORK/open-post.txt") ))
tail -n +$((OFFSET32 + 1)) "$WORK/posts.txt" >"$WORK/posts32.txt"
ORDER+=("post32")
closed_java post32 "$WORK/posts32.txt"
MERGE_P99=$(merge_delay)
log "transparency log merge delay p99 under the POST load: ${MERGE_P99:-?} ms"
# the same, with 20 % of the writes to one product: closed model for its rate, then open model at half of it for p99
ORDER+=("posthot32")
closed_java posthot32 "$WORK/posts-hot.txt"
open_model posthot32 "$WORK/posts-hot.txt" once "${USED[posthot32]}"
# --- issue #13: one tenant against eight tenants sharing the same load (no tenant-wide serialisation) -------------
# Eight new, small tenants (same key, issuers of their own). Step mt1: 32 clients POST reviews to tenant 1 alone;
# step mt8: the same number of clients, the requests dealt round-robin over the eight tenants. Products and
# sellers are spread (2,000 products, 50 shops per tenant), so no subject is hot. The same load means the same rows:
# tenant 1's requests of step mt1 go to as many products and shops as the eight tenants' together (16,000 and 400),
# so that the two steps differ in the number of tenants alone (with 50 shops, step mt1 measured the contention of
# 32 writers on 50 shops' summary rows, which step mt8 spreads over 400).
MT_N=$(( DURATION * 600 + 800 ))
MT_EACH=$(( MT_N / 8 + 1 ))
: >"$WORK/mt-register.txt"
for t in 1 2 3 4 5 6 7 8; do
    mslug="mt$t-$RUN"
    java bench/Tools.java tenant-json "$mslug" "https://$mslug.bench.invalid" "$DATA/keys/public.pem" >"$WORK/mt-tenant.json"
    code=$(curl -s -o "$WORK/mt-answer.json" -w '%{http_code}' -X POST "$BASE/api/v1/admin/tenants" \
        -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' --data @"$WORK/mt-tenant.json")
    [ "$code" = 201 ] || die "tenant $mslug: $code $(cat "$WORK/mt-answer.json")"
    key=$(sed -n 's/.*"apiKey":"\([^"]*\)".*/\1/p' "$WORK/mt-answer.json")
    count=$MT_EACH
    [ "$t" = 1 ] && count=$(( MT_N + MT_EACH ))
    wide=0
    [ "$t" = 1 ] && wide=$MT_N
    awk -v t="$t" -v run="$RUN" -v key="$key" -v count="$count" -v wide="$wide" -v at="$(date -u -d '2 days ago' +%Y-%m-%dT%H:%M:%SZ)" 'BEGIN {
        for (n = 1; n <= count; n++) {
            printf "POST\t/api/v1/transactions\tAuthorization: Bearer %s|Content-Type: application/json\t", key
            printf "{\"ref\":\"mt-%s-%d-%d\",\"buyer\":\"mb-%d\",\"seller\":\"ms-%d\",\"completedAt\":\"%s\",\"products\":[\"msku-%d\"]}\n", run, t, n, n, n <= wide ? n % 400 : n % 50, at, n <= wide ? n % 16000 : n % 2000
        } }' >>"$WORK/mt-register.txt"
    # one review request per transaction: tenant 1's first MT_N for step mt1, the rest (MT_EACH per tenant) for mt8
    awk -v t="$t" -v run="$RUN" -v count="$count" -v wide="$wide" 'BEGIN { for (n = 1; n <= count; n++) printf "mt-%s-%d-%d\tmb-%d\tmsku-%d\t%d\n", run, t, n, n, n <= wide ? n % 16000 : n % 2000, n + t * 1000000 }' \
        >"$WORK/mt-input-$t.tsv"
    java bench/Tools.java posts "$DATA/keys/private.der" "https://$mslug.bench.invalid" "$WORK/mt-input-$t.tsv" "$WORK/mt-posts-$t.txt"
done
log "registering $(wc -l <"$WORK/mt-register.txt") transactions of the eight tenants"
java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$WORK/mt-register.txt" --pick once --rate 0 --connections 8 --duration 300 \
    >"$WORK/mt-register-result.txt" 2>&1
grep -q 'non2xx=0 errors=0' "$WORK/mt-register-result.txt" || die "registering the eight tenants' transactions: $(cat "$WORK/mt-register-result.txt")"
head -n "$MT_N" "$WORK/mt-posts-1.txt" >"$WORK/mt1.txt"
tail -n +$(( MT_N + 1 )) "$WORK/mt-posts-1.txt" >"$WORK/mt-posts-1b.txt"
paste -d '\n' "$WORK/mt-posts-1b.txt" "$WORK/mt-posts-2.txt" "$WORK/mt-posts-3.txt" "$WORK/mt-posts-4.txt" "$WORK/mt-posts-5.txt" \
    "$WORK/mt-posts-6.txt" "$WORK/mt-posts-7.txt" "$WORK/mt-posts-8.txt" | sed '/^$/d' >"$WORK/mt8.txt"
ORDER+=("mt1" "mt8")
closed_java mt1 "$WORK/mt1.txt"
closed_java mt8 "$WORK/mt8.txt"
OFFSET32=$(( ${USED[vote]} + $(sent_of "$WORK/open-vote.txt") ))
tail -n +$((OFFSET32 + 1)) "$WORK/votes.txt" >"$WORK/votes32.txt"
ORDER+=("vote32")
closed_java vote32 "$WORK/votes32.txt"
CONNECTIONS=$SAVED_CONNECTIONS
# a profile of the POST path, in a step of its own (starting JFR makes the JIT compile again; this step is not measured)
POSTS_USED=$(( ${USED[post]} + $(sent_of "$WORK/open-post.txt") + ${USED[post32]} ))
tail -n +$((POSTS_USED + 1)) "$WORK/posts.txt" >"$WORK/posts-profiled.txt"
jfr_start post
java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$WORK/posts-profiled.txt" --pick once --rate 0 --connections "$CONNECTIONS" \
    --duration 15 >"$WORK/post-profiled.txt" 2>&1
jfr_stop post
POSTS_USED=$(( POSTS_USED + $(sent_of "$WORK/post-profiled.txt") ))
PROFILED_ERRORS=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2/p' "$WORK/post-profiled.txt" | awk '{print $1 + $2}')
[ "${PROFILED_ERRORS:-0}" = 0 ] || { log "the profiled POST step had failed requests: $(head -3 "$WORK/post-profiled.txt")"; }
HELD=$(q -c "SELECT count(*) FILTER (WHERE r.status <> 'published') || ' of ' || count(*) FROM review r JOIN completed_transaction t ON t.tenant_id = r.tenant_id AND t.transaction_id = r.transaction_id WHERE r.tenant_id = $TID AND t.ref LIKE 'bt-$RUN-svc-%'")
log "reviews posted through the service in this run that were not published (held/sealed): $HELD"

RSS_MB=$(( MAX_RSS_KB / 1024 ))
RSS_PROFILED_MB=$(( MAX_RSS_PROFILED_KB / 1024 ))
RSS_PROFILED_NOTE=
[ "${RSS_PROFILED_MB:-0}" -gt 0 ] && RSS_PROFILED_NOTE="measured steps with a JFR recording: ${RSS_PROFILED_MB} MB; "
HWM_MB=$(( $(awk '/VmHWM/ {print $2}' "/proc/$CANDOR_PID/status") / 1024 ))

# --- connection pool sizes: POST review and the first page at 16 client connections, per pool size ---------------------
SWEEP=$WORK/sweep.md
: >"$SWEEP"
if [ -n "$POOL_SWEEP" ]; then
    SWEEP_SECONDS=$(( DURATION / 2 < 10 ? 10 : DURATION / 2 ))
    OFFSET=$POSTS_USED # the lines after those every step so far has used
    {
        echo "| pool (QUARKUS_DATASOURCE_JDBC_MAX_SIZE) | POST review req/s | POST p99 ms | first page req/s | first page p99 ms |"
        echo "|---:|---:|---:|---:|---:|"
    } >"$SWEEP"
    for POOL in $POOL_SWEEP; do
        stop_candor
        start_candor
        wrk -t2 -c16 -d5s -s bench/wrk/paths.lua "$BASE" -- "$WORK/page1.txt" >/dev/null 2>&1
        # after the restart the JIT is cold: warm the write path for 10 s on requests of its own (not measured)
        tail -n +$((OFFSET + 1)) "$WORK/posts.txt" >"$WORK/sweep-warm-$POOL.txt"
        java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$WORK/sweep-warm-$POOL.txt" --pick once --rate 0 --connections "$CONNECTIONS" \
            --duration 10 >"$WORK/sweep-warm-$POOL.out" 2>&1
        OFFSET=$((OFFSET + $(sent_of "$WORK/sweep-warm-$POOL.out")))
        tail -n +$((OFFSET + 1)) "$WORK/posts.txt" >"$WORK/sweep-posts-$POOL.txt"
        java -Xmx1g bench/OpenLoad.java --port "$PORT" --requests "$WORK/sweep-posts-$POOL.txt" --pick once --rate 0 --connections 16 \
            --duration "$SWEEP_SECONDS" >"$WORK/sweep-post-$POOL.txt" 2>&1
        used=$(sent_of "$WORK/sweep-post-$POOL.txt")
        OFFSET=$((OFFSET + used))
        wrk -t2 -c16 -d"${SWEEP_SECONDS}s" --latency -s bench/wrk/paths.lua "$BASE" -- "$WORK/page1.txt" >"$WORK/sweep-page1-$POOL.txt" 2>&1
        prate=$(sed -n 's/.* rate=\([0-9.]*\).*/\1/p' "$WORK/sweep-post-$POOL.txt" | awk '{printf "%.0f", $1}')
        pp99=$(sed -n 's/.* p99=\([0-9.]*\).*/\1/p' "$WORK/sweep-post-$POOL.txt")
        bad=$(sed -n 's/.*non2xx=\([0-9]*\) errors=\([0-9]*\).*/\1 \2/p' "$WORK/sweep-post-$POOL.txt" | awk '{print $1 + $2}')
        lrate=$(awk '/Requests\/sec/ {printf "%.0f", $2}' "$WORK/sweep-page1-$POOL.txt")
        lp99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$WORK/sweep-page1-$POOL.txt")")
        echo "| $POOL | $prate | $pp99 | $lrate | $lp99 |" >>"$SWEEP"
        log "pool $POOL: POST $prate/s (p99 $pp99 ms, non-2xx/errors $bad), first page $lrate/s (p99 $lp99 ms)"
    done
    POOL=32
fi

# --- a profile of the cached summary path, in a step of its own (JFR costs throughput; this step is not measured) ----
[ -n "$CANDOR_PID" ] && kill -0 "$CANDOR_PID" 2>/dev/null || start_candor
wrk -t2 -c"$CONNECTIONS" -d5s -s bench/wrk/paths.lua "$BASE" -- "$WORK/summary-hot.txt" >/dev/null 2>&1
jfr_start summary
wrk -t2 -c"$CONNECTIONS" -d15s -s bench/wrk/paths.lua "$BASE" -- "$WORK/summary-hot.txt" >"$WORK/wrk-summary-profiled.txt" 2>&1
jfr_stop summary
# and of search, also in a step of its own: measured under the recording (up to stop 31), search did 0.6-0.7x its
# rate without it, at twice the CPU per request, and its p99 carried the JIT's recompilation
if [ "$SKIP_READS" = no ]; then
    jfr_start search
    wrk -t2 -c"$CONNECTIONS" -d15s -s bench/wrk/paths.lua "$BASE" -- "$WORK/search.txt" >"$WORK/wrk-search-profiled.txt" 2>&1
    jfr_stop search
fi

# --- EXPLAIN (ANALYZE, BUFFERS) of each hot query, with the parameters of the first request of each path -----------------
log "explaining the hot queries"
HOT1=$(head -1 "$WORK/summary-hot.txt" | sed 's#.*/product/\(.*\)/summary#\1#')
read -r DREF DRANK DRID < <(head -1 "$WORK/pagedeep-keys.tsv")
explain() { # title, sql
    {
        echo "### $1"
        echo
        echo '```'
        "${PSQL[@]}" -At -c "EXPLAIN (ANALYZE, BUFFERS) $2"
        echo '```'
        echo
    } >>"$WORK/explain.md"
}
: >"$WORK/explain.md"
SEL=$(sed -n '/^-- select$/,/^-- from$/p' bench/pgbench/page1.sql | grep -v '^--' | tr '\n' ' ')
FROM=$(sed -n '/^-- from$/,/^-- where$/p' bench/pgbench/page1.sql | grep -v '^--' | tr '\n' ' ')
SUMCOLS="subject_type, subject_ref, review_count, rating_sum, hist_1, hist_2, hist_3, hist_4, hist_5, recent_count, recent_sum, as_described_count, as_described_sum, communication_count, communication_sum, delivery_count, delivery_sum, recent_since, updated_at"
explain "Summary of one subject (hot product $HOT1)" \
    "SELECT $SUMCOLS FROM summary WHERE tenant_id = $TID AND (subject_type, subject_ref) IN (SELECT * FROM unnest(ARRAY['product']::text[], ARRAY['$HOT1']::text[]))"
B48=$(head -1 "$WORK/batch48.txt" | sed 's/.*subjects=//; s/product://g')
explain "Batch of 48 summaries" \
    "SELECT $SUMCOLS FROM summary WHERE tenant_id = $TID AND (subject_type, subject_ref) IN (SELECT * FROM unnest(array_fill('product'::text, ARRAY[48]), string_to_array('$B48', ',')))"
explain "First page by helpful ($HOT1, limit $PAGE_SIZE)" \
    "$SEL $FROM WHERE r.tenant_id = $TID AND r.subject_type = 'product' AND r.subject_ref = '$HOT1' AND r.status = 'published' ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT $((PAGE_SIZE + 1))"
explain "Page $PAGE_DEPTH by helpful through the cursor ($DREF)" \
    "$SEL $FROM WHERE r.tenant_id = $TID AND r.subject_type = 'product' AND r.subject_ref = '$DREF' AND r.status = 'published' AND (r.helpful_rank, r.review_id) < ($DRANK, '$DRID') ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT $((PAGE_SIZE + 1))"
JOINS="JOIN party p ON p.tenant_id = r.tenant_id AND p.party_id = r.author_party_id LEFT JOIN review_response rr ON rr.tenant_id = r.tenant_id AND rr.review_id = r.review_id AND rr.status = 'published'"
BASE_WHERE="r.tenant_id = $TID AND r.subject_type = 'product' AND r.subject_ref = '$HOT1' AND r.status = 'published'"
window_sql() { echo "$SEL FROM (SELECT * FROM review r WHERE $BASE_WHERE ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT 1000) r $JOINS WHERE r.search @@ websearch_to_tsquery('simple', '$1') ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT $((PAGE_SIZE + 1))"; }
index_sql() { echo "WITH matches AS MATERIALIZED (SELECT r.review_id, r.helpful_rank, r.created_at, r.rating FROM review r WHERE $BASE_WHERE AND r.search @@ websearch_to_tsquery('simple', '$1')), page AS MATERIALIZED (SELECT r.review_id FROM matches r ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT $((PAGE_SIZE + 1))) $SEL $FROM JOIN page m ON m.review_id = r.review_id WHERE r.tenant_id = $TID ORDER BY r.helpful_rank DESC, r.review_id DESC LIMIT $((PAGE_SIZE + 1))"; }
explain "Search 'quality' within $HOT1: the first step (a window of 1000 reviews in list order) fills the page" "$(window_sql quality)"
explain "Search 'battery charger' within $HOT1: the first step" "$(window_sql 'battery charger')"
explain "Search 'battery charger' within $HOT1: the second step (the full-text index), when the first did not fill the page" "$(index_sql 'battery charger')"
explain "Search 'Qualität Lieferung' within $HOT1: the second step" "$(index_sql 'Qualität Lieferung')"
explain "POST review: the burst check's last day, from the hourly arrival counts (hot product $HOT1)" \
    "SELECT coalesce(sum(arrivals * extract(epoch FROM hour + interval '1 hour' - greatest(hour, now() - interval '1 day')) / 3600), 0)::float8 FROM review_arrival WHERE tenant_id = $TID AND subject_type = 'product' AND subject_ref = '$HOT1' AND hour > now() - interval '1 day' - interval '1 hour'"
explain "POST review: the burst check's trailing 30 days, past the floor (hot product $HOT1)" \
    "SELECT coalesce(sum(arrivals * extract(epoch FROM least(hour + interval '1 hour', now() - interval '1 day') - greatest(hour, now() - interval '31 days')) / 3600), 0)::float8 FROM review_arrival WHERE tenant_id = $TID AND subject_type = 'product' AND subject_ref = '$HOT1' AND hour > now() - interval '31 days' - interval '1 hour' AND hour < now() - interval '1 day'"

# --- the table ---------------------------------------------------------------------------------------------------------
# steps not run (--skip-reads) report as 0
for n in summary-hot summary-cold batch48 page1 pagedeep search post32 posthot32 mt1 mt8 vote32; do
    SVC[$n]=${SVC[$n]:-0}; PG[$n]=${PG[$n]:-0}; P99[$n]=${P99[$n]:-0}; CPU[$n]=${CPU[$n]:-0}
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
declare -A LABEL=([summary-hot]="summary, hot subject (top 100)" [summary-cold]="summary, cold subject (any product)"
    [batch48]="batch of 48 summaries" [page1]="first page by helpful ($PAGE_SIZE)" [page1deep]="first page of the deep-page products ($PAGE_SIZE)" [pagedeep]="page $PAGE_DEPTH through cursors ($PAGE_SIZE)"
    [search]="search within a product" [vote]="helpful vote (PUT)" [post]="POST review" [post32]="POST review, 32 clients"
    [vote32]="helpful vote, 32 clients" [posthot32]="POST review, 32 clients, 20 % to one product"
    [mt1]="POST review, 32 clients, one new tenant" [mt8]="POST review, 32 clients, spread over eight new tenants")
TABLE=$WORK/table.md
{
    echo "| path | service req/s | pgbench tx/s | ratio | p50 ms | p99 ms | p99.9 ms | max ms | open-model rate | closed p99 ms | CPU ms/1000 req | non-2xx |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for n in "${ORDER[@]}"; do
        echo "| ${LABEL[$n]} | ${SVC[$n]:-} | ${PG[$n]:-} | $(ratio "${SVC[$n]:-0}" "${PG[$n]:-0}") | ${P50[$n]:-} | ${P99[$n]:-} | ${P999[$n]:-} | ${PMAX[$n]:-} | ${OPEN_RATE[$n]:-} | ${CLOSED_P99[$n]:-} | ${CPU[$n]:-} | ${NON2XX[$n]:-} |"
    done
} >"$TABLE"

pass() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
rpass() { if [ "$SKIP_READS" = yes ]; then echo "not run"; else pass "$1"; fi; } # a target on a read step
READS_P99_MAX=0
READS_P99_WORST=
for n in summary-hot summary-cold batch48 page1 page1deep pagedeep search; do
    if awk -v a="$READS_P99_MAX" -v b="${P99[$n]:-0}" 'BEGIN { exit !(b > a) }'; then
        READS_P99_MAX=${P99[$n]}
        READS_P99_WORST=${LABEL[$n]}
    fi
done
TARGETS=$WORK/targets.md
{
    echo "| target | measured | result |"
    echo "|---|---|---|"
    echo "| summary (hot) >= 0.5x pgbench of its SELECT | $(ratio "${SVC[summary-hot]}" "${PG[summary-hot]}")x | $(rpass "${SVC[summary-hot]} >= 0.5 * ${PG[summary-hot]}") |"
    echo "| batch of 48 >= 0.3x the single-summary rate | $(ratio "${SVC[batch48]}" "${SVC[summary-hot]}")x | $(rpass "${SVC[batch48]} >= 0.3 * ${SVC[summary-hot]}") |"
    echo "| first page >= 0.5x pgbench | $(ratio "${SVC[page1]}" "${PG[page1]}")x | $(rpass "${SVC[page1]} >= 0.5 * ${PG[page1]}") |"
    echo "| page $PAGE_DEPTH p99 <= 1.3x page 1 p99 | ${P99[pagedeep]} ms vs ${P99[page1]} ms ($(ratio "${P99[pagedeep]}" "${P99[page1]}")x) | $(rpass "${P99[pagedeep]} <= 1.3 * ${P99[page1]}") |"
    echo "| search p99 < 50 ms | ${P99[search]} ms | $(rpass "${P99[search]} < 50") |"
    echo "| POST review >= 0.3x pgbench of the same transaction | $(ratio "${SVC[post]}" "${PG[post]}")x | $(pass "${SVC[post]} >= 0.3 * ${PG[post]}") |"
    echo "| reads p99 < 25 ms at half their max rate | worst ${READS_P99_MAX} ms (${READS_P99_WORST:-none}) | $(rpass "$READS_P99_MAX < 25") |"
    if [ -n "$POD_MEMORY" ]; then
        # the first round's 512 MB is for a 256 MB heap; a pod's heap is a share of its limit, the whole process must fit
        LIMIT_MB=$(echo "$POD_MEMORY" | awk '{n=$0+0; u=tolower(substr($0, length($0))); print (u=="g") ? n*1024 : (u=="k") ? int(n/1024) : (u=="m") ? n : int(n/1048576)}')
        echo "| RSS under load below the pod's memory limit ($POD_MEMORY, heap 75 % of it) | ${RSS_MB} MB (${RSS_PROFILED_NOTE}VmHWM ${HWM_MB} MB) | $(pass "$RSS_MB < $LIMIT_MB") |"
    else
        echo "| RSS < 512 MB under load | ${RSS_MB} MB (${RSS_PROFILED_NOTE}VmHWM ${HWM_MB} MB) | $(pass "$RSS_MB < 512") |"
    fi
    echo "| ready < 5 s after start on an existing database | ${READY_MEDIAN} ms (median of ${READY[*]}) | $(pass "$READY_MEDIAN < 5000") |"
    echo "| #13: POST review at 32 clients >= 0.4x pgbench -N -c 32 | ${SVC[post32]} req/s vs $PG_N32 tx/s: $(ratio "${SVC[post32]}" "$PG_N32")x | $(pass "${SVC[post32]} >= 0.4 * $PG_N32") |"
    echo "| #13: POST review, 20 % to one product >= 0.7x the spread rate | ${SVC[posthot32]} vs ${SVC[post32]} req/s: $(ratio "${SVC[posthot32]}" "${SVC[post32]}")x | $(pass "${SVC[posthot32]} >= 0.7 * ${SVC[post32]}") |"
    echo "| #13: POST review, 20 % to one product: p99 <= 100 ms at half the maximum rate | ${P99[posthot32]} ms at ${OPEN_RATE[posthot32]:-?}/s | $(pass "${P99[posthot32]} <= 100") |"
    echo "| #13: one tenant >= 0.9x eight tenants sharing the same load (POST review, 32 clients) | ${SVC[mt1]} vs ${SVC[mt8]} req/s: $(ratio "${SVC[mt1]}" "${SVC[mt8]}")x | $(pass "${SVC[mt1]} >= 0.9 * ${SVC[mt8]}") |"
    echo "| #13: cached summary >= 1.0x pgbench -S -M prepared -c $CONNECTIONS | ${SVC[summary-hot]} req/s vs $PG_S tx/s: $(ratio "${SVC[summary-hot]}" "$PG_S")x | $(rpass "${SVC[summary-hot]} >= $PG_S") |"
    echo "| #13: helpful vote at 32 clients >= 0.6x pgbench -N -c 32 | ${SVC[vote32]} req/s: $(ratio "${SVC[vote32]}" "$PG_N32")x | $(pass "${SVC[vote32]} >= 0.6 * $PG_N32") |"
    echo "| #13: CPU per POST <= 2 ms | $(awk -v c="${CPU[post32]}" 'BEGIN { printf "%.2f", c / 1000 }') ms at 32 clients, $(awk -v c="${CPU[post]}" 'BEGIN { printf "%.2f", c / 1000 }') ms at $CONNECTIONS | $(pass "${CPU[post32]} <= 2000") |"
    echo "| #13: batch of 48 >= 0.5x single summary | $(ratio "${SVC[batch48]}" "${SVC[summary-hot]}")x | $(rpass "${SVC[batch48]} >= 0.5 * ${SVC[summary-hot]}") |"
    echo "| #13: reads p99 <= 25 ms at half max rate | worst ${READS_P99_MAX} ms (${READS_P99_WORST:-none}) | $(rpass "$READS_P99_MAX <= 25") |"
    echo "| #13: log merge delay p99 under write load <= 2 s | ${MERGE_P99:-?} ms | $(pass "${MERGE_P99:-999999} <= 2000") |"
    if [ -n "$READY_AOT_MEDIAN" ]; then
        echo "| #13: ready <= 3 s after start on an existing database (as a pod on JDK $("$AOT_JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -1), AOT cache) | ${READY_AOT_MEDIAN} ms (median of ${READY_AOT[*]}) | $(pass "$READY_AOT_MEDIAN <= 3000") |"
    fi
    echo "| #13: ready <= 3 s after start on an existing database (as a pod on JDK 17, AppCDS) | ${READY_MEDIAN} ms (median of ${READY[*]}; default start without AppCDS: ${READY_DEFAULT_MEDIAN} ms, median of ${READY_DEFAULT[*]}) | $(pass "$READY_MEDIAN <= 3000") |"
} >"$TARGETS"

echo
cat "$TABLE"
echo
cat "$TARGETS"
echo

# --- docs/performance.md ----------------------------------------------------------------------------------------------
ERRORS=0
for n in "${ORDER[@]}"; do ERRORS=$((ERRORS + ${NON2XX[$n]:-0})); done
ERRORS=$((ERRORS + ${PROFILED_ERRORS:-0})) # the unmeasured POST step with JFR on
mkdir -p "$(dirname "$OUT")"
{
    echo "# Performance"
    echo
    echo "Generated by \`bench/run.sh\` (issue #6); rerun it to refresh every figure below. How the benchmark works, and"
    echo "how the pgbench SQL was captured, is in [bench/README.md](../bench/README.md)."
    echo
    echo "## Run"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "- machine: $(nproc) CPUs ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), $(awk '/MemTotal/ {printf "%.1f GB", $2 / 1048576}' /proc/meminfo) memory, $(uname -sr)"
    echo "- service: Candor $(git rev-parse --short HEAD 2>/dev/null || echo '?') on $(java -version 2>&1 | head -1), JVM flags \`${JVM_OPTS[*]}\`, rate limits off"
    echo "- database: embedded PostgreSQL $(q -c 'SHOW server_version'), shared_buffers $(q -c 'SHOW shared_buffers'), on the same machine"
    echo "- data: $SIZE_KEY; $(q -c "SELECT count(*) FROM review WHERE tenant_id = $TID") reviews now (runs add some), database $(q -c "SELECT pg_size_pretty(pg_database_size('postgres'))")"
    echo "- generation: ${GEN_SECONDS} s"
    echo "- load: ${CONNECTIONS} connections (wrk -t2 for closed-model reads, bench/OpenLoad.java for writes and every open-model run), pgbench -M prepared -c ${CONNECTIONS} -j 2, ${DURATION} s per step; open model at half the closed-model rate; the write path warmed up for $WRITE_WARMED before the first write step"
    echo "- page size $PAGE_SIZE; the deep page is page $PAGE_DEPTH (cursors collected by walking $(wc -l <"$WORK/pagedeep.txt") products' pages)"
    echo "- non-2xx answers and socket errors over all steps: $ERRORS; POSTed reviews not published: $HELD"
    echo
    echo "## Results"
    echo
    echo "service req/s: closed model (as fast as $CONNECTIONS connections go). p50/p99/p99.9/max: open model, constant rate at half"
    echo "that, latency from each request's intended send time, counted after the client's first $OPEN_WARMUP s (its JIT warm-up). CPU: the Candor process's user+system time per 1,000 requests"
    echo "in the closed-model step (PostgreSQL's CPU not included)."
    echo
    cat "$TABLE"
    echo
    echo "## Targets"
    echo
    cat "$TARGETS"
    echo
    if [ -s "$SWEEP" ]; then
        echo "## Connection pool sizes"
        echo
        echo "Candor restarted with each pool size; 16 client connections (more than the smaller pools), closed model,"
        echo "${SWEEP_SECONDS} s per step: POST review (fresh pre-registered transactions) and the first page by helpful."
        echo
        cat "$SWEEP"
        echo
    fi
    echo "## EXPLAIN (ANALYZE, BUFFERS)"
    echo
    echo "Each hot query with the parameters of one benchmark request, run with psql on the loaded data after the load."
    echo
    cat "$WORK/explain.md"
    echo "## Profiles (JFR)"
    echo
    echo "\`jcmd JFR.start settings=profile\` in unmeasured 15 s steps of their own for the cached summary, search and POST review"
    echo "(starting a recording makes the JIT compile again); recordings in \`bench/.data/*.jfr\`."
    echo
    echo "### Summary of a hot subject (cached; a separate, unmeasured 15 s step)"
    echo
    cat "$WORK/jfr-summary.md"
    echo
    echo "### Search (a separate, unmeasured 15 s step)"
    echo
    cat "$WORK/jfr-search.md" 2>/dev/null || echo "(not run: --skip-reads)"
    echo
    echo "### POST review (a separate, unmeasured 15 s step after the write steps, $CONNECTIONS clients)"
    echo
    cat "$WORK/jfr-post.md"
    echo
    echo "## Analysis"
    echo
    echo "<!-- written by hand in bench/performance-notes.md, appended here by bench/run.sh -->"
    echo
    cat bench/performance-notes.md
} >"$OUT"
log "wrote $OUT"
[ "$ERRORS" -eq 0 ] || log "WARNING: $ERRORS requests failed; a benchmark with failed requests is not a result"
