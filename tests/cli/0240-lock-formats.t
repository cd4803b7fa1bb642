The lock file's name and format: `--format opam` writes opam-monorepo's
<root>.opam.locked; reading it back (`list`, `lock` again) gives the same lock;
`-l`/`--lockfile` names the file; `--check` writes nothing and exits 4 when the lock is
missing or no longer holds.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ cd sources
  $ monolock lock --repo ../repo --check
  monolock: monolock.lock does not hold:
    monolock.lock is missing: run `monolock lock`
  [4]
  $ ls
  app.opam
  $ monolock lock --repo ../repo --format opam
  locked 5 packages in 2 sources
  app.opam.locked written
  $ cat app.opam.locked
  opam-version: "2.0"
  synopsis: "opam-monorepo generated lockfile"
  maintainer: "opam-monorepo"
  depends: [
    "dune" {= "3.10.0"}
    "dune-configurator" {= "3.10.0" & ?vendor}
    "multi" {= "1.0" & ?vendor}
    "multi-lwt" {= "1.0" & ?vendor}
    "ocaml" {= "5.1.0"}
  ]
  pin-depends: [
    ["dune-configurator.3.10.0" "https://example.org/dune-configurator-3.10.0.tbz"]
    ["multi.1.0" "https://example.org/multi-1.0.tbz"]
    ["multi-lwt.1.0" "https://example.org/multi-1.0.tbz"]
  ]
  x-monolock-depends: [
    ["app" ["dune" "dune-configurator" "multi-lwt"]]
    ["dune" ["ocaml"]]
    ["dune-configurator" ["dune" "ocaml"]]
    ["multi" ["dune" "ocaml"]]
    ["multi-lwt" ["dune" "multi"]]
  ]
  x-monolock-generator: "dune"
  x-monolock-local-packages: [["app" "dev"]]
  x-monolock-reasons: [
    ["dune" "tool"]
    ["ocaml" "compiler"]
  ]
  x-monolock-repositories: [["file://*/repo" "hash" "sha256=82d2eeeec86705c9af04f57b1a5be66a5f8637e533888baf40da1d7115fda3f5"]] (glob)
  x-monolock-request: [["repository" "path" "*/repo"]] (glob)
  x-opam-monorepo-cli-args: [
    "--repo"
    "*/repo" (glob)
  ]
  x-opam-monorepo-duniverse-dirs: [
    ["https://example.org/dune-configurator-3.10.0.tbz" "dune_" ["sha256=8cf0c70f1a2b55519d1b84188648a671a67b56948bd327e40430fbca1487aad9"]]
    ["https://example.org/multi-1.0.tbz" "multi" ["sha256=c22da42a4738e61b0458b7c88bec5ecf71ba962180303fe27496f487f5be26c6"]]
  ]
  x-opam-monorepo-global-opam-vars: [
    ["arch" "x86_64"]
    ["opam-version" "2.2.0"]
    ["os" "linux"]
    ["with-test" false]
  ]
  x-opam-monorepo-opam-repositories: ["file://*/repo"] (glob)
  x-opam-monorepo-root-packages: ["app"]
  x-opam-monorepo-version: "0.3"
  $ monolock list --lockfile app.opam.locked > from-opam
  $ monolock lock --repo ../repo -q && monolock list > from-json && cmp from-opam from-json
  $ monolock lock --repo ../repo --format opam --check
  app.opam.locked holds
  $ monolock lock --repo ../repo --check
  monolock.lock holds

`-l` is the short form of --lockfile; the format follows --format:

  $ monolock lock --repo ../repo -l other.lock -q && cmp other.lock monolock.lock
  $ monolock lock --repo ../repo -l x.opam.locked --format opam -q && cmp x.opam.locked app.opam.locked

New versions in the repository do not make --check fail (it does not re-solve):

  $ cp -R ../repo/packages/multi/multi.1.0 ../repo/packages/multi/multi.1.1
  $ cp -R ../repo/packages/multi-lwt/multi-lwt.1.0 ../repo/packages/multi-lwt/multi-lwt.1.1
  $ monolock lock --repo ../repo --check
  monolock.lock holds
  $ monolock list | grep multi
  multi              1.0     multi
  multi-lwt          1.0     multi
  $ monolock lock --repo ../repo --check -l app.opam.locked --format opam
  app.opam.locked holds

With two roots, the opam lock is named after dune-project's (name ...), else -l is needed:

  $ cp app.opam lib.opam
  $ monolock lock --repo ../repo --format opam
  monolock: several root packages and no (name ...) in dune-project: name the lock file with --lockfile
  [64]
  $ printf '(lang dune 3.0)\n(name proj)\n' > dune-project
  $ monolock lock --repo ../repo --format opam -q && ls *.locked
  app.opam.locked
  proj.opam.locked
  x.opam.locked

Bad options:

  $ monolock lock --format yaml
  monolock: --format is json or opam, not 'yaml'
  see 'monolock lock --help'
  [64]
  $ monolock lock --pin a
  monolock: --pin takes NAME=VERSION, not 'a'
  see 'monolock lock --help'
  [64]
  $ monolock lock --var =x
  monolock: --var takes NAME=VALUE, not '=x'
  see 'monolock lock --help'
  [64]
