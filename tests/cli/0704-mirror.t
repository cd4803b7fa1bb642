`mirror DIR` writes the lock's archives into DIR in opam's download-cache layout, each under
its sha256 and under every other checksum the lock lists for it (the names its consumers look
it up by), never a name nobody listed; `pull --mirror file://DIR --offline` then rebuilds the
workspace with no network and an empty cache, byte for byte.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ mkdir -p t/delta-1.0/bin && printf '#!/bin/sh\necho hi\n' > t/delta-1.0/bin/run && chmod 755 t/delta-1.0/bin/run
  $ ln -s bin/run t/delta-1.0/run && echo x > t/delta-1.0/data && tar -C t -czf srv/delta-1.0.tgz delta-1.0
  $ mkdir proj && cd proj
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 ../srv/alpha-1.0.tgz)"
  $ src beta "$URL/beta-1.0.tgz" "sha512=$(sha512 ../srv/beta-1.0.tgz)" "sha256=$(sha256 ../srv/beta-1.0.tgz)"
  $ src gamma "$URL/gamma-1.0.tgz" "md5=$(md5 ../srv/gamma-1.0.tgz)"
  $ src delta "$URL/delta-1.0.tgz" "sha256=$(sha256 ../srv/delta-1.0.tgz)" "md5=$(md5 ../srv/delta-1.0.tgz)" "sha512=$(sha512 ../srv/delta-1.0.tgz)"
  $ writelock
  $ monolock pull -q

