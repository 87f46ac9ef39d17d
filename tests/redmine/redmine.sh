#!/usr/bin/env bash
# A real Redmine (Debian's `redmine` package, 5.0) on SQLite on loopback, for the Redmine import's live tests and for
# recording the fixtures the default test run replays (tests/Tandem.IntegrationTests/Imports/Redmine).
#   tests/redmine/redmine.sh start DIR PORT   installs the package when missing, sets up an instance in DIR, starts it on
#                                             127.0.0.1:PORT, seeds the project "tandem-pay" and writes DIR/api-key
#   tests/redmine/redmine.sh stop DIR PORT
# Needs root (apt-get and /usr/share/redmine/instances). A second start on the same DIR reuses its database.
set -euo pipefail
cmd=${1:?start|stop}; dir=${2:?DIR}; port=${3:?PORT}
dir=$(realpath -m "$dir")
instance="tandem-$port"
root=/usr/share/redmine

if [[ $cmd == stop ]]; then
  if [[ -f $dir/server.pid ]]; then kill "$(cat "$dir/server.pid")" 2>/dev/null || true; rm -f "$dir/server.pid"; fi
  rm -f "$root/instances/$instance"
  exit 0
fi
[[ $cmd == start ]] || { echo "usage: $0 start|stop DIR PORT" >&2; exit 2; }

if [[ ! -x $root/bin/rails ]]; then
  echo "Installing Debian's redmine package…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redmine redmine-sqlite >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redmine redmine-sqlite >/dev/null; }
fi

mkdir -p "$dir/config" "$dir/log" "$dir/tmp/cache" "$dir/files" "$dir/public" "$dir/db"
cat > "$dir/config/database.yml" <<YML
production:
  adapter: sqlite3
  database: $dir/db/redmine.sqlite3
  timeout: 5000
YML
[[ -f $dir/config/secret_key.txt ]] || head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/config/secret_key.txt"
ln -sfn "$dir" "$root/instances/$instance"
# Redmine's Gemfile plus WEBrick (Debian's package serves through Passenger; the tests need a server of their own).
cat > "$dir/Gemfile" <<RUBY
eval_gemfile "$root/Gemfile"
gem "webrick"
RUBY
export REDMINE_INSTANCE=$instance RAILS_ENV=production REDMINE_LANG=en BUNDLE_GEMFILE=$dir/Gemfile
cd "$root"
fresh=0
if [[ ! -s $dir/db/redmine.sqlite3 ]]; then
  fresh=1
  bin/rake db:migrate >"$dir/log/setup.log" 2>&1
  bin/rake redmine:load_default_data >>"$dir/log/setup.log" 2>&1
  # The REST API on, and an API key for admin (printed by the runner, kept in DIR/api-key).
  bin/rails runner '
    Setting.rest_api_enabled = "1"
    Setting.cross_project_issue_relations = "1"
    admin = User.find_by_login("admin")
    admin.update!(must_change_passwd: false)
    puts admin.api_key' 2>>"$dir/log/setup.log" | tail -1 > "$dir/api-key"
fi
key=$(cat "$dir/api-key")
if [[ -f $dir/server.pid ]] && kill -0 "$(cat "$dir/server.pid")" 2>/dev/null; then :; else
  nohup bin/rails server -u webrick -b 127.0.0.1 -p "$port" -P "$dir/server.pid" >"$dir/log/server.log" 2>&1 &
fi
base="http://127.0.0.1:$port"
for _ in $(seq 1 120); do curl -fs -o /dev/null "$base/projects.json" -H "X-Redmine-API-Key: $key" && break; sleep 0.5; done
curl -fs -o /dev/null "$base/projects.json" -H "X-Redmine-API-Key: $key" || { echo "Redmine did not start; see $dir/log/server.log" >&2; exit 1; }
[[ $fresh == 1 ]] || { echo "$base"; exit 0; }

api() { # METHOD PATH [JSON] → the answer's body
  curl -fsS -X "$1" "$base$2" -H "X-Redmine-API-Key: $key" -H 'Content-Type: application/json' ${3:+-d "$3"}
}
id() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(iter(d.values()))["id"])'; }

