A solve is kept for the next run (under the cache directory, one per project and lock
file) and reused only when nothing it depended on changed: the request (roots, variables,
options, repositories) and, for every package name the solver loaded, its opam files
(size, inode and times) and versions. Any change solves again; the answer is always the
one a run without caches gives.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$ML_ROOT/fixtures/lock/repo" .
  $ mkdir p && cd p
  $ printf 'opam-version: "2.0"\ndepends: ["a"]\n' > app.opam
  $ sleep 3
  $ lock() { monolock lock --repo ../repo -q "$@" && monolock list | grep -E '^(a|b) '; }
  $ lock
  a      2.0     a
  $ ls ../cache/monolock/solves | wc -l | tr -d ' '
  1
  $ cp monolock.lock first.lock
  $ rm monolock.lock && lock && cmp monolock.lock first.lock
  a      2.0     a

A new version that needs a package the repository does not have: the solver looked for
`zz` and did not find it, which the kept solve remembers too.

  $ cp -R ../repo/packages/a/a.2.0 ../repo/packages/a/a.3.0
  $ sed -i 's/2\.0/3.0/g; s/"dune"\]/"dune" "zz"]/' ../repo/packages/a/a.3.0/opam
  $ grep depends ../repo/packages/a/a.3.0/opam
  depends: ["ocaml" "dune" "zz"]
  $ lock
  a      2.0     a
  $ sleep 3
  $ lock
  a      2.0     a
  $ cp -R ../repo/packages/b ../repo/packages/zz && mv ../repo/packages/zz/b.1.0 ../repo/packages/zz/zz.1.0
  $ sed -i 's/ "a" {< "2.0"}//; s/b-1.0/zz-1.0/; s/b.git/zz.git/' ../repo/packages/zz/zz.1.0/opam
  $ lock
  a      3.0     a
  $ sleep 3
  $ lock
  a      3.0     a

An edit of an opam file the solve read, seen once it is old enough to be cached:

  $ echo 'available: os = "macos"' >> ../repo/packages/a/a.3.0/opam
  $ sleep 3
  $ lock
  a      2.0     a
  $ lock
  a      2.0     a

A variable (recorded in the lock's request until --fresh), a version removed, the roots
changed:

  $ lock --var os=macos
  a      3.0     a
  $ rm -r ../repo/packages/a/a.2.0
  $ lock --fresh
  a      1.0     a
  $ printf 'opam-version: "2.0"\ndepends: ["a" "b"]\n' > app.opam
  $ lock
  a      1.0     a
  b      1.0     b

Every answer above is the one a run without caches gives:

  $ cp monolock.lock cached.lock && MONOLOCK_NO_REPO_CACHE=1 monolock lock --repo ../repo -q && cmp monolock.lock cached.lock

A corrupt memo is ignored, never trusted:

  $ f=$(ls ../cache/monolock/solves/*.memo)
  $ sed -i 's/^pkg a 1.0/pkg a 2.0/' "$f"
  $ rm monolock.lock && monolock lock --repo ../repo -q && cmp monolock.lock cached.lock

A cache that cannot be written (a file stands where its directory should be) only costs
time:

  $ touch ../blocked && XDG_CACHE_HOME="$PWD/../blocked" monolock lock --repo ../repo -q && cmp monolock.lock cached.lock
