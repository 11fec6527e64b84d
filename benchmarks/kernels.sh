#!/usr/bin/env bash
# Acoustic kernel benchmark: ours (C#, benchmarks/dotnet) against the C reference (acoustic.c, built as its
# header says) and the STREAM roofline (stream.c), in the SAME run, interleaved per repetition, 2 threads.
#   bash benchmarks/kernels.sh            # all six grids, 3 repetitions
#   REPS=1 CASES="2:4:2000:2000:200" bash benchmarks/kernels.sh
# Prints GPts/s (median over repetitions) and the ratios; the raw RESULT lines go to build/kernels/bench.log.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BASE=${BASE:-/work/shared/baselines/stencil}
OUT=$ROOT/build/kernels
REPS=${REPS:-3}
THREADS=${THREADS:-2}
BY=${BY:-16}   # 3D y-block rows, the same for ours and the C reference (acoustic.c's default)
# dim:so:nx:ny[:nz]:nt  (shapes include the 40-point absorbing layer, as acoustic.c)
CASES=${CASES:-"2:4:2000:2000:200 2:8:4000:4000:60 2:16:2000:2000:150 3:4:256:256:256:40 3:8:384:384:384:15 3:16:256:256:256:30"}
mkdir -p "$OUT"
LOG=$OUT/bench.log
: > "$LOG"

echo "# building (gcc $(gcc -dumpfullversion), dotnet $(dotnet --version))"
gcc -O3 -march=native -fopenmp ${STREAM_N:+-DN=$STREAM_N} "$BASE/stream.c" -o "$OUT/stream"
for c in $CASES; do
  IFS=: read -r dim so _ <<< "$c"
  for v in 0 2; do
    exe=$OUT/ac_d${dim}_so${so}_v${v}
    [ -x "$exe" ] || gcc -O3 -march=x86-64-v3 -ffast-math -fopenmp -DDIM="$dim" -DSO="$so" -DVARIANT="$v" "$BASE/acoustic.c" -o "$exe" -lm
  done
done
dotnet build "$ROOT/benchmarks/dotnet/Benchmarks.csproj" -c Release -v q -nologo > "$OUT/build.txt"
CS=$ROOT/benchmarks/dotnet/bin/Release/net10.0/PyRevolveNet.Benchmarks

