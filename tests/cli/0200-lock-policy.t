`lock` solves the project's root packages (its *.opam files) against a repository and
writes monolock.lock: the newest fitting versions; `|` alternatives; `{with-test}`
dependencies of the roots (not of other packages); `{os = ...}` filters; `conflicts`
pushing a version down; `avoid-version` disfavoured. Variables come from
x-opam-monorepo-global-opam-vars, so the lock does not depend on the host.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && cat app.opam
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: [
    "ocaml"
    "dune"
    "a"
    "c"
    "e"
    "f"
    "g"
    "t" {with-test}
  ]
  x-opam-monorepo-global-opam-vars: [["arch" "x86_64"] ["os" "linux"]]
  $ cat ../repo/packages/c/c.1.0/opam ../repo/packages/f/f.1/opam ../repo/packages/e/e.1/opam
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: ["dune" ("x" {>= "2"} | "y")]
  dev-repo: "git+https://example.org/c.git"
  build: ["dune" "build" "-p" name]
  url {
    src: "https://example.org/c-1.0.tbz"
    checksum: "sha256=6b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb"
  }
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: ["dune" "z" {with-test} "lin" {os = "linux"} "mac" {os = "macos"}]
  dev-repo: "git+https://example.org/f.git"
  build: ["dune" "build" "-p" name]
  url {
    src: "https://example.org/f-1.tbz"
    checksum: "sha256=78018998571f20116197934871991709ecd60b86d5abfd8e1bf1701afedb6501"
  }
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: ["dune" "d"]
  conflicts: ["d" {>= "2"}]
  dev-repo: "git+https://example.org/e.git"
  build: ["dune" "build" "-p" name]
  url {
    src: "https://example.org/e-1.tbz"
    checksum: "sha256=9b534dee79a307b6c9734f30555d9df856584e51043781da61c831534ca6aa81"
  }
  $ monolock lock --repo ../repo
  locked 11 packages in 9 sources
  monolock.lock written
  $ cat monolock.lock
  {
    "lockfile": "monolock/1",
    "roots": ["app"],
    "generator": "dune",
    "request": {
      "repositories": [
        {"path": "*/repo"} (glob)
      ]
    },
    "repositories": [
      {"url": "file://*/repo", "hash": "sha256=e227ce228675c098e357e883d1ba81c7ae5b04e94f063383629ec556415812eb"} (glob)
    ],
    "variables": {"arch": "x86_64", "opam-version": "2.2.0", "os": "linux", "with-test": false},
    "packages": [
      {"name": "a", "version": "2.0", "dir": "a", "depends": ["dune", "ocaml"]},
      {"name": "app", "version": "dev", "dir": null, "reason": "root", "depends": ["a", "c", "dune", "e", "f", "g", "ocaml", "t"]},
      {"name": "c", "version": "1.0", "dir": "c", "depends": ["dune", "y"]},
      {"name": "d", "version": "1", "dir": "d", "depends": ["dune", "ocaml"]},
      {"name": "dune", "version": "3.10.0", "dir": null, "reason": "tool", "depends": ["ocaml"]},
      {"name": "e", "version": "1", "dir": "e", "depends": ["d", "dune"]},
      {"name": "f", "version": "1", "dir": "f", "depends": ["dune", "lin"]},
      {"name": "g", "version": "1.0", "dir": "g", "depends": ["dune", "ocaml"]},
      {"name": "lin", "version": "1", "dir": "lin", "depends": ["dune", "ocaml"]},
      {"name": "ocaml", "version": "5.1.0", "dir": null, "reason": "compiler", "depends": []},
      {"name": "t", "version": "1", "dir": "t", "depends": ["dune", "ocaml"]},
      {"name": "y", "version": "1", "dir": "y", "depends": ["dune", "ocaml"]}
    ],
    "sources": [
      {"dir": "a", "url": "https://example.org/a-2.0.tbz", "checksums": ["sha256=47160f6693870a48422cb93f5d8835d03ee5e02291ede707a229d8168b02074c"], "packages": ["a"]},
      {"dir": "c", "url": "https://example.org/c-1.0.tbz", "checksums": ["sha256=6b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb"], "packages": ["c"]},
      {"dir": "d", "url": "https://example.org/d-1.tbz", "checksums": ["sha256=400e474b51e2ea11ba5ef4ae5d2091a73ce6b5e75bf9855e3dd204c404f4c750"], "packages": ["d"]},
      {"dir": "e", "url": "https://example.org/e-1.tbz", "checksums": ["sha256=9b534dee79a307b6c9734f30555d9df856584e51043781da61c831534ca6aa81"], "packages": ["e"]},
      {"dir": "f", "url": "https://example.org/f-1.tbz", "checksums": ["sha256=78018998571f20116197934871991709ecd60b86d5abfd8e1bf1701afedb6501"], "packages": ["f"]},
      {"dir": "g", "url": "https://example.org/g-1.0.tbz", "checksums": ["sha256=babffd3f01928c45ff90dd398739285772748bc1058a77892c98f2c660d76b69"], "packages": ["g"]},
      {"dir": "lin", "url": "https://example.org/lin-1.tbz", "checksums": ["sha256=8fe4d124a2c8c888379c193bde303af5d07fadffe1b48ab6caa72f50f062a014"], "packages": ["lin"]},
      {"dir": "t", "url": "https://example.org/t-1.tbz", "checksums": ["sha256=61a4dd05ca40f09703979bf61ef833ba582eccd005ff14b9594bd0fae1410b18"], "packages": ["t"]},
      {"dir": "y", "url": "https://example.org/y-1.tbz", "checksums": ["sha256=147be1d8c1162260e59a90a16c7f83e4b333feae4c8f2459764027b719a82302"], "packages": ["y"]}
    ],
    "depexts": []
  }

