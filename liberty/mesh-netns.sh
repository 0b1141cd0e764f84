#!/usr/bin/env bash
# A mesh of agentmesh nodes on one machine, each in its own Linux network namespace with its own address
# on a virtual bridge, as if each ran on a host of its own (root only: ip netns, veth, bridge).
#
#   liberty/mesh-netns.sh up N [--prefix P] [--samples K,K…]   make and start nodes P-n1 … P-nN
#   liberty/mesh-netns.sh cut K | heal K     take node K's link to the bridge down / up again (a partition)
#   liberty/mesh-netns.sh block K L | unblock K L   nodes K and L cannot reach each other / can again, as with
#                                            a firewall between two sites (blackhole routes in both namespaces);
#                                            each still reaches the others, so they talk through relays
#   liberty/mesh-netns.sh kill K             SIGKILL node K's JVM
#   liberty/mesh-netns.sh restart K          start node K again: same data and identity, no bootstrap list
#   liberty/mesh-netns.sh exec K CMD…        run CMD in node K's namespace (curl, java …)
#   liberty/mesh-netns.sh call K BODY        POST BODY to node K's /api/v1/call with the run's token
#   liberty/mesh-netns.sh status             one line per node
#   liberty/mesh-netns.sh down               stop every JVM, delete every namespace, link and server it made
#
# Commands other than up take --prefix P too (before or after their arguments; default agentmesh).
# Namespaces: P-hub holds the bridge br0; P-nK holds node K: lo, eth0 (its veth; the other end, vK,
# is on the bridge) and the address MESH_NETNS_SUBNET.K/24 (default subnet 10.241.17). Nothing is added
# to the root namespace. Every node is certified by an authority made for the run (trust mode certified),
# listens on HTTP port MESH_NETNS_HTTP_PORT (default 9080) and HTTPS port MESH_NETNS_HTTPS_PORT (9443)
# of its own address, and admits clients with the run's token (P/mcp.token, mesh.mcp.token). Node 2
# bootstraps from node 1, node K>2 from nodes 1 and 2. --samples K,K…: only these nodes host the
# sample agents (echo, notes); default every node. Any other MESH_* variable of the caller's environment
# (a mesh.* setting such as MESH_REGISTRY_ROUND_INTERVAL=500ms) is passed to every node;
# MESH_NETNS_JVM_OPTIONS (space separated) are added to every node's jvm.options.
#
# Files: MESH_NETNS_DIR (default target/it-nodes): usr/servers/P-nK, the Liberty servers (the runtime
# of the build, WLP_HOME, default target/liberty/wlp; the build's WAR, linked, not copied) with their
# data in mesh-data; P/, the run's authority, token and node ids. When up fails, it runs down.
set -euo pipefail

project=$(cd "$(dirname "$0")/.." && pwd)
wlp=${WLP_HOME:-$project/target/liberty/wlp}
run_root=${MESH_NETNS_DIR:-$project/target/it-nodes}
subnet=${MESH_NETNS_SUBNET:-10.241.17}
http_port=${MESH_NETNS_HTTP_PORT:-9080}
https_port=${MESH_NETNS_HTTPS_PORT:-9443}
ready_timeout=${MESH_NETNS_READY_TIMEOUT:-240}
export WLP_USER_DIR="$run_root/usr"
servers="$WLP_USER_DIR/servers"
prefix=agentmesh

die() { echo "mesh-netns: $*" >&2; exit 1; }
say() { echo "mesh-netns: $*" >&2; }

