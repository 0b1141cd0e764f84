#!/usr/bin/env bash
# /mcp tools/call of the sample echo agent against the plaintext JAX-RS echo baseline, with wrk
# (Debian package "wrk"), in one run against one node on loopback. The node must run with
# mesh.bench.enabled=true (MESH_BENCH_ENABLED=true), which serves the baseline POST /api/v1/bench/echo.
#
#   src/test/bench/wrk-mcp.sh [port=9080] [seconds=15] [connections="1 8"]
#
# Prints requests per second and the 50th/99th latency percentiles for each target and connection
# count; one MCP session (initialize + notifications/initialized) is shared by all connections.
set -euo pipefail
port=${1:-9080}
seconds=${2:-15}
connections=${3:-"1 8"}
base=http://127.0.0.1:$port
command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
body='{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello"}}}'

session=$(curl -sSi "$base/mcp/echo" -H 'Accept: application/json, text/event-stream' \
  -H 'Content-Type: application/json' \
  -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"wrk-mcp","version":"1"}}}' \
  | tr -d '\r' | awk 'tolower($1)=="mcp-session-id:" {print $2}')
[ -n "$session" ] || { echo "no MCP session from $base/mcp/echo" >&2; exit 1; }
curl -sS -o /dev/null "$base/mcp/echo" -H 'Content-Type: application/json' -H "Mcp-Session-Id: $session" \
  -H 'MCP-Protocol-Version: 2025-11-25' -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
curl -sS -f -o /dev/null "$base/api/v1/bench/echo" -H 'Content-Type: application/json' -d "$body" \
  || { echo "baseline $base/api/v1/bench/echo not served: start the node with MESH_BENCH_ENABLED=true" >&2; exit 1; }
curl -sS "$base/mcp/echo" -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
  -H "Mcp-Session-Id: $session" -H 'MCP-Protocol-Version: 2025-11-25' -d "$body" | grep -q '"text":"hello"' \
  || { echo "tools/call of echo at $base/mcp/echo does not answer hello" >&2; exit 1; }

cat > "$work/plain.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '$body'
LUA
cat > "$work/mcp.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "application/json, text/event-stream"
wrk.headers["Mcp-Session-Id"] = "$session"
wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
wrk.body = '$body'
LUA

printf '%-7s %11s %9s %9s %9s %8s\n' target connections req/s p50 p99 non-2xx
for c in $connections; do
  for target in plain mcp; do
    url="$base/api/v1/bench/echo"; [ "$target" = mcp ] && url="$base/mcp/echo"
    out=$(wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"${seconds}s" --latency -s "$work/$target.lua" "$url")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1=="50%" {print $2}' <<<"$out")
    p99=$(awk '$1=="99%" {print $2}' <<<"$out")
    bad=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    printf '%-7s %11s %9s %9s %9s %8s\n' "$target" "$c" "$rps" "$p50" "$p99" "${bad:-0}"
  done
done
