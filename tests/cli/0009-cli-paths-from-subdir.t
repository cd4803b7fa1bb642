Run from a subdirectory of the project (or with -C), errors name paths as the user knows
them: relative to where the command was typed, or as given on the command line.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ mkdir -p policy/bin/deep && cd policy/bin/deep
  $ monolock lock --repo ../../../repo -q

A file of the project at fault, with its position (text and --json):

  $ cp ../../app.opam ../../app.opam.orig
  $ printf 'depends: [ "a" \n' >> ../../app.opam
  $ monolock lock --repo ../../../repo -q
  monolock: ../../app.opam:*: * (glob)
  [1]
  $ monolock lock --repo ../../../repo -q --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["error"]["file"])'
  ../../app.opam
  $ mv ../../app.opam.orig ../../app.opam

A lock named on the command line, missing or broken:

  $ monolock pull --lockfile nosuch.lock
  monolock: nosuch.lock: * (glob)
  [1]
  $ echo '{' > broken.lock
  $ monolock list --lockfile broken.lock
  monolock: broken.lock:*: * (glob)
  [1]
  $ monolock list --lockfile ../../bin/deep/broken.lock
  monolock: broken.lock:*: * (glob)
  [1]

The project's own lock, broken, read from the subdirectory and with -C:

  $ cp ../../monolock.lock ../../lock.orig && echo '{' > ../../monolock.lock
  $ monolock why a
  monolock: ../../monolock.lock:*: * (glob)
  [1]
  $ cd ../../.. && monolock -C policy/bin why a
  monolock: ../monolock.lock:*: * (glob)
  [1]
