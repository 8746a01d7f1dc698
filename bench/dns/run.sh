#!/usr/bin/env bash
# bench/dns: queries/s and latency of Berth's task resolver against dnsmasq answering the same names, in one run.
# Berth's side is the resolver as berthd hosts it (TaskResolverHost: its UDP receive loops with ARSoft.Tools.Net's codec,
# the per-client guard, the namespace lookup, answers with SRV additionals) over an in-memory record source standing in for Cloud Map;
# dnsmasq serves the same A and SRV records from --host-record/--srv-host with --no-resolv --no-hosts. Both on
# 127.0.0.1, spare ports, same TTL. Two measures, interleaved and alternated over BENCH_ROUNDS rounds:
#   throughput  dnsperf (Debian), 200 queries outstanding, BENCH_SECONDS s;
#   latency     a closed loop of BENCH_CONCURRENCY clients (DnsBench load), p50/p99 per answered query.
# Bounded: every measure runs BENCH_SECONDS seconds; everything started is stopped on exit.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${BENCH_ROUNDS:-3}
SECONDS_PER=${BENCH_SECONDS:-6}
CONCURRENCY=${BENCH_CONCURRENCY:-16}
NAMES=${BENCH_NAMES:-100}
export DEBIAN_FRONTEND=noninteractive
command -v dnsmasq >/dev/null || apt-get install -y -qq dnsmasq >/dev/null
command -v dnsperf >/dev/null || apt-get install -y -qq dnsperf >/dev/null

work=$(mktemp -d /tmp/berth-bench-dns.XXXXXX)
free_port() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
berth_port=$(free_port); dnsmasq_port=$(free_port)
while [ "$dnsmasq_port" = "$berth_port" ]; do dnsmasq_port=$(free_port); done

cleanup() {
  set +e
  [ -n "${dnsmasq_pid:-}" ] && kill "$dnsmasq_pid" 2>/dev/null && wait "$dnsmasq_pid" 2>/dev/null
  [ -n "${berth_pid:-}" ] && { exec 3>&-; kill "$berth_pid" 2>/dev/null; wait "$berth_pid" 2>/dev/null; }
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build "$ROOT/bench/dns/DnsBench.csproj" -c Release -nologo -v q >/dev/null
bench=(dotnet "$ROOT/bench/dns/bin/Release/net10.0/DnsBench.dll")

# The names: svc-N.bench.internal with an address each, and _http._tcp.svc-N.bench.internal SRV → svc-N:8080.
dnsmasq_args=()
: >"$work/names"; : >"$work/queries"
for i in $(seq 1 "$NAMES"); do
  name=svc-$i.bench.internal; address=10.90.$((i / 250)).$((i % 250 + 1))
  echo "$name $address" >>"$work/names"
  echo "$name A" >>"$work/queries"; echo "_http._tcp.$name SRV" >>"$work/queries"
  dnsmasq_args+=("--host-record=$name,$address" "--srv-host=_http._tcp.$name,$name,8080,1,1")
done

dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv --no-hosts --listen-address=127.0.0.1 --bind-interfaces \
  --port="$dnsmasq_port" --local-ttl=15 --pid-file="$work/dnsmasq.pid" "${dnsmasq_args[@]}" 2>"$work/dnsmasq.log" &
dnsmasq_pid=$!
exec 3> >("${bench[@]}" serve "$berth_port" "$work/names" >"$work/berth.log" 2>&1)
berth_pid=$!
for _ in $(seq 1 100); do grep -q ready "$work/berth.log" 2>/dev/null && break; sleep 0.1; done
grep -q ready "$work/berth.log" || { echo "Berth's resolver did not start:"; cat "$work/berth.log"; exit 1; }

# Both answer the same thing (the A record of one name) before anything is measured.
for port in "$berth_port" "$dnsmasq_port"; do
  got=$(dig +short -p "$port" @127.0.0.1 svc-7.bench.internal A)
  [ "$got" = "10.90.0.8" ] || { echo "port $port answers '$got' for svc-7.bench.internal"; exit 1; }
done

throughput() { dnsperf -s 127.0.0.1 -p "$1" -d "$work/queries" -l "$SECONDS_PER" -q 200 -c 1 2>&1 | awk '/Queries per second/ {print int($4)}'; }
latency() { "${bench[@]}" load "$1" "$work/queries" "$SECONDS_PER" "$CONCURRENCY"; }

declare -a b_qps d_qps b_p50 d_p50 b_p99 d_p99 b_cl d_cl
for r in $(seq 1 "$ROUNDS"); do
  # Warm-up of Berth's JIT once, then alternate who goes first.
  [ "$r" = 1 ] && dnsperf -s 127.0.0.1 -p "$berth_port" -d "$work/queries" -l 2 -q 200 >/dev/null 2>&1
  if [ $((r % 2)) = 1 ]; then b=$(throughput "$berth_port"); d=$(throughput "$dnsmasq_port"); else d=$(throughput "$dnsmasq_port"); b=$(throughput "$berth_port"); fi
  b_qps+=("$b"); d_qps+=("$d")
  if [ $((r % 2)) = 1 ]; then bl=$(latency "$berth_port"); dl=$(latency "$dnsmasq_port"); else dl=$(latency "$dnsmasq_port"); bl=$(latency "$berth_port"); fi
  read -r bcq bp50 bp99 blost <<<"$bl"; read -r dcq dp50 dp99 dlost <<<"$dl"
  b_cl+=("$bcq"); d_cl+=("$dcq"); b_p50+=("$bp50"); d_p50+=("$dp50"); b_p99+=("$bp99"); d_p99+=("$dp99")
  echo "round $r: dnsperf qps Berth $b dnsmasq $d | closed loop ($CONCURRENCY clients) qps Berth $bcq dnsmasq $dcq, p50 µs $bp50/$dp50, p99 µs $bp99/$dp99, lost $blost/$dlost"
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { python3 -c "print(f'{$1/$2:.2f}×')"; }
mb=$(median "${b_qps[@]}"); md=$(median "${d_qps[@]}")
mbc=$(median "${b_cl[@]}"); mdc=$(median "${d_cl[@]}")
mb50=$(median "${b_p50[@]}"); md50=$(median "${d_p50[@]}")
mb99=$(median "${b_p99[@]}"); md99=$(median "${d_p99[@]}")
echo
echo "| measure (median of $ROUNDS) | Berth | dnsmasq $(dnsmasq --version | awk 'NR==1{print $3}') | Berth ÷ dnsmasq |"
echo "| --- | --- | --- | --- |"
echo "| queries/s, dnsperf (200 outstanding) | $mb | $md | $(ratio "$mb" "$md") |"
echo "| queries/s, closed loop of $CONCURRENCY | $mbc | $mdc | $(ratio "$mbc" "$mdc") |"
echo "| p50 latency, closed loop | ${mb50} µs | ${md50} µs | $(ratio "$mb50" "$md50") |"
echo "| p99 latency, closed loop | ${mb99} µs | ${md99} µs | $(ratio "$mb99" "$md99") |"
