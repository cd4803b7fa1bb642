Run from a subdirectory, commands find the project upward (the nearest directory holding
monolock.lock, a *.opam.locked or *.opam files), as git does; paths typed by the user keep
meaning what they meant where they were typed. -C DIR starts the search in DIR.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ mkdir -p policy/bin/deep policy/out && cd policy/bin/deep
  $ monolock lock --repo ../../../repo -q
  $ ls ../..
  app.opam
  bin
  monolock.lock
  out
  $ monolock why y
  app -> c -> y
  $ monolock list --lockfile ../../monolock.lock | head -n 2
  a      2.0     a
  app    dev     (root)

The lock written with a path typed in the subdirectory, and a directory that does not exist:

  $ monolock lock --repo ../../../repo -q --lockfile ../../out/x.lock
  $ ls ../../out
  x.lock
  $ monolock lock --repo ../../../repo -q --lockfile nosuch/x.lock
  monolock: cannot write 'nosuch/x.lock': directory 'nosuch' does not exist
  [1]
  $ monolock lock --repo ../../../repo -q --lockfile /nonexistent/x
  monolock: cannot write '/nonexistent/x': directory '/nonexistent' does not exist
  [1]

-C names where to start:

  $ cd ../../.. && monolock -C policy/bin why d
  app -> e -> d
  $ cd policy/bin/deep

The search stops at a repository's root: a project above it is not found.

  $ mkdir -p inner/.git inner/src && cd inner/src
  $ monolock why y
  monolock: monolock.lock: no lock file here: run `monolock lock` first
  [1]
