A pull of a lock with 1,000 sources (each its own URL, one archive hard-linked) that changes nothing reads each manifest once and stats
each file (no directory listed once its stamps are recorded), and still sees what changed:
an edit in one directory, a source removed from the middle of the lock, another one moved.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir -p t/p-1.0/src arc && echo 'let x = 1' > t/p-1.0/src/p.ml && echo '(lang dune 2.0)' > t/p-1.0/dune-project
  $ tar -C t -czf arc/p.tgz p-1.0 && tar -C t -czf arc/q.tgz p-1.0/src
  $ cat > mklock.py <<'PY'
  > import hashlib, json, os, sys
  > drop, moved = sys.argv[1:3]
  > arc = os.path.abspath("arc")
  > sums = {k: hashlib.sha256(open("%s/%s.tgz" % (arc, k), "rb").read()).hexdigest() for k in "pq"}
  > pk, so = [], []
  > for i in range(1000):
  >     d = "s%04d" % i
  >     if d == drop:
  >         continue
  >     k = "q" if d == moved else "p"
  >     pk.append({"name": d, "version": "1.0", "dir": d, "depends": []})
  >     url = "%s/%s-%s.tgz" % (arc, d, k)
  >     if not os.path.exists(url):
  >         os.link("%s/%s.tgz" % (arc, k), url)
  >     so.append({"dir": d, "url": "file://" + url, "checksums": ["sha256=" + sums[k]], "packages": [d]})
  > json.dump({"lockfile": "monolock/1", "roots": [], "generator": "dune", "repositories": [],
  >            "variables": {}, "packages": pk, "sources": so, "depexts": []}, open("monolock.lock", "w"), indent=2)
  > PY
  $ python3 mklock.py - - && monolock pull -q
  $ monolock pull
  duniverse is up to date (1000 sources)
  $ sleep 3 && monolock status 2>&1 >/dev/null
  duniverse: 1000 directories: 1000 clean
  $ monolock pull
  duniverse is up to date (1000 sources)

An edit in the middle, a file added in another directory:

  $ echo '(* edit *)' >> duniverse/s0500/src/p.ml && echo new > duniverse/s0999/src/new.ml
  $ monolock pull
  duniverse is up to date (1000 sources)
  2 directories have unsaved edits (`monolock status -v` lists them): s0500, s0999
  $ monolock status 2>/dev/null | head -2
  modified        duniverse/s0500/ (1 modified, 0 added, 0 deleted)
  modified        duniverse/s0999/ (0 modified, 1 added, 0 deleted)

A source removed from the middle of the lock is removed; another that names other content
is replaced (the edits of s0999 are kept, and no longer reported by a pull that changed
something):

  $ rm duniverse/s0999/src/new.ml && python3 mklock.py s0400 s0600 && monolock pull
  pulled s0600
  pulled 1 source (*, 0 from cache), removed 1 in * s (glob)
  $ test -e duniverse/s0400 || echo s0400 gone
  s0400 gone
  $ ls duniverse/s0600
  src
  $ monolock pull
  duniverse is up to date (999 sources)
  1 directory has unsaved edits (`monolock status -v` lists them): s0500
