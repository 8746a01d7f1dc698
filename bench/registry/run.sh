#!/usr/bin/env bash
# bench/registry: push and pull of a ~200 MB image of several layers with skopeo, Berth's registry against
# Debian's docker-registry (distribution 2.8, the reference implementation), same machine, same run.
# Both serve plain HTTP on loopback; the image is prepared once as an OCI layout with compressed layers,
# so what is timed is the transfer and the registries' work (digest checks, storage), not compression.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=${BENCH_RUNS:-3}
LAYERS=${BENCH_LAYERS:-4}
LAYER_MB=${BENCH_LAYER_MB:-50}
command -v skopeo >/dev/null || apt-get install -y -qq skopeo >/dev/null
command -v docker-registry >/dev/null || apt-get install -y -qq docker-registry >/dev/null
[ -x "$ROOT/artifacts/berthd/berthd" ] || "$ROOT/scripts/build.sh"

work=$(mktemp -d)
cleanup() { kill "${berth_pid:-}" "${ref_pid:-}" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# A fresh image per run (LAYERS layers of incompressible data), saved as an OCI layout, so no run can
# reuse blobs from an earlier one (skopeo remembers where blobs live and would mount them instead).
make_image() { # make_image N
  local ctx=$work/ctx$1; mkdir -p "$ctx"; echo 'FROM scratch' >"$ctx/Dockerfile"
  for i in $(seq 1 "$LAYERS"); do
    head -c "$((LAYER_MB * 1024 * 1024))" /dev/urandom >"$ctx/layer$i"; echo "COPY layer$i /layer$i" >>"$ctx/Dockerfile"
  done
  docker build -q -t "berth-bench/registry:$1" "$ctx" >/dev/null
  skopeo copy -q "docker-daemon:berth-bench/registry:$1" "oci:$work/image$1:1"
  docker rmi "berth-bench/registry:$1" >/dev/null; rm -rf "$ctx"
}

# Berth, with its own data directory and credentials.
export BERTH_ROOT_ACCESS_KEY_ID=AKIDBENCH BERTH_ROOT_SECRET_ACCESS_KEY=bench-secret AWS_PAGER="" AWS_DEFAULT_REGION=us-east-1
export AWS_ACCESS_KEY_ID=$BERTH_ROOT_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$BERTH_ROOT_SECRET_ACCESS_KEY
BERTH_DATA_DIR=$work/berth BERTH_PORT=4597 "$ROOT/artifacts/berthd/berthd" >"$work/berthd.log" 2>&1 & berth_pid=$!
# The reference registry, no auth, its own storage.
cat >"$work/registry.yml" <<YML
version: 0.1
storage: { filesystem: { rootdirectory: $work/ref }, delete: { enabled: true } }
http: { addr: 127.0.0.1:5097 }
log: { level: error }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 & ref_pid=$!
for _ in $(seq 1 240); do curl -fsS localhost:4597/healthz >/dev/null 2>&1 && curl -fsS localhost:5097/v2/ >/dev/null 2>&1 && break; sleep 0.25; done
berth_creds="AWS:$(aws --endpoint-url http://localhost:4597 ecr get-login-password)"

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
declare -A push pull
berth_push() { skopeo copy -q --dest-tls-verify=false --dest-creds "$berth_creds" "oci:$work/image$1:1" "docker://localhost:4597/bench/run$1:1"; }
ref_push() { skopeo copy -q --dest-tls-verify=false "oci:$work/image$1:1" "docker://localhost:5097/bench/run$1:1"; }
for r in $(seq 1 "$RUNS"); do
  make_image "$r"
  aws --endpoint-url http://localhost:4597 ecr create-repository --repository-name "bench/run$r" >/dev/null
  if [ $((r % 2)) -eq 1 ]; then  # alternate who goes first
    push[berth]+=" $(secs berth_push "$r")"; push[ref]+=" $(secs ref_push "$r")"
  else
    push[ref]+=" $(secs ref_push "$r")"; push[berth]+=" $(secs berth_push "$r")"
  fi
  rm -rf "$work/out-b$r" "$work/out-r$r"
  pull[berth]+=" $(secs skopeo copy -q --src-tls-verify=false --src-creds "$berth_creds" "docker://localhost:4597/bench/run$r:1" "oci:$work/out-b$r:1")"
  pull[ref]+=" $(secs skopeo copy -q --src-tls-verify=false "docker://localhost:5097/bench/run$r:1" "oci:$work/out-r$r:1")"
  size_mb=$(du -sm "$work/image$r" | cut -f1)
  rm -rf "$work/image$r" "$work/out-b$r" "$work/out-r$r"
done
median() { tr ' ' '\n' | sed '/^$/d' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
report() { # report WHAT
  local b r; b=$(echo "${!1}" | median); r=$(echo "${!2}" | median)
  printf '| %s | %.0f MB/s (%.2f s) | %.0f MB/s (%.2f s) | %.2f× |\n' "$3" "$(echo "$size_mb / $b" | bc -l)" "$b" "$(echo "$size_mb / $r" | bc -l)" "$r" "$(echo "$r / $b" | bc -l)"
}
b_push=${push[berth]} r_push=${push[ref]} b_pull=${pull[berth]} r_pull=${pull[ref]}
echo "Image: $size_mb MB in $LAYERS layers; median of $RUNS runs each, skopeo over loopback HTTP."
echo
echo "| transfer | Berth | docker-registry 2.8 | Berth speed ÷ reference |"
echo "| --- | --- | --- | --- |"
report b_push r_push "push (skopeo copy oci: → docker://)"
report b_pull r_pull "pull (skopeo copy docker:// → oci:)"
