`cache` looks after the shared cache: `dir`, `ls`, `verify`, `gc`.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ C="$PWD/cache/monolock"
  $ mk() {
  >   local n=$1 t; t=$(mktemp -d); cp -R "$PULL_FIX/src/$n" "$t/$n-1.0"
  >   echo 1.0 > "$t/$n-1.0/VERSION"; mkdir -p arc
  >   tar -C "$t" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - "$n-1.0" | gzip -n > "arc/$n.tgz"
  >   rm -rf "$t"
  > }
  $ mk alpha && mk beta && mk gamma
  $ git init -q g && echo hi > g/f && git -C g add f
  $ git -C g -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm one
  $ src alpha "file://$PWD/arc/alpha.tgz" "sha256=$(sha256 arc/alpha.tgz)" "md5=$(md5 arc/alpha.tgz)"
  $ src beta "file://$PWD/arc/beta.tgz" "sha256=$(sha256 arc/beta.tgz)"
  $ src gamma "file://$PWD/arc/gamma.tgz" "sha512=$(sha512 arc/gamma.tgz)"
  $ gitsrc gee "git+file://$PWD/g" "$(git -C g rev-parse HEAD)"
  $ writelock && monolock pull -q

  $ monolock cache dir | sed "s#^$PWD#PWD#"
  PWD/cache/monolock
  $ monolock cache
  monolock: which cache command? (ls, verify, gc, dir)
  see 'monolock cache --help'
  [64]
  $ monolock cache nosuch
  monolock: unknown cache command 'nosuch' (ls, verify, gc, dir)
  see 'monolock cache --help'
  [64]

Use times are what `ls` and `gc` go by: a pull's lookups stamp an archive's atime. Here
they are set by hand, one day apart, oldest first: alpha, gamma, the git store, beta.

  $ sha() { echo "archives/sha256/$(sha256 arc/$1.tgz | cut -c1-2)/$(sha256 arc/$1.tgz)"; }
  $ stamp() { find "$C/$1" -exec touch -h -d "$2" {} +; }
  $ stamp "$(sha alpha)" 2020-01-01T00:00Z; stamp "$(sha gamma)" 2020-01-02T00:00Z
  $ stamp git 2020-01-03T00:00Z; stamp "$(sha beta)" 2020-01-04T00:00Z
  $ monolock cache ls | awk '{print $1, $2, $NF}'
  kind entries use
  archives 3 2020-01-01
  git 1 2020-01-03
  repos 0 -
  solves 0 -
  total 4 2020-01-01

The JSON form lists every entry; its sizes add up (an archive counts its index links):

  $ monolock cache ls --json | python3 -c '
  > import json, sys
  > d = json.load(sys.stdin)
  > for e in d["entries"]: print(e["kind"], e["path"].split("/")[0], e["used"])
  > for k, v in d["kinds"].items():
  >     assert v["bytes"] == sum(e["bytes"] for e in d["entries"] if e["kind"] == k), k
  > print(d["kinds"]["archives"]["bytes"] - sum(len(open(f, "rb").read()) for f in ["arc/alpha.tgz", "arc/beta.tgz", "arc/gamma.tgz"]))'
  archives archives 157* (glob)
  archives archives 157* (glob)
  archives archives 157* (glob)
  git git 1578009600
  480

(480 bytes: an md5 and a sha512 link of 80 bytes for each of the three archives.)

`verify` re-hashes every archive. A corrupt content, an index link led elsewhere and a fifo
in place of an entry are removed (the link itself, never its target); a directory planted
as a link is neither followed nor counted.

  $ monolock cache verify
  verified 3 archives (1.3 KiB)
  $ echo junk >> "$C/$(sha beta)"
  $ md5g=$(md5 arc/gamma.tgz); echo precious > precious
  $ ln -sf "$PWD/precious" "$C/archives/md5/${md5g:0:2}/$md5g"
  $ mkdir -p "$C/archives/sha256/ee" && mkfifo "$C/archives/sha256/ee/$(printf 'e%.0s' $(seq 64))"
  $ mkdir outside && cp arc/alpha.tgz outside/ && ln -s "$PWD/outside" "$C/archives/sha256/ff"
  $ monolock cache verify 2>err | sed 's/[0-9a-f]\{20,\}/HEX/'
  verified 3 archives (1.3 KiB)
  removed bad entry archives/md5/*/HEX (glob)
  removed bad entry archives/md5/*/HEX (glob)
  removed bad entry archives/sha256/*/HEX (glob)
  removed bad entry archives/sha256/ee/HEX
  removed bad entry archives/sha512/*/HEX (glob)
  $ cat err
  monolock: cache verify: 5 bad entries removed (a pull downloads them again)