# The seed: a project with the default trackers (Bug, Feature, Support), two versions, issues in several statuses and
# priorities, a parent, relations and journals; and a second project whose issue one relation points to.
api POST /projects.json '{"project":{"name":"Tandem Pay","identifier":"tandem-pay","is_public":false,"tracker_ids":[1,2,3],"enabled_module_names":["issue_tracking"]}}' >/dev/null
api POST /projects.json '{"project":{"name":"Other","identifier":"other","tracker_ids":[1,2,3],"enabled_module_names":["issue_tracking"]}}' >/dev/null
v1=$(api POST /projects/tandem-pay/versions.json '{"version":{"name":"1.0","due_date":"2026-11-30"}}' | id)
v2=$(api POST /projects/tandem-pay/versions.json '{"version":{"name":"1.1","due_date":"2027-01-31"}}' | id)
api POST /projects/tandem-pay/versions.json '{"version":{"name":"Someday"}}' >/dev/null
issue() { api POST /issues.json "{\"issue\":{\"project_id\":\"$1\",$2}}" | id; }
# Statuses of the default data: 1 New, 2 In Progress, 3 Resolved, 4 Feedback, 5 Closed, 6 Rejected.
# Priorities: 1 Low, 2 Normal, 3 High, 4 Urgent, 5 Immediate. Trackers: 1 Bug, 2 Feature, 3 Support.
i1=$(issue tandem-pay '"tracker_id":2,"subject":"Checkout","description":"The whole checkout flow.","priority_id":2,"fixed_version_id":'$v1)
i2=$(issue tandem-pay '"tracker_id":1,"subject":"Card declined twice","description":"Steps:\n1. pay\n2. pay again","priority_id":4,"fixed_version_id":'$v1',"parent_issue_id":'$i1)
i3=$(issue tandem-pay '"tracker_id":2,"subject":"Refund a payment, \"partially\"","description":"As a shopper\nI want a partial refund","priority_id":3,"fixed_version_id":'$v2',"parent_issue_id":'$i1)
i4=$(issue tandem-pay '"tracker_id":3,"subject":"Explain fees to support","priority_id":1')
i5=$(issue tandem-pay '"tracker_id":1,"subject":"Rounding of cents","priority_id":5')
i6=$(issue tandem-pay '"tracker_id":2,"subject":"Export payments","priority_id":2,"fixed_version_id":'$v2)
o1=$(issue other '"tracker_id":1,"subject":"Shared ledger bug","priority_id":2')
api POST "/issues/$i3/relations.json" '{"relation":{"issue_to_id":'$i2',"relation_type":"relates"}}' >/dev/null
api POST "/issues/$i2/relations.json" '{"relation":{"issue_to_id":'$i6',"relation_type":"blocks"}}' >/dev/null
api POST "/issues/$i5/relations.json" '{"relation":{"issue_to_id":'$i2',"relation_type":"duplicates"}}' >/dev/null
api POST "/issues/$i3/relations.json" '{"relation":{"issue_to_id":'$i6',"relation_type":"precedes"}}' >/dev/null
api POST "/issues/$i6/relations.json" '{"relation":{"issue_to_id":'$o1',"relation_type":"relates"}}' >/dev/null
api PUT "/issues/$i3.json" '{"issue":{"notes":"Partial refunds need the ledger first."}}' >/dev/null
api PUT "/issues/$i3.json" '{"issue":{"notes":"Agreed with finance: refunds up to the captured amount.","priority_id":4}}' >/dev/null
api PUT "/issues/$i2.json" '{"issue":{"notes":"Fixed in 1.0."}}' >/dev/null
# A new issue starts in its tracker's default status (the admin holds no role in the project); then the workflow moves it.
for change in "$i2:5" "$i3:2" "$i4:4" "$i5:6" "$i6:3"; do
  api PUT "/issues/${change%%:*}.json" "{\"issue\":{\"status_id\":${change##*:}}}" >/dev/null
done
# Issues cannot be given a closed version, so 1.0 closes once its issues are in.
api PUT "/versions/$v1.json" '{"version":{"status":"closed"}}' >/dev/null
echo "$base"
