A git source at a commit (a local repository made here): the tree of that commit, without
.git unless --keep-git-dir.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$PULL_FIX/src/beta" repo && cd repo && git init -q && echo 1.0 > VERSION
  $ git add -A && git -c user.name=t -c user.email=t@example.com commit -qm one
  $ first=$(git rev-parse HEAD)
  $ echo 2.0 > VERSION && git -c user.name=t -c user.email=t@example.com commit -qam two
  $ cd ..
  $ gitsrc beta "git+file://$PWD/repo" "$first" && writelock
  $ monolock pull -q
  $ state beta
  beta 1.0
  $ ls -A duniverse/beta
  VERSION
  beta.opam
  dune-project
  src

Unchanged: not touched. With --keep-git-dir the directory is pulled again, with .git at the
commit.

  $ monolock pull -q
  $ monolock pull -q --keep-git-dir
  $ git -C duniverse/beta rev-parse HEAD | grep -c "$first"
  1

A commit that does not exist:

  $ gitsrc beta "git+file://$PWD/repo" 0123456789012345678901234567890123456789 && writelock
  $ monolock pull -q --keep-git-dir
  monolock: * (glob)
  [1]
  $ state beta
  beta 1.0
  $ ls duniverse/.monolock/staging

Offline, a commit the cache does not hold is an error naming the repository, and nothing
changes; the commit already cached is still pulled offline.

  $ cd repo && echo 3.0 > VERSION && git -c user.name=t -c user.email=t@example.com commit -qam three && cd ..
  $ gitsrc beta "git+file://$PWD/repo" "$(git -C repo rev-parse HEAD)" && writelock
  $ monolock pull -q --offline
  monolock: beta: offline: git repository 'file://*/repo' needs a fetch (not in the cache) (glob)
  monolock: without --offline, pull downloads what the cache lacks
  [1]
  $ state beta
  beta 1.0
  $ monolock pull -q
  $ state beta
  beta 3.0