usage() {
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

hub() { echo "$prefix-hub"; }
ns() { echo "$prefix-n$1"; }
server() { echo "$prefix-n$1"; }
addr() { echo "$subnet.$1"; }
state() { echo "$run_root/$prefix"; }
server_dir() { echo "$servers/$(server "$1")"; }
url() { echo "http://$(addr "$1"):$http_port"; }

require_root() {
  [ "$(id -u)" -eq 0 ] || die "needs root (network namespaces): run it as root"
  command -v ip >/dev/null || die "ip (iproute2) is not installed"
  ip netns list >/dev/null 2>&1 || die "ip netns does not work here"
  command -v curl >/dev/null || die "curl is not installed"
}

ensure_built() {
  if [ ! -f "$project/target/agentmesh.war" ] || [ ! -x "$wlp/bin/server" ]; then
    say "building the WAR and the Liberty runtime (mvn package liberty:create)…"
    (cd "$project" && mvn -q -B -DskipTests package liberty:create) || die "build failed"
  fi
}

ns_exists() { ip netns list | awk '{print $1}' | grep -qx "$1"; }

# The node numbers of this prefix's namespaces.
each_node() {
  ip netns list | awk '{print $1}' | sed -n "s/^$prefix-n\([0-9][0-9]*\)\$/\1/p" | sort -n
}

check_node() {
  [[ "${1:-}" =~ ^[1-9][0-9]*$ ]] || usage
  ns_exists "$(ns "$1")" || die "node $1 does not exist (no namespace $(ns "$1")); see: $0 status --prefix $prefix"
}

# The pids of node K's Liberty JVM: processes in its namespace running ws-server.jar for its server.
jvm_pids() {
  local p
  ns_exists "$(ns "$1")" || return 0
  for p in $(ip netns pids "$(ns "$1")"); do
    if tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q "ws-server.jar.* $(server "$1")\( \|\$\)"; then
      echo "$p"
    fi
  done
}

node_id() {
  local f
  f="$(server_dir "$1")/mesh-data/node.id"
  if [ -f "$f" ]; then cat "$f"; else sed -n "s/^$1 //p" "$(state)/nodes" 2>/dev/null || true; fi
}

# Writes node K's server configuration; its data directory stays.
configure_node() {
  local k=$1 bootstrap=$2 samples=$3 dir
  dir=$(server_dir "$k")
  mkdir -p "$dir/apps"
  cp "$project/server.xml" "$dir/server.xml"
  cp "$project/liberty/jvm.options" "$dir/jvm.options"
  # shellcheck disable=SC2086  # one JVM option per word
  [ -z "${MESH_NETNS_JVM_OPTIONS:-}" ] || printf '%s\n' $MESH_NETNS_JVM_OPTIONS >> "$dir/jvm.options"
  ln -sfn "$project/target/agentmesh.war" "$dir/apps/agentmesh.war"
  cat > "$dir/bootstrap.properties" <<PROPS
http.host=$(addr "$k")
http.port=$http_port
https.port=$https_port
PROPS
  {
    echo "MESH_TRUST_MODE=certified"
    echo "MESH_TRUST_AUTHORITIES=$(cat "$(state)/authority/authority.pub")"
    echo "MESH_MCP_TOKEN=$(cat "$(state)/mcp.token")"
    echo "MESH_SAMPLES_ENABLED=$samples"
    [ -z "$bootstrap" ] || echo "MESH_BOOTSTRAP=$bootstrap"
    env | grep -E '^MESH_[A-Z0-9_]+=' \
      | grep -vE '^MESH_(NETNS_[A-Z0-9_]*|TRUST_MODE|TRUST_AUTHORITIES|MCP_TOKEN|SAMPLES_ENABLED|BOOTSTRAP)=' || true
  } > "$dir/server.env"
  chmod 600 "$dir/server.env"
}

# Node K's bootstrap list: node 1 for node 2, nodes 1 and 2 for the others, each pinned to its node id.
bootstrap_of() {
  local k=$1 j list=""
  for j in 1 2; do
    [ "$j" -lt "$k" ] || break
    list="$list${list:+,}ws://$(addr "$j"):$http_port/mesh#$(node_id "$j")"
  done
  echo "$list"
}

start_node() {
  local out
  out=$(ip netns exec "$(ns "$1")" "$wlp/bin/server" start "$(server "$1")" 2>&1) && return 0
  # server start gives up waiting on a loaded machine while the server still comes up: readiness decides
  [ -n "$(jvm_pids "$1")" ] || { say "node $1 did not start: $out"; return 1; }
}

ready() {
  ip netns exec "$(ns "$1")" curl -fsS -m 3 -o /dev/null "$(url "$1")/health/ready" 2>/dev/null
}

wait_ready() {
  local k=$1 deadline=$((SECONDS + ready_timeout)) log
  until ready "$k"; do
    if [ $SECONDS -ge "$deadline" ] || [ -z "$(jvm_pids "$k")" ]; then
      log="$(server_dir "$k")/logs/messages.log"
      say "node $k not ready at $(url "$k")/health/ready within ${ready_timeout}s; the end of $log:"
      tail -n 30 "$log" 2>/dev/null | sed 's/^/  /' >&2 || true
      return 1
    fi
    sleep 1
  done
}

print_node() {
  echo "node $1 $(node_id "$1") $(url "$1") ns $(ns "$1")"
}

cmd_up() {
  local n="" samples_list="" k
  while [ $# -gt 0 ]; do
    case "$1" in
      --samples) samples_list=${2:-}; shift 2 || usage ;;
      *) [ -z "$n" ] || usage; n=$1; shift ;;
    esac
  done
  if ! [[ "$n" =~ ^[1-9][0-9]*$ ]] || [ "$n" -gt 250 ]; then usage; fi
  require_root
  if ns_exists "$(hub)" || [ -n "$(each_node)" ]; then
    die "a mesh with prefix $prefix is up: $0 down --prefix $prefix first"
  fi
  ensure_built
  trap 'say "up failed: removing what it made"; cmd_down' EXIT

  # the network: a bridge in the hub namespace, one veth from it into each node's namespace
  ip netns add "$(hub)"
  ip -n "$(hub)" link add br0 type bridge
  ip -n "$(hub)" link set br0 up
  for ((k = 1; k <= n; k++)); do
    ip netns add "$(ns "$k")"
    ip -n "$(hub)" link add "v$k" type veth peer name eth0 netns "$(ns "$k")"
    ip -n "$(hub)" link set "v$k" master br0 up
    ip -n "$(ns "$k")" link set lo up
    ip -n "$(ns "$k")" addr add "$(addr "$k")/24" dev eth0
    ip -n "$(ns "$k")" link set eth0 up
  done

  # the run's authority, token and one certified identity per node
  rm -rf "$(state)"
  mkdir -p "$(state)"
  chmod 700 "$(state)"
  "$project/liberty/mesh-authority.sh" init "$(state)/authority" >/dev/null
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n' > "$(state)/mcp.token"
  chmod 600 "$(state)/mcp.token"
  : > "$(state)/nodes"
  for ((k = 1; k <= n; k++)); do
    rm -rf "$(server_dir "$k")"
    mkdir -p "$(server_dir "$k")"
    "$project/liberty/mesh-authority.sh" provision "$(state)/authority" --groups "$prefix" --days 30 \
        --out "$(server_dir "$k")/mesh-data" \
      | sed -n 's/^node \([0-9a-f]\{40\}\): .*/\1/p' | sed "s/^/$k /" >> "$(state)/nodes"
  done

  local samples
  for ((k = 1; k <= n; k++)); do
    samples=true
    [ -z "$samples_list" ] || { [[ ",$samples_list," == *",$k,"* ]] || samples=false; }
    configure_node "$k" "$(bootstrap_of "$k")" "$samples"
  done
  local starts=() pid failed=false
  for ((k = 1; k <= n; k++)); do
    start_node "$k" &
    starts+=($!)
  done
  for pid in "${starts[@]}"; do
    wait "$pid" || failed=true
  done
  ! $failed || die "a node did not start"
  for ((k = 1; k <= n; k++)); do
    wait_ready "$k"
  done
  trap - EXIT
  for ((k = 1; k <= n; k++)); do
    print_node "$k"
  done
}

