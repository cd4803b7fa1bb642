A source directory cannot take the name of the file pull generates in the workspace
(duniverse/dune) or of one dune reads there: such a lock is refused before anything is
written, whatever the case of its letters (file systems that ignore case). `monolock lock` names such a directory `dune_`.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ mkarchive beta 1.0
  $ for d in dune DUNE dune-project; do
  >   src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  >   src $d "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)"
  >   writelock
  >   monolock pull -q; echo "exit $?"
  > done
  monolock: monolock.lock: package 'dune': directory name 'dune' is reserved: it collides with the file duniverse/dune (`monolock lock` names such a directory 'dune_')
  exit 1
  monolock: monolock.lock: package 'DUNE': directory name 'DUNE' is reserved: it collides with the file duniverse/dune (`monolock lock` names such a directory 'DUNE_')
  exit 1
  monolock: monolock.lock: package 'dune-project': directory name 'dune-project' is reserved: it collides with the file duniverse/dune-project (`monolock lock` names such a directory 'dune-project_')
  exit 1
  $ ls duniverse
  ls: cannot access 'duniverse': No such file or directory
  [2]

Named dune_, the source is pulled and the generated file is written.

  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)"
  $ src dune_ "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)"
  $ writelock
  $ monolock pull -q
  $ ls duniverse
  README.md
  alpha
  dune
  dune_
  $ grep vendored_dirs duniverse/dune
  (vendored_dirs *)

A directory made by hand where the generated file goes: pull fails, saying so, instead of
exiting 0 without it.

  $ rm duniverse/dune && mkdir duniverse/dune && touch duniverse/dune/mine.ml
  $ monolock pull -q
  monolock: 'duniverse/dune' is a directory: pull generates the file dune reads there; move it away and pull again
  [1]
  $ ls duniverse/dune
  mine.ml
  $ mv duniverse/dune dune.mine && monolock pull -q
  $ grep vendored_dirs duniverse/dune
  (vendored_dirs *)
  $ unserve
