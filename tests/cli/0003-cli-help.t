Every command's --help is generated from its option table: usage, every option (with its
default where it has one), exit codes and examples. `monolock help CMD` prints the same.

  $ cmds=$(monolock --help | sed -n '/^commands:/,$p' | awk '/^  [a-z]/ {print $1}')
  $ echo $cmds
  lock pull status verify diff patch list why tree cache sbom outdated mirror repo show depext install-opam-plugin help
  $ for c in $cmds; do
  >   monolock $c --help > h1 || echo "$c --help failed"
  >   monolock help $c > h2 || echo "help $c failed"
  >   [ $c = help ] || cmp -s h1 h2 || echo "$c: help $c differs from $c --help"
  >   head -1 h1 | grep -q "^usage: monolock $c" || echo "$c: no usage line"
  >   for s in options: 'exit status:' examples:; do grep -qx "$s" h1 || echo "$c: no '$s'"; done
  >   for o in -q,\ --quiet --json -h,\ --help; do grep -q -- "^  $o " h1 || echo "$c: no $o"; done
  >   grep -q '^  64  usage error' h1 || echo "$c: no exit code 64"
  >   awk -v c=$c 'length($0) > 80 { print c ": line over 80 columns: " $0 }' h1
  > done

The options and their defaults, as the table has them:

  $ monolock pull --help | sed -n '/^options:/,/^exit/p'
  options:
    -l, --lockfile PATH   the lock to pull; a name ending in .opam.locked is read
                          in opam-monorepo's format [default: monolock.lock]
    -j, --jobs N          parallel downloads (1 to 256) [default: 8]
    --offline             use the cache only
    --mirror URL          an archive mirror in opam's cache layout, tried before
                          upstream (repeatable)
    --force               replace or remove directories even if they have local
                          edits, each saved first in
                          duniverse/.monolock/discarded/ (last ten)
    --keep-git-dir        keep .git in directories pulled from git
    --timeout S           give up a download not complete after S seconds; one
                          slower than 1 KB/s for a minute is retried, then given
                          up [default: 1800]
    --root DIR            the project: duniverse/ and the lock's relative paths
                          are there [default: the lock file's directory]
    -v, --verbose         a line for each directory: downloaded (from which URL),
                          from the cache, exported from git, copied, unchanged or
                          removed
    -q, --quiet           no progress, summaries or warnings; errors, results stay
    --json                the result or the error as one JSON document on stdout
    -h, --help            print this help
  
  exit status:
  $ monolock pull --help | sed -n '/^exit status:/,$p'
  exit status:
    0   success
    1   failure
    3   local modifications (nothing changed), or carried patches conflict
    64  usage error (unknown option, missing value, ...)
  
  examples:
    monolock pull
        the whole lock into duniverse/
    monolock pull fmt
        duniverse/fmt/ only
    monolock pull --offline --mirror file:///srv/mirror
        without a network

A hidden option (tests only) is accepted but never shown:

  $ monolock pull --help | grep -c test-caps
  0
  [1]

`monolock help`, `monolock --help` and `monolock help help` list the commands:

  $ monolock help > a; monolock --help > b; monolock help help > c; cmp a b && cmp a c
  $ sed -n '/^commands:/,/^  status/p' a
  commands:
    lock      solve the project's dependencies and write monolock.lock
    pull      fetch the lock's sources into duniverse/ and generate its dune file
    status    show which directories of duniverse/ differ from the lock
