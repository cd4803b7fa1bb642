A directory under duniverse/ that monolock did not write (a library dropped in by hand) is
the user's: pull keeps it, blocks on nothing, and warns once about it; status shows it. Only
when the lock wants that very name does pull refuse, and --force saves it as a tarball before
replacing it.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0 && mkarchive beta 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull -q
  $ mkdir duniverse/mylib && echo 'let x = 1' > duniverse/mylib/mylib.ml
  $ monolock pull
  monolock: warning: duniverse/mylib/ is not in the lock and was not written by monolock: left as it is (`monolock status` shows it)
  duniverse is up to date (1 source)
  $ monolock pull
  duniverse is up to date (1 source)
  $ monolock status
  not in the lock duniverse/mylib/
  duniverse: 2 directories: 1 clean, 1 not in the lock

It blocks nothing, not even a forced pull that replaces and removes other directories:

  $ mkdir duniverse/other duniverse/third
  $ src beta "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)" && writelock
  $ monolock pull
  monolock: warning: duniverse: 2 directories not in the lock and not written by monolock are left as they are (`monolock status` shows them)
  pulled beta
  pulled 1 source (*, 0 from cache), removed 1 in * s (glob)
  $ ls duniverse && cat duniverse/mylib/mylib.ml
  README.md
  beta
  dune
  mylib
  other
  third
  let x = 1

The lock wants that very name: pull refuses; --force saves it, then replaces it.

  $ src beta "$URL/beta-1.0.tgz" "sha256=$(sha256 srv/beta-1.0.tgz)"
  $ src mylib "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull -q
  monolock: local modifications in directories pull would replace or remove:
    untracked duniverse/mylib/ (not written by monolock)
  monolock: refusing to discard local modifications (use --force to discard them); nothing was changed
  [3]
  $ monolock pull -q --force
  monolock: saved mylib/ as duniverse/.monolock/discarded/0001-mylib.tar.gz before discarding it
  $ tar tzf duniverse/.monolock/discarded/0001-mylib.tar.gz
  mylib/
  mylib/mylib.ml
  $ cat duniverse/mylib/VERSION
  1.0
  $ monolock status
  not in the lock duniverse/other/
  not in the lock duniverse/third/
  duniverse: 4 directories: 2 clean, 2 not in the lock
  $ unserve
