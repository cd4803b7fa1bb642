Global options, help and usage errors.

  $ monolock --version
  monolock 0.1.0

  $ monolock --help | head -n 1
  usage: monolock [-C DIR] [--version] [-q] [--json] COMMAND [ARGS]

  $ monolock
  monolock: no command given
  see 'monolock --help'
  [64]

  $ monolock frobnicate
  monolock: unknown command 'frobnicate'
  see 'monolock --help'
  [64]

  $ monolock --frobnicate repo
  monolock: unknown option '--frobnicate'
  see 'monolock --help'
  [64]

  $ monolock -x repo
  monolock: unknown option '-x'
  see 'monolock --help'
  [64]

A typo gets a suggestion; an option without its value says so (getopt alone would call it
unknown):

  $ monolock lok
  monolock: unknown command 'lok'; did you mean 'lock'?
  see 'monolock --help'
  [64]
  $ monolock lock --repos ../repo
  monolock: unknown option '--repos'; did you mean '--repo'?
  see 'monolock lock --help'
  [64]
  $ monolock pull --jbos=4
  monolock: unknown option '--jbos'; did you mean '--jobs'?
  see 'monolock pull --help'
  [64]
  $ monolock lock --repo
  monolock: option '--repo' needs a value
  see 'monolock lock --help'
  [64]
  $ monolock lock --zzzzzzzz
  monolock: unknown option '--zzzzzzzz'
  see 'monolock lock --help'
  [64]

`monolock help [COMMAND]` is `--help`:

  $ monolock help | head -n 1
  usage: monolock [-C DIR] [--version] [-q] [--json] COMMAND [ARGS]
  $ monolock help why | head -n 1
  usage: monolock why [--lockfile PATH] [-q] [--json] PKG
  $ monolock help lokc
  monolock: unknown command 'lokc'; did you mean 'lock'?
  see 'monolock --help'
  [64]

`-C DIR` runs as if started in DIR; a missing lock says what to run first:

  $ mkdir proj
  $ monolock -C proj list
  monolock: monolock.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock -C nosuch list
  monolock: -C nosuch: No such file or directory
  [64]
  $ monolock list --lockfile nosuch/x.lock
  monolock: nosuch/x.lock: directory 'nosuch' does not exist
  [1]
