`lock --check` answers whether the lock still holds, without writing and without solving:
the project's opam files and the recorded repositories must still allow every locked
version and source. Exit 0 when it holds, 4 when not (every reason on its own line), 1 when
it could not run.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && monolock lock --repo ../repo -q
  $ cp monolock.lock locked
  $ monolock lock --check
  monolock.lock holds

A repository that gained a newer version does not fail (cargo's --locked):

  $ cp -R ../repo/packages/a/a.2.0 ../repo/packages/a/a.3.0 && sed -i 's/2\.0/3.0/' ../repo/packages/a/a.3.0/opam
  $ monolock lock --check
  monolock.lock holds

A root constraint that no longer holds, with its place; a removed dependency; a changed
checksum; each on its own line, and nothing written:

  $ sed -i 's/^  "a"$/  "a" {>= "3.0"}/; /^  "e"$/d' app.opam
  $ sed -i 's/sha256=6b92/sha256=7b92/' ../repo/packages/c/c.1.0/opam
  $ monolock lock --check
  monolock: monolock.lock does not hold:
    ./app.opam:6:3: app.dev needs a >= 3.0, the lock has a 2.0
    d 1 is no longer needed: it would be removed
    e 1 is no longer needed: it would be removed
    source c: c.1.0 now has checksum sha256=7b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb, not in the lock's
  [4]
  $ cmp monolock.lock locked
  $ monolock lock --check --json
  {
    "monolock": 1,
    "lockfile": "monolock.lock",
    "holds": false,
    "reasons": [
      "./app.opam:6:3: app.dev needs a >= 3.0, the lock has a 2.0",
      "d 1 is no longer needed: it would be removed",
      "e 1 is no longer needed: it would be removed",
      "source c: c.1.0 now has checksum sha256=7b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb, not in the lock's"
    ]
  }
  [4]
  $ monolock lock --check -q
  [4]

A dependency added to a root, and a locked package's dependency that it no longer allows:

  $ cp "$ML_ROOT/fixtures/lock/policy/app.opam" app.opam
  $ sed -i 's/sha256=7b92/sha256=6b92/' ../repo/packages/c/c.1.0/opam
  $ sed -i 's/^  "g"$/  "g"\n  "b"/' app.opam
  $ sed -i 's/"dune" "d"/"dune" "d" {>= "2"}/' ../repo/packages/e/e.1/opam
  $ monolock lock --check
  monolock: monolock.lock does not hold:
    ./app.opam:11:3: app.dev depends on b, which the lock does not have: b would be added
    */repo/packages/e/e.1/opam:3:18: e.1 needs d >= 2, the lock has d 1 (glob)
  [4]
  $ cp "$ML_ROOT/fixtures/lock/policy/app.opam" app.opam && cp -R "$ML_ROOT/fixtures/lock/repo/packages/e" ../repo/packages/
  $ monolock lock --check -q --json | grep holds
    "holds": true,

A flag given with --check replaces its part of the recorded request for this check, and
the generator must be the lock's:

  $ monolock lock --check --opam-provided g --generator none
  monolock: monolock.lock does not hold:
    g is opam-provided but the lock vendors it
    generator none: the lock was made for dune
  [4]

A lock that is missing does not hold either:

  $ monolock lock --check -l nosuch.lock
  monolock: nosuch.lock does not hold:
    nosuch.lock is missing: run `monolock lock`
  [4]

A recorded git repository is read at its recorded commit, from monolock's cache when the
repository is gone: no network. With --offline and neither the repository nor the cache,
it fails naming the repository:

  $ cd .. && cp -R repo gitrepo && git -C gitrepo init -q && git -C gitrepo add -A
  $ git -C gitrepo -c user.name=t -c user.email=t@example.com commit -qm one
  $ cd policy && monolock lock --fresh --repo "git+file://$PWD/../gitrepo" -q
  $ grep -A2 '"request"' monolock.lock
    "request": {
      "repositories": [
        {"url": "git+file://*/gitrepo", "commit": "*"} (glob)
  $ mv ../gitrepo ../gone
  $ monolock lock --check --offline
  monolock.lock holds
  $ rm -r ../cache
  $ monolock lock --check --offline
  monolock: git: */gitrepo: * (glob)
  [1]

Online, the recorded commit is fetched again, and `--check` says so:

  $ mv ../gone ../gitrepo && monolock lock --check
  monolock: fetching */gitrepo: its recorded commit is not in monolock's cache (glob)
  monolock.lock holds
  $ monolock lock --check
  monolock.lock holds
