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

pull from a subdirectory names the workspace as seen from there, in its summary and in the
local modifications it refuses to discard:

  $ cd "$CRAMTMP/$TESTFILE" && mkdir -p proj/sub && cd proj
  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/../cache"
  $ cp -R "$PULL_FIX/src/beta" ../repo && git -C ../repo init -q && echo 1.0 > ../repo/VERSION
  $ git -C ../repo add -A && git -C ../repo -c user.name=t -c user.email=t@example.com commit -qm one
  $ gitsrc beta "git+file://$PWD/../repo" "$(git -C ../repo rev-parse HEAD)" && writelock
  $ cd sub && monolock pull -q && monolock pull
  ../duniverse is up to date (1 source)
  $ echo edit >> ../duniverse/beta/VERSION
  $ echo 2.0 > ../../repo/VERSION && git -C ../../repo -c user.name=t -c user.email=t@example.com commit -qam two
  $ (cd .. && gitsrc beta "git+file://$PWD/../repo" "$(git -C ../repo rev-parse HEAD)" && writelock)
  $ monolock pull
  monolock: local modifications in directories pull would replace or remove:
    modified  ../duniverse/beta/VERSION
  monolock: `monolock patch beta` keeps the edits as patches that pull carries to the new version
  monolock: refusing to discard local modifications (use --force to discard them); nothing was changed
  [3]
