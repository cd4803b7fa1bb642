`lock --check` and a warm `lock` trust a cached parse of a repository's opam file only while
the file's stamp is the same: its size, device, inode, mtime and ctime (in nanoseconds). A
file changed within two seconds of the run is never cached (a coarse file clock could give
two writes the same times). An edit that keeps the size and puts the mtime back still moves
the ctime, which no user can set back, so it is seen.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ sleep 3
  $ cd policy && monolock lock --repo ../repo -q
  $ monolock lock --check
  monolock.lock holds

The parses are cached now. An edit in place (same inode), of the same size, with the mtime
put back, made long enough ago to be out of the racy window:

  $ f=../repo/packages/c/c.1.0/opam
  $ cp -p "$f" c.opam.orig
  $ stat -c '%s %i %Y' "$f" > before
  $ printf '7b92' | dd of="$f" bs=1 seek=$(grep -bo 'sha256=6b92' "$f" | cut -d: -f1 | xargs expr 7 +) conv=notrunc 2>/dev/null
  $ touch -m -r c.opam.orig "$f"
  $ stat -c '%s %i %Y' "$f" | cmp - before && grep -c 7b92 "$f"
  1
  $ sleep 3
  $ monolock lock --check
  monolock: monolock.lock does not hold:
    source c: c.1.0 now has checksum sha256=7b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb, not in the lock's
  [4]

Put back the same way (the bytes the cache holds a parse of, the old mtime): still seen as
changed content would be, so the file is read again, and the lock holds:

  $ printf '6b92' | dd of="$f" bs=1 seek=$(grep -bo 'sha256=7b92' "$f" | cut -d: -f1 | xargs expr 7 +) conv=notrunc 2>/dev/null
  $ touch -m -r c.opam.orig "$f" && sleep 3
  $ monolock lock --check
  monolock.lock holds

A warm `lock` (its solve kept) sees such an edit too: a conflict lifted, same size, same
mtime. The lock still holds (nothing it has is refused), but a new solve picks d 2:

  $ sleep 3 && monolock lock -q && monolock lock -q && cp monolock.lock kept
  $ grep '"name": "d"' monolock.lock
      {"name": "d", "version": "1", "dir": "d", "depends": ["dune", "ocaml"]},
  $ f=../repo/packages/e/e.1/opam && cp -p "$f" e.opam.orig
  $ sed 's/"d" {>= "2"}/"d" {>= "3"}/' e.opam.orig | dd of="$f" conv=notrunc 2>/dev/null
  $ touch -m -r e.opam.orig "$f" && sleep 3
  $ monolock lock --check
  monolock.lock holds
  $ monolock lock -q && grep '"name": "d"' monolock.lock
      {"name": "d", "version": "2", "dir": "d", "depends": ["dune", "ocaml"]},

Edits within the racy window, right after a run, each of the same size: every one is seen
(nothing changed in the last two seconds is taken from the cache):

  $ cp -p e.opam.orig "$f" && cp kept monolock.lock && sleep 3 && monolock lock --check
  monolock.lock holds
  $ sed 's/"d" {>= "2"}/"d" {>= "1"}/' e.opam.orig | dd of="$f" conv=notrunc 2>/dev/null
  $ monolock lock --check -q; echo $?
  4
  $ cat e.opam.orig | dd of="$f" conv=notrunc 2>/dev/null
  $ monolock lock --check -q; echo $?
  0
  $ sed 's/"d" {>= "2"}/"d" {>= "1"}/' e.opam.orig | dd of="$f" conv=notrunc 2>/dev/null
  $ monolock lock --check -q; echo $?
  4
