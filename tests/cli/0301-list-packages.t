`list` prints the locked packages: name, version, and the directory of a vendored package
or, in parentheses, why it is not vendored; `--json` too. It reads either lock format.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ cd sources && monolock lock --repo ../repo -q
  $ monolock list
  app                dev     (root)
  dune               3.10.0  (tool)
  dune-configurator  3.10.0  dune_
  multi              1.0     multi
  multi-lwt          1.0     multi
  ocaml              5.1.0   (compiler)
  $ monolock list --json
  {
    "monolock": 1,
    "packages": [
      {
        "name": "app",
        "version": "dev",
        "dir": null,
        "reason": "root"
      },
      {
        "name": "dune",
        "version": "3.10.0",
        "dir": null,
        "reason": "tool"
      },
      {
        "name": "dune-configurator",
        "version": "3.10.0",
        "dir": "dune_"
      },
      {
        "name": "multi",
        "version": "1.0",
        "dir": "multi"
      },
      {
        "name": "multi-lwt",
        "version": "1.0",
        "dir": "multi"
      },
      {
        "name": "ocaml",
        "version": "5.1.0",
        "dir": null,
        "reason": "compiler"
      }
    ],
    "depexts": []
  }
  $ monolock lock --repo ../repo --format opam -q
  $ monolock list -l app.opam.locked
  app                dev     (root)
  dune               3.10.0  (tool)
  dune-configurator  3.10.0  dune_
  multi              1.0     multi
  multi-lwt          1.0     multi
  ocaml              5.1.0   (compiler)
  $ monolock list extra
  monolock: unexpected argument 'extra'
  see 'monolock list --help'
  [64]
  $ rm monolock.lock && monolock list | head -n 1
  app                dev     (root)
  $ rm app.opam.locked && monolock list
  monolock: monolock.lock: no lock file here: run `monolock lock` first
  [1]
  $ echo '{' > monolock.lock && monolock list
  monolock: monolock.lock:2: invalid JSON: string or '}' expected near end of file
  [1]
