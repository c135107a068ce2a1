#!/usr/bin/env bash
# Every replication-speed measurement a GPU session needs, in one command, written under $OUT
# (default ./gpu-out): the harness against transformers.Trainer at the jiant batch size (32) with
# the step's profile, the intermediate phases' batch size (4) where fixed per-step work dominates,
# and the compiled encoder. Each part has its own time limit so that one slow part cannot take the
# others' results with it. At most 8 files, as the device tool brings back.
#
#   OUT=perf bash bench/gpu_session.sh        # on CPU it runs the tiny preset (a check of the script)
#   SCALE=4 OUT=perf bash bench/gpu_session.sh   # the same with 4x the time limits (a busy CPU)
set -u
OUT=${OUT:-gpu-out}
mkdir -p "$OUT"
export PYTHONUNBUFFERED=1
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv | tee -a "$OUT/log.txt"
fi
status=0
part() {  # part NAME SECONDS ARGS...: one bench run, its table in NAME.md, its record in NAME.json, stderr in log.txt
  local name=$1 limit=$2
  shift 2
  echo "== $name" | tee -a "$OUT/log.txt"
  rm -f "$OUT/$name.md"  # a table left by an earlier run must not pass for this one
  timeout "$limit" python3 bench/gpu_train.py "$@" --markdown "$OUT/$name.md" --json >"$OUT/$name.json" 2>"$OUT/$name.err"
  local rc=$?
  cat "$OUT/$name.err" >>"$OUT/log.txt"
  if [ $rc -eq 124 ]; then
    echo "$name: stopped at its limit of $limit s (a GPU run takes far less; on a busy CPU set SCALE=4)"
  else
    echo "$name: exit $rc"
  fi
  if [ -f "$OUT/$name.md" ]; then cat "$OUT/$name.md"; else tail -3 "$OUT/$name.err"; fi
  rm -f "$OUT/$name.err"
  [ $rc -ne 0 ] && status=1
}
# Limits are sized for the GPU (the H200 ran the first part in about 2 minutes); SCALE stretches them.
scale=${SCALE:-1}
part perf $((240 * scale)) --profile "$OUT/profiles.txt"
part perf-batch4 $((80 * scale)) --batch-size 4 --steps 50 --warmup 5 --workloads train-pair-128,train-span-384 --no-baseline --no-checks
# CUDA only: on CPU the encoder runs uncompiled and the bench says so.
part perf-compiled $((150 * scale)) --compile --workloads train-pair-128 --no-baseline --no-checks
exit $status
