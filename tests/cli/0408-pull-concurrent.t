Two pulls at once, in two projects sharing one cache.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ echo '{"/alpha-1.0.tgz": {"stall": 0.5}, "/beta-1.0.tgz": {"stall": 0.5}}' > faults.json
  $ lockarchives 1.0 alpha beta gamma
  $ mkdir p1 p2 && cp monolock.lock p1 && cp monolock.lock p2
  $ (cd p1 && monolock pull -q > out 2>&1; echo $? >> out) & a=$!
  $ (cd p2 && monolock pull -q > out 2>&1; echo $? >> out) & b=$!
  $ wait $a $b
  $ cat p1/out p2/out
  0
  0
  $ cd p1 && state alpha beta gamma && cd ../p2 && state alpha beta gamma && cd ..
  alpha 1.0
  beta 1.0
  gamma 1.0
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ find cache -path '*archives/sha256/*' -type f | wc -l
  3
  $ find cache -path '*tmp*' -type f | wc -l
  0

Two pulls at once on one workspace take turns.

  $ rm -rf p1/duniverse
  $ (cd p1 && monolock pull -q > out 2>&1; echo $? >> out) & a=$!
  $ (cd p1 && monolock pull -q > out2 2>&1; echo $? >> out2) & b=$!
  $ wait $a $b
  $ cat p1/out p1/out2 | sort
  0
  0
  $ unserve
