`repo check` on git repositories, `git+URL[#ref]`: fetched into the cache with libgit2 and
read at one commit without a checkout.

  $ export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t
  $ export GIT_COMMITTER_EMAIL=t@example.org GIT_CONFIG_NOSYSTEM=1 HOME="$PWD"
  $ cp -R "$ML_ROOT/fixtures/repos/good" repo
  $ git -C repo init -q -b main && git -C repo add -A && git -C repo commit -qm one
  $ git -C repo tag v1
  $ monolock repo check "git+file://$PWD/repo"
  3 packages, 6 versions, 0 errors

A later commit adds a version; the branch follows it, the tag and the first commit do not.
A relative file:// URL is taken from the working directory:

  $ mkdir -p repo/packages/new/new.1 && echo 'opam-version: "2.0"' > repo/packages/new/new.1/opam
  $ git -C repo add -A && git -C repo commit -qm two
  $ monolock repo check git+file://repo
  4 packages, 7 versions, 0 errors
  $ monolock repo check "git+file://repo#main"
  4 packages, 7 versions, 0 errors
  $ monolock repo check "git+file://repo#v1"
  3 packages, 6 versions, 0 errors
  $ first=$(git -C repo rev-parse v1) && monolock repo check "git+file://repo#$first"
  3 packages, 6 versions, 0 errors

Files not committed are not part of the repository:

  $ mkdir -p repo/packages/wip/wip.1 && echo 'opam-version: "2.0"' > repo/packages/wip/wip.1/opam
  $ monolock repo check git+file://repo
  4 packages, 7 versions, 0 errors

A locked commit is read from the cache when the origin is gone; a branch needs the origin:

  $ last=$(git -C repo rev-parse HEAD) && mv repo gone
  $ monolock repo check "git+file://repo#$last"
  4 packages, 7 versions, 0 errors
  $ monolock repo check "git+file://repo#main"
  monolock: git: file://repo: no such repository
  [1]

Unknown refs and missing repositories are named:

  $ monolock repo check "git+file://gone#nope"
  monolock: git: file://gone: no branch, tag or commit named 'nope'
  [1]
  $ monolock repo check "git+file://gone#0000000000000000000000000000000000000000"
  monolock: git: file://gone: commit 0000000000000000000000000000000000000000 not found
  [1]
  $ mkdir plain && monolock repo check "git+file://plain"
  monolock: git: file://plain: not a git repository
  [1]
