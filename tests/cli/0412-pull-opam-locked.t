A lock written in opam-monorepo's format (.opam.locked, 0.3) is pulled with --lockfile; the
workspace is beside it.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0
  $ mkdir proj && cat > proj/app.opam.locked <<EOF
  > opam-version: "2.0"
  > synopsis: "opam-monorepo generated lockfile"
  > depends: [
  >   "alpha" {= "1.0" & ?vendor}
  >   "beta" {= "1.0" & ?vendor}
  >   "dune" {= "2.9.3"}
  >   "ocaml" {= "4.13.1"}
  > ]
  > pin-depends: [
  >   ["alpha.1.0" "$URL/alpha-1.0.tgz"]
  >   ["beta.1.0" "$URL/beta-1.0.tgz"]
  > ]
  > x-opam-monorepo-duniverse-dirs: [
  >   ["$URL/alpha-1.0.tgz" "alpha" ["sha256=$(sha256 srv/alpha-1.0.tgz)"]]
  >   ["$URL/beta-1.0.tgz" "beta" ["md5=$(md5 srv/beta-1.0.tgz)"]]
  > ]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > EOF
  $ monolock pull -q --lockfile proj/app.opam.locked
  $ ls proj proj/duniverse
  proj:
  app.opam.locked
  duniverse
  
  proj/duniverse:
  README.md
  alpha
  beta
  dune
  $ cat proj/duniverse/alpha/VERSION
  1.0
  $ monolock pull -q --lockfile proj/app.opam.locked

A malformed one:

  $ echo 'x-opam-monorepo-version: "0.3"' > bad.opam.locked
  $ monolock pull --lockfile bad.opam.locked
  monolock: bad.opam.locked* (glob)
  [1]
  $ unserve
