On the cache's file system, `mirror DIR` links the very file the cache's check hashed
(the inode it read, not whatever the cache's name holds by the time of the link): each
entry is byte-identical to what was served, and shares the cache's inode.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ entry() { h=$(sha256 "srv/$2-1.0.tgz") && echo "$1/${h:0:2}/$h"; }
  $ corrupt() { python3 -c 'import sys; f = open(sys.argv[1], "r+b"); f.seek(100); b = f.read(1)[0]; f.seek(100); f.write(bytes([b ^ 0xff]))' "$1"; }

A cache entry corrupted in place (same name, same size, one byte changed) is refused by
the cache's check: nothing is linked or written for it, and the corrupt file itself is
neither linked nor changed (its mode included; a second name held here shows it):

  $ c=$(entry cache/monolock/archives/sha256 alpha)
  $ ln "$c" held && corrupt "$c" && cp held corrupt.copy
  $ stat -c %a held
  600
  $ monolock mirror --offline m
  monolock: 1 of 3 sources failed: alpha: http://127.0.0.1:*/alpha-1.0.tgz: the cached archive failed its checksum (expected sha256=*, got sha256=*) and was dropped (without --offline it is downloaded again) (glob)
  [1]
  $ find m -type f | wc -l
  0
  $ stat -c '%a %h' held && cmp held corrupt.copy && echo unchanged
  600 1
  unchanged

Fetched again, every entry is linked: the cache's inode (made 0644, as a copy would be),
byte-identical to the archive served, and `mirror --check` hashes each to be sure:

  $ monolock pull -q
  $ monolock mirror m
  mirrored 3 sources: 3 entries added, 0 already there
  $ for n in alpha beta gamma; do
  >   cmp "srv/$n-1.0.tgz" "$(entry m/sha256 $n)" &&
  >   [ "$(stat -c %i "$(entry m/sha256 $n)")" = "$(stat -c %i "$(entry cache/monolock/archives/sha256 $n)")" ] &&
  >   echo "$n: the cache's file, $(stat -c '%a, %h names' "$(entry m/sha256 $n)")"
  > done
  alpha: the cache's file, 644, 2 names
  beta: the cache's file, 644, 2 names
  gamma: the cache's file, 644, 2 names
  $ monolock mirror --check m
  m has every source of the lock (3)

Another machine with an empty cache and no network pulls from it, byte for byte:

  $ unserve
  $ mkdir p2 && cp monolock.lock p2/ && cd p2
  $ XDG_CACHE_HOME="$PWD/../cache2" monolock pull -q --offline --mirror "file://$PWD/../m"
  $ cd .. && diff -r --exclude=.monolock duniverse p2/duniverse && echo identical
  identical

The cache removed (all of it), the mirror is whole: its names hold the inodes.

  $ rm -rf cache
  $ monolock mirror --check m
  m has every source of the lock (3)
  $ for n in alpha beta gamma; do cmp "srv/$n-1.0.tgz" "$(entry m/sha256 $n)" && stat -c %h "$(entry m/sha256 $n)"; done
  1
  1
  1

The flip side of sharing an inode: a mirror file edited in place is the cache's entry edited
too. Both checks catch it: `mirror --check` lists it as corrupt, and the cache's check on its
next use discards the entry (here offline: the pull says so, and that it lacks the source).

  $ rm -rf duniverse && monolock pull -q --offline --mirror "file://$PWD/m"
  $ monolock mirror --offline m3
  mirrored 3 sources: 3 entries added, 0 already there
  $ stat -c %h "$(entry m3/sha256 beta)"
  2
  $ corrupt "$(entry m3/sha256 beta)"
  $ monolock mirror --check m3
  missing beta (http://127.0.0.1:*/beta-1.0.tgz) (glob)
  corrupt sha256/*/* (glob)
  monolock: mirror: 'm3' lacks 1 of 3 sources (monolock mirror m3 adds them)
  [1]
  $ rm -rf duniverse && monolock pull -q --offline
  monolock: beta: http://127.0.0.1:*/beta-1.0.tgz: the cached archive failed its checksum (expected sha256=*, got sha256=*) and was dropped (without --offline it is downloaded again) (glob)
  [1]
  $ monolock pull -q --offline --mirror "file://$PWD/m" && state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
