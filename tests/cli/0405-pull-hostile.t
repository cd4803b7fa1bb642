Hostile archives are refused before anything reaches the workspace: entries escaping with
"..", absolute paths, links leading outside, devices and fifos.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ mkarchive alpha 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull -q
  $ python3 - <<'PY'
  > import io, tarfile
  > def make(name, kind, target=""):
  >     with tarfile.open("srv/%s.tgz" % name, "w:gz") as t:
  >         ok = tarfile.TarInfo("x/ok.ml"); data = b"let x = 1\n"; ok.size = len(data)
  >         t.addfile(ok, io.BytesIO(data))
  >         e = tarfile.TarInfo(target if kind == "file" else "x/evil")
  >         if kind == "file":
  >             e.size = 1; t.addfile(e, io.BytesIO(b"!")); return
  >         e.type = {"symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
  >                   "device": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}[kind]
  >         e.linkname = target
  >         t.addfile(e)
  > make("dotdot", "file", "x/../../escaped")
  > make("absolute", "file", "/tmp/monolock-escaped")
  > make("symlink", "symlink", "../../..")
  > make("symlink-abs", "symlink", "/etc/passwd")
  > make("hardlink", "hardlink", "/etc/passwd")
  > make("device", "device")
  > make("fifo", "fifo")
  > PY
  $ for k in dotdot absolute symlink symlink-abs hardlink device fifo; do
  >   src alpha "$URL/$k.tgz" "sha256=$(sha256 srv/$k.tgz)" && writelock
  >   monolock pull -q 2>err; echo "$k: exit $?"; grep -c '^monolock: alpha: ' err
  >   state alpha
  > done
  dotdot: exit 1
  1
  alpha 1.0
  absolute: exit 1
  1
  alpha 1.0
  symlink: exit 1
  1
  alpha 1.0
  symlink-abs: exit 1
  1
  alpha 1.0
  hardlink: exit 1
  1
  alpha 1.0
  device: exit 1
  1
  alpha 1.0
  fifo: exit 1
  1
  alpha 1.0
  $ ls -A duniverse/alpha
  VERSION
  alpha.opam
  dune-project
  src
  $ ls ../escaped /tmp/monolock-escaped 2>&1 | grep -c 'No such file'
  2
  $ ls -A duniverse/.monolock/staging duniverse/.monolock/aside duniverse/.monolock/pending
  duniverse/.monolock/aside:
  
  duniverse/.monolock/pending:
  
  duniverse/.monolock/staging:
  $ unserve
