#!/usr/bin/env bash
# A local mesh of agentmesh nodes on this machine, each its own Liberty server on loopback ports.
#
#   liberty/local-mesh.sh start N [--chain]   create and start node-1 … node-N
#   liberty/local-mesh.sh status              one line per running node
#   liberty/local-mesh.sh stop [K]            stop node K, or every node
#   liberty/local-mesh.sh start-node K        start a stopped node K again, with its data
#
# Each started node prints: node-K <node-id> http://127.0.0.1:<port>
# Without --chain, nodes 2…N bootstrap from node 1. With --chain, node K bootstraps only from node K-1
# and dials no learned peers, so node 1 reaches node N only through the nodes between.
#
# If a node does not become ready, the script prints the end of its messages.log and stops every
# server it started.
#
# Environment: MESH_BASE_PORT (default 9100: node K listens for HTTP on MESH_BASE_PORT+K),
# MESH_HTTPS_BASE_PORT (default MESH_BASE_PORT+400: node K's HTTPS port, for the Admin Center and the
# dashboard, is MESH_HTTPS_BASE_PORT+K), MESH_DIR (default target/local-mesh: the servers and their
# data), WLP_HOME (default target/liberty/wlp, created by the build when missing). Any other MESH_*
# variable (a mesh.* setting, such as MESH_BENCH_ENABLED=true) is passed to every node started by `start`.
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
wlp=${WLP_HOME:-$project/target/liberty/wlp}
mesh_dir=${MESH_DIR:-$project/target/local-mesh}
base_port=${MESH_BASE_PORT:-9100}
https_base_port=${MESH_HTTPS_BASE_PORT:-$((base_port + 400))}
export WLP_USER_DIR="$mesh_dir/usr"
servers="$WLP_USER_DIR/servers"
started=()   # the nodes this run started, stopped again when one fails

die() { echo "local-mesh: $*" >&2; exit 1; }
http_port() { echo $((base_port + $1)); }
https_port() { echo $((https_base_port + $1)); }

usage() {
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
}

ensure_built() {
  if [ ! -f "$project/target/agentmesh.war" ] || [ ! -x "$wlp/bin/server" ]; then
    echo "local-mesh: building the WAR and the Liberty runtime (mvn package liberty:create)…" >&2
    (cd "$project" && mvn -q -B -DskipTests package liberty:create) || die "build failed"
  fi
}

# Writes node K's server configuration (keeps its data directory).
configure_node() {
  local k=$1 bootstrap=$2 auto_dial=$3
  local dir="$servers/node-$k"
  mkdir -p "$dir/apps"
  cp "$project/server.xml" "$dir/server.xml"
  cp "$project/liberty/jvm.options" "$dir/jvm.options"
  cp "$project/target/agentmesh.war" "$dir/apps/agentmesh.war.tmp"
  mv -f "$dir/apps/agentmesh.war.tmp" "$dir/apps/agentmesh.war"
  cat > "$dir/bootstrap.properties" <<PROPS
http.port=$(http_port "$k")
https.port=$(https_port "$k")
PROPS
  {
    echo "MESH_BOOTSTRAP=$bootstrap"
    echo "MESH_DISCOVERY_AUTO_DIAL=$auto_dial"
    # every other mesh.* setting of the caller's environment, e.g. MESH_BENCH_ENABLED=true
    env | grep -E '^MESH_[A-Z0-9_]+=' | grep -vE '^MESH_(BOOTSTRAP|DISCOVERY_AUTO_DIAL|BASE_PORT|HTTPS_BASE_PORT|DIR)=' || true
  } > "$dir/server.env"
}

is_running() {
  "$wlp/bin/server" status "node-$1" >/dev/null 2>&1
}

node_id() {
  local f="$servers/node-$1/mesh-data/node.id"
  [ -f "$f" ] && cat "$f" || echo "unknown"
}

