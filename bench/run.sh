#!/usr/bin/env bash
# Stile server benchmark: the API against the limit of its own SQL on the same machine.
#
#   bench/run.sh                       # build, start PostgreSQL + server, measure, write bench/results/latest.{md,csv}
#   SKIP_BUILD=1 bench/run.sh          # reuse target/stile-server-*.jar
#   OPS="create retrieve" CONCURRENCIES="16 32" RUNS=1 DURATION=5 bench/run.sh   # a quick look
#   PROFILE=1 bench/run.sh             # also a JFR CPU profile per operation (bench/results/profile-*.txt)
#   CLASS_CACHE=0 bench/run.sh         # plain java -jar, without bin/class-cache.sh's class cache
#
# For each operation (create, retrieve, list, cancel) and concurrency it runs, RUNS times and
# alternately: wrk against the API (after a warm-up), then pgbench executing the SQL that the
# server itself executed for one such request (captured with log_statement=all, see capture.pl),
# at the same concurrency. Reported: medians of throughput and p50/p90/p99/p99.9, the ratio
# API/pgbench, CPU of the server and of PostgreSQL (per second and per request), the server's
# resident memory, start-up time to ready, and p99 at half of the peak rate for create and
# retrieve. Needs: wrk, pgbench, psql and the PostgreSQL server binaries, java 17+, curl, perl.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
OUT=${OUT:-$BENCH/results}
CONCURRENCIES=${CONCURRENCIES:-"16 32 64"}
OPS=${OPS:-"create retrieve list cancel"}
DURATION=${DURATION:-10}              # seconds per wrk run
PGBENCH_DURATION=${PGBENCH_DURATION:-5}
WARMUP=${WARMUP:-10}                  # seconds of wrk before each operation's measurements
RUNS=${RUNS:-3}
WRK_THREADS=${WRK_THREADS:-2}
PGBENCH_THREADS=${PGBENCH_THREADS:-2}
HALF_PEAK_OPS=${HALF_PEAK_OPS-"create retrieve"}   # empty: none
HALF_PEAK_CONCURRENCY=${HALF_PEAK_CONCURRENCY:-16}
# The server's JVM options; a small heap and the serial collector suit two cores (see the README).
JAVA_OPTS=${JAVA_OPTS-"-XX:+UseSerialGC -Xms32m -Xmx96m -Xss512k"}
# glibc's per-thread malloc arenas otherwise grow the JVM's resident memory by tens of megabytes.
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
CLASS_CACHE=${CLASS_CACHE:-1}         # 1: run the server as bin/class-cache.sh prepares it (extracted jar + class cache)
SERVER_ARGS=${SERVER_ARGS:-}          # e.g. --spring.datasource.hikari.maximum-pool-size=20
PROFILE=${PROFILE:-0}
WARMUP_FIRST=${WARMUP_FIRST:-20}      # seconds of wrk per operation in the initial warm-up of the JIT
KEY=${BENCH_API_KEY:-vk_test_benchmark0000000001}
BODY='{"type":"age","use_case":"alcohol_delivery","return_url":"https://example.com/done","client_reference_id":"bench_user","metadata":{"order":"bench"}}'
RUN_ID=$(date +%s)

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- tools
find_pg_bin() {
	if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
	local d
	for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return; }
	done
	command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/initdb" ] && { pg_config --bindir; return; }
	echo ""
}
PG_BIN=$(find_pg_bin)
missing=()
command -v wrk >/dev/null || missing+=("wrk (Debian/Ubuntu: apt-get install -y wrk)")
command -v pgbench >/dev/null || [ -x "$PG_BIN/pgbench" ] || missing+=("pgbench (apt-get install -y postgresql-client or postgresql-contrib)")
command -v psql >/dev/null || [ -x "$PG_BIN/psql" ] || missing+=("psql (apt-get install -y postgresql-client)")
[ -n "$PG_BIN" ] || missing+=("PostgreSQL server binaries initdb/pg_ctl/postgres (apt-get install -y postgresql, or set PG_BIN)")
[ -n "${JAVA_HOME:-}" ] && JAVA=$JAVA_HOME/bin/java || JAVA=$(command -v java || true)
[ -x "${JAVA:-}" ] || missing+=("java 17 or newer (set JAVA_HOME)")
command -v curl >/dev/null || missing+=("curl")
command -v perl >/dev/null || missing+=("perl")
if [ ${#missing[@]} -gt 0 ]; then
	log "missing tools:"; for m in "${missing[@]}"; do log "  - $m"; done
	exit 1
fi
PGBENCH=$(command -v pgbench || echo "$PG_BIN/pgbench")
PSQL_BIN=$(command -v psql || echo "$PG_BIN/psql")
JCMD=$(dirname "$(readlink -f "$JAVA")")/jcmd
JFR=$(dirname "$(readlink -f "$JAVA")")/jfr
if [ "$PROFILE" = 1 ]; then
	# Whole stacks (Spring's are deep) and a sample every 2 ms.
	JAVA_OPTS="$JAVA_OPTS -XX:FlightRecorderOptions:stackdepth=256"
	[ -x "$JCMD" ] && [ -x "$JFR" ] || die "PROFILE=1 needs jcmd and jfr next to $JAVA (a JDK, not a JRE)"
fi

# ---------------------------------------------------------------- work dir, ports, cleanup
WORK=$(mktemp -d /tmp/stile-bench.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$OUT"
free_port() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		(exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null || { echo $p; return; }
	done
}
PG_PORT=${PG_PORT:-$(free_port)}
APP_PORT=${APP_PORT:-$(free_port)}
SERVER_PID=
PG_STARTED=
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
	set +e
	[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
	[ -n "$PG_STARTED" ] && as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast -w stop >/dev/null 2>&1
	if [ "${KEEP_WORK:-0}" = 1 ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- build
JAR=${JAR:-$(ls "$ROOT"/target/stile-server-*.jar 2>/dev/null | grep -v original | head -1 || true)}
if [ "${SKIP_BUILD:-0}" != 1 ] || [ -z "$JAR" ]; then
	log "building the server (./mvnw -q -DskipTests package)"
	(cd "$ROOT" && ./mvnw -q -DskipTests package)
	JAR=$(ls "$ROOT"/target/stile-server-*.jar | grep -v original | head -1)
fi

if [ "$CLASS_CACHE" = 1 ]; then
	log "class cache for a fast start (bin/class-cache.sh, training run included)"
	JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$JAVA")")") JAVA_OPTS="$JAVA_OPTS" \
		"$ROOT/bin/class-cache.sh" "$JAR" "$WORK/app" >/dev/null
	JAVA_OPTS="$JAVA_OPTS $(cat "$WORK/app/java-options")"
	JAR=$WORK/app/$(basename "$JAR")
fi

# ---------------------------------------------------------------- PostgreSQL
log "PostgreSQL from $PG_BIN on port $PG_PORT (data in $WORK/pgdata)"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
as_pg "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF8 --no-locale >/dev/null
cat >>"$WORK/pgdata/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$WORK'
max_connections = 200
shared_buffers = ${PG_SHARED_BUFFERS:-256MB}
# Durability as in production: every commit waits for its WAL flush.
fsync = on
synchronous_commit = on
full_page_writes = on
log_line_prefix = '%m [%p] %a '
EOF
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pg.log" -w start >/dev/null
PG_STARTED=1
PG_PID=$(head -1 "$WORK/pgdata/postmaster.pid")
PSQL=("$PSQL_BIN" -h 127.0.0.1 -p "$PG_PORT" -U postgres -X -q -A -t -v ON_ERROR_STOP=1)
"${PSQL[@]}" -d postgres -c "CREATE DATABASE stile"
sql() { "${PSQL[@]}" -d stile -c "$1"; }

# ---------------------------------------------------------------- /proc helpers
CLK_TCK=$(getconf CLK_TCK)
proc_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
jit_ticks() {  # CPU of the JVM's JIT compiler threads
	local t=0 f c
	for f in /proc/$1/task/*; do
		read -r c <"$f/comm" 2>/dev/null || continue
		case $c in C1\ Compiler*|C2\ Compiler*) t=$((t + $(awk '{print $14 + $15}' "$f/stat" 2>/dev/null || echo 0))) ;; esac
	done
	echo $t
}
pg_ticks() {  # postmaster + exited children (cutime/cstime) + live children
	local t kids k
	t=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_PID/stat")
	kids=$(cat /proc/$PG_PID/task/*/children 2>/dev/null || true)
	for k in $kids; do t=$((t + $(proc_ticks "$k"))); done
	echo "$t"
}
box_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat; }  # busy total
rss_mb() { awk '/^VmRSS/{printf "%.0f\n", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
hwm_mb() { awk '/^VmHWM/{printf "%.0f\n", $2/1024}' "/proc/$1/status" 2>/dev/null || echo 0; }
loadavg() { cut -d' ' -f1 /proc/loadavg; }

# ---------------------------------------------------------------- server
start_server() {  # sets SERVER_PID and STARTUP_SECS (to the first authenticated 200)
	local t0 t1 code
	t0=$(date +%s%N)
	SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/stile" SPRING_DATASOURCE_USERNAME=postgres \
		SPRING_DATASOURCE_PASSWORD= PORT=$APP_PORT STILE_BOOTSTRAP_SECRET_KEY=$KEY \
		STILE_API_KEY_CACHE_TTL=${STILE_API_KEY_CACHE_TTL:-5s} \
		STILE_RATE_LIMIT_SECRET_PER_MINUTE=${STILE_RATE_LIMIT_SECRET_PER_MINUTE:-60000000} \
		"$JAVA" $JAVA_OPTS -jar "$JAR" $SERVER_ARGS >>"$WORK/server.log" 2>&1 &
	SERVER_PID=$!
	for _ in $(seq 1 1200); do
		code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" \
			"http://127.0.0.1:$APP_PORT/v1/verification_sessions?limit=1" || true)
		[ "$code" = 200 ] && break
		kill -0 "$SERVER_PID" 2>/dev/null || { tail -50 "$WORK/server.log" >&2; die "the server exited"; }
		sleep 0.05
	done
	[ "$code" = 200 ] || die "the server was not ready after 60 s"
	t1=$(date +%s%N)
	STARTUP_SECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", (b-a)/1e9}')
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=; }

log "first start (fresh database: Flyway migrations, bootstrap)"
start_server; FIRST_START=$STARTUP_SECS
FIRST_START_JVM=$(grep -o 'Started StileApplication in [0-9.]*' "$WORK/server.log" | tail -1 | awk '{print $NF}')
stop_server
log "first start ${FIRST_START}s; restarting for the start-up measurement"
start_server; START=$STARTUP_SECS
START_JVM=$(grep -o 'Started StileApplication in [0-9.]*' "$WORK/server.log" | tail -1 | awk '{print $NF}')
log "start-up to ready ${START}s (Spring: ${START_JVM}s)"
sleep 5
RSS_IDLE=$(rss_mb "$SERVER_PID")
JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
log "idle RSS ${RSS_IDLE} MB; $JAVA_VERSION"

api() { curl -s -H "Authorization: Bearer $KEY" "$@"; }
create_one() {  # idempotency key -> session id
	api "http://127.0.0.1:$APP_PORT/v1/verification_sessions" -H 'Content-Type: application/json' \
		-H "Idempotency-Key: $1" -d "$BODY" | grep -o '"id":"vks_[^"]*"' | head -1 | cut -d'"' -f4
}

# ---------------------------------------------------------------- capture the SQL of each request
log "capturing the SQL of each request (log_statement=all)"
for i in 1 2 3 4 5 6; do create_one "warm-$RUN_ID-$i" >/dev/null; done  # past the driver's prepare threshold
sql "ALTER SYSTEM SET log_statement = 'all'"; sql "SELECT pg_reload_conf()"; sleep 0.5
mark() { sql "SELECT 'BENCH-MARK $1'" >/dev/null; }
CAP_KEY="capture-$RUN_ID"
mark create-begin; SRC=$(create_one "$CAP_KEY"); mark create-end
[ -n "$SRC" ] || die "create failed during the capture"
mark retrieve-begin; api "http://127.0.0.1:$APP_PORT/v1/verification_sessions/$SRC" >/dev/null; mark retrieve-end
mark list-begin; api "http://127.0.0.1:$APP_PORT/v1/verification_sessions?limit=10" >/dev/null; mark list-end
VICTIM=$(create_one "capture-victim-$RUN_ID")
mark cancel-begin; api -X POST "http://127.0.0.1:$APP_PORT/v1/verification_sessions/$VICTIM/cancel" >/dev/null; mark cancel-end
sql "ALTER SYSTEM RESET log_statement"; sql "SELECT pg_reload_conf()"
for op in create retrieve list cancel; do
	sid=$SRC; [ "$op" = cancel ] && sid=$VICTIM
	perl "$BENCH/capture.pl" "$WORK/pg.log" "BENCH-MARK $op-begin" "BENCH-MARK $op-end" "$op" "$sid" "$CAP_KEY" \
		>"$OUT/sql-$op.pgbench"
done

# Sessions to retrieve and cancel: copies of the captured session (status created), ids vks_bench<10^17+k>
# (the shape of real ids: vks_ and 23 letters or digits).
COLS=$("${PSQL[@]}" -d stile -c "SELECT string_agg(quote_ident(column_name), ',' ORDER BY ordinal_position)
	FROM information_schema.columns WHERE table_name = 'verification_session' AND column_name NOT IN ('id', 'client_secret')")
clone_sessions() {  # first-k count
	sql "INSERT INTO verification_session (id, client_secret, $COLS)
		SELECT 'vks_bench' || (100000000000000000 + g), 'vks_bench' || (100000000000000000 + g) || '_secret_bench', $COLS
		FROM verification_session, generate_series($1, $1 + $2 - 1) g WHERE id = '$SRC'"
}
RETRIEVE_COUNT=1000
clone_sessions 0 $RETRIEVE_COUNT
seq 0 $((RETRIEVE_COUNT - 1)) | awk '{printf "vks_bench1%017d\n", $1}' >"$WORK/retrieve-ids.txt"
check() {  # expected-status curl-args...: one request as the benchmark will send it
	local want=$1; shift
	local got; got=$(api -o "$WORK/check.txt" -w '%{http_code}' "$@")
	[ "$got" = "$want" ] || { cat "$WORK/check.txt" >&2; die "check: $* answered $got, expected $want"; }
}
check 200 "http://127.0.0.1:$APP_PORT/v1/verification_sessions/$(head -1 "$WORK/retrieve-ids.txt")"
clone_sessions 999999 1
check 200 -X POST "http://127.0.0.1:$APP_PORT/v1/verification_sessions/vks_bench1$(printf %017d 999999)/cancel"
NEXT_K=1000000
sql "VACUUM ANALYZE"

# ---------------------------------------------------------------- measuring
RUNS_CSV=$OUT/runs.csv
echo "op,mode,concurrency,run,rps,p50_ms,p90_ms,p99_ms,p999_ms,max_ms,errors,server_cpu_pct,pg_cpu_pct,box_cpu_pct,others_cpu_pct,server_cpu_us_per_req,pg_cpu_us_per_req,server_rss_max_mb,load1,server_jit_cpu_pct" >"$RUNS_CSV"
RSS_MAX_ALL=0
LAST_API_RPS=3000
LAST_PG_TPS=5000

# run_measured OP MODE C RUN CMD... : runs CMD while sampling CPU and RSS, appends a CSV row.
run_measured() {
	local op=$1 mode=$2 c=$3 run=$4; shift 4
	local s0 p0 b0 s1 p1 b1 t0 t1 out rssmax=0 r sampler
	local la; la=$(loadavg)
	(while :; do rss_mb "$SERVER_PID"; sleep 1; done) >"$WORK/rss.txt" 2>/dev/null &
	sampler=$!
	j0=$(jit_ticks "$SERVER_PID"); s0=$(proc_ticks "$SERVER_PID"); p0=$(pg_ticks); read -r b0 bt0 < <(box_ticks); t0=$(date +%s%N)
	TIMEFORMAT='%U %S'
	{ time "$@" >"$WORK/out.txt" 2>&1; } 2>"$WORK/time.txt" || { cat "$WORK/out.txt" >&2; die "$op $mode c=$c failed"; }
	t1=$(date +%s%N); s1=$(proc_ticks "$SERVER_PID"); p1=$(pg_ticks); j1=$(jit_ticks "$SERVER_PID"); read -r b1 bt1 < <(box_ticks)
	kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
	rssmax=$(sort -n "$WORK/rss.txt" | tail -1); rssmax=${rssmax:-0}
	[ "$rssmax" -gt "$RSS_MAX_ALL" ] && RSS_MAX_ALL=$rssmax
	out=$(cat "$WORK/out.txt")
	local rps p50 p90 p99 p999 max err
	if [ "$mode" = pgbench ]; then
		rps=$(grep -o 'tps = [0-9.]*' <<<"$out" | tail -1 | awk '{print $3}')
		p50=$(grep -o 'latency average = [0-9.]*' <<<"$out" | awk '{print $4}')
		p90=; p99=; p999=; max=
		err=$(grep -o 'number of failed transactions: [0-9]*' <<<"$out" | awk '{print $5}')
		local ntx; ntx=$(grep -o 'number of transactions actually processed: [0-9]*' <<<"$out" | awk '{print $6}')
		[ -n "$rps" ] || { echo "$out" >&2; die "pgbench gave no tps"; }
		LAST_PG_TPS=$rps
		LAST_COUNT=$ntx
		[ "$op" = cancel ] && [ "${ntx:-0}" -gt "$CANCEL_COUNT" ] && log "WARNING: pgbench cancel ran out of fresh sessions"
	else
		r=$(grep '^RESULT' <<<"$out") || { echo "$out" >&2; die "wrk gave no RESULT line"; }
		val() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$r"; }
		rps=$(val rps); p50=$(val p50_ms); p90=$(val p90_ms); p99=$(val p99_ms); p999=$(val p999_ms); max=$(val max_ms)
		err=$(( $(val non2xx) + $(val sockerr) ))
		LAST_COUNT=$(val requests)
		[ "$mode" = api ] && LAST_API_RPS=$rps
	fi
	local wrk_ticks
	wrk_ticks=$(awk -v t="$CLK_TCK" '{printf "%d", ($1 + $2) * t}' "$WORK/time.txt")
	awk -v op="$op" -v mode="$mode" -v c="$c" -v run="$run" -v rps="$rps" -v p50="$p50" -v p90="$p90" -v p99="$p99" \
		-v p999="$p999" -v max="$max" -v err="${err:-0}" -v s="$((s1 - s0))" -v p="$((p1 - p0))" \
		-v b="$((b1 - b0))" -v bt="$((bt1 - bt0))" -v w="$wrk_ticks" -v secs="$(( (t1 - t0) / 1000000 ))" -v tck="$CLK_TCK" \
		-v rss="$rssmax" -v la="$la" -v n="$LAST_COUNT" -v j="$((j1 - j0))" 'BEGIN {
			secs /= 1000; ncpu = '"$(nproc)"';
			scpu = s / tck / secs * 100; pcpu = p / tck / secs * 100; bcpu = (bt > 0) ? b / bt * 100 * ncpu : 0;
			other = bcpu - scpu - pcpu - w / tck / secs * 100; if (other < 0) other = 0;
			printf "%s,%s,%d,%d,%.1f,%s,%s,%s,%s,%s,%d,%.0f,%.0f,%.0f,%.0f,%.0f,%.0f,%d,%s,%.0f\n", op, mode, c, run, rps, p50, p90, p99, p999, max, err,
				scpu, pcpu, bcpu, other, (n > 0) ? s / tck * 1e6 / n : 0, (n > 0) ? p / tck * 1e6 / n : 0, rss, la, j / tck / secs * 100 }' >>"$RUNS_CSV"
	log "$(tail -1 "$RUNS_CSV")"
}

# Fresh sessions for one cancel run (before the measured window): CANCEL_BASE, CANCEL_COUNT.
CANCEL_BASE=0; CANCEL_COUNT=0
prepare_cancel() {  # expected-rate seconds
	CANCEL_COUNT=$(awk -v r="$1" -v d="$2" 'BEGIN{n = int(r * d * 2 + 2000); print (n < 5000) ? 5000 : n}')
	CANCEL_BASE=$NEXT_K; NEXT_K=$((NEXT_K + CANCEL_COUNT))
	clone_sessions "$CANCEL_BASE" "$CANCEL_COUNT"
}
run_wrk() {  # op c seconds [think_ms]
	local op=$1 c=$2 secs=$3 think=${4:-0}
	BENCH_LUA_DIR=$BENCH/lua BENCH_API_KEY=$KEY BENCH_RUN_ID="$RUN_ID-$RANDOM$RANDOM" BENCH_IDS=$WORK/retrieve-ids.txt \
		BENCH_BASE=$CANCEL_BASE BENCH_COUNT=$CANCEL_COUNT BENCH_THREADS=$WRK_THREADS BENCH_THINK_MS=$think BENCH_BODY="$BODY" \
		wrk -t "$WRK_THREADS" -c "$c" -d "${secs}s" --timeout 10s -s "$BENCH/lua/$op.lua" "http://127.0.0.1:$APP_PORT"
}
run_pgbench() {  # op c
	local op=$1 c=$2 args=()
	case $op in
		retrieve) args=(-D base=0 -D count=$RETRIEVE_COUNT) ;;
		cancel) args=(-D base=$CANCEL_BASE -D n=0 -D nclients=$c) ;;
	esac
	"$PGBENCH" -n -M prepared -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$c" -j "$PGBENCH_THREADS" \
		-T "$PGBENCH_DURATION" "${args[@]}" -f "$OUT/sql-$op.pgbench" stile
}

# The JIT needs minutes on 2 busy cores: first every operation in turn (the code they share is
# compiled once), then a shorter warm-up before each operation's measurements.
for op in $OPS; do
	log "== warm-up of the JIT: $op ${WARMUP_FIRST}s"
	[ "$op" = cancel ] && prepare_cancel 3000 "$WARMUP_FIRST"
	run_wrk "$op" 32 "$WARMUP_FIRST" >/dev/null
done
LOAD_BEFORE=$(cat /proc/loadavg)
log "load before measuring: $LOAD_BEFORE"
for op in $OPS; do
	w=$WARMUP
	log "== $op: warm-up ${w}s"
	[ "$op" = cancel ] && prepare_cancel "$LAST_API_RPS" "$w"
	run_wrk "$op" 32 "$w" >/dev/null
	for c in $CONCURRENCIES; do
		for run in $(seq 1 "$RUNS"); do
			[ "$op" = cancel ] && prepare_cancel "$LAST_API_RPS" "$DURATION"
			run_measured "$op" api "$c" "$run" run_wrk "$op" "$c" "$DURATION"
			[ "$op" = cancel ] && prepare_cancel "$LAST_PG_TPS" "$PGBENCH_DURATION"
			run_measured "$op" pgbench "$c" "$run" run_pgbench "$op" "$c"
		done
	done
	sql "VACUUM ANALYZE verification_session" >/dev/null
done

# p99 at half of the peak rate: wrk with an exponential think time per connection (rate ~ c / (think + latency)).
median_of() { sort -n | awk '{a[NR]=$1} END{if (NR==0) print 0; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
for op in $HALF_PEAK_OPS; do
	case " $OPS " in *" $op "*) ;; *) continue ;; esac
	peak=0
	for c in $CONCURRENCIES; do
		m=$(awk -F, -v op="$op" -v c="$c" '$1==op && $2=="api" && $3==c {print $5}' "$RUNS_CSV" | median_of)
		peak=$(awk -v a="$peak" -v b="$m" 'BEGIN{print (b > a) ? b : a}')
	done
	target=$(awk -v p="$peak" 'BEGIN{print p / 2}')
	c=$HALF_PEAK_CONCURRENCY
	think=$(awk -v c="$c" -v t="$target" 'BEGIN{printf "%.3f", c * 1000 / t}')
	log "== $op at half of peak ($peak/s -> $target/s, c=$c): calibrating"
	[ "$op" = cancel ] && prepare_cancel "$target" 5
	run_wrk "$op" "$c" 5 "$think" >"$WORK/cal.txt"
	cal_rps=$(sed -n 's/.* rps=\([^ ]*\).*/\1/p' "$WORK/cal.txt")
	cal_mean=$(sed -n 's/.* mean_ms=\([^ ]*\).*/\1/p' "$WORK/cal.txt")
	think=$(awk -v c="$c" -v t="$target" -v m="$cal_mean" -v th="$think" -v r="$cal_rps" \
		'BEGIN{x = c * 1000 / t - m; if (x < 0.1) x = 0.1; printf "%.3f", x}')
	for run in $(seq 1 "$RUNS"); do
		[ "$op" = cancel ] && prepare_cancel "$target" "$DURATION"
		run_measured "$op" "api-half-peak" "$c" "$run" run_wrk "$op" "$c" "$DURATION" "$think"
	done
	echo "$op,$peak,$target" >>"$WORK/half.txt"
