`outdated` lists the locked packages with newer versions in the recorded repositories, and
whether the constraints of the other locked packages allow them.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" repo && R="$PWD/repo"
  $ pkg() {
  >   mkdir -p "$R/packages/$1/$1.$2"
  >   printf 'opam-version: "2.0"\ndepends: ["dune" %s]\n%s\nbuild: ["dune" "build"]\nurl { src: "https://example.org/%s-%s.tbz" checksum: "sha256=%s" }\n' \
  >     "$3" "$4" "$1" "$2" "$(echo "$1.$2" | sha256sum | cut -c1-64)" > "$R/packages/$1/$1.$2/opam"
  > }
  $ pkg x 1.0; pkg x 1.5; pkg z 1.0; pkg w 1.0
  $ pkg y 1 '"x" {< "2.0"}' 'conflicts: ["z" {>= "3.0"}]'
  $ mkdir app && cd app
  $ printf 'opam-version: "2.0"\ndepends: ["x" {>= "1.0"} "y" "z" "w" {>= "1.0" & < "1.2"}]\n' > app.opam
  $ monolock lock --repo ../repo -q
  $ monolock outdated
  every locked package is at its newest version in the recorded repositories

New versions appear upstream:

  $ pkg x 1.7; pkg x 2.0; pkg z 2.0; pkg z 3.0; pkg w 1.1; pkg w 1.2
  $ monolock outdated | sed "s#$(dirname $PWD)#..#"
  w 1.0 -> 1.2: blocked by app dev: w >= 1.0 & < 1.2 (./app.opam); 1.1 is allowed (monolock lock --update w)
  x 1.5 -> 2.0: blocked by y 1: x < 2.0 (../repo/packages/y/y.1/opam); 1.7 is allowed (monolock lock --update x)
  z 1.0 -> 3.0: blocked by y 1: conflicts: z >= 3.0 (../repo/packages/y/y.1/opam); 2.0 is allowed (monolock lock --update z)

What it says lock --update takes, it takes:

  $ monolock lock --update x -q && grep '"name": "x"' monolock.lock
      {"name": "x", "version": "1.7", "dir": "x", "depends": ["dune"]},
  $ monolock outdated | grep '^x'
  x 1.7 -> 2.0: blocked by y 1: x < 2.0 (*/repo/packages/y/y.1/opam) (glob)

A newest version nothing blocks (this lock moves w and z to what is allowed, too):

  $ pkg lone 1; printf 'opam-version: "2.0"\ndepends: ["x" {>= "1.0"} "y" "z" "w" {>= "1.0" & < "1.2"} "lone"]\n' > app.opam
  $ monolock lock -q && pkg lone 2 && monolock outdated | grep '^lone'
  lone 1 -> 2: allowed (monolock lock --update lone)

JSON:

  $ monolock outdated --json | python3 -c '
  > import json, sys
  > d = json.load(sys.stdin)
  > for p in d["packages"]:
  >     print(p["name"], p["locked"], p["latest"], p["allowed"], [(b["package"], b["constraint"], b["file"].split("/")[-1]) for b in p["blocked_by"]])
  > print(d["warnings"])'
  lone 1 2 2 []
  w 1.1 1.2 None [('app', 'w >= 1.0 & < 1.2', 'app.opam')]
  x 1.7 2.0 None [('y', 'x < 2.0', 'opam')]
  z 2.0 3.0 None [('y', 'conflicts: z >= 3.0', 'opam')]
  []

Repositories that cannot be opened are named in a warning; a lock that records none says so:

  $ mv ../repo ../repo.away
  $ monolock outdated 2>&1 | sed "s#$(dirname $PWD)#..#g"
  monolock: warning: outdated: repository '../repo': repository '../repo': No such file or directory
  every locked package is at its newest version in the recorded repositories
  $ mv ../repo.away ../repo
  $ cp "$ML_ROOT/fixtures/lock/why/monolock.lock" other.lock
  $ monolock outdated --lockfile other.lock
  monolock: warning: outdated: the lock records no repository
  every locked package is at its newest version in the recorded repositories
  $ monolock outdated --lockfile nosuch.lock
  monolock: nosuch.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock outdated extra
  monolock: unexpected argument 'extra'
  see 'monolock outdated --help'
  [64]
