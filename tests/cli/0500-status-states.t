`monolock status` shows each directory of duniverse/ against the lock: clean, modified
(files changed, added, deleted; listed with -v), missing, out of date, not in the lock,
linked, conflicted. It only reads, and exits 0 whatever the state.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma

Before any pull everything is missing, and nothing is created:

  $ monolock status
  missing         duniverse/alpha/ (pull creates it)
  missing         duniverse/beta/ (pull creates it)
  missing         duniverse/gamma/ (pull creates it)
  duniverse: 3 directories: 3 missing
  $ test -e duniverse || echo no duniverse
  no duniverse
  $ monolock pull -q
  $ monolock status
  duniverse: 3 directories: 3 clean
  $ monolock status -v
  clean           duniverse/alpha/
  clean           duniverse/beta/
  clean           duniverse/gamma/
  duniverse: 3 directories: 3 clean

Edits: a file changed, one added, one deleted; a directory the user dropped in; a source
directory replaced by a link to a checkout of the user's:

  $ echo '(* patched *)' >> duniverse/alpha/src/alpha.ml
  $ echo new > duniverse/alpha/NOTES
  $ rm duniverse/alpha/alpha.opam
  $ mkdir duniverse/mine && touch duniverse/mine/x.ml
  $ cp -R duniverse/gamma checkout && rm -rf duniverse/gamma && ln -s ../checkout duniverse/gamma
  $ echo 'let local = 1' >> checkout/src/gamma.ml
  $ monolock status
  modified        duniverse/alpha/ (1 modified, 1 added, 1 deleted)
  linked          duniverse/gamma -> ../checkout
  not in the lock duniverse/mine/
  duniverse: 4 directories: 1 clean, 1 modified, 1 not in the lock, 1 linked
  $ monolock status -v
  modified        duniverse/alpha/ (1 modified, 1 added, 1 deleted)
    added     duniverse/alpha/NOTES
    deleted   duniverse/alpha/alpha.opam
    modified  duniverse/alpha/src/alpha.ml
  clean           duniverse/beta/
  linked          duniverse/gamma -> ../checkout
  not in the lock duniverse/mine/
  duniverse: 4 directories: 1 clean, 1 modified, 1 not in the lock, 1 linked

DIR... narrows it (as `pull DIR` takes them); a name neither in the lock nor in duniverse/
is a usage error:

  $ monolock status duniverse/alpha/ beta
  modified        duniverse/alpha/ (1 modified, 1 added, 1 deleted)
  duniverse: 2 directories: 1 clean, 1 modified
  $ monolock status nope
  monolock: 'nope' is not a directory of the lock or of 'duniverse'
  [64]
  $ monolock status ../x
  monolock: unsafe directory name '../x': hidden
  [1]

--json lists every directory and file:

  $ monolock status --json alpha gamma
  {
    "monolock": 1,
    "workspace": "duniverse",
    "directories": [
      {
        "dir": "alpha",
        "state": "modified",
        "in_lock": true,
        "files": [
          {
            "path": "NOTES",
            "change": "added"
          },
          {
            "path": "alpha.opam",
            "change": "deleted"
          },
          {
            "path": "src/alpha.ml",
            "change": "modified"
          }
        ]
      },
      {
        "dir": "gamma",
        "state": "linked",
        "in_lock": true,
        "link": "../checkout",
        "files": []
      }
    ]
  }

A linked directory is respected by pull: never replaced, never counted as an edit.

  $ monolock pull -q gamma
  $ readlink duniverse/gamma && grep -c local checkout/src/gamma.ml
  ../checkout
  1

A new lock: a replaced source is out of date (with its edits, on which pull would refuse), a
removed one too (pull removes it); a missing directory is missing:

  $ rm duniverse/gamma && cp -R checkout duniverse/gamma
  $ lockarchives 2.0 alpha beta
  $ rm -rf duniverse/beta
  $ monolock status
  out of date     duniverse/alpha/ (pull replaces it; 1 modified, 1 added, 1 deleted)
  missing         duniverse/beta/ (pull creates it)
  out of date     duniverse/gamma/ (no longer in the lock: pull removes it; 1 modified, 0 added, 0 deleted)
  not in the lock duniverse/mine/
  duniverse: 4 directories: 1 missing, 2 out of date, 1 not in the lock
  $ monolock pull -q --force 2>/dev/null
  $ rm -rf duniverse/mine
  $ monolock status
  duniverse: 2 directories: 2 clean

Conflicted: a carried patch leaves conflict markers in the files of the new version (and
records them in .monolock/conflicts/DIR until the resolution is saved). Markers in a changed
file are enough; a record alone too:

  $ printf '<<<<<<< ours\nlet x = 1\n=======\nlet x = 2\n>>>>>>> theirs\n' >> duniverse/alpha/src/alpha.ml
  $ echo '<<<<<<< not a conflict on its own' >> duniverse/beta/src/beta.ml
  $ monolock status
  conflicted      duniverse/alpha/ (1 modified, 0 added, 0 deleted)
  modified        duniverse/beta/ (1 modified, 0 added, 0 deleted)
  duniverse: 2 directories: 1 modified, 1 conflicted

A pull that changes nothing says so in one line (see 0502); pull restores a directory that
is removed:

  $ monolock pull --force
  duniverse is up to date (2 sources)
  2 directories have unsaved edits (`monolock status -v` lists them): alpha, beta
  $ rm -rf duniverse/alpha duniverse/beta && monolock pull -q
  $ mkdir -p duniverse/.monolock/conflicts && echo src/beta.ml > duniverse/.monolock/conflicts/beta
  $ monolock status
  conflicted      duniverse/beta/
  duniverse: 2 directories: 1 clean, 1 conflicted

Failures: no lock, and a duniverse/ monolock did not make (as pull refuses it):

  $ rm -rf duniverse/.monolock/conflicts
  $ monolock status --lockfile nowhere.lock
  monolock: nowhere.lock: no lock file here: run `monolock lock` first
  [1]
  $ mkdir other && cp monolock.lock other/ && mkdir other/duniverse && touch other/duniverse/x
  $ monolock status --lockfile other/monolock.lock
  monolock: 'other/duniverse' is not empty and was not written by monolock (it has no .monolock/): pull changes only a workspace it made; move it away (e.g. `mv other/duniverse other/duniverse.old`) and pull again
  [1]
  $ monolock status --bogus
  monolock: unknown option '--bogus'
  see 'monolock status --help'
  [64]
  $ unserve
