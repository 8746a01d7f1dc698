#!/usr/bin/env bash
# bench/load-balancer: HTTP throughput and p99 latency through a Berth application load balancer (its HAProxy data
# plane) against nginx proxying to the same two task backends, with the same wrk settings, interleaved in one run.
# Starts a berthd of its own on a spare port (Release build from `make build`), an ECS service of 2 tasks behind an
# ALB, and nginx on another loopback port; stops all of it afterwards. Nothing is pulled from the internet.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${BENCH_ROUNDS:-2}
WRK_ARGS=${BENCH_WRK_ARGS:--t2 -c32 -d10s}
WARMUP_ARGS=${BENCH_WARMUP_ARGS:--t2 -c32 -d3s}
export DEBIAN_FRONTEND=noninteractive
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
command -v nginx >/dev/null || apt-get install -y -qq nginx >/dev/null
if [ "${BENCH_BACKEND:-nginx}" = busybox ]; then
  [ -x /bin/busybox ] && file -L /bin/busybox | grep -q 'statically linked' || apt-get install -y -qq busybox-static >/dev/null
fi
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
work=$(mktemp -d /tmp/berth-bench-lb.XXXXXX)
api_port=$(free_port); lb_port=$(free_port); nginx_port=$(free_port)
while [ "$lb_port" = "$api_port" ]; do lb_port=$(free_port); done
while [ "$nginx_port" = "$api_port" ] || [ "$nginx_port" = "$lb_port" ]; do nginx_port=$(free_port); done
endpoint=http://127.0.0.1:$api_port
cluster=bench-lb

export BERTH_ROOT_ACCESS_KEY_ID=AKIDBENCH BERTH_ROOT_SECRET_ACCESS_KEY=bench-secret AWS_PAGER="" AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=$BERTH_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$BERTH_ROOT_SECRET_ACCESS_KEY
aws_() { timeout 60 aws --endpoint-url "$endpoint" "$@"; }

cleanup() {
  set +e
  [ -n "${nginx_pid:-}" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  if [ -n "${berth_pid:-}" ] && kill -0 "$berth_pid" 2>/dev/null; then
    aws_ ecs delete-service --cluster "$cluster" --service web --force >/dev/null 2>&1
    kill -TERM "$berth_pid"  # a graceful stop stops berthd's HAProxy too
    for _ in $(seq 1 60); do kill -0 "$berth_pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$berth_pid" 2>/dev/null; wait "$berth_pid" 2>/dev/null
  fi
  # Whatever this berthd left: its HAProxy (if the graceful stop did not get to it) and its task containers.
  hp=$(cat "$work/berth/haproxy/haproxy.pid" 2>/dev/null) && [ -n "$hp" ] && kill "$hp" 2>/dev/null
  if [ -n "${instance:-}" ]; then
    ids=$(docker ps -aq --filter "label=io.berth.instance=$instance")
    [ -n "$ids" ] && docker rm -f $ids >/dev/null 2>&1
  fi
  cp "$work/berthd.log" /tmp/berth-bench-lb-berthd.log 2>/dev/null
  rm -rf /tmp/berth-bench-lb-wrk; mkdir -p /tmp/berth-bench-lb-wrk; cp "$work"/wrk-*.txt "$work/nginx/error.log" /tmp/berth-bench-lb-wrk/ 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# 1. The backend image, FROM scratch, built from local files only. Default (BENCH_BACKEND=nginx): the host's own nginx
# binary with the libraries ldd lists and the dynamic loader, one worker, keep-alive, answering every request from
# memory — a backend that is not the bottleneck, so the numbers are the proxies'. BENCH_BACKEND=busybox: the old
# busybox httpd (forks per connection, no keep-alive, listen backlog 9) — it measures busybox, not the proxies.
BACKEND=${BENCH_BACKEND:-nginx}
img=$work/img; mkdir -p "$img"
page='<!doctype html><title>berth bench</title><p>Hello from a Berth task.</p>'
case "$BACKEND" in
nginx)
  image=berth-bench/nginx-backend:1
  nginx_bin=$(command -v nginx)
  for f in "$nginx_bin" $(ldd "$nginx_bin" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
    cp -L --parents "$f" "$img/"   # -L: the loader and the libraries are symlinks on the host; keep their paths
  done
  mkdir -p "$img/etc/nginx" "$img/tmp" "$img/run" "$img/var/log/nginx" "$img/var/lib/nginx"
  echo 'root:x:0:0:root:/:/nonexistent' >"$img/etc/passwd"; echo 'root:x:0:' >"$img/etc/group"
  cat >"$img/etc/nginx/nginx.conf" <<CONF
daemon off;
user root;
worker_processes 1;
pid /run/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path /tmp/body; proxy_temp_path /tmp/proxy;
  fastcgi_temp_path /tmp/fastcgi; uwsgi_temp_path /tmp/uwsgi; scgi_temp_path /tmp/scgi;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  server {
    listen 8080 backlog=4096;
    location / { default_type text/html; return 200 '$page\n'; }
  }
}
CONF
  printf 'FROM scratch\nCOPY . /\nENTRYPOINT ["%s","-e","stderr","-c","/etc/nginx/nginx.conf"]\n' "$nginx_bin" >"$img/Dockerfile"
  backend_desc="2 nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') tasks (1 worker, keep-alive, \`return 200\` from memory; 1024 CPU / 2048 MiB each)"
  ;;
busybox)
  image=berth-bench/httpd:1
  mkdir -p "$img/bin" "$img/www"; cp /bin/busybox "$img/bin/"
  echo "$page" >"$img/www/index.html"
  printf 'FROM scratch\nCOPY bin/ /bin/\nCOPY www/ /www/\nENTRYPOINT ["/bin/busybox","httpd","-f","-p","8080","-h","/www"]\n' >"$img/Dockerfile"
  backend_desc="2 busybox httpd tasks (1024 CPU / 2048 MiB each)"
  ;;
