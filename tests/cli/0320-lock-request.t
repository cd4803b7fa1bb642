The lock records the request of the command line (`--repo` in order, `--pin`, `--var`,
`--build-only`, ...) so that a later `lock` without flags asks the same; a flag given again
replaces its part; `--fresh` forgets the request. A repository inside the project is
recorded relative to the lock's directory, one outside as an absolute path.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && mkdir overlay && mkdir -p overlay/packages
  $ cp -R ../repo/packages/a overlay/packages/
  $ monolock lock --repo overlay --repo ../repo --build-only --pin a=1.0 --var with-doc=true -q
  $ sed -n '/"request"/,/^  },/p' monolock.lock
    "request": {
      "repositories": [
        {"path": "overlay"},
        {"path": "*/repo"} (glob)
      ],
      "pins": ["a=1.0"],
      "variables": ["with-doc=true"],
      "build-only": true
    },
  $ grep -c '"file://\.\.' monolock.lock
  0
  [1]

A second `lock` without flags gives the same lock, byte for byte:

  $ cp monolock.lock first.lock
  $ monolock lock
  locked 10 packages in 8 sources: no version changed
  monolock.lock unchanged
  $ cmp monolock.lock first.lock

A flag given again replaces its part of the request, the others stay:

  $ monolock lock --pin a=2.0
  locked 10 packages in 8 sources: 1 upgraded, 1 source changed
    upgraded   a 1.0 -> 2.0
    source     a: url https://example.org/a-1.0.tbz -> https://example.org/a-2.0.tbz, checksums changed
  monolock.lock written
  $ sed -n '/"request"/,/^  },/p' monolock.lock
    "request": {
      "repositories": [
        {"path": "overlay"},
        {"path": "*/repo"} (glob)
      ],
      "pins": ["a=2.0"],
      "variables": ["with-doc=true"],
      "build-only": true
    },

`--fresh` ignores the recorded request: the roots' x-opam-monorepo-* fields and the
defaults apply again (here: with-test dependencies come back):

  $ monolock lock --fresh --repo ../repo
  locked 11 packages in 9 sources: 1 added
    added      t 1
  monolock.lock written
  $ sed -n '/"request"/,/^  },/p' monolock.lock
    "request": {
      "repositories": [
        {"path": "*/repo"} (glob)
      ]
    },

A lock kept in another directory (`--lockfile`) records the project's repositories
relative to it; the project moved elsewhere still finds them:

  $ mkdir locks && monolock lock --repo ./overlay --repo ../repo --lockfile locks/m.lock -q
  $ sed -n '/"request"/,/^  },/p' locks/m.lock
    "request": {
      "repositories": [
        {"path": "../overlay"},
        {"path": "*/repo"} (glob)
      ]
    },
  $ cd .. && cp -R policy moved && cd moved && rm -r ../policy/overlay
  $ monolock lock --lockfile locks/m.lock
  locked 11 packages in 9 sources: no version changed
  locks/m.lock unchanged

The opam format records the same, as opam-monorepo's x-opam-monorepo-cli-args and
x-monolock-request:

  $ monolock lock --format opam --repo overlay --repo ../repo --opam-provided g --ocaml-version 5.1.0 --dune-version 3.10.0 -q
  $ grep -A16 x-monolock-request app.opam.locked
  x-monolock-request: [
    ["repository" "path" "overlay"]
    ["repository" "path" "*/repo"] (glob)
    ["opam-provided" "g"]
    ["ocaml-version" "5.1.0"]
    ["dune-version" "3.10.0"]
  ]
  x-opam-monorepo-cli-args: [
    "--repo"
    "overlay"
    "--repo"
    "*/repo" (glob)
    "--opam-provided"
    "g"
    "--ocaml-version"
    "5.1.0"
    "--dune-version"
  $ cp app.opam.locked first.opam.locked && monolock lock --format opam -q && cmp app.opam.locked first.opam.locked
  $ monolock list --lockfile app.opam.locked | grep '^g '
  g      1.0     (opam-provided)

A recorded request is input from elsewhere: it is validated like the rest of the lock.

  $ cp locks/m.lock bad.lock
  $ sed -i 's|{"path": "../overlay"}|{"path": "../overlay", "url": "git+https://h/r.git"}|' bad.lock
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.repositories[0]: expected exactly one of "path" and "url"
  [1]
  $ cp locks/m.lock bad.lock && sed -i 's|{"path": "../overlay"}|{"url": "https://h/r.tgz"}|' bad.lock
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.repositories[0]: a url must be a git+URL (archives are recorded by path)
  [1]
  $ cp locks/m.lock bad.lock && sed -i "s|{\"path\": \"../overlay\"}|{\"path\": \"$(printf '\\\\u0007')\"}|" bad.lock
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.repositories[0]: holds a control character
  [1]
  $ python3 -c 'import json; l=json.load(open("locks/m.lock")); l["request"]["repositories"]=[{"path":"x"}]*65; json.dump(l, open("bad.lock","w"))'
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.repositories: too many items
  [1]
  $ python3 -c 'import json; l=json.load(open("locks/m.lock")); l["request"]["pins"]=["a"]; json.dump(l, open("bad.lock","w"))'
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.pins[0]: expected NAME=VERSION
  [1]
  $ python3 -c 'import json; l=json.load(open("locks/m.lock")); l["request"]["generator"]="make"; json.dump(l, open("bad.lock","w"))'
  $ monolock list --lockfile bad.lock
  monolock: bad.lock: request.generator: expected "dune" or "none"
  [1]
