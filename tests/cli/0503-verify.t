`monolock verify` hashes every file of the workspace, trusting no stamp, against what pull
wrote for the lock: exit 0 when identical, 3 listing every difference.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ monolock verify
  duniverse: 3 directories, 15 files hashed: identical to the lock
  $ monolock verify --json
  {
    "monolock": 1,
    "workspace": "duniverse",
    "identical": true,
    "directories": [
      {
        "dir": "alpha",
        "state": "clean",
        "in_lock": true,
        "files": []
      },
      {
        "dir": "beta",
        "state": "clean",
        "in_lock": true,
        "files": []
      },
      {
        "dir": "gamma",
        "state": "clean",
        "in_lock": true,
        "files": []
      }
    ]
  }

Every difference: files changed (a link's target too), added, deleted; a directory missing,
out of date, not written by monolock, or linked (not the locked source):

  $ echo '(* patched *)' >> duniverse/alpha/src/alpha.ml
  $ touch duniverse/alpha/.hidden && chmod +x duniverse/alpha/alpha.opam
  $ rm duniverse/beta/VERSION
  $ mkdir duniverse/mine
  $ monolock verify
  modified        duniverse/alpha/ (2 modified, 1 added, 0 deleted)
    added     duniverse/alpha/.hidden
    modified  duniverse/alpha/alpha.opam
    modified  duniverse/alpha/src/alpha.ml
  modified        duniverse/beta/ (0 modified, 0 added, 1 deleted)
    deleted   duniverse/beta/VERSION
  not in the lock duniverse/mine/
  monolock: duniverse: 3 of 4 directories differ from the lock (`monolock pull` restores what it can)
  [3]
  $ rm -rf duniverse/gamma && ln -s ../elsewhere duniverse/gamma
  $ lockarchives 2.0 beta gamma
  $ monolock verify beta gamma
  out of date     duniverse/beta/ (pull replaces it; 0 modified, 0 added, 1 deleted)
    deleted   duniverse/beta/VERSION
  linked          duniverse/gamma -> ../elsewhere
  monolock: duniverse: 2 of 2 directories differ from the lock (`monolock pull` restores what it can)
  [3]
  $ monolock verify --json alpha
  {
    "monolock": 1,
    "workspace": "duniverse",
    "identical": false,
    "directories": [
      {
        "dir": "alpha",
        "state": "out of date",
        "in_lock": false,
        "files": [
          {
            "path": ".hidden",
            "change": "added"
          },
          {
            "path": "alpha.opam",
            "change": "modified"
          },
          {
            "path": "src/alpha.ml",
            "change": "modified"
          }
        ]
      }
    ]
  }
  [3]

Missing directories, and no workspace at all:

  $ rm -rf duniverse
  $ monolock verify
  missing         duniverse/beta/ (pull creates it)
  missing         duniverse/gamma/ (pull creates it)
  monolock: duniverse: 2 of 2 directories differ from the lock (`monolock pull` restores what it can)
  [3]
  $ monolock pull -q && monolock verify
  duniverse: 2 directories, 10 files hashed: identical to the lock
  $ monolock verify --lockfile missing.lock
  monolock: missing.lock: no lock file here: run `monolock lock` first
  [1]
  $ monolock verify -v
  monolock: unknown option '-v'
  see 'monolock verify --help'
  [64]
  $ unserve
