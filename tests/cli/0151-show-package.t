`show NAME.VERSION` prints the opam file of the first repository holding it, with its origin.

  $ cp -R "$ML_ROOT/fixtures/repos/good" "$ML_ROOT/fixtures/repos/overlay" .
  $ monolock show a.2.0 --repo overlay --repo good
  # a.2.0 from file://./overlay
  # file: overlay/packages/a/a.2.0/opam
  name: "a"
  version: "2.0"
  opam-version: "2.0"
  synopsis: "Overlay a 2.0"
  depends: ["dune"]
  build: [
    "dune"
    "build"
  ]
  url {
    src: "https://overlay.example.com/a-2.0.tar.gz"
  }
  $ monolock show a.2.0 --repo good --repo overlay | head -n 6
  # a.2.0 from file://./good
  # file: good/packages/a/a.2.0/opam
  name: "a"
  version: "2.0"
  opam-version: "2.0"
  synopsis: "Package a, version 2.0"

The output is an opam file: it parses back (repo check reads it) with the same fields:

  $ mkdir -p copy/packages/b/b.0.1
  $ monolock show b.0.1 --repo good > copy/packages/b/b.0.1/opam
  $ monolock repo check copy
  1 packages, 1 versions, 0 errors
  $ monolock show --json b.0.1 --repo good | grep -v '"file"\|"repository"' > a.json
  $ monolock show --json b.0.1 --repo copy | grep -v '"file"\|"repository"\|^    "name": "b",$\|^    "version": "0.1",$' > b.json
  $ diff a.json b.json

--json gives the fields as typed values (strings, lists, ...), sections as objects:

  $ monolock show --json conf-foo.1 --repo good
  {
    "monolock": 1,
    "name": "conf-foo",
    "version": "1",
    "file": "good/packages/conf-foo/conf-foo.1/opam",
    "repository": "file://./good",
    "fields": {
      "opam-version": "2.0",
      "synopsis": "Virtual package relying on a system foo",
      "flags": "conf",
      "build": [],
      "depexts": [
        [
          "foo"
        ]
      ]
    }
  }
  $ monolock show --json a.10 --repo good | sed -n '/"url"/,/}/p'
      "url": {
        "src": "https://example.com/a-10.tar.gz",
        "checksum": "sha256=0000000000000000000000000000000000000000000000000000000000000000"
      }
