Global options, help and usage errors.

  $ monolock --version
  monolock 0.1.0

  $ monolock --help | head -n 1
  usage: monolock [--version] [--help] [-q] COMMAND [ARGS]

  $ monolock
  monolock: no command given (try 'monolock --help')
  usage: monolock [--version] [--help] [-q] COMMAND [ARGS]
  [64]

  $ monolock frobnicate
  monolock: unknown command 'frobnicate' (try 'monolock --help')
  usage: monolock [--version] [--help] [-q] COMMAND [ARGS]
  [64]

  $ monolock --frobnicate repo
  monolock: unknown option '--frobnicate'
  usage: monolock [--version] [--help] [-q] COMMAND [ARGS]
  [64]

  $ monolock -x repo
  monolock: unknown option '-x'
  usage: monolock [--version] [--help] [-q] COMMAND [ARGS]
  [64]
