`tree` draws the locked graph from the lock alone, like `cargo tree`: each package's
dependencies are shown once, later occurrences are marked (*).

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && monolock lock --repo ../repo -q
  $ rm -r ../repo
  $ monolock tree
  app dev
  ├── a 2.0
  │   ├── dune 3.10.0 [tool]
  │   │   └── ocaml 5.1.0 [compiler]
  │   └── ocaml 5.1.0 [compiler]
  ├── c 1.0
  │   ├── dune 3.10.0 [tool] (*)
  │   └── y 1
  │       ├── dune 3.10.0 [tool] (*)
  │       └── ocaml 5.1.0 [compiler]
  ├── dune 3.10.0 [tool] (*)
  ├── e 1
  │   ├── d 1
  │   │   ├── dune 3.10.0 [tool] (*)
  │   │   └── ocaml 5.1.0 [compiler]
  │   └── dune 3.10.0 [tool] (*)
  ├── f 1
  │   ├── dune 3.10.0 [tool] (*)
  │   └── lin 1
  │       ├── dune 3.10.0 [tool] (*)
  │       └── ocaml 5.1.0 [compiler]
  ├── g 1.0
  │   ├── dune 3.10.0 [tool] (*)
  │   └── ocaml 5.1.0 [compiler]
  ├── ocaml 5.1.0 [compiler]
  └── t 1
      ├── dune 3.10.0 [tool] (*)
      └── ocaml 5.1.0 [compiler]

From one package, limited in depth (... marks what the limit hides), in ASCII:

  $ monolock tree c --depth 1 --ascii
  c 1.0
  |-- dune 3.10.0 [tool] ...
  `-- y 1 ...
  $ monolock tree --depth 0
  app dev ...

Inverted: who needs y, and who needs lin, down to the roots:

  $ monolock tree -i y --ascii
  y 1
  `-- c 1.0
      `-- app dev
  $ monolock tree --invert lin --ascii
  lin 1
  `-- f 1
      `-- app dev

The JSON form nests the same nodes:

  $ monolock tree -i y --json
  {
    "monolock": 1,
    "inverted": true,
    "tree": [
      {
        "name": "y",
        "version": "1",
        "dir": "y",
        "repeat": false,
        "cut": false,
        "dependents": [
          {
            "name": "c",
            "version": "1.0",
            "dir": "c",
            "repeat": false,
            "cut": false,
            "dependents": [
              {
                "name": "app",
                "version": "dev",
                "dir": null,
                "reason": "root",
                "repeat": false,
                "cut": false,
                "dependents": []
              }
            ]
          }
        ]
      }
    ]
  }
  $ monolock tree --json | python3 -c '
  > import json, sys
  > expanded, lines = [], 0
  > def walk(n):
  >     global lines
  >     lines += 1
  >     if n["dependencies"]: expanded.append(n["name"])
  >     for k in n["dependencies"]: walk(k)
  > for t in json.load(sys.stdin)["tree"]: walk(t)
  > print(lines, "lines,", len(expanded), "expanded, each once:", len(set(expanded)) == len(expanded))'
  28 lines, 11 expanded, each once: True

Bad input: a package that is not locked, for both forms; a bad depth; PKG and -i together.

  $ monolock tree nosuch
  monolock: monolock.lock: package 'nosuch' is not in the lock
  [1]
  $ monolock tree -i nosuch
  monolock: monolock.lock: package 'nosuch' is not in the lock
  [1]
  $ monolock tree -i
  monolock: option '-i' needs a value
  see 'monolock tree --help'
  [64]
  $ monolock tree --depth -1
  monolock: --depth '-1': expected a number of levels from 0 to 1000000
  see 'monolock tree --help'
  [64]
  $ monolock tree --depth lots
  monolock: --depth 'lots': expected a number of levels from 0 to 1000000
  see 'monolock tree --help'
  [64]
  $ monolock tree a -i y
  monolock: give either PKG or -i PKG, not both
  see 'monolock tree --help'
  [64]
  $ monolock tree a b
  monolock: unexpected argument 'b'
  see 'monolock tree --help'
  [64]
  $ monolock tree --lockfile missing.lock
  monolock: missing.lock: no lock file here: run `monolock lock` first
  [1]

A lock from elsewhere may hold a cycle: each package is still expanded once, so the
output ends.

  $ cd .. && mkdir cycle && cd cycle
  $ cat > monolock.lock <<'JSON'
  > {
  >   "lockfile": "monolock/1",
  >   "roots": ["app"],
  >   "generator": "dune",
  >   "repositories": [],
  >   "variables": {},
  >   "packages": [
  >     {"name": "a", "version": "1", "dir": null, "reason": "virtual", "depends": ["b"]},
  >     {"name": "app", "version": "1", "dir": null, "reason": "root", "depends": ["a"]},
  >     {"name": "b", "version": "1", "dir": null, "reason": "virtual", "depends": ["a", "ghost"]}
  >   ],
  >   "sources": [],
  >   "depexts": []
  > }
  > JSON
  $ monolock tree
  app 1
  └── a 1 [virtual]
      └── b 1 [virtual]
          └── a 1 [virtual] (*)
  $ monolock tree -i a
  a 1 [virtual]
  ├── app 1
  └── b 1 [virtual]
      └── a 1 [virtual] (*)

A long chain (2,000 packages) is walked without recursion:

  $ python3 -c '
  > import json
  > n = 2000
  > pk = [{"name": "p%05d" % i, "version": "1", "dir": None, "reason": "virtual",
  >        "depends": ["p%05d" % (i + 1)] if i + 1 < n else []} for i in range(n)]
  > pk.append({"name": "zapp", "version": "1", "dir": None, "reason": "root", "depends": ["p00000"]})
  > print(json.dumps({"lockfile": "monolock/1", "roots": ["zapp"], "generator": "dune",
  >   "repositories": [], "variables": {}, "packages": pk, "sources": [], "depexts": []}))' > monolock.lock
  $ monolock tree --ascii | wc -l
  2001
  $ monolock tree --ascii | tail -1 | sed 's/    //g'
  `-- p01999 1 [virtual]
