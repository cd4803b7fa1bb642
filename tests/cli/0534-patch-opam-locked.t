With a lock in opam-monorepo's format (.opam.locked) in another directory, `patch` writes
patches/ beside that lock and records the patch in an x-monolock-patches field, which pull
reads back; a malformed or unsafe field is refused with its position.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ mkdir proj && cat > proj/app.opam.locked <<EOF
  > opam-version: "2.0"
  > synopsis: "opam-monorepo generated lockfile"
  > depends: [
  >   "alpha" {= "1.0" & ?vendor}
  >   "dune" {= "2.9.3"}
  > ]
  > pin-depends: [
  >   ["alpha.1.0" "$URL/alpha-1.0.tgz"]
  > ]
  > x-opam-monorepo-duniverse-dirs: [
  >   ["$URL/alpha-1.0.tgz" "alpha" ["sha256=$(sha256 srv/alpha-1.0.tgz)"]]
  > ]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > EOF
  $ monolock pull -q --lockfile proj/app.opam.locked
  $ echo '(* edited *)' >> proj/duniverse/alpha/src/alpha.ml
  $ monolock diff --lockfile proj/app.opam.locked --stat
   duniverse/alpha/src/alpha.ml | 1 +
   1 file changed, 1 insertion(+)
  $ monolock patch --lockfile proj/app.opam.locked alpha
  saved proj/duniverse/alpha as proj/patches/alpha.patch (1 file)
  $ grep x-monolock-patches proj/app.opam.locked | sed "s/$(sha256 proj/patches/alpha.patch)/SUM/"
  x-monolock-patches: [["alpha" "patches/alpha.patch" "SUM"]]
  $ rm -rf proj/duniverse
  $ monolock pull -q --lockfile proj/app.opam.locked
  $ tail -1 proj/duniverse/alpha/src/alpha.ml
  (* edited *)

  $ sed -i 's|"patches/alpha.patch"|"/etc/passwd"|' proj/app.opam.locked
  $ monolock pull -q --lockfile proj/app.opam.locked
  monolock: proj/app.opam.locked: source 'alpha': patch file '/etc/passwd' is not a relative path inside the project (no '..', '.', empty or absolute components)
  [1]
  $ sed -i 's|\["alpha" "/etc/passwd"|["alpha"|' proj/app.opam.locked
  $ monolock pull -q --lockfile proj/app.opam.locked
  monolock: proj/app.opam.locked:*: x-monolock-patches: expected ["dir" "file" "sha256"] (glob)
  [1]
  $ unserve
