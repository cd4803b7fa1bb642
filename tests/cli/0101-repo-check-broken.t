`repo check` reports every broken file as file:line:col: message, and exits 1.

  $ cp -R "$ML_ROOT/fixtures/repos/broken" .
  $ monolock repo check broken
  4 packages, 4 versions, 3 errors
  broken/packages/bad/bad.1/opam:2:11: unterminated string
  broken/packages/badsum/badsum.1/opam:4:54: checksum: expected a string
  broken/packages/nosrc/nosrc.1/opam:2:1: url section without 'src'
  [1]

A package shadowed by a good one in a repository with precedence is not read:

  $ mkdir -p fix/packages/bad/bad.1
  $ printf 'opam-version: "2.0"\n' > fix/packages/bad/bad.1/opam
  $ monolock repo check fix broken
  4 packages, 4 versions, 2 errors
  broken/packages/badsum/badsum.1/opam:4:54: checksum: expected a string
  broken/packages/nosrc/nosrc.1/opam:2:1: url section without 'src'
  [1]

A file over the size cap is an error too (and does not stop the check):

  $ truncate -s 5M broken/packages/ok/ok.1/opam
  $ monolock repo check fix broken
  4 packages, 4 versions, 3 errors
  broken/packages/badsum/badsum.1/opam:4:54: checksum: expected a string
  broken/packages/nosrc/nosrc.1/opam:2:1: url section without 'src'
  'broken/packages/ok/ok.1/opam' is larger than 4194304 bytes
  [1]
  $ printf 'opam-version: "2.0"\nsynopsis: "fine"\n' > broken/packages/ok/ok.1/opam

--json:

  $ monolock repo check --json broken
  {
    "monolock": 1,
    "packages": 4,
    "versions": 4,
    "errors": [
      {
        "file": "broken/packages/bad/bad.1/opam",
        "line": 2,
        "col": 11,
        "message": "unterminated string"
      },
      {
        "file": "broken/packages/badsum/badsum.1/opam",
        "line": 4,
        "col": 54,
        "message": "checksum: expected a string"
      },
      {
        "file": "broken/packages/nosrc/nosrc.1/opam",
        "line": 2,
        "col": 1,
        "message": "url section without 'src'"
      }
    ]
  }
  [1]

Errors inside an archive name the archive:

  $ tar -czf broken.tgz broken
  $ monolock repo check broken.tgz | head -n 2
  4 packages, 4 versions, 3 errors
  broken.tgz/packages/bad/bad.1/opam:2:11: unterminated string
