#!/usr/bin/env bash
# Builds the AWS SDK test image from local files only and prints its tag: FROM scratch with this host's node binary
# and the shared libraries it needs (ldd), node_modules with the AWS SDK for JavaScript v3 clients of package-lock.json
# (npm ci), and probe.mjs as the entry point (see probe.mjs for its steps). The tag is a hash of everything that goes
# in, so the image is built once per machine and reused (delete it to rebuild):
#   image=$(tests/task-images/aws-sdk/build.sh)     # e.g. berth-test/aws-sdk:3f2a…
#   run it as a task: command ["identity", "logs:DescribeLogGroups", "ecs:RunTask"], environment AWS_ENDPOINT_URL
#   (Berth as the task reaches it, e.g. http://10.89.0.1:4566); the platform sets AWS_REGION and, with a task role,
#   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI.
# Needs: docker (the engine and CLI), node and npm (apt-get install -y nodejs npm). Progress goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
node_bin=$(readlink -f "$(command -v node)")
repository=${BERTH_SDK_IMAGE_REPOSITORY:-berth-test/aws-sdk}

hash=$( { sha256sum "$node_bin" "$here/package.json" "$here/package-lock.json" "$here/probe.mjs" "$here/build.sh" | cut -d' ' -f1; } | sha256sum | cut -c1-16)
tag="$repository:$hash"
if docker image inspect "$tag" >/dev/null 2>&1; then
  echo "$tag"
  exit 0
fi

work=$(mktemp -d /tmp/berth-sdk-image.XXXXXX)
trap 'rm -rf "$work"' EXIT
root=$work/rootfs
mkdir -p "$root/usr/bin" "$root/app" "$root/etc" "$root/tmp"
chmod 1777 "$root/tmp"
echo "building $tag: node $("$node_bin" --version) from $node_bin" >&2
cp "$node_bin" "$root/usr/bin/node"
# The loader and every library node links against, at the paths ldd resolves them to.
for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+'); do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
cp "$here/package.json" "$here/package-lock.json" "$here/probe.mjs" "$root/app/"
(cd "$root/app" && npm ci --omit=dev --no-audit --no-fund --loglevel=error >&2)
printf 'root:x:0:0:root:/root:/bin/false\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
libdirs=$(cd "$root" && find . -name '*.so*' -printf '/%h\n' | sed 's|^/\./|/|' | sort -u | paste -sd:)
cat >"$work/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV LD_LIBRARY_PATH=$libdirs NODE_ENV=production NODE_NO_WARNINGS=1
WORKDIR /app
ENTRYPOINT ["/usr/bin/node", "/app/probe.mjs"]
DOCKERFILE
docker build -q -t "$tag" --label io.berth.test-image=aws-sdk "$work" >&2
echo "$tag"
