End to end: edit a vendored library, `dune build` shows the edit; `monolock patch` saves it;
with the workspace deleted, `monolock pull` brings it back and `dune build` shows it again;
then an upgrade of the library carries the patch to the new version.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkdir -p fix/src && cp -R "$PULL_FIX/src/alpha" "$PULL_FIX/src/beta" "$PULL_FIX/src/gamma" fix/src/
  $ cp -R "$PULL_FIX/project" app
  $ PULL_FIX=$PWD/fix
  $ printf '(* alpha *)\nlet greeting = "hello"\nlet unused = 0\n(* the end *)\nlet version = "1.0"\n' > fix/src/alpha/src/alpha.ml
  $ mkarchive alpha 1.0 && mkarchive beta 1.0 && mkarchive gamma 1.0
  $ cd app
  $ for n in alpha beta gamma; do src $n "$URL/$n-1.0.tgz" "sha256=$(sha256 ../srv/$n-1.0.tgz)"; done
  $ writelock
  $ monolock pull -q
  $ dune build --root . 2>&1 && ./_build/default/bin/main.exe
  Hello, monolock!

An edit of the vendored library is what dune builds:

  $ sed -i 's/"hello"/"howdy"/' duniverse/alpha/src/alpha.ml
  $ dune build --root . 2>&1 && ./_build/default/bin/main.exe
  Howdy, monolock!
  $ monolock patch alpha
  saved duniverse/alpha as patches/alpha.patch (1 file)

A fresh workspace gets it back:

  $ rm -rf duniverse _build
  $ monolock pull -q
  $ dune build --root . 2>&1 && ./_build/default/bin/main.exe
  Howdy, monolock!

alpha 2.0 changes another line; the lock moves to it (keeping its patch, as `monolock lock`
does) and pull carries the patch:

  $ sed -i 's/"1.0"/"2.0"/' ../fix/src/alpha/src/alpha.ml
  $ (cd .. && mkarchive alpha 2.0)
  $ sed -i "s|$URL/alpha-1.0.tgz\", \"checksums\": \[\"sha256=[0-9a-f]*\"\]|$URL/alpha-2.0.tgz\", \"checksums\": [\"sha256=$(sha256 ../srv/alpha-2.0.tgz)\"]|" monolock.lock
  $ grep -c alpha-2.0 monolock.lock
  1
  $ monolock pull
  pulled alpha
  carried patches/alpha.patch to the new version of duniverse/alpha
  pulled 1 source (*, 0 from cache) in * s (glob)
  $ cat duniverse/alpha/src/alpha.ml
  (* alpha *)
  let greeting = "howdy"
  let unused = 0
  (* the end *)
  let version = "2.0"
  $ dune build --root . 2>&1 && ./_build/default/bin/main.exe
  Howdy, monolock!
  $ monolock diff
  $ cd .. && unserve
