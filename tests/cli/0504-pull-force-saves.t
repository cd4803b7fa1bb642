`pull --force` never discards an edit without a trace: each edited directory it replaces or
removes is first saved as a tarball under duniverse/.monolock/discarded/ (the edited files as
they are), whose path it prints, even with -q; the last ten are kept.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ monolock pull -q
  $ echo '(* mine *)' >> duniverse/alpha/src/alpha.ml
  $ echo notes > duniverse/alpha/NOTES && rm duniverse/alpha/alpha.opam
  $ lockarchives 2.0 alpha beta
  $ monolock pull -q
  monolock: local modifications in directories pull would replace or remove:
    added     duniverse/alpha/NOTES
    deleted   duniverse/alpha/alpha.opam
    modified  duniverse/alpha/src/alpha.ml
  monolock: `monolock patch alpha` keeps the edits as patches that pull carries to the new version
  monolock: refusing to discard local modifications (use --force to discard them); nothing was changed
  [3]
  $ monolock pull -q --force
  monolock: saved alpha/ as duniverse/.monolock/discarded/0001-alpha.tar.gz before discarding it
  $ tar tzf duniverse/.monolock/discarded/0001-alpha.tar.gz | sort
  alpha/
  alpha/NOTES
  alpha/VERSION
  alpha/dune-project
  alpha/src/
  alpha/src/alpha.ml
  alpha/src/dune
  $ tar xzf duniverse/.monolock/discarded/0001-alpha.tar.gz -O alpha/src/alpha.ml | tail -1
  (* mine *)
  $ cat duniverse/alpha/VERSION
  2.0

A directory the new lock drops is saved too; links in it are saved as links:

  $ ln -s ../../../secret duniverse/beta/escape && echo edit >> duniverse/beta/VERSION
  $ src alpha "$URL/alpha-2.0.tgz" "sha256=$(sha256 srv/alpha-2.0.tgz)" && writelock
  $ monolock pull -q --force
  monolock: saved beta/ as duniverse/.monolock/discarded/0002-beta.tar.gz before discarding it
  $ tar tvzf duniverse/.monolock/discarded/0002-beta.tar.gz | grep -o 'escape -> .*'
  escape -> ../../../secret

Only the last ten are kept:

  $ for v in 3 4 5 6 7 8 9 10 11 12; do
  >   echo "(* $v *)" >> duniverse/alpha/src/alpha.ml && lockarchives $v.0 alpha &&
  >   monolock pull -q --force >/dev/null 2>&1 || echo failed $v
  > done
  $ ls duniverse/.monolock/discarded
  0003-alpha.tar.gz
  0004-alpha.tar.gz
  0005-alpha.tar.gz
  0006-alpha.tar.gz
  0007-alpha.tar.gz
  0008-alpha.tar.gz
  0009-alpha.tar.gz
  0010-alpha.tar.gz
  0011-alpha.tar.gz
  0012-alpha.tar.gz
  $ tar xzf duniverse/.monolock/discarded/0012-alpha.tar.gz -O alpha/src/alpha.ml | tail -1
  (* 12 *)

When the edits cannot be saved, nothing is discarded: a `discarded` that is a link is
refused, and the edits are still there.

  $ rm -rf duniverse/.monolock/discarded && mkdir elsewhere && ln -s "$PWD/elsewhere" duniverse/.monolock/discarded
  $ echo '(* kept *)' >> duniverse/alpha/src/alpha.ml && lockarchives 13.0 alpha
  $ monolock pull -q --force
  monolock: 'duniverse/.monolock/discarded' is not a directory monolock made (a link): remove it and pull again
  [1]
  $ tail -1 duniverse/alpha/src/alpha.ml && cat duniverse/alpha/VERSION && ls elsewhere
  (* kept *)
  12.0
  $ unserve
