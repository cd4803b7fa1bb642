`lock` solves the project's root packages (its *.opam files) against a repository and
writes monolock.lock: the newest fitting versions; `|` alternatives; `{with-test}`
dependencies of the roots (not of other packages); `{os = ...}` filters; `conflicts`
pushing a version down; `avoid-version` disfavoured. Variables come from
x-opam-monorepo-global-opam-vars, so the lock does not depend on the host.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  cp: cannot stat '/fixtures/lock/repo': No such file or directory
  cp: cannot stat '/fixtures/lock/policy': No such file or directory
  [1]
  $ cd policy && cat app.opam
  /bin/bash: line 4: cd: policy: No such file or directory
  [1]
  $ cat ../repo/packages/c/c.1.0/opam ../repo/packages/f/f.1/opam ../repo/packages/e/e.1/opam
  cat: ../repo/packages/c/c.1.0/opam: No such file or directory
  cat: ../repo/packages/f/f.1/opam: No such file or directory
  cat: ../repo/packages/e/e.1/opam: No such file or directory
  [1]
  $ monolock lock --repo ../repo
  /bin/bash: line 8: monolock: command not found
  [127]
  $ cat monolock.lock
  cat: monolock.lock: No such file or directory
  [1]

The repository is recorded relative to the project; a second run changes nothing and does
not rewrite the file:

  $ touch -d 2000-01-01 monolock.lock
  $ monolock lock --repo ../repo
  /bin/bash: line 14: monolock: command not found
  [127]
  $ find monolock.lock -newermt 2001-01-01
  $ ls -a
  .
  ..
  monolock.lock

`--build-only` leaves out the roots' {with-test} dependencies (t):

  $ monolock lock --repo ../repo --build-only -q
  /bin/bash: line 20: monolock: command not found
  [127]
  $ monolock list
  /bin/bash: line 22: monolock: command not found
  [127]
  $ monolock lock --repo ../repo
  /bin/bash: line 24: monolock: command not found
  [127]
  $ monolock list
  /bin/bash: line 26: monolock: command not found
  [127]

`--json` prints the same facts per package on stdout:

  $ monolock lock --repo ../repo --build-only --json -q
  /bin/bash: line 28: monolock: command not found
  [127]
  $ monolock lock --repo ../repo --json 2>/dev/null | head -12
