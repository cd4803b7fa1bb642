lock never writes a lock that pull would refuse. Metadata that is not UTF-8 (JSON, and so a
lock, cannot hold it) is refused where it is written; a lock that would not pass pull's
checks is not written, and names the package and the file.

  $ export MONOLOCK_NO_REPO_CACHE=1
  $ mkdir -p repo/packages/dune/dune.3 repo/packages/u/u.1 repo/packages/v/v.1 proj
  $ echo 'opam-version: "2.0"' > repo/repo
  $ echo 'opam-version: "2.0"' > repo/packages/dune/dune.3/opam
  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\nbuild: ["dune" "build"]\nurl {\n  src: "https://example.org/u\xff.tgz"\n  checksum: "sha256=147be1d8c1162260e59a90a16c7f83e4b333feae4c8f2459764027b719a82302"\n}\n' > repo/packages/u/u.1/opam
  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\nbuild: ["dune" "build"]\nurl {\n  src: "https://example.org/v.tgz"\n}\n' > repo/packages/v/v.1/opam
  $ cd proj

A url with a byte that is not UTF-8 makes its opam file unreadable, at the byte (it used to
be locked without its url):

  $ printf 'opam-version: "2.0"\ndepends: ["u"]\n' > app.opam
  $ monolock lock --repo ../repo
  monolock: warning: ../repo/packages/u/u.1/opam:5:30: string is not valid UTF-8 (byte 0xff) (skipped)
  monolock: no solution:
    app.dev requires u (./app.opam), which nothing can satisfy:
      every version of u is skipped: its opam files cannot be read (see the warnings above)
  [2]
  $ monolock repo check ../repo
  3 packages, 3 versions, 1 errors
  ../repo/packages/u/u.1/opam:5:30: string is not valid UTF-8 (byte 0xff)
  [1]

So is a variable name in the project's own opam file:

  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\nx-opam-monorepo-global-opam-vars: [["o\xffs" "linux"]]\n' > app.opam
  $ monolock lock --repo ../repo
  monolock: ./app.opam:3:39: string is not valid UTF-8 (byte 0xff)
  [1]

A good lock first, to see that a refused one leaves it alone:

  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\n' > app.opam
  $ monolock lock --repo ../repo -q && monolock lock --repo ../repo --format opam -q
  $ cp monolock.lock before.lock && cp app.opam.locked before.opam.locked

A variable name or value that is not UTF-8 (from the command line, where no parser sees it),
in either format:

  $ monolock lock --repo ../repo --var "$(printf 'o\xffs=linux')"
  monolock: monolock.lock: not written: variables: name 'o\xffs' is not valid UTF-8 (byte 0xff at offset 1)
  [1]
  $ monolock lock --repo ../repo --var "$(printf 'os=lin\xc3')" --format opam
  monolock: app.opam.locked: not written: variable 'os': value 'lin\xc3' is not valid UTF-8 (byte 0xc3 at offset 3)
  [1]
  $ cmp monolock.lock before.lock && cmp app.opam.locked before.opam.locked

An empty variable name (pull refuses it) is refused where it is set:

  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\nx-opam-monorepo-global-opam-vars: [["os" "linux"] ["" "x"]]\n' > app.opam
  $ monolock lock --repo ../repo
  monolock: ./app.opam:3:52: x-opam-monorepo-global-opam-vars: empty variable name
  [1]
  $ monolock lock --repo ../repo --var =x 2>&1 | head -1
  monolock: --var takes NAME=VALUE, not '=x'

An archive without checksum would be refused by every pull: the package is named.

  $ printf 'opam-version: "2.0"\ndepends: ["v"]\n' > app.opam
  $ monolock lock --repo ../repo -q
  monolock: monolock.lock: not written: source 'v' (package v): archive 'https://example.org/v.tgz' has no checksum (pull refuses an unverifiable download)
  [1]
  $ cmp monolock.lock before.lock

pull reads the format from the file's name: lock refuses a name that would be misread.

  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\n' > app.opam
  $ monolock lock --repo ../repo --format opam --lockfile app.lock
  monolock: --lockfile app.lock: --format opam needs a name ending in .opam.locked (the format is read from the name)
  [64]
  $ monolock lock --repo ../repo --lockfile app.opam.locked
  monolock: --lockfile app.opam.locked: a name ending in .opam.locked is read as opam-monorepo's format: add --format opam, or choose another name
  [64]
  $ cmp app.opam.locked before.opam.locked
