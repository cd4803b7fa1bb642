End to end: pull from the loopback server, write a mirror, then on a "machine" with an
empty cache and no server pull with only the mirror directory; the two workspaces are
identical (files, modes, links; duniverse/.monolock, pull's own bookkeeping, records inode
numbers of this machine) and the project builds from the second one.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ cp -R "$PULL_FIX/project" online && cd online
  $ for n in alpha beta gamma; do src $n "$URL/$n-1.0.tgz" "sha256=$(sha256 ../srv/$n-1.0.tgz)"; done
  $ writelock
  $ monolock pull -q
  $ monolock -q mirror ../mirror
  $ cd .. && unserve

  $ cp -R "$PULL_FIX/project" offline && cp online/monolock.lock offline/ && cd offline
  $ XDG_CACHE_HOME="$PWD/../cache2" monolock pull -q --offline --mirror "file://$(cd ../mirror && pwd)"
  $ walk() { (cd "$1" && find . -path ./.monolock -prune -o -print | LC_ALL=C sort | while read -r f; do
  >   if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -f "$f" ]; then echo "$f $(stat -c %a "$f") $(sha256sum < "$f" | cut -c1-16)"; else echo "$f/ $(stat -c %a "$f")"; fi; done); }
  $ walk ../online/duniverse > a && walk duniverse > b && cmp a b && echo identical
  identical
  $ dune build --root . 2>&1
  $ ./_build/default/bin/main.exe
  Hello, monolock!