cmd_link() {
  check_node "$1"
  ip -n "$(hub)" link set "v$1" "$2"
}

# block K L / unblock K L: a blackhole route to the other's address in each of the two namespaces.
cmd_block() {
  check_node "$1"
  check_node "$2"
  [ "$1" != "$2" ] || die "block: two different nodes"
  ip -n "$(ns "$1")" route "$3" blackhole "$(addr "$2")/32"
  ip -n "$(ns "$2")" route "$3" blackhole "$(addr "$1")/32"
}

cmd_kill() {
  check_node "$1"
  local pids
  pids=$(jvm_pids "$1" | tr '\n' ' ')
  [ -n "$pids" ] || die "node $1 runs no JVM"
  # shellcheck disable=SC2086
  kill -KILL $pids
  echo "node $1 killed (pid ${pids% })"
}

cmd_restart() {
  check_node "$1"
  [ -d "$(server_dir "$1")/mesh-data" ] || die "node $1 has no server directory $(server_dir "$1")"
  if [ -n "$(jvm_pids "$1")" ]; then
    ip netns exec "$(ns "$1")" "$wlp/bin/server" stop "$(server "$1")" >/dev/null 2>&1 || true
  fi
  local samples
  samples=$(sed -n 's/^MESH_SAMPLES_ENABLED=//p' "$(server_dir "$1")/server.env")
  configure_node "$1" "" "${samples:-true}"
  start_node "$1"
  wait_ready "$1"
  print_node "$1"
}

