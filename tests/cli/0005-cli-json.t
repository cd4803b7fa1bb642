Every command takes --json and prints exactly one JSON document on stdout, whose first
member is "monolock": 1; on failure {"monolock": 1, "error": {"code", "message", ...}} with
the same exit code as without --json.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ cat > check.py <<'PY'
  > import json, sys
  > text = sys.stdin.read()
  > doc = json.loads(text)  # one document: trailing data is an error
  > assert isinstance(doc, dict) and list(doc)[0] == "monolock" and doc["monolock"] == 1, doc
  > if "error" in doc:
  >     e = doc["error"]
  >     assert e["code"] == int(sys.argv[1]), (e, sys.argv[1])
  >     print("exit", sys.argv[1], "error:", e["message"], *(k for k in e if k not in ("code", "message")))
  > else:
  >     print("exit", sys.argv[1], "keys:", *(k for k in doc if k != "monolock"))
  > PY
  $ j() { c=$1; shift; monolock $c --json "$@" > out.json 2> err; python3 "$CHECK" $? < out.json; }
  $ CHECK=$PWD/check.py

The workspace commands, on a lock of two archives:

  $ lockarchives 1.0 alpha beta
  $ j pull
  exit 0 keys: workspace sources pulled unchanged from_cache removed bytes carried edited
  $ python3 -c 'import json; d = json.load(open("out.json")); print(d["pulled"], d["sources"])'
  2 2
  $ j pull
  exit 0 keys: workspace sources pulled unchanged from_cache removed bytes carried edited
  $ j pull --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ echo edit >> duniverse/alpha/VERSION
  $ j status
  exit 0 keys: workspace directories
  $ j status nosuch
  exit 64 error: 'nosuch' is not a directory of the lock or of 'duniverse'
  $ j verify
  exit 3 keys: workspace identical directories
  $ j verify --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ j diff --offline alpha
  exit 0 keys: workspace diff
  $ j diff --offline nosuch
  exit 64 error: nosuch: not a source of monolock.lock
  $ j patch --offline alpha
  exit 0 keys: directories
  $ cat out.json
  {
    "monolock": 1,
    "directories": [
      {
        "dir": "alpha",
        "patch": "patches/alpha.patch",
        "files": 1,
        "dropped": false
      }
    ]
  }
  $ j patch --offline nosuch
  exit 64 error: nosuch: not a source of monolock.lock
  $ j list
  exit 0 keys: packages depexts
  $ j list --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ j why alpha
  exit 0 keys: package root paths truncated
  $ j why alpah
  exit 1 error: monolock.lock: package 'alpah' is not in the lock; did you mean 'alpha'? package
  $ j tree
  exit 0 keys: inverted tree
  $ j tree nosuch
  exit 1 error: monolock.lock: package 'nosuch' is not in the lock package
  $ j sbom --offline
  exit 0 keys: format sbom
  $ j sbom --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ j outdated --offline
  exit 0 keys: packages warnings
  $ j outdated --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ j mirror m
  exit 0 keys: directory sources added present missing corrupt skipped
  $ mkdir m2 && j mirror --check m2
  exit 1 keys: directory sources added present missing corrupt skipped
  $ j mirror https://example.com/m
  exit 64 error: mirror 'https://example.com/m': a local directory (to publish it, copy it to a static server or object store)
  $ j depext --dry-run
  exit 0 keys: package_manager missing installed
  $ j depext --lockfile nosuch.lock
  exit 1 error: nosuch.lock: no lock file here: run `monolock lock` first
  $ j cache ls
  exit 0 keys: dir kinds entries
  $ j cache dir
  exit 0 keys: dir
  $ j cache verify
  exit 0 keys: checked bytes removed
  $ j cache gc --max-size 1T
  exit 0 keys: removed removed_bytes kept kept_bytes recent
  $ j cache gc
  exit 64 error: cache gc: say what to keep (--max-size SIZE, --older-than DAYS or both)

The repository commands and lock:

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ j repo check repo
  exit 0 keys: packages versions errors
  $ j repo check nosuch
  exit 1 error: repository 'nosuch': No such file or directory
  $ j show a --repo repo
  exit 0 keys: name versions
  $ j show a.1.0 --repo repo
  exit 0 keys: name version file repository fields
  $ j show nosuch --repo repo
  exit 1 error: unknown package 'nosuch'
  $ cd sources
  $ j lock --repo ../repo
  exit 0 keys: lockfile changed packages removed sources changes
  $ j lock --check --repo ../repo
  exit 0 keys: lockfile holds reasons

A failure that explains itself (no solution) gives the explanation's lines as "details":

  $ j lock --dune-version 2.0
  exit 2 error: no solution: details
  $ python3 -c 'import json; e = json.load(open("out.json"))["error"]; print(e["code"], e["message"]); print(*e["details"], sep="\n")'
  2 no solution:
    app.dev requires dune (./app.opam), which nothing can satisfy:
      dune.3.10.0 does not fit the toolchain: --dune-version 2.0 allows dune <= 2.0
  hint: --dune-version 2.0 allows dune <= 2.0; app.dev needs dune: lock with another --dune-version V, or --dune-version any
  $ j lock --repo ../nosuch
  exit 1 error: repository '../nosuch': No such file or directory
  $ cd ..
  $ mkdir opamroot && echo 'opam-version: "2.0"' > opamroot/config
  $ OPAMROOT=$PWD/opamroot j install-opam-plugin
  exit 0 keys: link target
  $ j install-opam-plugin --target /nonexistent/x
  exit 1 error: /nonexistent/x: No such file or directory

help: the option tables as data:

  $ j help why
  exit 0 keys: name summary options
  $ j help
  exit 0 keys: global commands
  $ j help nosuch
  exit 64 error: unknown command 'nosuch'

Without --json, nothing of this is JSON:

  $ monolock list --lockfile nosuch.lock
  monolock: nosuch.lock: no lock file here: run `monolock lock` first
  [1]
  $ unserve
