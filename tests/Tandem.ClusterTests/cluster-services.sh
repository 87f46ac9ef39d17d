#!/usr/bin/env bash
# The two-node suite's Redis and nginx (issue 15), as test.sh and a developer start them.
#
#   cluster-services.sh start DIR [REDIS_PORT] [NGINX_PORT]   starts both on free loopback ports near
#                                                              the given ones, writes DIR/env (exports)
#   cluster-services.sh stop DIR                               stops both by the PIDs in DIR
#
# nginx balances round-robin, without sticky sessions, over the servers the suite writes into
# DIR/upstream.conf (then it sends nginx SIGHUP); Redis keeps nothing on disk. `source DIR/env` gives
# the tests TANDEM_TEST_REDIS*, TANDEM_TEST_NGINX*.
set -euo pipefail

cmd=${1:-}; dir=${2:-}
[[ -n "$cmd" && -n "$dir" ]] || { sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while port_in_use "$p"; do p=$((p + 1)); [[ $p -lt $(($1 + 200)) ]] || return 1; done
  echo "$p"
}
stop_pid() {
  # stop_pid FILE: TERM the process named in FILE, KILL it if it is still there after 10 s.
  local file=$1 pid
  [[ -f "$file" ]] || return 0
  pid="$(head -n1 "$file" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true
}

case "$cmd" in
  start)
    redis_server="$(command -v redis-server || true)"
    nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
    [[ -x "$redis_server" ]] || { echo "cluster-services: redis-server not installed" >&2; exit 1; }
    [[ -x "$nginx_bin" ]] || { echo "cluster-services: nginx not installed" >&2; exit 1; }
    mkdir -p "$dir/tmp"
    chmod 777 "$dir/tmp"
    redis_port="$(free_port "${3:-56379}")"
    cat >"$dir/redis.conf" <<CONF
port $redis_port
bind 127.0.0.1
protected-mode yes
save ""
appendonly no
daemonize yes
pidfile $dir/redis.pid
dir $dir
logfile $dir/redis.log
CONF
    "$redis_server" "$dir/redis.conf"
    for _ in $(seq 1 50); do port_in_use "$redis_port" && break; sleep 0.1; done
    port_in_use "$redis_port" || { cat "$dir/redis.log" >&2; echo "cluster-services: redis did not start" >&2; exit 1; }

    nginx_port="$(free_port "${4:-58080}")"
    # Nothing to balance yet: the suite writes its nodes here and reloads.
    echo 'upstream tandem { server 127.0.0.1:1; }' >"$dir/upstream.conf"
    cat >"$dir/nginx.conf" <<CONF
# The configuration of docs/operations.md, with throwaway paths.
worker_processes 1;
daemon on;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
    include $dir/upstream.conf;
    server {
        listen 127.0.0.1:$nginx_port;
        client_max_body_size 30m;
        location / {
            proxy_pass http://tandem;
            proxy_http_version 1.1;
            proxy_set_header Upgrade \$http_upgrade;
            proxy_set_header Connection \$connection_upgrade;
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto \$scheme;
            proxy_set_header X-Forwarded-Host \$http_host;
            proxy_read_timeout 300s;
            proxy_next_upstream error timeout http_502 http_503;
        }
    }
}
CONF
    "$nginx_bin" -c "$dir/nginx.conf" -p "$dir" -e "$dir/nginx-error.log"
    for _ in $(seq 1 50); do port_in_use "$nginx_port" && break; sleep 0.1; done
    port_in_use "$nginx_port" || { cat "$dir/nginx-error.log" >&2; echo "cluster-services: nginx did not start" >&2; exit 1; }

    cat >"$dir/env" <<ENV
export TANDEM_TEST_REDIS=127.0.0.1:$redis_port
export TANDEM_TEST_REDIS_SERVER=$redis_server
export TANDEM_TEST_REDIS_CONF=$dir/redis.conf
export TANDEM_TEST_REDIS_PIDFILE=$dir/redis.pid
export TANDEM_TEST_NGINX=http://127.0.0.1:$nginx_port/
export TANDEM_TEST_NGINX_UPSTREAM=$dir/upstream.conf
export TANDEM_TEST_NGINX_PIDFILE=$dir/nginx.pid
ENV
    echo "redis 127.0.0.1:$redis_port, nginx 127.0.0.1:$nginx_port (env in $dir/env)"
    ;;
  stop)
    stop_pid "$dir/nginx.pid"
    stop_pid "$dir/redis.pid"
    ;;
  *) echo "cluster-services: unknown command $cmd" >&2; exit 2 ;;
esac