# Says why node K failed (the end of its log), stops every server this run started, and exits.
fail() {
  local k=$1 why=$2 log="$servers/node-$1/logs/messages.log" lines
  echo "local-mesh: node-$k $why" >&2
  if [ -f "$log" ]; then
    lines=$(grep -E '^\[[^]]*\] [0-9a-f]+ +[^ ]+ +[EW] ' "$log" | tail -n 20 || true)
    if [ -n "$lines" ]; then
      echo "local-mesh: the last errors and warnings in $log:" >&2
    else
      lines=$(tail -n 20 "$log")
      echo "local-mesh: no errors or warnings in $log; its last lines:" >&2
    fi
    printf '%s\n' "$lines" | sed 's/^/  /' >&2
  else
    echo "local-mesh: node-$k wrote no log; see $servers/node-$k/logs/" >&2
  fi
  local n
  for n in ${started[@]+"${started[@]}"}; do
    echo "local-mesh: stopping node-$n" >&2
    "$wlp/bin/server" stop "node-$n" >/dev/null 2>&1 || true
  done
  exit 1
}

wait_ready() {
  local k=$1 port deadline
  port=$(http_port "$k")
  deadline=$((SECONDS + 90))
  until curl -fsS -o /dev/null "http://127.0.0.1:$port/health/ready" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || fail "$k" "did not become ready on port $port within 90 s"
    sleep 0.5
  done
}

print_node() {
  echo "node-$1 $(node_id "$1") http://127.0.0.1:$(http_port "$1")"
}

start_server() {
  local k=$1
  is_running "$k" && return 0
  started+=("$k")
  "$wlp/bin/server" start "node-$k" >/dev/null || fail "$k" "failed to start"
}

cmd_start() {
  local n=${1:-} chain=false
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || usage
  [ "${2:-}" = "--chain" ] && chain=true
  [ $# -le 2 ] || usage
  ensure_built
  mkdir -p "$servers"
  local k bootstrap auto_dial
  for ((k = 1; k <= n; k++)); do
    bootstrap=""
    auto_dial=true
    if $chain; then
      auto_dial=false
      [ "$k" -gt 1 ] && bootstrap="ws://127.0.0.1:$(http_port $((k - 1)))/mesh"
    elif [ "$k" -gt 1 ]; then
      bootstrap="ws://127.0.0.1:$(http_port 1)/mesh"
    fi
    configure_node "$k" "$bootstrap" "$auto_dial"
    start_server "$k"
  done
  for ((k = 1; k <= n; k++)); do
    wait_ready "$k"
    print_node "$k"
  done
}

cmd_start_node() {
  local k=${1:-}
  [[ "$k" =~ ^[1-9][0-9]*$ ]] || usage
  [ -d "$servers/node-$k" ] || die "node-$k does not exist; create it with: $0 start N"
  start_server "$k"
  wait_ready "$k"
  print_node "$k"
}

each_node() {
  [ -d "$servers" ] || return 0
  local d
  for d in "$servers"/node-*; do
    [ -d "$d" ] && echo "${d##*/node-}"
  done | sort -n
}

cmd_status() {
  local k
  for k in $(each_node); do
    is_running "$k" && print_node "$k"
  done
  return 0
}

cmd_stop() {
  local k
  if [ -n "${1:-}" ]; then
    [[ "$1" =~ ^[1-9][0-9]*$ ]] || usage
    [ -d "$servers/node-$1" ] || die "node-$1 does not exist"
    "$wlp/bin/server" stop "node-$1" >/dev/null || true
    return 0
  fi
  for k in $(each_node); do
    "$wlp/bin/server" stop "node-$k" >/dev/null || true
  done
}

case "${1:-}" in
  start) shift; cmd_start "$@" ;;
  start-node) shift; cmd_start_node "$@" ;;
  status) cmd_status ;;
  stop) shift; cmd_stop "$@" ;;
  *) usage ;;
esac