cmd_exec() {
  check_node "$1"
  local k=$1
  shift
  [ $# -gt 0 ] || usage
  exec ip netns exec "$(ns "$k")" "$@"
}

cmd_call() {
  check_node "$1"
  [ $# -eq 2 ] || usage
  ip netns exec "$(ns "$1")" curl -sS -m 30 -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $(cat "$(state)/mcp.token")" --data-binary "$2" "$(url "$1")/api/v1/call"
  echo
}

cmd_status() {
  local k link jvm health
  for k in $(each_node); do
    link=$(ip -n "$(hub)" -o link show "v$k" 2>/dev/null | grep -q 'state UP' && echo up || echo cut)
    jvm=$(jvm_pids "$k" | tr '\n' ' ')
    health=down
    [ -z "$jvm" ] || ! ready "$k" || health=ready
    echo "$(print_node "$k") link $link jvm ${jvm:-none} $health"
  done
}

# Stops every JVM of the prefix (SIGTERM, then SIGKILL after 20 s), deletes its namespaces (with them
# the veths and the bridge), its servers and its run directory. Idempotent.
cmd_down() {
  local k pids deadline d
  for k in $(each_node); do
    pids=$(ip netns pids "$(ns "$k")" | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -TERM $pids 2>/dev/null || true
  done
  deadline=$((SECONDS + 20))
  for k in $(each_node); do
    while [ -n "$(ip netns pids "$(ns "$k")")" ] && [ $SECONDS -lt $deadline ]; do sleep 0.5; done
    pids=$(ip netns pids "$(ns "$k")" | tr '\n' ' ')
    # shellcheck disable=SC2086
    [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
    ip netns del "$(ns "$k")"
  done
  ! ns_exists "$(hub)" || ip netns del "$(hub)"
  for d in "$servers/$prefix"-n*; do
    [ ! -d "$d" ] || rm -rf "$d"
  done
  rm -rf "$(state)"
}

# --prefix P anywhere among the arguments, except in the command that exec runs
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix)
      [ $# -ge 2 ] || usage
      prefix=$2
      shift 2
      ;;
    *)
      args+=("$1")
      shift
      if [ "${args[0]}" = exec ] && [ ${#args[@]} -eq 2 ]; then
        while [ $# -gt 0 ] && [ "$1" = --prefix ]; do
          [ $# -ge 2 ] || usage
          prefix=$2
          shift 2
        done
        args+=("$@")
        break
      fi
      ;;
  esac
done
[[ "$prefix" =~ ^[a-z][a-z0-9-]{0,9}$ ]] || die "prefix: a lowercase letter, then at most 9 of a-z 0-9 -"
set -- ${args[@]+"${args[@]}"}

command=${1:-}
[ $# -eq 0 ] || shift
case "$command" in
  up) cmd_up "$@" ;;
  cut) [ $# -eq 1 ] || usage; require_root; cmd_link "$1" down ;;
  heal) [ $# -eq 1 ] || usage; require_root; cmd_link "$1" up ;;
  block) [ $# -eq 2 ] || usage; require_root; cmd_block "$1" "$2" add ;;
  unblock) [ $# -eq 2 ] || usage; require_root; cmd_block "$1" "$2" del ;;
  kill) [ $# -eq 1 ] || usage; require_root; cmd_kill "$1" ;;
  restart) [ $# -eq 1 ] || usage; require_root; cmd_restart "$1" ;;
  exec) [ $# -ge 1 ] || usage; require_root; cmd_exec "$@" ;;
  call) [ $# -ge 1 ] || usage; require_root; cmd_call "$@" ;;
  status) require_root; cmd_status ;;
  down) require_root; cmd_down ;;
  *) usage ;;
esac
