#!/bin/sh
# The GPU-machine payload's one command (scripts/gpu/payload.mjs puts this file at its top):
# `npm run check:gpu`, `npm run bench:gpu-dispatch` then `npm run bench:gpu`, with the Node, tlnb and Vulkan libraries the payload
# carries, within a time limit, every result under one folder.
#   ./run.sh [OUT_DIR]        default OUT_DIR: ./results beside this file
# Environment: TLNB_GPU_TIME_LIMIT  seconds for the whole run (default 540: check half, dispatch 60 s, bench the rest)
#              TLNB_GPU_QUICK=1     bench at --quick sizes (for software Vulkan)
#              TLNB_GPU_SAMPLES     only these samples (e.g. 00,03), for a short try
#              TLNB_BENCH_PYTHON    the python3 that imports torch (default: /usr/bin/python3, python3)
#              VK_ICD_FILENAMES / VK_DRIVER_FILES  the Vulkan driver (default: NVIDIA's, where found)
# To try it without a GPU: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json TLNB_WEBGPU_ALLOW_SOFTWARE=1
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${1:-$HERE/results}
LIMIT=${TLNB_GPU_TIME_LIMIT:-540}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
START=$(date +%s)

export PATH="$HERE/node/bin:$PATH"
# Dawn needs the Vulkan loader and, for NVIDIA's driver, the glvnd libraries (docs/benchmarks/gpu.md).
LIBS="$HERE/vulkan/lib"
[ -d /usr/local/nvidia/lib64 ] && LIBS="$LIBS:/usr/local/nvidia/lib64"
export LD_LIBRARY_PATH="$LIBS${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ]; then
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json \
           /etc/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.x86_64.json; do
    if [ -f "$f" ]; then export VK_DRIVER_FILES="$f"; break; fi
  done
fi

{
  echo "date: $(date -u +%FT%TZ)"; echo "uname: $(uname -a)"; echo "nproc: $(nproc)"; echo "load: $(cat /proc/loadavg)"
  echo "node: $(node --version) ($(command -v node))"
  echo "VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-} VK_DRIVER_FILES=${VK_DRIVER_FILES:-} TLNB_WEBGPU_ALLOW_SOFTWARE=${TLNB_WEBGPU_ALLOW_SOFTWARE:-}"
  echo "LD_LIBRARY_PATH=$LD_LIBRARY_PATH"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv
  ls -l /dev/nvidia* /dev/dri 2>&1 | head -20
  for d in /usr/local/nvidia/share/vulkan/icd.d /usr/share/vulkan/icd.d /etc/vulkan/icd.d; do [ -d "$d" ] && ls -l "$d"; done
  [ -n "${VK_DRIVER_FILES:-}${VK_ICD_FILENAMES:-}" ] && cat ${VK_DRIVER_FILES:-} ${VK_ICD_FILENAMES:-}
  echo "dawn.node needs:"; ldd "$HERE"/tlnb/dist/webgpu/*/dawn.node 2>&1 | grep -v "=> /lib\|=> /usr/lib" | head
  echo "vulkan loader: $(ldconfig -p 2>/dev/null | grep -c libvulkan) in the ld cache; the payload's on LD_LIBRARY_PATH"
} > "$OUT/env.txt" 2>&1
cat "$OUT/env.txt"

CHECK_LIMIT=$((LIMIT * 50 / 100))
JOBS=1
[ "$(nproc)" -ge 8 ] && JOBS=4
SAMPLES=""
[ -n "${TLNB_GPU_SAMPLES:-}" ] && SAMPLES="--samples $TLNB_GPU_SAMPLES"
echo "== check:gpu (at most $CHECK_LIMIT s)"
# shellcheck disable=SC2086
timeout -k 10 "$CHECK_LIMIT" node "$HERE/tlnb/dist/gpu-check.js" --out "$OUT/check" --budget $((CHECK_LIMIT - 60)) --jobs "$JOBS" $SAMPLES 2>&1 | tee "$OUT/check.log"

echo "== bench:gpu-dispatch (at most 60 s)"
timeout -k 5 60 node "$HERE/tlnb/dist/gpu-dispatch.js" --repeat 2 2>&1 | tee "$OUT/dispatch.log"

LEFT=$((LIMIT - ($(date +%s) - START) - 5))
QUICK=""
[ "${TLNB_GPU_QUICK:-}" = 1 ] && QUICK="--quick"
echo "== bench:gpu (at most $LEFT s)"
# shellcheck disable=SC2086
timeout -k 10 "$LEFT" node "$HERE/tlnb/dist/gpu-bench.js" --out "$OUT/bench" $QUICK 2>&1 | tee "$OUT/bench.log"
echo "== done in $(( $(date +%s) - START )) s; results in $OUT"
