Results (and --json) go to stdout; progress, summaries, warnings and errors to stderr, in
every command. -q leaves out progress, summaries and warnings; results and errors stay.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta
  $ out() { "$@" 2>/dev/null; echo "[stdout $?]"; }
  $ err() { "$@" >/dev/null; echo "[stderr $?]"; }

pull: nothing on stdout; progress (not a terminal: one line per source) and the summary on
stderr; with -q nothing, also when there is nothing to do:

  $ out monolock pull
  [stdout 0]
  $ rm -rf duniverse
  $ err monolock pull 2>&1 | sort
  [stderr 0]
  pulled 2 sources (*, 2 from cache) in * s (glob)
  pulled alpha
  pulled beta
  $ err monolock pull
  duniverse is up to date (2 sources)
  [stderr 0]
  $ monolock pull -q
  $ rm -rf duniverse && monolock pull -q

status: the directories on stdout, the summary on stderr:

  $ echo edit >> duniverse/alpha/VERSION
  $ out monolock status
  modified        duniverse/alpha/ (1 modified, 0 added, 0 deleted)
  [stdout 0]
  $ err monolock status
  duniverse: 2 directories: 1 clean, 1 modified
  [stderr 0]
  $ monolock status -q
  modified        duniverse/alpha/ (1 modified, 0 added, 0 deleted)

verify: the differences on stdout, the verdict on stderr (an error when they differ):

  $ out monolock verify
  modified        duniverse/alpha/ (1 modified, 0 added, 0 deleted)
    modified  duniverse/alpha/VERSION
  [stdout 3]
  $ err monolock verify
  monolock: duniverse: 1 of 2 directories differs from the lock (`monolock pull` restores what it can)
  [stderr 3]
  $ monolock verify -q beta
  $ err monolock verify beta
  duniverse: 1 directory, * files hashed: identical to the lock (glob)
  [stderr 0]

diff and patch: the diff and what was saved on stdout:

  $ out monolock diff --offline --stat
  * (glob)
  * (glob)
  [stdout 0]
  $ err monolock diff --offline --stat
  [stderr 0]
  $ out monolock patch --offline alpha
  saved duniverse/alpha as patches/alpha.patch (1 file)
  [stdout 0]
  $ err monolock patch --offline alpha
  [stderr 0]

list, why, tree, sbom, outdated, depext, cache: results on stdout, nothing on stderr but
warnings (sbom and outdated cannot read the lock's repositories here), which -q leaves out:

  $ for c in list 'why alpha' tree 'sbom --offline' 'outdated --offline' 'depext --dry-run' 'cache ls' 'cache dir'; do
  >   monolock $c > o 2> e; echo "$c: exit $?, $(wc -l < o) lines on stdout, $(wc -l < e) on stderr"
  >   monolock $c -q 2> e > /dev/null; if test -s e; then echo "$c -q: $(cat e)"; fi
  > done
  list: exit 0, 2 lines on stdout, 0 on stderr
  why alpha: exit 0, 1 lines on stdout, 0 on stderr
  tree: exit 0, 1 lines on stdout, 0 on stderr
  sbom --offline: exit 0, 110 lines on stdout, 2 on stderr
  outdated --offline: exit 0, 1 lines on stdout, 1 on stderr
  depext --dry-run: exit 0, 0 lines on stdout, 0 on stderr
  cache ls: exit 0, * lines on stdout, 0 on stderr (glob)
  cache dir: exit 0, 1 lines on stdout, 0 on stderr

mirror: what is missing or corrupt on stdout, the summary on stderr:

  $ out monolock mirror m
  [stdout 0]
  $ err monolock mirror m
  mirrored 2 sources: 0 entries added, 2 already there
  [stderr 0]
  $ monolock mirror -q m

lock: the summary and warnings on stderr, nothing on stdout without --json:

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ cd sources
  $ out monolock lock --repo ../repo
  [stdout 0]
  $ err monolock lock --repo ../repo
  locked 5 packages in 2 sources: no version changed
  monolock.lock unchanged
  [stderr 0]
  $ monolock lock -q --repo ../repo
  $ monolock lock -q --check
  $ err monolock lock --check
  monolock.lock holds
  [stderr 0]
  $ cd ..

repo check and show: results on stdout:

  $ out monolock repo check repo
  * packages, * versions, 0 errors (glob)
  [stdout 0]
  $ out monolock show a --repo repo
  0.1
  1.0
  2.0
  [stdout 0]
  $ err monolock show a --repo repo
  [stderr 0]

Errors go to stderr, with -q too:

  $ out monolock list -q --lockfile nosuch.lock
  [stdout 1]
  $ err monolock list -q --lockfile nosuch.lock
  monolock: nosuch.lock: no lock file here: run `monolock lock` first
  [stderr 1]
  $ unserve