stream_bw() {  # best GB/s of the stencil-shaped float kernel with streaming stores (real bytes = counted bytes)
  OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=passive "$OUT/stream" | tee -a "$LOG" | awk '/kernel=r4w1_f32_nt/ {for(i=1;i<=NF;i++) if($i ~ /^best_GBs=/){v=substr($i,10); if(v=="") v=$(i+1); print v}}'
}
# "gpts gpts_per_cpu_s" of a RESULT line (the second: points per CPU-second of all threads, robust to other load)
gpts() { awk '/^RESULT/ {g="";c=""; for(i=1;i<=NF;i++){ if($i ~ /^gpts=/){g=substr($i,6)} if($i ~ /^gpts_per_cpu_s=/){c=substr($i,16)} } print g, c}'; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "# STREAM (start)"
BW1=$(stream_bw)
declare -A R P
for rep in $(seq 1 "$REPS"); do
  for c in $CASES; do
    IFS=: read -r -a f <<< "$c"
    dim=${f[0]}; so=${f[1]}
    if [ "$dim" = 3 ]; then dims="${f[2]} ${f[3]} ${f[4]}"; nt=${f[5]}; cby=$BY; else dims="${f[2]} ${f[3]}"; nt=${f[4]}; cby=""; fi
    key="$dim:$so:${dims// /x}"
    # Interleaved: C Devito-style, ours, C variant 2 (in-place, damp only in the layer).
    read -r g0 p0 < <(OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=passive OMP_PROC_BIND=spread "$OUT/ac_d${dim}_so${so}_v0" $dims "$nt" $cby | tee -a "$LOG" | gpts)
    read -r gc pc < <("$CS" "$dim" "$so" $dims "$nt" "$BY" "$THREADS" | tee -a "$LOG" | gpts)
    read -r g2 p2 < <(OMP_NUM_THREADS=$THREADS OMP_WAIT_POLICY=passive OMP_PROC_BIND=spread "$OUT/ac_d${dim}_so${so}_v2" $dims "$nt" $cby | tee -a "$LOG" | gpts)
    R[$key:c0]+="$g0 "; R[$key:cs]+="$gc "; R[$key:c2]+="$g2 "
    P[$key:c0]+="$p0 "; P[$key:cs]+="$pc "; P[$key:c2]+="$p2 "
    echo "rep $rep $key: GPts/s C(v0) $g0  ours $gc  C(v2) $g2 | per CPU-s C(v0) $p0  ours $pc  C(v2) $p2"
  done
done
echo "# STREAM (end)"
BW2=$(stream_bw)
BW=$(printf '%s\n%s\n' "$BW1" "$BW2" | median)
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\n# %s threads=%s by=%s reps=%s (medians) stream r4w1_f32_nt best GB/s: start %s end %s -> %s; load %s\n' "$(date -u +%FT%TZ)" "$THREADS" "$BY" "$REPS" "$BW1" "$BW2" "$BW" "$load"
printf '# roofline16 = BW/16 B/pt (our in-place update: u, u_prev r+w, a); roofline20 = BW/20 B/pt (Devito-style counting)\n'
# dv/C: Devito over the C reference on the issue's host (both measured there), a host-independent bar for ours/v0.
printf '%-18s %8s %8s %8s %8s | %7s %7s %7s %7s | %7s %7s %7s\n' case ours C_v0 C_v2 devito ours/v0 ours/v2 ours/dv dv/C roof16 %roof16 %roof20
declare -A DEVITO=( ["2:4:2000x2000"]=0.94 ["2:8:4000x4000"]=0.97 ["2:16:2000x2000"]=0.61 ["3:4:256x256x256"]=1.00 ["3:8:384x384x384"]=1.15 ["3:16:256x256x256"]=0.44 )
declare -A ISSUE_C=( ["2:4:2000x2000"]=0.98 ["2:8:4000x4000"]=0.84 ["2:16:2000x2000"]=0.60 ["3:4:256x256x256"]=0.75 ["3:8:384x384x384"]=0.60 ["3:16:256x256x256"]=0.42 )
for c in $CASES; do
  IFS=: read -r -a f <<< "$c"
  if [ "${f[0]}" = 3 ]; then key="3:${f[1]}:${f[2]}x${f[3]}x${f[4]}"; else key="2:${f[1]}:${f[2]}x${f[3]}"; fi
  cs=$(echo "${R[$key:cs]}" | tr ' ' '\n' | grep . | median)
  c0=$(echo "${R[$key:c0]}" | tr ' ' '\n' | grep . | median)
  c2=$(echo "${R[$key:c2]}" | tr ' ' '\n' | grep . | median)
  dv=${DEVITO[$key]:-0}; ic=${ISSUE_C[$key]:-0}
  awk -v k="$key" -v cs="$cs" -v c0="$c0" -v c2="$c2" -v dv="$dv" -v ic="$ic" -v bw="$BW" 'BEGIN {
    r16 = bw/16; r20 = bw/20;
    printf "%-18s %8.3f %8.3f %8.3f %8.2f | %7.2f %7.2f %7.2f %7.2f | %7.3f %6.0f%% %6.0f%%\n", k, cs, c0, c2, dv, cs/c0, cs/c2, (dv>0? cs/dv : 0), (ic>0? dv/ic : 0), r16, 100*cs/r16, 100*cs/r20 }'
done

printf '\n# per CPU-second of all threads (GPts per CPU-s; compare when the machine is shared)\n'
printf '%-18s %8s %8s %8s | %7s %7s\n' case ours C_v0 C_v2 ours/v0 ours/v2
for c in $CASES; do
  IFS=: read -r -a f <<< "$c"
  if [ "${f[0]}" = 3 ]; then key="3:${f[1]}:${f[2]}x${f[3]}x${f[4]}"; else key="2:${f[1]}:${f[2]}x${f[3]}"; fi
  cs=$(echo "${P[$key:cs]}" | tr ' ' '\n' | grep . | median)
  c0=$(echo "${P[$key:c0]}" | tr ' ' '\n' | grep . | median)
  c2=$(echo "${P[$key:c2]}" | tr ' ' '\n' | grep . | median)
  awk -v k="$key" -v cs="$cs" -v c0="$c0" -v c2="$c2" 'BEGIN { printf "%-18s %8.3f %8.3f %8.3f | %7.2f %7.2f\n", k, cs, c0, c2, cs/c0, cs/c2 }'
done
