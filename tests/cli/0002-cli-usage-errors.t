Every command reads its options with one parser (cmd/opt.c): each usage error is one line
naming the problem, then where the help is; exit 64.

An unknown option, with the closest known one when there is one:

  $ monolock list --lockfle x
  monolock: unknown option '--lockfle'; did you mean '--lockfile'?
  see 'monolock list --help'
  [64]
  $ monolock status --jobs 3
  monolock: unknown option '--jobs'
  see 'monolock status --help'
  [64]
  $ monolock list -x
  monolock: unknown option '-x'
  see 'monolock list --help'
  [64]

A value missing, long or short, also at the end of a cluster of short options; a value given
to a flag:

  $ monolock list --lockfile
  monolock: option '--lockfile' needs a value
  see 'monolock list --help'
  [64]
  $ monolock tree -i
  monolock: option '-i' needs a value
  see 'monolock tree --help'
  [64]
  $ monolock pull -qj
  monolock: option '-j' needs a value
  see 'monolock pull --help'
  [64]
  $ monolock list --dirs=yes
  monolock: option '--dirs' takes no value
  see 'monolock list --help'
  [64]

An unambiguous prefix is the option (as getopt had it); an ambiguous one names the
candidates:

  $ monolock list --lock nosuch.lock
  monolock: nosuch.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock lock --o x
  monolock: option '--o' is ambiguous: --ocaml-version, --opam-provided, --offline
  see 'monolock lock --help'
  [64]

Values are checked, with `--opt=value` and `--opt value` alike, short clusters (`-qj0`)
too:

  $ monolock pull --jobs=abc
  monolock: --jobs: expected a number from 1 to 256, got 'abc'
  see 'monolock pull --help'
  [64]
  $ monolock pull -qj0
  monolock: --jobs: expected a number from 1 to 256, got '0'
  see 'monolock pull --help'
  [64]
  $ monolock diff --color=sometimes
  monolock: --color: expected always, never or auto, got 'sometimes'
  see 'monolock diff --help'
  [64]
  $ monolock lock --var x
  monolock: --var takes NAME=VALUE, not 'x'
  see 'monolock lock --help'
  [64]
  $ monolock sbom --format x
  monolock: --format 'x': expected cyclonedx or spdx
  see 'monolock sbom --help'
  [64]

Arguments missing or extra:

  $ monolock list extra
  monolock: unexpected argument 'extra'
  see 'monolock list --help'
  [64]
  $ monolock why
  monolock: which package? (why PKG)
  see 'monolock why --help'
  [64]
  $ monolock why a b
  monolock: unexpected argument 'b'
  see 'monolock why --help'
  [64]
  $ monolock mirror
  monolock: which directory? (mirror DIR)
  see 'monolock mirror --help'
  [64]
  $ monolock patch
  monolock: which directories? (e.g. monolock patch fmt)
  see 'monolock patch --help'
  [64]
  $ monolock show x
  monolock: show: no repository given (--repo SPEC)
  see 'monolock show --help'
  [64]
  $ monolock repo
  monolock: repo: no subcommand given
  see 'monolock repo --help'
  [64]
  $ monolock cache frob
  monolock: unknown cache command 'frob' (ls, verify, gc, dir)
  see 'monolock cache --help'
  [64]
  $ monolock cache ls --max-size 1
  monolock: --max-size is an option of cache gc
  see 'monolock cache --help'
  [64]
  $ monolock help a b
  monolock: help takes one command, not 2
  see 'monolock help --help'
  [64]

`--` ends the options: what follows is an argument even if it starts with '-':

  $ monolock why -- --lockfile
  monolock: monolock.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock list -- --dirs
  monolock: unexpected argument '--dirs'
  see 'monolock list --help'
  [64]

With --json anywhere among the options, a usage error is the JSON error document on stdout
(nothing on stderr), with the same exit code:

  $ monolock list --bogus --json 2>/dev/null
  {
    "monolock": 1,
    "error": {
      "code": 64,
      "message": "unknown option '--bogus'"
    }
  }
  [64]
  $ monolock --json list --bogus >/dev/null
  [64]
  $ monolock list --bogus --json >/dev/null 2>&1; echo $?
  64
