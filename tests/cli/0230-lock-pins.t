pin-depends: a package's opam file comes from the pinned source and wins over every
repository; the lock's source for it is the pin, recorded relative to the project.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/pin" .
  $ cd pin && cat app.opam
  opam-version: "2.0"
  maintainer: "monolock tests"
  depends: [
    "dune"
    "a"
    "c"
  ]
  pin-depends: [
    ["a.5.0" "file://$OPAM_MONOREPO_CWD/vendor/a"]
  ]
  x-opam-monorepo-global-opam-vars: [["arch" "x86_64"] ["os" "linux"]]
  $ monolock lock --repo ../repo
  locked 5 packages in 3 sources
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
      {"url": "file://*/repo", "hash": "sha256=196f7ff6afc795a40b5d65f40def601df6bfc786a62c83bc2e162ee682d3e4ef"} (glob)
    ],
    "variables": {"arch": "x86_64", "opam-version": "2.2.0", "os": "linux", "with-test": false},
    "packages": [
      {"name": "a", "version": "5.0", "dir": "a", "depends": ["dune"]},
      {"name": "app", "version": "dev", "dir": null, "reason": "root", "depends": ["a", "c", "dune"]},
      {"name": "c", "version": "1.0", "dir": "c", "depends": ["dune", "y"]},
      {"name": "dune", "version": "3.10.0", "dir": null, "reason": "tool", "depends": ["ocaml"]},
      {"name": "ocaml", "version": "5.1.0", "dir": null, "reason": "compiler", "depends": []},
      {"name": "y", "version": "1", "dir": "y", "depends": ["dune", "ocaml"]}
    ],
    "sources": [
      {"dir": "a", "url": "file://./vendor/a", "pin": true, "checksums": [], "packages": ["a"]},
      {"dir": "c", "url": "https://example.org/c-1.0.tbz", "checksums": ["sha256=6b92ec0a4e35f160df82de1ffcf812deb52de175af103a4d09582b0140e085bb"], "packages": ["c"]},
      {"dir": "y", "url": "https://example.org/y-1.tbz", "checksums": ["sha256=147be1d8c1162260e59a90a16c7f83e4b333feae4c8f2459764027b719a82302"], "packages": ["y"]}
    ],
    "depexts": []
  }
  $ monolock why a
  app -> a

A pin to a git repository (created here) at a branch: the opam file is read at the
resolved commit, and the source is the repository at that commit:

  $ export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t
  $ export GIT_AUTHOR_DATE='2020-01-01T00:00:00Z' GIT_COMMITTER_DATE='2020-01-01T00:00:00Z'
  $ git init -q -b main ../y-src && cd ../y-src
  $ printf 'opam-version: "2.0"\ndepends: ["dune"]\nbuild: ["dune" "build"]\n' > opam
  $ git add opam && git commit -qm y && git rev-parse HEAD && cd ../pin
  5588d236ac7c7e9b5e7585902c257b1149e86c67
  $ sed -i 's|  \["a.5.0"|  ["y.9" "git+file://../y-src#main"]\n  ["a.5.0"|' app.opam
  $ monolock lock --repo ../repo -q
  $ grep -e '"y"' -e '"dir": "y"' monolock.lock
      {"name": "c", "version": "1.0", "dir": "c", "depends": ["dune", "y"]},
      {"name": "y", "version": "9", "dir": "y", "depends": ["dune"]}
      {"dir": "y", "url": "git+file://../y-src", "commit": "5588d236ac7c7e9b5e7585902c257b1149e86c67", "packages": ["y"]}
  $ monolock list
  a      5.0     a
  app    dev     (root)
  c      1.0     c
  dune   3.10.0  (tool)
  ocaml  5.1.0   (compiler)
  y      9       y

The same through opam-monorepo's lock format, which carries pins as pin-depends:

  $ monolock lock --repo ../repo --format opam -q && grep -A3 '^pin-depends' app.opam.locked
  pin-depends: [
    ["a.5.0" "file://./vendor/a"]
    ["c.1.0" "https://example.org/c-1.0.tbz"]
    ["y.9" "git+file://../y-src#5588d236ac7c7e9b5e7585902c257b1149e86c67"]

Pins that cannot be used:

  $ sed -i 's|#main|#nosuch|' app.opam
  $ monolock lock --repo ../repo
  monolock: git: file://../y-src: no branch, tag or commit named 'nosuch'
  [1]
  $ sed -i 's|git+file://../y-src#nosuch|https://example.org/y.tgz|' app.opam
  $ monolock lock --repo ../repo
  monolock: app.opam: pin-depends y.9: 'https://example.org/y.tgz': only local directories (file://) and git (git+URL#ref) can be pinned
  [64]
  $ sed -i 's|https://example.org/y.tgz|file://nowhere|' app.opam
  $ monolock lock --repo ../repo
  monolock: app.opam: pin-depends y.9: no y.opam or opam file in ./nowhere
  [1]

A repository given as a local git repository: its commit is recorded.

  $ cd .. && git init -q -b main gitrepo && cp -R repo/packages repo/repo gitrepo/
  $ cd gitrepo && git add . && git commit -qm repo && git rev-parse HEAD && cd ..
  35c27b702e56ca70d72ef35e4a295555657e0251
  $ cp -R "$ML_ROOT/fixtures/lock/transitive" . && cd transitive
  $ monolock lock --repo git+file://../gitrepo -q && grep -A2 repositories monolock.lock
      "repositories": [
        {"url": "git+file://*/gitrepo", "commit": "35c27b702e56ca70d72ef35e4a295555657e0251"} (glob)
      ]
  --
    "repositories": [
      {"url": "git+file://*/gitrepo", "commit": "35c27b702e56ca70d72ef35e4a295555657e0251"} (glob)
    ],
