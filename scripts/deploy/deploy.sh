#!/usr/bin/env bash
# The whole deployment on this machine, with real parts (docs/deployment.md):
#
#   HAProxy :3100 ─┬─ service 1 :3101 ─┐
#                  ├─ service 2 :3102 ─┼─ pgbouncer :56432 (transaction) ─ primary :55432 ──WAL──▶ replica :55433
#                  └─ service 3 :3103 ─┘                                         ▲                       ▲
#                     worker ──────────── pgbouncer                              │      reports read ────┘
#
# usage: scripts/deploy/deploy.sh COMMAND
#   up                         install what is missing (Debian packages), start everything, wait until HAProxy is ready
#   down [--purge]             stop everything (services and worker first, the primary last); --purge removes the deploy dir
#   status                     what runs where: pids, ports, log files
#   urls                       env lines: HAPROXY_URL, PRIMARY_URL, REPLICA_URL, PGBOUNCER_URL, ADMIN_API_KEY, ...
#   kill-service N             SIGKILL service N (1..3), no notice to HAProxy
#   stop-service N             SIGTERM service N (graceful: finishes its requests in flight) and wait for its exit
#   start-service N            start service N, wait until it is ready
#   restart-service N          graceful restart: drain N in HAProxy, SIGTERM, start, wait ready, back in rotation
#   restart-primary-immediate  pg_ctl restart -m immediate on the primary (a crash and its recovery)
#   terminate-backends         pg_terminate_backend() of every backend of the service database
#
# Everything lives in ${DEPLOY_DIR:-<repo>/.deploy}; ports and sizes are read from the environment
# on the first `up` and kept in $DEPLOY_DIR/deploy.env, which every later command reads.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
DEPLOY_DIR=${DEPLOY_DIR:-$repo/.deploy}
NODE=${NODE:-node}
SERVICES=3

# ---------------------------------------------------------------- settings

load_settings() {
  if [ -f "$DEPLOY_DIR/deploy.env" ]; then
    # shellcheck source=/dev/null
    . "$DEPLOY_DIR/deploy.env"
  fi
  HAPROXY_PORT=${HAPROXY_PORT:-3100}
  SERVICE_BASE_PORT=${SERVICE_BASE_PORT:-3101}
  HAPROXY_STATS_PORT=${HAPROXY_STATS_PORT:-3109}
  PRIMARY_PORT=${PRIMARY_PORT:-55432}
  REPLICA_PORT=${REPLICA_PORT:-55433}
  PGBOUNCER_PORT=${PGBOUNCER_PORT:-56432}
  DB_NAME=${DB_NAME:-saoma}
  DB_USER=${DB_USER:-saoma}
  SERVICE_DB_POOL_SIZE=${SERVICE_DB_POOL_SIZE:-10}
  WORKER_DB_POOL_SIZE=${WORKER_DB_POOL_SIZE:-4}
  PGBOUNCER_POOL_SIZE=${PGBOUNCER_POOL_SIZE:-30}
  PG_MAX_CONNECTIONS=${PG_MAX_CONNECTIONS:-200}
  AUTH_RATE_LIMIT_PER_MINUTE=${AUTH_RATE_LIMIT_PER_MINUTE:-30}
  LOG_LEVEL=${LOG_LEVEL:-info}

  if [ "$(id -u)" -eq 0 ]; then PG_OS_USER=postgres; else PG_OS_USER=$(id -un); fi
  set_pg_dir "${PG_DIR:-$DEPLOY_DIR/pg}"
}

# Owned by the PostgreSQL OS user: the clusters, pgbouncer, their configuration and logs.
set_pg_dir() {
  PG_DIR=$1
  PRIMARY_DATA=$PG_DIR/primary
  REPLICA_DATA=$PG_DIR/replica
}

save_settings() {
  [ -f "$DEPLOY_DIR/deploy.env" ] && return 0
  local v
  {
    echo "# written by deploy.sh up on $(date -u +%FT%TZ); read by every later command"
    for v in PG_DIR HAPROXY_PORT SERVICE_BASE_PORT HAPROXY_STATS_PORT PRIMARY_PORT REPLICA_PORT PGBOUNCER_PORT DB_NAME DB_USER \
      SERVICE_DB_POOL_SIZE WORKER_DB_POOL_SIZE PGBOUNCER_POOL_SIZE PG_MAX_CONNECTIONS AUTH_RATE_LIMIT_PER_MINUTE LOG_LEVEL; do
      printf '%s=%q\n' "$v" "${!v}"
    done
  } >"$DEPLOY_DIR/deploy.env"
}

