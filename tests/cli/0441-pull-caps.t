Extraction is bounded per entry (path 4096 bytes, component 255, link target 4096), per archive
(entries counting the directories they create, bytes, bytes of names) and per pull (entries and
bytes of every archive it extracts, in all). The errors name the source, the archive and the
cap; nothing reaches the workspace. The real caps are far above what sources hold: tests lower
them with the hidden option --test-caps (which can only lower them).

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ python3 - <<'PY'
  > import io, os, tarfile
  > os.makedirs("arc")
  > def make(name, members):
  >     with tarfile.open("arc/%s.tgz" % name, "w:gz", format=tarfile.GNU_FORMAT) as t:
  >         for n, kind, arg in members:
  >             ti = tarfile.TarInfo(n)
  >             if kind == "link":
  >                 ti.type = tarfile.SYMTYPE; ti.linkname = arg; t.addfile(ti)
  >             else:
  >                 ti.size = len(arg); t.addfile(ti, io.BytesIO(arg))
  > make("longname", [("x/" + "/".join(["d" * 200] * 21), "file", b"1")])
  > make("component", [("x/" + "c" * 256, "file", b"1")])
  > make("longlink", [("x/l", "link", "t" * 4097)])
  > make("zeros", [("x/zeros", "file", b"\0" * 3000000)])
  > make("many", [("x/f%d" % i, "file", b"") for i in range(50)])
  > make("deep", [("x/" + "/".join("abcdefghijklmnopqrstuvwxyz") + "/f", "file", b"")])
  > make("names", [("x/l%d" % i, "link", "y" * 1000) for i in range(20)])
  > PY
  $ check() { # check ARCHIVE [CAPS]: pull it as source `a`, show the error
  >   src a "file://$PWD/arc/$1.tgz" "sha256=$(sha256 arc/$1.tgz)" && writelock
  >   monolock pull -q ${2:+--test-caps $2} 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  >   ls duniverse 2>/dev/null | grep -v dune || echo "(nothing pulled)"
  > }

Per entry:

  $ check longname
  monolock: a: ARCHIVE: entry name longer than 4096 bytes: 'x/dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd...'
  (nothing pulled)
  $ check component
  monolock: a: ARCHIVE: entry 'x/cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc...' has a name component longer than 255 bytes
  (nothing pulled)
  $ check longlink
  monolock: a: ARCHIVE: symlink 'x/l' has a target longer than 4096 bytes
  (nothing pulled)

Per archive:

  $ check zeros bytes=1000000
  monolock: a: ARCHIVE: more than 1000000 bytes (the cap per archive; at entry 'x/zeros')
  (nothing pulled)
  $ check many entries=40
  monolock: a: ARCHIVE: more than 40 entries (directories included) (the cap per archive)
  (nothing pulled)
  $ check deep entries=20
  monolock: a: ARCHIVE: more than 20 entries (directories included) (the cap per archive)
  (nothing pulled)
  $ check names names=10000
  monolock: a: ARCHIVE: more than 10000 bytes of entry names and link targets (the cap per archive)
  (nothing pulled)
  $ check deep
  README.md
  a

One url listed under several directories is refused (it would be the same files twice):

  $ for d in a b c; do src $d "file://$PWD/arc/zeros.tgz" "sha256=$(sha256 arc/zeros.tgz)"; done
  $ writelock
  $ monolock pull -q 2>&1 | sed "s#$PWD#PWD#"
  monolock: monolock.lock: sources 'a' and 'b' have the same url file://PWD/arc/zeros.tgz

Per pull: the same archive of 3 MB of zeros at three urls passes twice, not three times;
two pass alone.

  $ for d in a b c; do cp arc/zeros.tgz arc/zeros-$d.tgz; src $d "file://$PWD/arc/zeros-$d.tgz" "sha256=$(sha256 arc/zeros.tgz)"; done
  $ writelock
  $ rm -rf duniverse
  $ monolock pull -q --test-caps pull-bytes=8000000 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  monolock: c: ARCHIVE: the archives of this pull hold more than 8000000 bytes in all (the cap per pull; 6000000 before this archive)
  $ ls duniverse | grep -v dune
  [1]
  $ monolock pull -q --test-caps pull-entries=5 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  monolock: c: ARCHIVE: the archives of this pull hold more than 5 entries (directories included) in all (the cap per pull; 4 before this archive)
  $ monolock pull -q --test-caps pull-bytes=8000000 a b
  $ monolock pull -q --test-caps pull-bytes=8000000

A cap can only be lowered:

  $ rm -rf duniverse
  $ monolock pull -q --test-caps pull-bytes=99999999999999,entries=1 2>&1 | sed "s#$PWD/cache/monolock/archives/sha256/../[0-9a-f]*#ARCHIVE#"
  monolock: a: ARCHIVE: more than 1 entries (directories included) (the cap per archive)
  $ monolock pull -q --test-caps bogus=1
  monolock: --test-caps: bad cap in 'bogus=1'
  see 'monolock pull --help'
  [64]
