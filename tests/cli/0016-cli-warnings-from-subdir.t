Run from a subdirectory of the project (or with -C, or naming the lock with --lockfile),
warnings name paths as errors do: as the user knows them, relative to where the command was
typed.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ mkdir -p proj/sub/deep && cd proj && serve
  $ lockarchives 1.0 alpha
  $ printf '(lang dune 1.4)\n' > dune-project
  $ monolock pull -q
  $ mkdir duniverse/mylib

pull: a directory it did not write, and a dune-project too old for the generated files:

  $ cd sub/deep
  $ monolock pull
  monolock: warning: ../../duniverse/mylib/ is not in the lock and was not written by monolock: left as it is (`monolock status` shows it)
  monolock: warning: ../../dune-project declares (lang dune 1.4): `dune build` needs 1.11 or later to build the vendored sources (../../duniverse/dune uses vendored_dirs)
  ../../duniverse is up to date (1 source)
  $ mkdir ../../duniverse/other ../../duniverse/third
  $ monolock pull 2>&1 | grep warning
  monolock: warning: ../../duniverse: 2 directories not in the lock and not written by monolock are left as they are (`monolock status` shows them)
  monolock: warning: ../../dune-project declares (lang dune 1.4): `dune build` needs 1.11 or later to build the vendored sources (../../duniverse/dune uses vendored_dirs)
  $ cd ../.. && monolock -C sub pull 2>&1 | grep warning
  monolock: warning: ../dune-project declares (lang dune 1.4): `dune build` needs 1.11 or later to build the vendored sources (../duniverse/dune uses vendored_dirs)

A lock named with --lockfile: its warnings name it as typed.

  $ rm -rf duniverse/other duniverse/third duniverse/mylib dune-project && cat > app.opam.locked <<X
  > opam-version: "2.0"
  > depends: [
  >   "alpha" {= "1.0" & ?vendor}
  >   "beta" {= "1.0" & ?vendor}
  > ]
  > pin-depends: [["alpha.1.0" "$URL/alpha-1.0.tgz"]]
  > x-opam-monorepo-duniverse-dirs: [["$URL/alpha-1.0.tgz" "alpha" ["sha256=$(sha256 srv/alpha-1.0.tgz)"]]]
  > x-opam-monorepo-root-packages: ["app"]
  > x-opam-monorepo-version: "0.3"
  > X
  $ cd sub/deep && monolock pull --lockfile ../../app.opam.locked
  monolock: warning: ../../app.opam.locked: depends: 'beta' is marked ?vendor but has no pin-depends url: not pulled
  ../../duniverse is up to date (1 source)
  $ unserve

lock: undefined variables where the repository (named as the user typed it) uses them, and
the project's own opam file:

  $ cd "$CRAMTMP/$TESTFILE"
  $ mkdir -p repo/packages/a/a.1.0 repo/packages/a/a.2.0 repo/packages/b/b.1.0 p/bin/deep
  $ echo 'opam-version: "2.0"' > repo/repo
  $ printf 'opam-version: "2.0"\ndepends: ["b" {sys-old = "1"}]\n' > repo/packages/a/a.1.0/opam
  $ printf 'opam-version: "2.0"\ndepends: [\n  "b" {sys-new = "1"}\n  "b" {sys-new = "2"}\n]\n' > repo/packages/a/a.2.0/opam
  $ echo 'opam-version: "2.0"' > repo/packages/b/b.1.0/opam
  $ printf 'opam-version: "2.0"\ndepends: ["a" {mine = "x"}]\n' > p/p.opam
  $ cd p/bin/deep
  $ monolock lock --repo ../../../repo --generator none -q
  $ monolock lock --repo ../../../repo --generator none
  monolock: warning: ../../p.opam:2:16: undefined variable 'mine'
  monolock: warning: the lock is empty, yet the project depends on a: the filters left them all out
  locked 0 packages in 0 sources: no version changed
  monolock.lock unchanged
  $ printf 'opam-version: "2.0"\ndepends: ["a"]\n' > ../../p.opam
  $ monolock lock --repo ../../../repo --generator none
  monolock: warning: undefined variable 'sys-new' in 2 places (first ../../../repo/packages/a/a.2.0/opam:3:8)
  locked 1 package in 0 sources: 1 added
    added      a 2.0
  monolock.lock written
  $ printf 'opam-version: "2.0"\ndepends: ["a" {< "2.0"}]\n' > ../../p.opam
  $ monolock lock --repo ../../../repo --generator none
  monolock: warning: ../../../repo/packages/a/a.1.0/opam:2:16: undefined variable 'sys-old'
  locked 1 package in 0 sources: 1 downgraded
    downgraded a 2.0 -> 1.0
  monolock.lock written

A broken previous lock is replaced, and said so, naming it from here:

  $ echo '{' > ../../monolock.lock
  $ monolock lock --repo ../../../repo --generator none 2>&1 | grep warning
  monolock: warning: ignoring the previous lock: ../../monolock.lock:* (glob)
  monolock: warning: ../../../repo/packages/a/a.1.0/opam:2:16: undefined variable 'sys-old'
