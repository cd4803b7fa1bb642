A mirror in opam's cache layout (MIRROR/sha256/ab/<hex>) is tried before the upstream URL.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ h=$(sha256 srv/alpha-1.0.tgz)
  $ mkdir -p srv/mirror/sha256/${h:0:2} && mv srv/alpha-1.0.tgz srv/mirror/sha256/${h:0:2}/$h
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$h" && writelock
  $ monolock pull -q --mirror "$URL/mirror"
  $ state alpha
  alpha 1.0
  $ cat httpd.log
  GET /mirror/sha256/*/* (glob)

Without the mirror, the upstream URL (which does not have it) is asked:

  $ rm -rf duniverse cache httpd.log
  $ monolock pull -q
  monolock: alpha: http://127.0.0.1:*/alpha-1.0.tgz: HTTP 404 (glob)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  [1]
  $ cat httpd.log
  GET /alpha-1.0.tgz
  $ unserve
