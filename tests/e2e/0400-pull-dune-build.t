End to end: a small OCaml project whose dependency gamma needs beta, which needs alpha
(fixtures/pull/src, built with dune). A lock written by hand for the archives served on
127.0.0.1, `monolock pull`, then one `dune build` at the project root builds everything.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ cp -R "$PULL_FIX/project" app && cd app
  $ for n in alpha beta gamma; do src $n "$URL/$n-1.0.tgz" "sha256=$(sha256 ../srv/$n-1.0.tgz)"; done
  $ writelock
  $ monolock pull -q
  $ dune build --root . 2>&1
  $ ./_build/default/bin/main.exe
  Hello, monolock!

The vendored libraries were built from duniverse/, not found installed:

  $ ls _build/default/duniverse/
  README.md
  alpha
  beta
  dune
  gamma
  $ ls _build/default/duniverse/alpha/src/alpha.cmxa _build/default/duniverse/gamma/src/gamma.cmxa
  _build/default/duniverse/alpha/src/alpha.cmxa
  _build/default/duniverse/gamma/src/gamma.cmxa
  $ cd .. && unserve