# ---------------------------------------------------------------- helpers

log() { printf '[deploy] %s\n' "$*" >&2; }
die() {
  printf '[deploy] error: %s\n' "$*" >&2
  exit 1
}

service_port() { echo $((SERVICE_BASE_PORT + $1 - 1)); }
first_line() { if [ -s "$1" ]; then head -n 1 "$1"; fi; }
pid_of() { first_line "$DEPLOY_DIR/$1.pid"; }
alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
running() { alive "$(pid_of "$1")"; }
primary_pid() { first_line "$PRIMARY_DATA/postmaster.pid"; }
replica_pid() { first_line "$REPLICA_DATA/postmaster.pid"; }
pgbouncer_pid() { first_line "$PG_DIR/pgbouncer.pid"; }

# Run a command as the PostgreSQL OS user (initdb and postgres refuse root), from a directory it can read.
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_DIR" && runuser -u "$PG_OS_USER" -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

pg_bin_dir() {
  local d
  d=$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null | sort -V | tail -n 1)
  [ -n "$d" ] && dirname "$d"
}

psql_primary() { "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres "$@"; }

# HTTP status of a GET, 000 when nothing answers.
http_code() {
  if command -v curl >/dev/null; then
    curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" || true
  else
    "$NODE" -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(3000) }).then((r) => console.log(r.status), () => console.log("000"))' "$1"
  fi
}

wait_http_200() { # url seconds what
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    [ "$(http_code "$1")" = 200 ] && return 0
    sleep 0.25
  done
  die "$3 did not answer 200 on $1 within $2 s"
}

wait_pg() { # port seconds
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$1" -U postgres -d postgres && return 0
    sleep 0.25
  done
  die "PostgreSQL on port $1 is not ready after $2 s"
}

wait_exit() { # pid seconds; SIGKILL after that
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    alive "$1" || return 0
    sleep 0.1
  done
  log "pid $1 still alive after $2 s: SIGKILL"
  kill -KILL "$1" 2>/dev/null || true
}

