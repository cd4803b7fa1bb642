The dune generator: duniverse/dune for a non-empty lock, nothing for an empty one (and the
user is told), a warning when the project's dune-project is too old for vendored_dirs.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ writelock
  $ monolock pull
  monolock: the lock vendors no sources: nothing generated
  $ ls
  monolock.lock
  $ monolock pull -q
  $ serve
  $ printf '(lang dune 1.4)\n' > dune-project
  $ lockarchives 1.0 alpha
  $ monolock pull -q
  $ monolock pull
  monolock: warning: dune-project declares (lang dune 1.4): `dune build` needs 1.11 or later to build the vendored sources (duniverse/dune uses vendored_dirs)
  duniverse is up to date (1 source)
  $ tail -n 1 duniverse/dune
  (vendored_dirs *)
  $ printf '(lang dune 2.9)\n' > dune-project
  $ monolock pull
  duniverse is up to date (1 source)

A lock that becomes empty removes what pull made, including the generated dune file:

  $ writelock
  $ monolock pull
  monolock: the lock vendors no sources: nothing generated
  removed 1 source in * s (glob)
  $ ls -A duniverse
  .monolock
  README.md
  $ unserve
