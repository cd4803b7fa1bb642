# Sourced by the bench scripts that time short runs; each sets $work (its scratch directory).

# measure_us NAME CMD...: appends "wall cpu" (seconds, to the microsecond) of CMD to
# $work/NAME.times; /usr/bin/time rounds to 10 ms, a third of what a mirror of 200 archives
# takes. CPU is user + system of the child (getrusage); there is no peak RSS: the child's would
# count python's own, forked before the exec.
measure_us() {
	local name=$1
	shift
	python3 -c '
import resource, subprocess, sys, time
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
c, t = cpu(), time.monotonic()
r = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=open(sys.argv[1], "w"))
print("%.4f %.4f" % (time.monotonic() - t, cpu() - c))
sys.exit(r.returncode)' "$work/.err" "$@" >>"$work/$name.times" || { cat "$work/.err" >&2; exit 1; }
}

# settle: writes back what the last command and the removals left dirty (unmeasured), so that
# each measured sync waits for its own writes only, whichever runs after a removal
settle() { sync -f "$work"; }

# median: the median of the numbers (first field) read, one per line
median() { sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }
