Ctrl-C during the extraction of one large archive stops it there, not at its end: the
archive below holds 300 MB of zeros and then an entry escaping its directory, which a
completed scan would refuse (exit 1); interrupted, the pull says so, leaves the workspace as
it was (the staging directory discarded) and exits 130, as between sources.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir srv
  $ cat > mk.py <<'PY'
  > import io, sys, tarfile
  > class Zero(io.RawIOBase):
  >     def __init__(self, n): self.n = n
  >     def readable(self): return True
  >     def readinto(self, b):
  >         k = min(len(b), self.n); b[:k] = bytes(k); self.n -= k; return k
  > t = tarfile.open(fileobj=sys.stdout.buffer, mode="w|", format=tarfile.GNU_FORMAT)
  > i = tarfile.TarInfo("big-1.0/zeros"); i.size = 300 << 20
  > t.addfile(i, io.BufferedReader(Zero(i.size), 1 << 20))
  > i = tarfile.TarInfo("big-1.0/../../evil"); i.size = 0
  > t.addfile(i, io.BytesIO(b""))
  > t.close()
  > PY
  $ python3 mk.py | gzip -1 > srv/big-1.0.tgz
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
