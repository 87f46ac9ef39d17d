#!/usr/bin/env bash
# Issue 12's memory budget (ADR 26): the published server, SQLite with the demo, must stay within 200 MiB
# resident after start and again after a load of the backlog page, one item, a create, a PATCH and a move
# (wrk, 16 connections, bearer token of the demo PO). Publishes, starts, measures, loads, measures again
# and prints one table row per run.
#
#   bench/memory.sh                                 # publish to /tmp/mem-pub, 3 runs of the defaults
#   bench/memory.sh --no-publish --runs 1 gen0-1M:DOTNET_GCgen0size=0x100000 tc-off:DOTNET_TieredCompilation=0
#   bench/memory.sh --publish-args "-p:PublishReadyToRun=true" --pub /tmp/mem-r2r r2r
#
# Options: --pub DIR (publish output, default /tmp/mem-pub), --no-publish, --publish-args "…", --runs N (3),
# --seconds N (wrk seconds per request, 10), --connections N (16), --port N (5199).
# Each further argument is a variant: NAME or NAME:VAR=VALUE,VAR=VALUE (environment of the server).
# Columns: VmRSS / PSS (smaps_rollup) in MiB after start and after the load; anonymous, file-backed and
# shared (W^X double-mapped code) parts of the resident set after the load; assemblies mapped; req/s per request.
set -euo pipefail

PUB=/tmp/mem-pub; PUBLISH=1; PUBLISH_ARGS=""; RUNS=3; SECS=10; CONN=16; PORT=5199
VARIANTS=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --pub) PUB=$2; shift 2 ;;
    --no-publish) PUBLISH=0; shift ;;
    --publish-args) PUBLISH_ARGS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --seconds) SECS=$2; shift 2 ;;
    --connections) CONN=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) VARIANTS+=("$1"); shift ;;
  esac
done
[[ ${#VARIANTS[@]} -eq 0 ]] && VARIANTS=(default)
for tool in dotnet wrk curl python3; do command -v $tool >/dev/null || { echo "memory.sh needs $tool" >&2; exit 1; }; done

ROOT=$(cd "$(dirname "$0")/.." && pwd)
if [[ $PUBLISH == 1 ]]; then
  echo "publishing to $PUB ${PUBLISH_ARGS}" >&2
  # shellcheck disable=SC2086
  dotnet publish "$ROOT/src/Tandem.Web" -c Release -o "$PUB" -v q $PUBLISH_ARGS >&2
fi

WORK=$(mktemp -d /tmp/tandem-memory.XXXXXX)
SERVER=""
cleanup() { [[ -n $SERVER ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/item.lua" <<'EOF'
request = function() return wrk.format("GET", "/api/v1/items/PAY-1") end
EOF
cat > "$WORK/create.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/v1/products/PAY/items", nil, '{"type":"story","title":"As a payer I want memory story ' .. n .. ' so that it fits"}')
end
EOF
cat > "$WORK/patch.lua" <<'EOF'
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
request = function() return wrk.format(nil, "/api/v1/items/PAY-" .. math.random(1, 20), nil, '{"businessValue":' .. math.random(0, 100) .. '}') end
EOF
cat > "$WORK/move.lua" <<'EOF'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  local i = math.random(1, 20)
  local o = i % 20 + 1
  local b = ({'{"position":"top"}', '{"position":"bottom"}', '{"before":"PAY-' .. o .. '"}', '{"after":"PAY-' .. o .. '"}'})[math.random(1, 4)]
  return wrk.format(nil, "/api/v1/items/PAY-" .. i .. "/move", nil, b)
end
EOF

mib() { awk -v k="$1" '$1 == k":" { printf "%d", $2 / 1024 }' "$2"; }
measure() { # RSS / PSS
  echo "$(mib VmRSS /proc/$SERVER/status) / $(mib Pss /proc/$SERVER/smaps_rollup)"
}
parts() { # anonymous, file-backed, shared
  echo "$(mib RssAnon /proc/$SERVER/status) / $(mib RssFile /proc/$SERVER/status) / $(mib RssShmem /proc/$SERVER/status)"
}
assemblies() { grep -oE '[^/]+\.dll$' /proc/$SERVER/maps | sort -u | wc -l; }
# req/s of one wrk run, with its non-2xx answers and socket errors if any
load() {
  wrk -t2 -c"$CONN" -d"${SECS}s" -H "Authorization: Bearer $TOKEN" "$@" \
    | awk '/Requests\/sec/ { r = sprintf("%d", $2) } /Non-2xx/ { e = e " " $5 " non-2xx" } /Socket errors/ { e = e " socket:" $3 $4 $5 $6 $7 $8 $9 $10 }
           END { printf "%s%s", r, (e == "" ? "" : " (" substr(e, 2) ")") }'
}

echo
echo "| variant | after start RSS / PSS | after load RSS / PSS | after load anon / file / shared | assemblies | page | item | create | patch | move (req/s) |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for variant in "${VARIANTS[@]}"; do
  NAME=${variant%%:*}
  ENVS=()
  [[ $variant == *:* ]] && IFS=',' read -r -a ENVS <<< "${variant#*:}"
  for run in $(seq 1 "$RUNS"); do
    DATA="$WORK/data-$NAME-$run"; mkdir -p "$DATA"
    env ${ENVS[@]+"${ENVS[@]}"} dotnet "$PUB/Tandem.Web.dll" --demo --urls "http://127.0.0.1:$PORT" \
      --Tandem:DataDirectory="$DATA" > "$WORK/$NAME-$run.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 180); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 1; done
    curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null || { echo "server did not start:" >&2; tail -20 "$WORK/$NAME-$run.log" >&2; exit 1; }
    sleep 5
    kill -0 "$SERVER" 2>/dev/null || { echo "server $NAME ended after start:" >&2; tail -20 "$WORK/$NAME-$run.log" >&2; exit 1; }
    START=$(measure); START_ASM=$(assemblies)
    TOKEN=$(curl -sf -X POST -H "Content-Type: application/json" -d '{"email":"po@demo.tandem","password":"Tandem-demo-1"}' \
      "http://127.0.0.1:$PORT/api/v1/auth/login" | python3 -c 'import sys, json; print(json.load(sys.stdin)["accessToken"])')
    PAGE=$(load "http://127.0.0.1:$PORT/api/v1/products/PAY/backlog?limit=100")
    ITEM=$(load -s "$WORK/item.lua" "http://127.0.0.1:$PORT")
    CREATE=$(load -s "$WORK/create.lua" "http://127.0.0.1:$PORT")
    PATCH=$(load -s "$WORK/patch.lua" "http://127.0.0.1:$PORT")
    MOVE=$(load -s "$WORK/move.lua" "http://127.0.0.1:$PORT")
    sleep 5 # the server gives memory back one to two seconds after it goes quiet (ADR 47)
    kill -0 "$SERVER" 2>/dev/null || { echo "server $NAME ended under the load:" >&2; tail -20 "$WORK/$NAME-$run.log" >&2; exit 1; }
    echo "| $NAME | $START | $(measure) | $(parts) | $START_ASM → $(assemblies) | $PAGE | $ITEM | $CREATE | $PATCH | $MOVE |"
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  done
done
