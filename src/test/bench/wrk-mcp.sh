#!/usr/bin/env bash
# /mcp tools/call of the sample echo agent, with wrk (Debian package "wrk"), in one run against one node
# on loopback, beside its baselines. Targets:
#   plain   the same JSON body POSTed to the plaintext JAX-RS echo POST /api/v1/bench/echo (the node must
#           run with mesh.bench.enabled=true, MESH_BENCH_ENABLED=true)
#   mcp     tools/call at /mcp/echo in a 2025-11-25 session (initialize + notifications/initialized
#           first; one session shared by all connections)
#   modern  tools/call at /mcp/echo as MCP 2026-07-28 has it: stateless, the version in _meta and the
#           MCP-Protocol-Version, Mcp-Method and Mcp-Name headers
#   sdk     tools/call of the same echo tool on the MCP Java SDK's own Streamable HTTP server, in a
#           2025-11-25 session: io.agentmesh.bench.SdkEchoServer, started beforehand on port $SDK_PORT
#
#   src/test/bench/wrk-mcp.sh [port=9080] [seconds=15] [connections="1 8"] [targets="plain mcp"]
#
# Prints requests per second and the 50th/99th latency percentiles for each target and connection count.
set -euo pipefail
port=${1:-9080}
seconds=${2:-15}
connections=${3:-"1 8"}
targets=${4:-"plain mcp"}
sdk=http://127.0.0.1:${SDK_PORT:-9390}
base=http://127.0.0.1:$port
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body='{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'

modern='{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientInfo":{"name":"wrk-mcp","version":"1"},"io.modelcontextprotocol/clientCapabilities":{}}}}'

# A 2025-11-25 session at $1: initialize, notifications/initialized; prints its id.
open_session() {
  local id
  id=$(curl -sSi "$1" -H 'Accept: application/json, text/event-stream' -H 'Content-Type: application/json' \
    -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk-mcp","version":"1"}}}' \
    | tr -d '\r' | awk 'tolower($1)=="mcp-session-id:" {print $2}')
  [ -n "$id" ] || { echo "no MCP session from $1" >&2; exit 1; }
  curl -sS -o /dev/null "$1" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    -H "Mcp-Session-Id: $id" -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  echo "$id"
}

# Checks that target $1 answers hello; writes its wrk script.
prepare() {
  local check
  case $1 in
    plain)
      curl -sS -f -o /dev/null "$base/api/v1/bench/echo" -H 'Content-Type: application/json' -d "$body" \
        || { echo "baseline $base/api/v1/bench/echo not served: start the node with MESH_BENCH_ENABLED=true" >&2; exit 1; }
      printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$body'" > "$work/plain.lua"
      return ;;
    mcp|sdk)
      local url=$base/mcp/echo; [ "$1" = sdk ] && url=$sdk/mcp
      local session; session=$(open_session "$url")
      printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json, text/event-stream"\nwrk.headers["Mcp-Session-Id"] = "%s"\nwrk.headers["MCP-Protocol-Version"] = "2025-11-25"\nwrk.body = %s\n' \
        "$session" "'$body'" > "$work/$1.lua"
      check=$(curl -sS "$url" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-11-25' -d "$body") ;;
    modern)
      printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Accept"] = "application/json, text/event-stream"\nwrk.headers["MCP-Protocol-Version"] = "2026-07-28"\nwrk.headers["Mcp-Method"] = "tools/call"\nwrk.headers["Mcp-Name"] = "echo"\nwrk.body = %s\n' \
        "'$modern'" > "$work/modern.lua"
      check=$(curl -sS "$base/mcp/echo" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
        -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/call' -H 'Mcp-Name: echo' -d "$modern") ;;
    *) echo "unknown target $1" >&2; exit 2 ;;
  esac
  grep -q '"text":"hello"' <<<"$check" || { echo "tools/call of echo ($1) does not answer hello: $check" >&2; exit 1; }
}

for target in $targets; do prepare "$target"; done

printf '%-7s %11s %9s %9s %9s %8s\n' target connections req/s p50 p99 non-2xx
for c in $connections; do
  for target in $targets; do
    case $target in
      plain) url=$base/api/v1/bench/echo ;;
      sdk) url=$sdk/mcp ;;
      *) url=$base/mcp/echo ;;
    esac
    out=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${seconds}s" --latency -s "$work/$target.lua" "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%-7s %11s %9s %9s %9s %8s\n' "$target" "$c" "$rps" "$p50" "$p99" "${bad:-0}"
  done
done
