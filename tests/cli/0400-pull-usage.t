pull's command line: help, bad options, a missing lock, an unknown directory.

  $ monolock pull --help | head -n 3
  usage: monolock pull [--lockfile PATH] [--jobs N] [--offline] [--mirror URL]...
                       [--force] [--keep-git-dir] [--timeout S] [--root DIR] [-v]
                       [-q] [--json] [DIR...]

  $ monolock pull --bogus
  monolock: unknown option '--bogus'
  see 'monolock pull --help'
  [64]

  $ monolock pull --jobs 0 2>&1 | head -n 1
  monolock: --jobs: expected a number from 1 to 256, got '0'

  $ monolock pull --timeout
  monolock: option '--timeout' needs a value
  see 'monolock pull --help'
  [64]

No lock file:

  $ monolock pull
  monolock: monolock.lock: no lock file here: run `monolock lock` first
  [1]
  $ ls

A lock whose directory name is unsafe is refused before anything is written:

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ src ../evil http://127.0.0.1:1/x.tgz sha256=0000000000000000000000000000000000000000000000000000000000000000
  $ writelock
  $ monolock pull
  monolock: monolock.lock: package 1: bad package name '../evil'
  [1]
  $ ls
  monolock.lock

A directory that is not in the lock:

  $ src alpha http://127.0.0.1:1/x.tgz sha256=0000000000000000000000000000000000000000000000000000000000000000
  $ writelock
  $ monolock pull nope
  monolock: 'nope' is not a directory of the lock or of 'duniverse'
  [64]