done

sleep 10
RSS_AFTER=$(rss_mb "$SERVER_PID")
RSS_HWM=$(hwm_mb "$SERVER_PID")
LOAD_AFTER=$(cat /proc/loadavg)

# ---------------------------------------------------------------- profile (optional)
if [ "$PROFILE" = 1 ]; then
	for op in $OPS; do
		log "== profiling $op (JFR, c=32, ${DURATION}s)"
		[ "$op" = cancel ] && prepare_cancel "$LAST_API_RPS" "$DURATION"
		s0=$(proc_ticks "$SERVER_PID")
		"$JCMD" "$SERVER_PID" JFR.start name=bench settings=profile filename="$WORK/$op.jfr" >/dev/null
		run_wrk "$op" 32 "$DURATION" >"$WORK/prof-wrk.txt"
		"$JCMD" "$SERVER_PID" JFR.stop name=bench >/dev/null
		s1=$(proc_ticks "$SERVER_PID")
		n=$(sed -n 's/.* requests=\([^ ]*\).*/\1/p' "$WORK/prof-wrk.txt")
		# µs per phase from the CPU per request measured without the profiler (c=32 or the first concurrency).
		c32=32; case " $CONCURRENCIES " in *" 32 "*) ;; *) c32=${CONCURRENCIES%% *} ;; esac
		us=$(awk -F, -v op="$op" -v c="$c32" '$1==op && $2=="api" && $3==c {print $16}' "$RUNS_CSV" | median_of)
		log "$op under JFR: $(( (s1 - s0) * 1000000 / CLK_TCK / n )) µs/req (without: $us)"
		"$JFR" print --events jdk.ExecutionSample --stack-depth 256 "$WORK/$op.jfr" |
			perl "$BENCH/jfr-summary.pl" "$op" "$n" "$us" >"$OUT/profile-$op.txt"
		head -40 "$OUT/profile-$op.txt" >&2
	done
