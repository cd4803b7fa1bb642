pull changes only a workspace it made: a duniverse/ that is a link (to a home directory,
say), or a non-empty directory without monolock's state, is refused before anything is
touched, with --force too; a link at a source directory's place is removed itself, never
what it leads to.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ mkdir -p home/Documents && echo dear >home/Documents/letter.txt
  $ ln -s "$PWD/home" duniverse
  $ monolock pull -q
  monolock: 'duniverse' is a symbolic link, not a directory: pull changes only a workspace it made; move it away (e.g. `mv duniverse duniverse.old`) and pull again
  [1]
  $ monolock pull -q --force
  monolock: 'duniverse' is a symbolic link, not a directory: pull changes only a workspace it made; move it away (e.g. `mv duniverse duniverse.old`) and pull again
  [1]
  $ ls -A home home/Documents
  home:
  Documents
  
  home/Documents:
  letter.txt

A directory of someone else's files, and one whose .monolock is a link:

  $ rm duniverse && mkdir -p duniverse/theirs && echo 'let x = 1' >duniverse/theirs/x.ml
  $ monolock pull -q --force
  monolock: 'duniverse' is not empty and was not written by monolock (it has no .monolock/): pull changes only a workspace it made; move it away (e.g. `mv duniverse duniverse.old`) and pull again
  [1]
  $ ls -A duniverse
  theirs
  $ ln -s "$PWD/home" duniverse/.monolock
  $ monolock pull -q --force
  monolock: 'duniverse' has a .monolock that is a link: pull changes only a workspace it made; move it away (e.g. `mv duniverse duniverse.old`) and pull again
  [1]

Moved away as told, the pull works; an empty directory is adopted too.

  $ mv duniverse duniverse.old && mkdir duniverse
  $ monolock pull -q
  $ state alpha beta
  alpha 1.0
  beta 1.0

Inside monolock's workspace, a source directory replaced by a link to the home directory:
a link is the user's (a checkout, say), kept as it is and never followed, whether the lock
names that directory or not; status shows it. A link planted in the state directory is
refused.

  $ rm -rf duniverse/beta && ln -s "$PWD/home" duniverse/beta
  $ monolock pull -q
  $ lockarchives 1.0 alpha
  $ monolock pull -q --force >/dev/null
  $ ls -A duniverse
  .monolock
  README.md
  alpha
  beta
  dune
  $ monolock status beta
  linked          duniverse/beta -> */home (glob)
  duniverse: 1 directory: 1 linked
  $ cat home/Documents/letter.txt
  dear
  $ rm -rf duniverse/.monolock/aside && ln -s "$PWD/home" duniverse/.monolock/aside
  $ monolock pull -q --force
  monolock: 'duniverse/.monolock/aside' is not a directory monolock made (a link): remove it and pull again
  [1]
  $ cat home/Documents/letter.txt
  dear
  $ unserve