The repository is recorded relative to the project; a second run changes nothing and does
not rewrite the file:

  $ touch -d 2000-01-01 monolock.lock
  $ monolock lock --repo ../repo
  locked 11 packages in 9 sources: no version changed
  monolock.lock unchanged
  $ find monolock.lock -newermt 2001-01-01
  $ ls -a
  .
  ..
  app.opam
  monolock.lock

`--build-only` leaves out the roots' {with-test} dependencies (t):

  $ monolock lock --repo ../repo --build-only -q
  $ monolock list
  a      2.0     a
  app    dev     (root)
  c      1.0     c
  d      1       d
  dune   3.10.0  (tool)
  e      1       e
  f      1       f
  g      1.0     g
  lin    1       lin
  ocaml  5.1.0   (compiler)
  y      1       y
  $ monolock lock --fresh --repo ../repo
  locked 11 packages in 9 sources: 1 added
    added      t 1
  monolock.lock written
  $ monolock list
  a      2.0     a
  app    dev     (root)
  c      1.0     c
  d      1       d
  dune   3.10.0  (tool)
  e      1       e
  f      1       f
  g      1.0     g
  lin    1       lin
  ocaml  5.1.0   (compiler)
  t      1       t
  y      1       y

`--json` prints the same facts per package on stdout:

  $ monolock lock --repo ../repo --build-only --json -q
  {
    "monolock": 1,
    "lockfile": "monolock.lock",
    "changed": true,
    "packages": [
      {
        "name": "a",
        "version": "2.0",
        "dir": "a",
        "change": "unchanged",
        "previous": "2.0"
      },
      {
        "name": "app",
        "version": "dev",
        "dir": null,
        "reason": "root",
        "change": "unchanged",
        "previous": "dev"
      },
      {
        "name": "c",
        "version": "1.0",
        "dir": "c",
        "change": "unchanged",
        "previous": "1.0"
      },
      {
        "name": "d",
        "version": "1",
        "dir": "d",
        "change": "unchanged",
        "previous": "1"
      },
      {
        "name": "dune",
        "version": "3.10.0",
        "dir": null,
        "reason": "tool",
        "change": "unchanged",
        "previous": "3.10.0"
      },
      {
        "name": "e",
        "version": "1",
        "dir": "e",
        "change": "unchanged",
        "previous": "1"
      },
      {
        "name": "f",
        "version": "1",
        "dir": "f",
        "change": "unchanged",
        "previous": "1"
      },
      {
        "name": "g",
        "version": "1.0",
        "dir": "g",
        "change": "unchanged",
        "previous": "1.0"
      },
      {
        "name": "lin",
        "version": "1",
        "dir": "lin",
        "change": "unchanged",
        "previous": "1"
      },
      {
        "name": "ocaml",
        "version": "5.1.0",
        "dir": null,
        "reason": "compiler",
        "change": "unchanged",
        "previous": "5.1.0"
      },
      {
        "name": "y",
        "version": "1",
        "dir": "y",
        "change": "unchanged",
        "previous": "1"
      }
    ],
    "removed": [
      {
        "name": "t",
        "version": "1"
      }
    ],
    "sources": [
      {
        "dir": "a",
        "url": "https://example.org/a-2.0.tbz"
      },
      {
        "dir": "c",
        "url": "https://example.org/c-1.0.tbz"
      },
      {
        "dir": "d",
        "url": "https://example.org/d-1.tbz"
      },
      {
        "dir": "e",
        "url": "https://example.org/e-1.tbz"
      },
      {
        "dir": "f",
        "url": "https://example.org/f-1.tbz"
      },
      {
        "dir": "g",
        "url": "https://example.org/g-1.0.tbz"
      },
      {
        "dir": "lin",
        "url": "https://example.org/lin-1.tbz"
      },
      {
        "dir": "y",
        "url": "https://example.org/y-1.tbz"
      }
    ],
    "changes": [
      {
        "change": "removed",
        "name": "t",
        "from": "1",
        "to": null
      }
    ]
  }
  $ monolock lock --fresh --repo ../repo --json 2>/dev/null | head -12
  {
    "monolock": 1,
    "lockfile": "monolock.lock",
    "changed": true,
    "packages": [
      {
        "name": "a",
        "version": "2.0",
        "dir": "a",
        "change": "unchanged",
        "previous": "2.0"
      },