fi

# ---------------------------------------------------------------- report
PG_SETTINGS=$("${PSQL[@]}" -d stile -F '=' -c "SELECT name, setting || coalesce(unit, '') FROM pg_settings WHERE name IN
	('fsync', 'synchronous_commit', 'full_page_writes', 'shared_buffers', 'wal_level', 'max_wal_size', 'max_connections', 'wal_sync_method')
	ORDER BY name" | paste -sd' ')
PG_VERSION=$("${PSQL[@]}" -d stile -c "SHOW server_version")
CPU_MODEL=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
MEM_GB=$(awk '/MemTotal/{printf "%.0f", $2/1024/1024}' /proc/meminfo)

export RUNS_CSV OUT FIRST_START FIRST_START_JVM START START_JVM RSS_IDLE RSS_AFTER RSS_HWM RSS_MAX_ALL JAVA_VERSION \
	PG_SETTINGS PG_VERSION CPU_MODEL MEM_GB LOAD_BEFORE LOAD_AFTER CONCURRENCIES OPS DURATION PGBENCH_DURATION RUNS \
	JAVA_OPTS WRK_THREADS HALF_PEAK_CONCURRENCY
export HALF_FILE=$WORK/half.txt NPROC=$(nproc) KERNEL=$(uname -r) DATE=$(date -u +%Y-%m-%dT%H:%MZ)
perl "$BENCH/report.pl"
log "wrote $OUT/latest.md, $OUT/latest.csv, $OUT/runs.csv"
cat "$OUT/latest.md"
