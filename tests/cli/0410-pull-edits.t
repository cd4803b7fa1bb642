Local edits (changed, added, deleted files) in a directory pull would replace or remove
block it with exit 3 and are listed; --force saves each such directory under
duniverse/.monolock/discarded/ (see 0504), then discards it. A directory monolock did not
write blocks nothing (see 0505).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ echo '(* patched *)' >> duniverse/alpha/src/alpha.ml
  $ echo new > duniverse/alpha/NOTES
  $ rm duniverse/alpha/alpha.opam
  $ echo patched > duniverse/gamma/src/gamma.ml
  $ mkdir duniverse/mine && touch duniverse/mine/x.ml

Edits in a directory that does not change do not matter; gamma's do (it is removed), and
so do alpha's; the untracked mine/ is left alone:

  $ lockarchives 2.0 alpha beta
  $ monolock pull
  monolock: local modifications in directories pull would replace or remove:
    added     duniverse/alpha/NOTES
    deleted   duniverse/alpha/alpha.opam
    modified  duniverse/alpha/src/alpha.ml
    modified  duniverse/gamma/src/gamma.ml
  monolock: `monolock patch alpha` keeps the edits as patches that pull carries to the new version
  monolock: refusing to discard local modifications (use --force to discard them); nothing was changed
  [3]
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ grep -c patched duniverse/alpha/src/alpha.ml
  1

Pulling only beta is not blocked by the others:

  $ monolock pull -q beta
  $ state alpha beta gamma
  alpha 1.0
  beta 2.0
  gamma 1.0

--force:

  $ monolock pull -q --force
  monolock: saved alpha/ as duniverse/.monolock/discarded/0001-alpha.tar.gz before discarding it
  monolock: saved gamma/ as duniverse/.monolock/discarded/0002-gamma.tar.gz before discarding it
  $ state alpha beta gamma
  alpha 2.0
  beta 2.0
  gamma missing
  $ ls duniverse
  README.md
  alpha
  beta
  dune
  mine
  $ unserve
