--offline pulls from a warm cache without the network, and names what is missing.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ unserve
  $ rm -rf duniverse
  $ monolock pull -q --offline
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0

Something not in the cache:

  $ mkarchive gamma 2.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ src gamma "$URL/gamma-2.0.tgz" "sha256=$(sha256 srv/gamma-2.0.tgz)"
  $ writelock
  $ monolock pull -q --offline
  monolock: gamma: http://127.0.0.1:*/gamma-2.0.tgz is not in the cache (glob)
  monolock: without --offline, pull downloads what the cache lacks
  [1]
  $ state gamma
  gamma 1.0