alpha lists sha256 only (one name), beta sha512 and sha256 (two), gamma md5 only (two: its
sha256 is the mirror's key), delta all three:

  $ monolock mirror ../m
  mirrored 4 sources: 8 entries added, 0 already there
  $ cd ../m && find . -type f | sed 's#/[0-9a-f][0-9a-f]/[0-9a-f]\{20,\}$#/XX/HASH#' | sort | uniq -c && cd ../proj
        2 ./md5/XX/HASH
        4 ./sha256/XX/HASH
        2 ./sha512/XX/HASH
  $ name() { echo "$1/$(${1} "../srv/$2-1.0.tgz" | cut -c1-2)/$(${1} "../srv/$2-1.0.tgz")"; }
  $ for s in alpha beta gamma delta; do for k in sha256 md5 sha512; do test -f "../m/$(name $k $s)" && echo "$s $k"; done; done
  alpha sha256
  beta sha256
  beta sha512
  gamma sha256
  gamma md5
  delta sha256
  delta md5
  delta sha512
  $ stat -c %h "../m/$(name sha256 delta)" "../m/$(name sha256 alpha)"
  4
  2

(The md5 and sha512 names are hard links to the sha256 one, itself a hard link to the
cache's entry, where the file system allows: one copy on disk; a static server or object
store serves each name as a file.)

Run again, it only verifies; --check lists nothing missing:

  $ monolock mirror ../m
  mirrored 4 sources: 0 entries added, 8 already there
  $ monolock mirror --check ../m
  ../m has every source of the lock (4)

A machine that has never seen the network: another, empty cache, no server.

  $ unserve
  $ cp monolock.lock ../proj2.lock && mkdir ../proj2 && mv ../proj2.lock ../proj2/monolock.lock && cd ../proj2
  $ XDG_CACHE_HOME="$PWD/../cache2" monolock pull -q --offline
  monolock: 4 of 4 sources could not be fetched (nothing changed):
    not in the cache (offline): 4 sources (alpha, beta, delta and 1 more)
  monolock: without --offline, pull downloads what the cache lacks
  [1]
  $ XDG_CACHE_HOME="$PWD/../cache2" monolock pull -q --offline --mirror "file://$(cd ../m && pwd)"
  $ tree() { (cd "$1" && find . -path ./.monolock -prune -o -print | LC_ALL=C sort | while read -r f; do
  >   if [ -L "$f" ]; then echo "$f -> $(readlink "$f")"; elif [ -f "$f" ]; then echo "$f $(stat -c %a "$f") $(sha256sum < "$f" | cut -c1-16)"; else echo "$f/ $(stat -c %a "$f")"; fi; done); }
  $ tree ../proj/duniverse > a && tree duniverse > b && cmp a b && grep -c . a
  29
  $ grep 'delta/\(run\|bin/run\)' a
  ./delta/bin/run 755 * (glob)
  ./delta/run -> bin/run

The same directory served by any static HTTP server is a mirror for a fleet (the upstream
server is gone: only the mirror answers). opam, given it as an archive-mirror, asks for
the opam file's checksums, which the lock records as they are: gamma and delta by their md5
are there; alpha, which lists none, is asked for by sha256 only:

  $ up=$URL && serve ../m && rm -rf duniverse
  $ XDG_CACHE_HOME="$PWD/../cache7" monolock pull -q --mirror "$URL"
  $ tree duniverse > c && cmp a c
  $ curl -fsS "$URL/$(cd ../proj && name md5 gamma)" | cmp - ../srv/gamma-1.0.tgz && echo gamma by md5
  gamma by md5
  $ curl -fsS "$URL/$(cd ../proj && name md5 delta)" | cmp - ../srv/delta-1.0.tgz && echo delta by md5
  delta by md5
  $ curl -sS -o /dev/null -w '%{http_code}\n' "$URL/$(cd ../proj && name md5 alpha)"
  404
  $ unserve && URL=$up

A corrupt mirror entry (here replaced by other bytes, as a broken upload would): --check
reports it, an offline pull refuses it, and mirror does not rewrite it (an entry is never
replaced) until it is removed:

  $ cd ../proj
  $ a256=$(sha256 ../srv/alpha-1.0.tgz); entry="sha256/${a256:0:2}/$a256"
  $ echo junk > junk && mv junk "../m/$entry"
  $ monolock mirror --check ../m 2>&1 | sed "s/$a256/HASH/"
  missing alpha (http://127.0.0.1:*/alpha-1.0.tgz) (glob)
  corrupt sha256/*/HASH (glob)
  monolock: mirror: '../m' lacks 1 of 4 sources (monolock mirror ../m adds them)
  $ rm -rf ../cache3 ../proj2/duniverse && cd ../proj2
  $ XDG_CACHE_HOME="$PWD/../cache3" monolock pull -q --offline --mirror "file://$(cd ../m && pwd)" 2>&1 | sed "s/got sha256=[0-9a-f]*/got sha256=JUNK/; s/$a256/HASH/g"
  monolock: alpha: http://127.0.0.1:*/alpha-1.0.tgz is not in the cache (local mirror: alpha: checksum mismatch for file://*/m/sha256/*/HASH: expected sha256=HASH, got sha256=JUNK) (glob)
  $ cd ../proj && monolock mirror ../m 2>&1 | sed "s/$a256/HASH/"
  corrupt sha256/*/HASH (glob)
  monolock: mirror: 1 entry in '../m' does not hold what its name says (left as it is: remove it and run mirror again)
  $ rm "../m/$entry" && monolock mirror ../m
  mirrored 4 sources: 1 entries added, 7 already there

Two mirrors at once into a new directory: both succeed, every entry is complete, no
temporary file is left:

  $ (monolock -q mirror ../m2 & monolock -q mirror ../m2; wait)
  $ monolock mirror --check ../m2 && find ../m2 -name '.tmp-*' | wc -l
  ../m2 has every source of the lock (4)
  0

A lock with a git source: its commit goes into the mirror as a git pack (the commit and its
tree), which pull loads into an empty cache, offline, with the git remote gone:

  $ git init -q ../g && mkdir ../g/bin && printf '#!/bin/sh\n' > ../g/bin/x && chmod 755 ../g/bin/x && ln -s bin/x ../g/x
  $ git -C ../g add -A && git -C ../g -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm g
  $ C=$(git -C ../g rev-parse HEAD)
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$a256"; gitsrc gee "git+file://$(cd ../g && pwd)" "$C"; writelock git.lock
  $ monolock mirror --lockfile git.lock ../m
  mirrored 2 sources: 1 entries added, 1 already there
  $ ls ../m/git | sed "s/$C/COMMIT/"
  COMMIT.pack
  $ monolock mirror --lockfile git.lock ../m && monolock mirror --check --lockfile git.lock ../m
  mirrored 2 sources: 0 entries added, 2 already there
  ../m has every source of the lock (2)
  $ monolock -q pull --lockfile git.lock && mv ../g ../g.away
  $ mkdir ../proj3 && cp git.lock ../proj3/monolock.lock && cd ../proj3
  $ XDG_CACHE_HOME="$PWD/../cache5" monolock pull -q --offline --mirror "file://$(cd ../m && pwd)"
  $ tree ../proj/duniverse | grep gee > a && tree duniverse | grep gee > b && cmp a b && cat b
  ./gee/ 755
  ./gee/bin/ 755
  ./gee/bin/x 755 * (glob)
  ./gee/x -> bin/x

A pack that is not that commit's is refused by git's checks; the export then has nothing to
read from:

  $ rm -rf duniverse && echo junk > "../m/git/$C.pack"
  $ XDG_CACHE_HOME="$PWD/../cache6" monolock pull -q --offline --mirror "file://$(cd ../m && pwd)" 2>&1 | sed "s/$C/COMMIT/"
  monolock: gee: git: file://*/g: no such repository (glob)
  $ cd ../proj && mv ../g.away ../g

A read-only mirror directory (a read-only bind mount: root ignores permissions):

  $ mkdir ../ro
  $ unshare -rm sh -c 'mount --bind ../ro ../ro && mount -o remount,bind,ro ../ro && monolock mirror ../ro' 2>&1
  monolock: cannot create directory '../ro/sha256': Read-only file system
  [1]

Bad input:

  $ monolock mirror
  monolock: which directory? (mirror DIR)
  see 'monolock mirror --help'
  [64]
  $ monolock mirror https://example.org/m
  monolock: mirror 'https://example.org/m': a local directory (to publish it, copy it to a static server or object store)
  see 'monolock mirror --help'
  [64]
  $ monolock mirror --check ../nosuch
  monolock: mirror: '../nosuch' is not a directory
  [1]
  $ XDG_CACHE_HOME="$PWD/../cache4" monolock mirror --offline ../m5
  monolock: offline: 4 of 4 sources not in the cache: * (glob)
  [1]