*) echo "BENCH_BACKEND must be nginx or busybox" >&2; exit 2 ;;
esac
DOCKER_BUILDKIT=0 docker build -q -t "$image" "$img" >/dev/null 2>"$work/build.err" || { cat "$work/build.err" >&2; exit 1; }

BERTH_DATA_DIR=$work/berth BERTH_PORT=$api_port BERTH_LISTEN=127.0.0.1 BERTH_LB_LISTEN=127.0.0.1 \
  "$ROOT/artifacts/berthd/berthd" >"$work/berthd.log" 2>&1 &
berth_pid=$!
for _ in $(seq 1 240); do curl -fsS "$endpoint/healthz" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fsS "$endpoint/healthz" >/dev/null || { echo "berthd did not start; see /tmp/berth-bench-lb-berthd.log" >&2; exit 1; }

# 2. Cluster, task definition, ALB, target group, listener, service of 2 tasks behind it.
aws_ ecs create-cluster --cluster-name "$cluster" >/dev/null
aws_ ecs register-task-definition --family web --requires-compatibilities FARGATE --network-mode awsvpc \
  --cpu 1024 --memory 2048 \
  --container-definitions '[{"name":"web","image":"'"$image"'","essential":true,"stopTimeout":2,
    "portMappings":[{"containerPort":8080,"protocol":"tcp"}]}]' >/dev/null
lb_arn=$(aws_ elbv2 create-load-balancer --name bench-lb --type application \
  --query 'LoadBalancers[0].LoadBalancerArn' --output text)
tg_arn=$(aws_ elbv2 create-target-group --name bench-web --protocol HTTP --port 8080 --target-type ip \
  --health-check-path / --health-check-interval-seconds 10 --healthy-threshold-count 2 \
  --query 'TargetGroups[0].TargetGroupArn' --output text)
aws_ elbv2 create-listener --load-balancer-arn "$lb_arn" --protocol HTTP --port "$lb_port" \
  --default-actions "Type=forward,TargetGroupArn=$tg_arn" >/dev/null
aws_ ecs create-service --cluster "$cluster" --service-name web --task-definition web --desired-count 2 \
  --launch-type FARGATE \
  --load-balancers "targetGroupArn=$tg_arn,containerName=web,containerPort=8080" >/dev/null
timeout 300 aws --endpoint-url "$endpoint" ecs wait services-stable --cluster "$cluster" --services web
healthy=0
for _ in $(seq 1 120); do
  healthy=$(aws_ elbv2 describe-target-health --target-group-arn "$tg_arn" \
    --query 'length(TargetHealthDescriptions[?TargetHealth.State==`healthy`])' --output text)
  [ "$healthy" = 2 ] && break; sleep 1
done
[ "$healthy" = 2 ] || { echo "targets did not become healthy" >&2; exit 1; }
tasks=$(aws_ ecs list-tasks --cluster "$cluster" --service-name web --query 'taskArns' --output text)
read -r ip1 ip2 < <(aws_ ecs describe-tasks --cluster "$cluster" --tasks $tasks \
  --query 'tasks[].attachments[0].details[?name==`privateIPv4Address`].value[]' --output text)
instance=$(docker ps -q --filter "label=com.amazonaws.ecs.task-arn=$(echo "$tasks" | awk '{print $1}')" | head -1 |
  xargs -r docker inspect --format '{{index .Config.Labels "io.berth.instance"}}')

# HAProxy's thread count as berthd runs it; nginx gets as many worker processes.
nbthread=$(python3 - "$work/berth/haproxy/admin.sock" <<'PY'
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show info\n")
data = b""
while chunk := s.recv(65536): data += chunk
print(next(l.split(":")[1].strip() for l in data.decode().splitlines() if l.startswith("Nbthread:")))
PY
)