(beta's content, its md5 and sha512 links with it, gamma's md5 link, the fifo.)

  $ cat precious && ls outside
  precious
  alpha.tgz
  $ monolock cache verify
  verified 2 archives (888 B)
  $ rm "$C/archives/sha256/ff"

A pull downloads the bad one again:

  $ rm -rf duniverse && monolock pull -q
  $ stamp "$(sha alpha)" 2020-01-01T00:00Z; stamp "$(sha gamma)" 2020-01-02T00:00Z
  $ stamp git 2020-01-03T00:00Z; stamp "$(sha beta)" 2020-01-04T00:00Z

`gc` removes the least recently used entries first until the cache fits; an archive's
index links go with it:

  $ read size alpha < <(monolock cache ls --json | python3 -c '
  > import json, sys
  > d = json.load(sys.stdin)["entries"]
  > print(sum(e["bytes"] for e in d), min(d, key=lambda e: e["used"])["bytes"])')
  $ monolock cache gc --max-size $((size - alpha)) | sed 's/([^)]*)/(SIZE)/g'
  removed 1 entry (SIZE), kept 3 (SIZE)
  $ test -e "$C/$(sha alpha)" || echo alpha gone
  alpha gone
  $ md5a=$(md5 arc/alpha.tgz); test -L "$C/archives/md5/${md5a:0:2}/$md5a" || echo its md5 link gone
  its md5 link gone

Then what was not used for 30 days (gamma and the git store; beta was just used):

  $ touch -a "$C/$(sha beta)"
  $ monolock cache gc --older-than 30 | sed 's/([^)]*)/(SIZE)/g'
  removed 2 entries (SIZE), kept 1 (SIZE)
  $ ls "$C/git"
  *.lock (glob)

Never an entry used in the last hour, whatever the limit: a pull may be extracting it.

  $ monolock cache gc --max-size 0 2>&1 | sed 's/([0-9.]* [KMG]*i*B)/(SIZE)/g'
  removed 0 entries (SIZE), kept 1 (SIZE)
  monolock: warning: kept 1 entry used in the last hour (a pull may be using it)
  $ test -e "$C/$(sha beta)" && echo beta kept
  beta kept

While a pull holds the cache (use.lock shared), gc removes nothing:

  $ flock -s "$C/use.lock" monolock cache gc --max-size 0
  monolock: cache gc: the cache '*/cache/monolock' is in use by a running pull; nothing was removed (run gc again once it is done) (glob)
  [1]

Bad limits:

  $ monolock cache gc
  monolock: cache gc: say what to keep (--max-size SIZE, --older-than DAYS or both)
  see 'monolock cache --help'
  [64]
  $ for s in 10X -1 '' 1.5G 99999999999T K 12KB9; do monolock cache gc --max-size "$s" 2>&1 | head -1; done
  monolock: --max-size '10X': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size '-1': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size '': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size '1.5G': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size '99999999999T': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size 'K': expected bytes, optionally with K, M, G or T (e.g. 500M)
  monolock: --max-size '12KB9': expected bytes, optionally with K, M, G or T (e.g. 500M)
  $ monolock cache gc --older-than soon
  monolock: --older-than 'soon': expected days from 0 to 36500
  see 'monolock cache --help'
  [64]
  $ monolock cache gc --max-size 1G extra
  monolock: unexpected argument 'extra'
  see 'monolock cache --help'
  [64]
  $ monolock cache gc --max-size 500M --older-than 7
  removed 0 entries (0 B), kept 1 (*) (glob)

Anything below the cache that monolock did not write is left alone (never counted, never
removed), and a missing cache is an empty one:

  $ echo mine > "$C/archives/sha256/notes.txt"
  $ monolock cache gc --max-size 0 --older-than 0 2>/dev/null | sed 's/([^)]*)/(SIZE)/g'
  removed 0 entries (SIZE), kept 1 (SIZE)
  $ cat "$C/archives/sha256/notes.txt"
  mine
  $ XDG_CACHE_HOME="$PWD/nothing" monolock cache ls | tail -1
  total            0         0 B  -
