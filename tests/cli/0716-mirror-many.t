Mirror and pull check the cache's archives on several threads (up to four, no more than the
processors online) and mirror stages them the same way: what they report is what one after
the other would: the counts, every bad entry named once in order, the first failure in the
lock's order. Two mirrors at once into one directory leave it whole, each entry written once.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir -p t srv && for i in $(seq -w 1 24); do mkdir t/p$i-1.0 && echo "p$i" > t/p$i-1.0/VERSION && tar -C t -czf srv/p$i-1.0.tgz p$i-1.0; done
  $ serve
  $ for i in $(seq -w 1 24); do src p$i "$URL/p$i-1.0.tgz" "sha256=$(sha256 srv/p$i-1.0.tgz)" "md5=$(md5 srv/p$i-1.0.tgz)"; done && writelock
  $ monolock pull -q
  $ monolock mirror m
  mirrored 24 sources: 48 entries added, 0 already there
  $ monolock mirror m
  mirrored 24 sources: 0 entries added, 48 already there
  $ for i in $(seq -w 1 24); do a=$(sha256 srv/p$i-1.0.tgz); cmp -s m/sha256/${a:0:2}/$a srv/p$i-1.0.tgz || echo "p$i differs"; done

Three entries of another mirror hold something else: everything else is written, the three
are listed in the order of their names, and the run fails:

  $ for i in 20 03 11; do a=$(sha256 srv/p$i-1.0.tgz); mkdir -p m2/sha256/${a:0:2} && echo junk > m2/sha256/${a:0:2}/$a; echo "sha256/${a:0:2}/$a" >> bad; done
  $ monolock mirror m2 > out 2>&1; echo "exit $?"
  exit 1
  $ grep '^monolock:' out
  monolock: mirror: 3 entries in 'm2' do not hold what their name says (left as they are: remove them and run mirror again)
  $ sort bad | sed 's/^/corrupt /' > bad.sorted && grep '^corrupt' out > bad.listed && cmp bad.sorted bad.listed && echo listed in order
  listed in order
  $ find m2 -type f | wc -l
  48

Two mirrors at once into a new directory: between them every entry is added exactly once,
and the mirror is whole:

  $ monolock mirror m3 2> o1 & pid=$! && monolock mirror m3 2> o2; wait $pid
  $ cat o1 o2 | awk '{ added += $4; there += $7 } END { print added " added, " there " already there" }'
  48 added, 48 already there
  $ monolock mirror --check m3
  m3 has every source of the lock (24)

Two cache entries fail their checksum: an offline mirror names both, in the lock's order,
drops them from the cache, and writes nothing:

  $ for i in 17 05; do a=$(sha256 srv/p$i-1.0.tgz); f=cache/monolock/archives/sha256/${a:0:2}/$a; chmod u+w $f && echo junk >> $f; done
  $ monolock mirror --offline m4 2>&1 | sed 's/[0-9a-f]\{64\}/HASH/g; s/127.0.0.1:[0-9]*/HOST/g'
  monolock: 2 of 24 sources failed: p05: http://HOST/p05-1.0.tgz: the cached archive failed its checksum (expected sha256=HASH, got sha256=HASH) and was dropped (without --offline it is downloaded again); p17: http://HOST/p17-1.0.tgz: the cached archive failed its checksum (expected sha256=HASH, got sha256=HASH) and was dropped (without --offline it is downloaded again)
  $ test -e m4/sha256 || echo nothing written
  nothing written
  $ for i in 17 05; do a=$(sha256 srv/p$i-1.0.tgz); test -e cache/monolock/archives/sha256/${a:0:2}/$a || echo "p$i dropped"; done
  p17 dropped
  p05 dropped
  $ unserve
