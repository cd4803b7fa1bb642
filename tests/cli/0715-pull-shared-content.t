Sources whose archives have the same content under different URLs: once one body verified,
the others not yet started are not downloaded again (they come from the cache). The cache's
md5 and sha512 index links that already lead to the right entry are left as they are.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ C=$PWD/cache/monolock/archives
  $ serve
  $ mkarchive alpha 1.0 && cp srv/alpha-1.0.tgz srv/copy1.tgz && cp srv/alpha-1.0.tgz srv/copy2.tgz
  $ S=$(sha256 srv/alpha-1.0.tgz) M=$(md5 srv/alpha-1.0.tgz)
  $ src a "$URL/alpha-1.0.tgz" "sha256=$S"
  $ src b "$URL/copy1.tgz" "sha256=$S"
  $ src c "$URL/copy2.tgz" "sha256=$S" "md5=$M"
  $ writelock

One download at a time: the first body verified, the two others follow it.

  $ monolock pull -j 1
  pulled a
  pulled b
  pulled c
  pulled 3 sources (*, 2 from cache) in * s (glob)
  $ grep -c 'GET /' httpd.log
  1
  $ for d in b c; do diff -r duniverse/a duniverse/$d; done

A source whose other checksum disagrees with that content is not given it: it fails as its
own download would, and nothing changes.

  $ rm -rf duniverse
  $ rm $C/sha256/${S:0:2}/$S
  $ src a "$URL/alpha-1.0.tgz" "sha256=$S"
  $ src c "$URL/copy2.tgz" "sha256=$S" "md5=00000000000000000000000000000000"
  $ writelock
  $ monolock pull -j 1 > out 2>&1; echo $?
  1
  $ sed "s/$PORT/PORT/; s/got md5=$M/got md5=M/" out
  monolock: c: checksum mismatch for http://127.0.0.1:PORT/copy2.tgz: expected md5=00000000000000000000000000000000, got md5=M
  $ state a c
  a missing
  c missing

The entry is gone but its index links are still there: committing the content again leaves
the links that already lead to it as they are (same inode), and makes the entry again.

  $ rm -f $C/sha256/${S:0:2}/$S
  $ L5=$C/md5/${M:0:2}/$M
  $ readlink $L5 | sed "s/$S/SHA/"
  ../../sha256/*/SHA (glob)
  $ before=$(stat -c %i $L5)
  $ src a "$URL/alpha-1.0.tgz" "sha256=$S"
  $ writelock
  $ monolock pull -q
  $ test "$(stat -c %i $L5)" = "$before" && echo same link
  same link
  $ test -f $C/sha256/${S:0:2}/$S && echo entry
  entry
  $ state a
  a 1.0
  $ unserve
