Ctrl-C during the extraction of one large archive stops it there, not at its end: the
archive below holds 1000 MiB of zeros and then an entry escaping its directory, which a
completed scan would refuse (exit 1); interrupted, the pull says so, leaves the workspace as
it was (the staging directory discarded) and exits 130, as between sources. The archive is a
gzip of concatenated members (one of 1 MiB of zeros, written 1000 times): made at once, it
takes about a second to scan, so the signal lands inside the scan even on a loaded machine
(with 300 MB, a quarter of that, a loaded CI run once saw the scan end first).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir srv
  $ cat > mk.py <<'PY'
  > import gzip, sys, tarfile
  > def header(name, size):
  >     i = tarfile.TarInfo(name); i.size = size
  >     return i.tobuf(format=tarfile.GNU_FORMAT)
  > out = sys.stdout.buffer
  > out.write(gzip.compress(header("big-1.0/zeros", 1000 << 20)))
  > zeros = gzip.compress(bytes(1 << 20))
  > for _ in range(1000):
  >     out.write(zeros)
  > out.write(gzip.compress(header("big-1.0/../../evil", 0) + bytes(1024)))
  > PY
  $ python3 mk.py > srv/big-1.0.tgz
  $ serve
  $ lockarchives 1.0 alpha
  $ monolock pull -q
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ src big "$URL/big-1.0.tgz" "sha256=$(sha256 srv/big-1.0.tgz)"
  $ writelock
  $ monolock pull > out 2> err &
  $ P=$!
  $ until [ -d duniverse/.monolock/staging/big ] || ! kill -0 $P 2>/dev/null; do sleep 0.02; done
  $ kill -INT $P; wait $P
  [130]
  $ cat out err
  monolock: interrupted: duniverse/ is as it was, nothing changed (archives already downloaded are kept in the cache); `monolock pull` completes the job
  $ ls duniverse | grep -v dune
  README.md
  alpha
  $ ls -A duniverse/.monolock/staging

The next pull finds the archive unsafe, as a completed scan would have:

  $ monolock pull 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  monolock: big: ARCHIVE: entry 'big-1.0/../../evil' contains '..'
  $ unserve
