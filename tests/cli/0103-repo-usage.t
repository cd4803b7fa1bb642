`repo` usage errors exit 64; bad repositories exit 1 with an error naming them.

  $ monolock repo --help | head -n 1
  usage: monolock repo check [-q] [--json] SPEC...
  $ monolock repo check --help | head -n 1
  usage: monolock repo check [-q] [--json] SPEC...

  $ monolock repo
  monolock: repo: no subcommand given
  see 'monolock repo --help'
  [64]
  $ monolock repo list
  monolock: repo: unknown subcommand 'list'
  see 'monolock repo --help'
  [64]
  $ monolock repo check
  monolock: repo check: no repository given
  see 'monolock repo --help'
  [64]
  $ monolock repo check --jsn x
  monolock: unknown option '--jsn'; did you mean '--json'?
  see 'monolock repo --help'
  [64]
  $ monolock repo check -x x
  monolock: unknown option '-x'
  see 'monolock repo --help'
  [64]

Not a repository, missing, not an archive, unsupported URLs:

  $ mkdir empty
  $ monolock repo check empty
  monolock: 'empty' is not an opam repository (no 'repo' file and no 'packages' directory)
  [1]
  $ monolock repo check missing
  monolock: repository 'missing': No such file or directory
  [1]
  $ echo hello > notes.tar.gz
  $ monolock repo check notes.tar.gz
  monolock: notes.tar.gz: Unrecognized archive format
  [1]
  $ tar -czf nopkgs.tgz empty
  $ monolock repo check nopkgs.tgz
  monolock: 'nopkgs.tgz' is not an opam repository (no 'repo' file and no 'packages' directory)
  [1]
  $ monolock repo check https://example.com/repo.tar.gz
  monolock: repository 'https://example.com/repo.tar.gz': downloading repository archives is not supported yet (use a local archive, a directory or git+URL)
  [64]
  $ monolock repo check ftp://example.com/repo
  monolock: repository 'ftp://example.com/repo': unsupported URL
  [64]

Hostile archives are refused before anything is used:

  $ mkdir -p r/packages/a/a.1 evil
  $ echo 'opam-version: "2.0"' > r/packages/a/a.1/opam
  $ cp r/packages/a/a.1/opam evil/opam
  $ (cd r && tar -P -czf ../dotdot.tgz packages ../evil/opam)
  $ monolock repo check dotdot.tgz
  monolock: dotdot.tgz: refusing entry '../evil/opam' (has '..')
  [1]
  $ (cd r && tar -P -czf ../abs.tgz packages "$PWD/../evil/opam" 2>/dev/null)
  $ monolock repo check abs.tgz
  monolock: abs.tgz: refusing absolute entry '/.*/evil/opam' (re)
  [1]