# 3. nginx on the same two backends, as a separate process with its own config.
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
daemon off;
worker_processes $nbthread;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  upstream web { server $ip1:8080; server $ip2:8080; keepalive 32; }
  server {
    listen 127.0.0.1:$nginx_port;
    location / {
      proxy_pass http://web;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
for _ in $(seq 1 40); do curl -fsS "http://127.0.0.1:$nginx_port/" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fsS "http://127.0.0.1:$lb_port/" | grep -q 'Hello from a Berth task' || { echo "the load balancer does not serve the page" >&2; exit 1; }
curl -fsS "http://127.0.0.1:$nginx_port/" | grep -q 'Hello from a Berth task' || { echo "nginx does not serve the page" >&2; exit 1; }

# 4. wrk with the same settings against both, interleaved, each bounded in time.
# --timeout 10s: a request slowed by a retransmitted SYN to a backend still counts as answered, not as an error.
wrk_() { timeout 120 wrk $1 --timeout 10s --latency "$2"; }
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'; }
parse() { # parse FILE → "rps p99ms errors"
  local rps p99 non2xx sock
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$1")
  p99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$1")")
  non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$1"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$1"); sock=${sock:-0}
  echo "$rps $p99 $((non2xx + sock))"
}
declare -A url=([berth]="http://127.0.0.1:$lb_port/" [nginx]="http://127.0.0.1:$nginx_port/")
for who in berth nginx; do wrk_ "$WARMUP_ARGS" "${url[$who]}" >/dev/null; done
declare -A rps p99 errs syn
# SYNs the host retransmitted (a connection to a backend that took a second or more to open), for the explanation.
syn_retrans() { nstat -az TcpExtTCPSynRetrans 2>/dev/null | awk '$1 == "TcpExtTCPSynRetrans" {print $2}' | grep . || echo 0; }
for r in $(seq 1 "$ROUNDS"); do
  for who in berth nginx; do
    s0=$(syn_retrans)
    wrk_ "$WRK_ARGS" "${url[$who]}" >"$work/wrk-$who-$r.txt"
    syn[$who]=$(( ${syn[$who]:-0} + $(syn_retrans) - s0 ))
    read -r a b c < <(parse "$work/wrk-$who-$r.txt")
    rps[$who]+=" $a"; p99[$who]+=" $b"; errs[$who]=$(( ${errs[$who]:-0} + c ))
    echo "round $r $who: $a req/s, p99 $b ms, errors $c" >&2
  done
done

# 5. Report: the mean of the rounds for each, and the ratios.
mean() { tr ' ' '\n' | sed '/^$/d' | awk '{s += $1} END {printf "%.3f", s / NR}'; }
br=$(echo "${rps[berth]}" | mean); nr=$(echo "${rps[nginx]}" | mean)
bp=$(echo "${p99[berth]}" | mean); np=$(echo "${p99[nginx]}" | mean)
rounds() { echo "$1" | tr ' ' '\n' | sed '/^$/d' | awk -v f="$2" '{printf "%s" f, (NR > 1 ? ", " : ""), $1}'; }
echo "wrk $WRK_ARGS --timeout 10s --latency (after a ${WARMUP_ARGS} warm-up of each), $ROUNDS rounds interleaved Berth, nginx;"
echo "$backend_desc; HAProxy nbthread $nbthread, nginx worker_processes $nbthread."
echo
echo "| measure | Berth ALB (HAProxy $(haproxy -v | awk 'NR==1 {print $3}')) | nginx $(nginx -v 2>&1 | sed 's|.*nginx/||') | Berth ÷ nginx |"
echo "| --- | --- | --- | --- |"
printf '| requests/s (mean of %s; rounds: %s / %s) | %.0f | %.0f | %.2f× |\n' "$ROUNDS" \
  "$(rounds "${rps[berth]}" '%.0f')" "$(rounds "${rps[nginx]}" '%.0f')" "$br" "$nr" "$(echo "$br / $nr" | bc -l)"
printf '| p99 latency (mean of %s) | %.2f ms | %.2f ms | %.2f× |\n' "$ROUNDS" "$bp" "$np" "$(echo "$bp / $np" | bc -l)"
printf '| non-2xx/3xx responses + socket errors | %d | %d | |\n' "${errs[berth]}" "${errs[nginx]}"
printf '| SYN retransmits on the host during the runs | %d | %d | |\n' "${syn[berth]}" "${syn[nginx]}"
# How HAProxy reached the tasks: connections opened vs requests sent on an idle kept-alive one (all rounds and warm-up).
python3 - "$work/berth/haproxy/admin.sock" <<'PY' || true
import socket, sys
s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); s.sendall(b"show stat\n")
data = b""
while chunk := s.recv(65536): data += chunk
rows = [l.split(",") for l in data.decode().splitlines() if l]
head = rows[0]; head[0] = head[0].lstrip("# ")
col = {n: i for i, n in enumerate(head)}
srv = [r for r in rows[1:] if r[col["svname"]] not in ("FRONTEND", "BACKEND")]
print("HAProxy to the tasks: %d connections opened, %d requests on a reused connection"
      % (sum(int(r[col["connect"]] or 0) for r in srv), sum(int(r[col["reuse"]] or 0) for r in srv)))
PY
[ "${errs[berth]}" -eq 0 ] && [ "${errs[nginx]}" -eq 0 ] || { echo "errors during the run" >&2; exit 1; }