port_free() { ! (: >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Start a long-running process in its own session, detached from this shell, logging to a file.
spawn() { # name logfile command...
  local name=$1 logfile=$2
  shift 2
  setsid "$@" </dev/null >>"$logfile" 2>&1 &
  echo $! >"$DEPLOY_DIR/$name.pid"
}

# A command to HAProxy's runtime API (admin socket in the deploy dir).
haproxy_cmd() {
  [ -S "$DEPLOY_DIR/haproxy.sock" ] || return 0
  "$NODE" -e '
    const s = require("net").connect(process.argv[1], () => s.end(process.argv[2] + "\n"));
    s.on("data", (d) => process.stdout.write(d));
    s.on("error", (e) => { console.error(e.message); process.exitCode = 1; });
  ' "$DEPLOY_DIR/haproxy.sock" "$1"
}

# ---------------------------------------------------------------- steps of `up`

ensure_packages() {
  local missing=()
  PGBIN=$(pg_bin_dir || true)
  [ -n "$PGBIN" ] || missing+=(postgresql)
  command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || missing+=(pgbouncer)
  command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || die "missing ${missing[*]}: run as root once, or apt-get install -y ${missing[*]}"
    log "installing Debian packages: ${missing[*]}"
    # the packages' own services must not start (we run the binaries with our own configuration)
    local policy_added=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      policy_added=1
    fi
    local rc=0
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } || rc=$?
    [ "$policy_added" -eq 0 ] || rm -f /usr/sbin/policy-rc.d
    [ "$rc" -eq 0 ] || die "apt-get install ${missing[*]} failed"
    PGBIN=$(pg_bin_dir || true)
  fi
  [ -n "$PGBIN" ] || die "no /usr/lib/postgresql/*/bin/initdb"
  PGBOUNCER_BIN=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  HAPROXY_BIN=$(command -v haproxy || echo /usr/sbin/haproxy)
  id "$PG_OS_USER" >/dev/null 2>&1 || die "no OS user $PG_OS_USER (the postgresql package creates it)"
}

ensure_dirs() {
  mkdir -p "$DEPLOY_DIR"
  chmod 755 "$DEPLOY_DIR"
  # as root, the clusters belong to the postgres user: when it cannot reach the deploy dir (a checkout
  # under a private folder), they go to a folder of their own, kept in deploy.env and removed by down --purge
  if [ "$(id -u)" -eq 0 ] && [ ! -f "$DEPLOY_DIR/deploy.env" ] \
    && ! runuser -u "$PG_OS_USER" -- test -r "$DEPLOY_DIR" -a -x "$DEPLOY_DIR"; then
    set_pg_dir "/var/tmp/saoma-deploy-$(printf '%s' "$DEPLOY_DIR" | md5sum | cut -c1-12)"
    log "$PG_OS_USER cannot reach $DEPLOY_DIR: PostgreSQL and pgbouncer files go to $PG_DIR"
  fi
  mkdir -p "$PG_DIR"
  [ "$(id -u)" -ne 0 ] || chown "$PG_OS_USER:" "$PG_DIR"
  chmod 700 "$PG_DIR"
}

check_ports_free() {
  local p n
  for p in "$HAPROXY_PORT" "$HAPROXY_STATS_PORT" "$PRIMARY_PORT" "$REPLICA_PORT" "$PGBOUNCER_PORT"; do
    port_free "$p" || die "port $p is taken by something that is not this deployment (see: ss -ltnp | grep :$p)"
  done
  for ((n = 1; n <= SERVICES; n++)); do
    p=$(service_port "$n")
    port_free "$p" || die "port $p is taken by something that is not this deployment"
  done
}

ensure_secrets() {
  local f=$DEPLOY_DIR/secrets.env
  [ -s "$f" ] && return 0
  log "generating the master key and the admin API key into $f"
  (
    umask 077
    printf 'SAOMA_MASTER_KEY=%s\nADMIN_API_KEY=admin-%s\n' \
      "$(head -c 32 /dev/urandom | base64 -w0)" "$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')" >"$f"
  )
}

load_secrets() {
  # shellcheck source=/dev/null
  . "$DEPLOY_DIR/secrets.env"
}

init_primary() {
  [ -s "$PRIMARY_DATA/PG_VERSION" ] && return 0
  log "initdb of the primary in $PRIMARY_DATA"
  as_pg "$PGBIN/initdb" -D "$PRIMARY_DATA" -U postgres --auth=trust -E UTF8 --locale=C >"$PG_DIR/initdb.log" 2>&1 \
    || die "initdb failed: see $PG_DIR/initdb.log"
  as_pg tee -a "$PRIMARY_DATA/postgresql.conf" >/dev/null <<EOF

# ---- deploy.sh
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = ''
max_connections = $PG_MAX_CONNECTIONS
shared_buffers = 128MB
wal_level = replica
max_wal_senders = 5
max_replication_slots = 5
wal_keep_size = 256MB
hot_standby = on
hot_standby_feedback = on
log_line_prefix = '%m [%p] %q%u@%d '
log_connections = off
log_min_messages = warning
EOF
  as_pg tee "$PRIMARY_DATA/pg_hba.conf" >/dev/null <<EOF
# a private cluster on the loopback: trust, and streaming replication for the replica
local all         all                 trust
host  all         all   127.0.0.1/32  trust
host  replication all   127.0.0.1/32  trust
EOF
}

start_primary() {
  if alive "$(primary_pid)"; then
    log "primary already running (pid $(primary_pid))"
  else
    log "starting the primary on 127.0.0.1:$PRIMARY_PORT"
    as_pg setsid -w "$PGBIN/pg_ctl" -D "$PRIMARY_DATA" -l "$PG_DIR/primary.log" -w -t 60 start >/dev/null
  fi
  wait_pg "$PRIMARY_PORT" 60
}

create_database() {
  if [ "$(psql_primary -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" = 1 ]; then return 0; fi
  log "creating role $DB_USER and database $DB_NAME"
  psql_primary -d postgres -c "CREATE ROLE $DB_USER LOGIN" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >/dev/null
}

init_replica() {
  [ -s "$REPLICA_DATA/PG_VERSION" ] && return 0
  log "pg_basebackup of the primary into $REPLICA_DATA (streaming replica, slot saoma_replica)"
  psql_primary -d postgres -Atc \
    "SELECT pg_drop_replication_slot('saoma_replica') FROM pg_replication_slots WHERE slot_name = 'saoma_replica'" >/dev/null
  as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$REPLICA_DATA" \
    -R -X stream -C -S saoma_replica --checkpoint=fast >"$PG_DIR/basebackup.log" 2>&1 \
    || die "pg_basebackup failed: see $PG_DIR/basebackup.log"
  # the copy carries the primary's settings: a port of its own (postgresql.auto.conf is read last)
  as_pg tee -a "$REPLICA_DATA/postgresql.auto.conf" >/dev/null <<EOF
port = $REPLICA_PORT
EOF
}

start_replica() {
  if alive "$(replica_pid)"; then
    log "replica already running (pid $(replica_pid))"
  else
    log "starting the replica (hot standby) on 127.0.0.1:$REPLICA_PORT"
    as_pg setsid -w "$PGBIN/pg_ctl" -D "$REPLICA_DATA" -l "$PG_DIR/replica.log" -w -t 60 start >/dev/null
  fi
  wait_pg "$REPLICA_PORT" 60
}

write_pgbouncer_config() {
  as_pg tee "$PG_DIR/userlist.txt" >/dev/null <<EOF
"$DB_USER" ""
"postgres" ""
EOF
  as_pg tee "$PG_DIR/pgbouncer.ini" >/dev/null <<EOF
; written by deploy.sh
[databases]
$DB_NAME = host=127.0.0.1 port=$PRIMARY_PORT dbname=$DB_NAME user=$DB_USER

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $PGBOUNCER_PORT
unix_socket_dir =
; a private loopback deployment: the clusters trust 127.0.0.1 too
auth_type = trust
auth_file = $PG_DIR/userlist.txt
admin_users = postgres
; a server connection per transaction: services hold no session state (DB_NAMED_STATEMENTS=false before 1.21)
pool_mode = transaction
max_client_conn = 500
default_pool_size = $PGBOUNCER_POOL_SIZE
reserve_pool_size = 5
reserve_pool_timeout = 2
max_db_connections = $((PGBOUNCER_POOL_SIZE + 10))
; what clients send at start-up that a transaction pooler cannot keep
ignore_startup_parameters = extra_float_digits,options,statement_timeout,lock_timeout,idle_in_transaction_session_timeout
; after a crash of the primary, try again every second (default 15 s)
server_login_retry = 1
server_connect_timeout = 5
query_wait_timeout = 30
server_check_delay = 10
logfile = $PG_DIR/pgbouncer.log
pidfile = $PG_DIR/pgbouncer.pid
log_connections = 0
log_disconnections = 0
EOF
}

start_pgbouncer() {
  if alive "$(pgbouncer_pid)"; then
    log "pgbouncer already running (pid $(pgbouncer_pid))"
    return 0
  fi
  log "starting pgbouncer (transaction pooling) on 127.0.0.1:$PGBOUNCER_PORT"
  as_pg "$PGBOUNCER_BIN" -d "$PG_DIR/pgbouncer.ini"
  wait_pg "$PGBOUNCER_PORT" 30
}

run_migrations() {
  log "migrations, directly on the primary"
  (cd "$repo" && DATABASE_URL=$(primary_url) LOG_LEVEL=warn "$NODE" dist/apps/api/src/migrate.cli.js run) \
    >>"$DEPLOY_DIR/migrations.log" 2>&1 || die "migrations failed: see $DEPLOY_DIR/migrations.log"
  tail -n 3 "$DEPLOY_DIR/migrations.log" | sed 's/^/[deploy]   /' >&2
}

primary_url() { echo "postgresql://$DB_USER@127.0.0.1:$PRIMARY_PORT/$DB_NAME"; }
replica_url() { echo "postgresql://$DB_USER@127.0.0.1:$REPLICA_PORT/$DB_NAME"; }
pgbouncer_url() { echo "postgresql://$DB_USER@127.0.0.1:$PGBOUNCER_PORT/$DB_NAME"; }

# The environment every node process shares (same master key, same admin key, behind pgbouncer).
node_env() {
  echo "PATH=$PATH"
  echo "HOME=${HOME:-/}"
  echo "SAOMA_MASTER_KEY=$SAOMA_MASTER_KEY"
  echo "ADMIN_API_KEY=$ADMIN_API_KEY"
  echo "DATABASE_URL=$(pgbouncer_url)"
  echo "MIGRATE_ON_START=false"
  echo "DB_NAMED_STATEMENTS=false"
  echo "LOG_LEVEL=$LOG_LEVEL"
}

start_service() { # N
  local n=$1 port
  port=$(service_port "$n")
  if running "service-$n"; then
    log "service $n already running (pid $(pid_of "service-$n"))"
    return 0
  fi
  mkdir -p "$DEPLOY_DIR/service-$n"
  load_secrets
  local envs
  mapfile -t envs < <(node_env)
  spawn "service-$n" "$DEPLOY_DIR/service-$n.log" env -i "${envs[@]}" \
    PORT="$port" \
    READ_DATABASE_URL="$(replica_url)" \
    WEBHOOK_WORKER=false PERIODIC_JOBS=false \
    DATA_DIR="$DEPLOY_DIR/service-$n" \
    TRUST_PROXY=1 \
    DB_POOL_SIZE="$SERVICE_DB_POOL_SIZE" \
    AUTH_RATE_LIMIT_PER_MINUTE="$AUTH_RATE_LIMIT_PER_MINUTE" \
    PUBLIC_BASE_URL="http://127.0.0.1:$HAPROXY_PORT" \
    "$NODE" "$repo/dist/apps/api/src/main.js"
  log "service $n started on 127.0.0.1:$port (pid $(pid_of "service-$n"))"
}

wait_service_ready() { wait_http_200 "http://127.0.0.1:$(service_port "$1")/health/ready" 60 "service $1"; }

start_worker() {
  if running worker; then
    log "worker already running (pid $(pid_of worker))"
    return 0
  fi
  mkdir -p "$DEPLOY_DIR/worker"
  load_secrets
  local envs
  mapfile -t envs < <(node_env)
  spawn worker "$DEPLOY_DIR/worker.log" env -i "${envs[@]}" \
    DATA_DIR="$DEPLOY_DIR/worker" DB_POOL_SIZE="$WORKER_DB_POOL_SIZE" \
    "$NODE" "$repo/dist/apps/api/src/worker.js"
  log "worker started (pid $(pid_of worker))"
}

write_haproxy_config() {
  local n servers=""
  for ((n = 1; n <= SERVICES; n++)); do
    servers+="  server s$n 127.0.0.1:$(service_port "$n") check"$'\n'
  done
  cat >"$DEPLOY_DIR/haproxy.cfg" <<EOF
# written by deploy.sh
global
  log stdout format raw local0 info
  maxconn 2000
  stats socket $DEPLOY_DIR/haproxy.sock mode 600 level admin

defaults
  mode http
  log global
  option httplog
  option dontlognull
  # the client's address for the services (TRUST_PROXY=1)
  option forwardfor
  # a connection refused by a dead process goes to another one, up to 3 times
  option redispatch
  retries 3
  timeout connect 2s
  timeout client 60s
  timeout server 30s
  timeout http-request 10s
  timeout http-keep-alive 30s
  timeout queue 10s

frontend saoma
  bind 127.0.0.1:$HAPROXY_PORT
  default_backend services

backend services
  balance roundrobin
  # ready = the process answers, its database answers, every migration is applied
  option httpchk GET /health/ready
  http-check expect status 200
  default-server inter 1s fastinter 500ms downinter 1s rise 2 fall 2
$servers
listen stats
  bind 127.0.0.1:$HAPROXY_STATS_PORT
  stats enable
  stats uri /
  stats refresh 5s
EOF
  "$HAPROXY_BIN" -c -q -f "$DEPLOY_DIR/haproxy.cfg" || die "haproxy.cfg does not check"
}

start_haproxy() {
  if running haproxy; then
    log "haproxy already running (pid $(pid_of haproxy))"
    return 0
  fi
  log "starting HAProxy on 127.0.0.1:$HAPROXY_PORT (stats on :$HAPROXY_STATS_PORT)"
  spawn haproxy "$DEPLOY_DIR/haproxy.log" "$HAPROXY_BIN" -db -f "$DEPLOY_DIR/haproxy.cfg"
}

ensure_build() {
  [ -f "$repo/dist/apps/api/src/main.js" ] && return 0
  log "no dist/: npm run build"
  (cd "$repo" && npm run -s build) >&2
}

print_table() {
  local n fmt='%-10s %-8s %-8s %-24s %s\n'
  # shellcheck disable=SC2059
  {
    printf "$fmt" PART PID STATE LISTENS LOG
    row() { # name pid listen log
      local state=down
      alive "$2" && state=up
      printf "$fmt" "$1" "${2:--}" "$state" "$3" "$4"
    }
    row primary "$(primary_pid)" "127.0.0.1:$PRIMARY_PORT" "$PG_DIR/primary.log"
    row replica "$(replica_pid)" "127.0.0.1:$REPLICA_PORT" "$PG_DIR/replica.log"
    row pgbouncer "$(pgbouncer_pid)" "127.0.0.1:$PGBOUNCER_PORT" "$PG_DIR/pgbouncer.log"
    for ((n = 1; n <= SERVICES; n++)); do
      row "service-$n" "$(pid_of "service-$n")" "127.0.0.1:$(service_port "$n")" "$DEPLOY_DIR/service-$n.log"
    done
    row worker "$(pid_of worker)" "-" "$DEPLOY_DIR/worker.log"
    row haproxy "$(pid_of haproxy)" "127.0.0.1:$HAPROXY_PORT" "$DEPLOY_DIR/haproxy.log"
  }
}

cmd_up() {
  ensure_packages
  ensure_build
  if ! alive "$(primary_pid)" && ! running haproxy && ! running service-1; then check_ports_free; fi
  ensure_dirs
  save_settings
  ensure_secrets
  init_primary
  start_primary
  create_database
  init_replica
  start_replica
  write_pgbouncer_config
  start_pgbouncer
  run_migrations
  local n
  for ((n = 1; n <= SERVICES; n++)); do start_service "$n"; done
  start_worker
  for ((n = 1; n <= SERVICES; n++)); do wait_service_ready "$n"; done
  write_haproxy_config
  start_haproxy
  wait_http_200 "http://127.0.0.1:$HAPROXY_PORT/health/ready" 30 "HAProxy"
  log "up: http://127.0.0.1:$HAPROXY_PORT"
  print_table
}

# ---------------------------------------------------------------- down

stop_pidfile_process() { # name seconds
  local pid
  pid=$(pid_of "$1")
  if alive "$pid"; then
    kill -TERM "$pid" 2>/dev/null || true
    wait_exit "$pid" "$2"
  fi
  rm -f "$DEPLOY_DIR/$1.pid"
}

stop_cluster() { # data dir
  [ -s "$1/postmaster.pid" ] || return 0
  alive "$(head -n 1 "$1/postmaster.pid")" || return 0
  as_pg "$PGBIN/pg_ctl" -D "$1" -m fast -w -t 60 stop >/dev/null || true
}

cmd_down() {
  local purge=${1:-}
  if [ -d "$DEPLOY_DIR" ]; then
    PGBIN=$(pg_bin_dir || true)
    local n pids=()
    # services and the worker first, all at once (each finishes its requests in flight)
    for ((n = 1; n <= SERVICES; n++)); do
      alive "$(pid_of "service-$n")" && pids+=("$(pid_of "service-$n")")
    done
    alive "$(pid_of worker)" && pids+=("$(pid_of worker)")
    [ ${#pids[@]} -eq 0 ] || kill -TERM "${pids[@]}" 2>/dev/null || true
    for n in "${pids[@]}"; do wait_exit "$n" 25; done
    rm -f "$DEPLOY_DIR"/service-*.pid "$DEPLOY_DIR/worker.pid"
    stop_pidfile_process haproxy 10
    local pb
    pb=$(pgbouncer_pid)
    if alive "$pb"; then
      kill -TERM "$pb" 2>/dev/null || true
      wait_exit "$pb" 10
    fi
    rm -f "$PG_DIR/pgbouncer.pid"
    if [ -n "$PGBIN" ]; then
      stop_cluster "$REPLICA_DATA"
      stop_cluster "$PRIMARY_DATA"
    fi
    log "down"
  fi
  if [ "$purge" = --purge ]; then
    rm -rf "$PG_DIR" "$DEPLOY_DIR"
    log "removed $DEPLOY_DIR"
  elif [ -n "$purge" ]; then
    die "down takes --purge or nothing"
  fi
}

# ---------------------------------------------------------------- faults and single parts

check_n() {
  if ! [[ "${1:-}" =~ ^[0-9]+$ ]] || [ "$1" -lt 1 ] || [ "$1" -gt "$SERVICES" ]; then die "service number 1..$SERVICES"; fi
}

cmd_kill_service() {
  check_n "${1:-}"
  local pid
  pid=$(pid_of "service-$1")
  alive "$pid" || die "service $1 is not running"
  kill -KILL "$pid"
  wait_exit "$pid" 5
  rm -f "$DEPLOY_DIR/service-$1.pid"
  log "service $1 (pid $pid) killed with SIGKILL"
}

cmd_stop_service() {
  check_n "${1:-}"
  stop_pidfile_process "service-$1" 25
  log "service $1 stopped (SIGTERM)"
}

cmd_start_service() {
  check_n "${1:-}"
  ensure_packages
  start_service "$1"
  wait_service_ready "$1"
  haproxy_cmd "set server services/s$1 state ready" >/dev/null || true
  log "service $1 ready"
}

cmd_restart_service() {
  check_n "${1:-}"
  # out of rotation first: HAProxy sends it nothing new while it finishes what it has
  haproxy_cmd "set server services/s$1 state maint" >/dev/null || true
  sleep 0.5
  cmd_stop_service "$1"
  cmd_start_service "$1"
}

cmd_restart_primary_immediate() {
  PGBIN=$(pg_bin_dir)
  log "primary: pg_ctl restart -m immediate"
  as_pg setsid -w "$PGBIN/pg_ctl" -D "$PRIMARY_DATA" -l "$PG_DIR/primary.log" -m immediate -w -t 60 restart >/dev/null
  wait_pg "$PRIMARY_PORT" 60
  log "primary back"
}

cmd_terminate_backends() {
  PGBIN=$(pg_bin_dir)
  local n
  n=$(psql_primary -d postgres -Atc \
    "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '$DB_NAME' AND pid <> pg_backend_pid()")
  log "terminated $n backend(s) of $DB_NAME"
  echo "$n"
}

cmd_status() {
  [ -d "$DEPLOY_DIR" ] || {
    echo "not deployed ($DEPLOY_DIR does not exist)"
    return 0
  }
  print_table
  echo "HAProxy /health/ready: $(http_code "http://127.0.0.1:$HAPROXY_PORT/health/ready")"
}

cmd_urls() {
  [ -s "$DEPLOY_DIR/secrets.env" ] || die "not deployed"
  load_secrets
  echo "HAPROXY_URL=http://127.0.0.1:$HAPROXY_PORT"
  echo "HAPROXY_STATS_URL=http://127.0.0.1:$HAPROXY_STATS_PORT/"
  echo "PRIMARY_URL=$(primary_url)"
  echo "PRIMARY_ADMIN_URL=postgresql://postgres@127.0.0.1:$PRIMARY_PORT/$DB_NAME"
  echo "REPLICA_URL=$(replica_url)"
  echo "PGBOUNCER_URL=$(pgbouncer_url)"
  echo "ADMIN_API_KEY=$ADMIN_API_KEY"
  local n
  for ((n = 1; n <= SERVICES; n++)); do echo "SERVICE_${n}_URL=http://127.0.0.1:$(service_port "$n")"; done
}

main() {
  load_settings
  local cmd=${1:-}
  [ $# -gt 0 ] && shift
  case "$cmd" in
    up) cmd_up ;;
    down) cmd_down "$@" ;;
    status) cmd_status ;;
    urls) cmd_urls ;;
    kill-service) cmd_kill_service "$@" ;;
    stop-service) cmd_stop_service "$@" ;;
    start-service) cmd_start_service "$@" ;;
    restart-service) cmd_restart_service "$@" ;;
    restart-primary-immediate) cmd_restart_primary_immediate ;;
    terminate-backends) cmd_terminate_backends ;;
    *)
      sed -n '9,21p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
      [ -z "$cmd" ] || [ "$cmd" = help ] || [ "$cmd" = --help ] || exit 2
      ;;
  esac
}

main "$@"
