Without monolock.lock, pull, list and why read the project's one *.opam.locked (opam-monorepo's
lock); with several, they say which there are and how to choose. Run from duniverse/ or another
subdirectory, `pull DIR` names the directory the user means.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0
  $ mkdir -p proj/bin && cat > proj/app.opam.locked <<EOF
  > opam-version: "2.0"
  > depends: [
  >   "alpha" {= "1.0" & ?vendor}
  >   "beta" {= "1.0" & ?vendor}
  > ]
  > pin-depends: [
  >   ["alpha.1.0" "$URL/alpha-1.0.tgz"]
  >   ["beta.1.0" "$URL/beta-1.0.tgz"]
  > ]
  > x-opam-monorepo-duniverse-dirs: [
  >   ["$URL/alpha-1.0.tgz" "alpha" ["sha256=$(sha256 srv/alpha-1.0.tgz)"]]
  >   ["$URL/beta-1.0.tgz" "beta" ["sha256=$(sha256 srv/beta-1.0.tgz)"]]
  > ]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > EOF
  $ cd proj/bin
  $ monolock pull -q
  $ ls ..
  app.opam.locked
  bin
  duniverse
  $ monolock list
  alpha  1.0  alpha
  beta   1.0  beta
  $ monolock why beta
  beta is locked but no root depends on it
  $ rm -r ../duniverse/alpha ../duniverse/beta
  $ monolock pull -q ../duniverse/alpha
  $ cd ../duniverse && monolock pull -q beta/
  $ cat alpha/VERSION beta/VERSION
  1.0
  1.0

Two opam-monorepo locks and no monolock.lock: which one is for the user to say.

  $ cp ../app.opam.locked ../other.opam.locked
  $ monolock list
  monolock: no monolock.lock, and 2 opam-monorepo locks: app.opam.locked, other.opam.locked; choose one with --lockfile FILE (or write monolock.lock with `monolock lock`)
  [64]
  $ monolock why beta --lockfile ../other.opam.locked
  beta is locked but no root depends on it
  $ unserve
