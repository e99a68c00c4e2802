#!/usr/bin/env bash
# Prepares the server for a fast start-up: extracts the jar into the layout the JVM's class
# caches need, starts the server once on a throwaway embedded PostgreSQL, makes a few API calls,
# stops it, and keeps what the JVM loaded and linked as a cache for every later start.
#
#   bin/class-cache.sh [JAR] [DIR]     # defaults: target/stile-server-*.jar, target/app
#   bin/class-cache.sh DIR             # DIR already extracted (java -Djarmode=tools -jar ... extract)
#
# On Java 25 or newer the cache is an AOT cache (-XX:AOTCache, JEP 483/514); on Java 17 to 24 a
# dynamic CDS archive (-XX:SharedArchiveFile). Start the server with the command printed at the
# end; DIR/java-options holds the JVM option alone. The cache belongs to that JVM build and that
# jar: make it again after either changes (the JVM ignores a stale cache, with a warning).
#
# JAVA_HOME picks the JVM. JAVA_OPTS should hold the options the server will run with (heap, GC),
# since the training run uses them too.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAR=${1:-$(ls "$ROOT"/target/stile-server-*.jar 2>/dev/null | grep -v original | head -1 || true)}
DIR=${2:-$ROOT/target/app}
JAVA_OPTS=${JAVA_OPTS:-}
if [ -n "${JAVA_HOME:-}" ]; then JAVA=$JAVA_HOME/bin/java; else JAVA=$(command -v java || true); fi

log() { printf '[class-cache] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
[ -n "$JAR" ] && [ -e "$JAR" ] || die "no server jar (build it with ./mvnw -DskipTests package, or pass its path)"
[ -x "${JAVA:-}" ] || die "no java (set JAVA_HOME)"

FEATURE=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2}')
[ "${FEATURE%%.*}" -ge 17 ] 2>/dev/null || die "Java 17 or newer needed, found $FEATURE"

if [ -d "$JAR" ]; then
	DIR=$(cd "$JAR" && pwd)
	APP=$(ls "$DIR"/*.jar 2>/dev/null | head -1 || true)
	[ -n "$APP" ] && [ -d "$DIR/lib" ] || die "$DIR is not an extracted server jar (no *.jar and lib/ in it)"
	rm -f "$DIR"/stile-server.aot "$DIR"/stile-server.jsa "$DIR"/java-options
else
	log "extracting $JAR into $DIR"
	if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ]; then
		# Only ever replace an earlier output of this script.
		[ -d "$DIR/lib" ] && ls "$DIR"/*.jar >/dev/null 2>&1 || die "$DIR is not empty and not an earlier output; choose another"
		rm -rf "$DIR"
	fi
	"$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$DIR" >/dev/null
	DIR=$(cd "$DIR" && pwd)
	APP=$DIR/$(basename "$JAR")
	[ -f "$APP" ] || die "extraction did not produce $APP"
fi

if [ "${FEATURE%%.*}" -ge 25 ]; then
	CACHE=$DIR/stile-server.aot
	TRAIN=(-XX:AOTCacheOutput="$CACHE")
	RUN_OPTION=-XX:AOTCache=$CACHE
else
	CACHE=$DIR/stile-server.jsa
	TRAIN=(-XX:ArchiveClassesAtExit="$CACHE")
	RUN_OPTION=-XX:SharedArchiveFile=$CACHE
fi

# The training run: its own data directory (thrown away), its own port, no external database.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/stile-class-cache.XXXXXX")
PID=
cleanup() {
	[ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
PORT=$((20000 + RANDOM % 20000))
KEY=vk_test_classcachetraining0001
log "training run on Java $FEATURE (port $PORT)"
env -u SPRING_DATASOURCE_URL -u SPRING_DATASOURCE_USERNAME -u SPRING_DATASOURCE_PASSWORD -u STILE_ADMIN_TOKEN \
	STILE_DATA_DIR="$WORK/data" STILE_EMBEDDEDPOSTGRES_EPHEMERAL=true STILE_BOOTSTRAP_SECRET_KEY=$KEY \
	PORT=$PORT STILE_MANAGEMENT_PORT=0 \
	"$JAVA" $JAVA_OPTS "${TRAIN[@]}" -jar "$APP" >"$WORK/server.log" 2>&1 &
PID=$!

# HTTP/1.0 over bash's /dev/tcp, so that the script needs nothing but bash (no curl in slim images).
call() {  # method path [json]: prints the status line, headers and body
	local body=${3:-}
	{ exec 3<>"/dev/tcp/127.0.0.1/$PORT"; } 2>/dev/null || return 0
	printf '%s %s HTTP/1.0\r\nHost: localhost\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s' \
		"$1" "$2" "$KEY" "${#body}" "$body" >&3
	cat <&3 || true
	exec 3<&-
}
ready=
for _ in $(seq 1 1200); do
	kill -0 "$PID" 2>/dev/null || { tail -40 "$WORK/server.log" >&2; die "the training server exited"; }
	if call GET '/v1/verification_sessions?limit=1' | head -1 | grep -q ' 200 '; then
		ready=1
		break
	fi
	sleep 0.1
done
[ -n "$ready" ] || { tail -40 "$WORK/server.log" >&2; die "the training server was not ready after 120 s"; }

# The requests a merchant's backend makes, good and bad, so that their classes are cached too.
for i in 1 2 3; do
	session=$(call POST /v1/verification_sessions \
		'{"type":"age","use_case":"alcohol_delivery","jurisdiction":"US-CA","metadata":{"order":"'$i'"}}')
	id=$(printf '%s' "$session" | grep -o '"id":"vks_[^"]*"' | head -1 | cut -d'"' -f4)
	[ -n "$id" ] || die "the training server did not create a session: $session"
	call GET "/v1/verification_sessions/$id?expand[]=results" >/dev/null
	call GET '/v1/verification_sessions?limit=10' >/dev/null
	call POST "/v1/verification_sessions/$id/cancel" >/dev/null
	call GET /v1/verification_sessions/vks_missing >/dev/null
	call POST /v1/verification_sessions '{"type":"nope"}' >/dev/null
	call GET '/v1/events?limit=5' >/dev/null
done

# A normal stop: the JVM writes the cache as it exits.
kill "$PID"
wait "$PID" 2>/dev/null || true
PID=
[ -s "$CACHE" ] || { tail -40 "$WORK/server.log" >&2; die "the JVM wrote no cache at $CACHE"; }
printf '%s\n' "$RUN_OPTION" >"$DIR/java-options"
log "wrote $CACHE ($(du -h "$CACHE" | cut -f1))"
log "start the server with:"
printf '%s %s %s -jar %s\n' "$JAVA" "$JAVA_OPTS" "$RUN_OPTION" "$APP" | tr -s ' '
