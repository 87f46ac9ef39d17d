#!/usr/bin/env bash
# Records the answers of a real Redmine (started by redmine.sh) that the Redmine import asks for, into the fixtures the
# default test run replays from a loopback server (RedmineReplay): one file per path and query, named as
# RedmineReplay.FileFor names it. The tests read 4 issues per page, so the pages are recorded at limit=4.
#   tests/redmine/record.sh DIR PORT [OUT]   (OUT: tests/Tandem.IntegrationTests/Imports/Redmine)
set -euo pipefail
dir=${1:?DIR}; port=${2:?PORT}
out=${3:-$(dirname "$0")/../Tandem.IntegrationTests/Imports/Redmine}
base="http://127.0.0.1:$port"; key=$(cat "$dir/api-key"); limit=4
mkdir -p "$out"
get() { # PATH?QUERY → OUT/<name>
  local name; name=$(printf '%s' "${1#/}" | sed 's/[^A-Za-z0-9.-]/_/g'); [[ $name == *.json ]] || name="$name.json"
  curl -fsS "$base$1" -H "X-Redmine-API-Key: $key" | python3 -m json.tool --indent 1 > "$out/$name"
  echo "$out/$name"
}
get /projects/tandem-pay.json >/dev/null
id=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["project"]["id"])' "$out/projects_tandem-pay.json")
get /issue_statuses.json >/dev/null
get "/projects/$id/versions.json" >/dev/null
offset=0
while :; do
  page=$(get "/issues.json?project_id=$id&subproject_id=!*&status_id=*&include=relations&sort=id&limit=$limit&offset=$offset")
  total=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total_count"])' "$page")
  for issue in $(python3 -c 'import json,sys; print(" ".join(str(i["id"]) for i in json.load(open(sys.argv[1]))["issues"]))' "$page"); do
    get "/issues/$issue.json?include=journals" >/dev/null
  done
  offset=$((offset + limit)); [[ $offset -lt $total ]] || break
done
ls "$out"
