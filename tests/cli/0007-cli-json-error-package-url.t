With --json, an error about one package or URL names them in the error object ("package",
"url"), beside "code" and "message"; the text messages say the same as before.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ fields() { python3 -c 'import json, sys; e = json.load(sys.stdin)["error"]; print(e["code"], e.get("package"), e.get("url"), sep=" | ")' | sed "s/$PORT/PORT/g; s/$DEAD/DEAD/g"; }
  $ serve
  $ DEAD=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

A checksum that does not match: the source's package and the URL it came from.

  $ mkarchive alpha 1.0
  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(printf %064d 0)" && writelock
  $ monolock pull --json | fields
  1 | alpha | http://127.0.0.1:PORT/alpha-1.0.tgz
  $ monolock pull 2>&1 | sed "s/$PORT/PORT/g"
  monolock: alpha: checksum mismatch for http://127.0.0.1:PORT/alpha-1.0.tgz: expected sha256=0000000000000000000000000000000000000000000000000000000000000000, got sha256=* (glob)

A server that refuses the connection, and one answering 404:

  $ src alpha "http://127.0.0.1:$DEAD/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull --json | fields
  1 | alpha | http://127.0.0.1:DEAD/alpha-1.0.tgz
  $ src alpha "$URL/nothere.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull --json | fields
  1 | alpha | http://127.0.0.1:PORT/nothere.tgz

An archive over the extraction caps (the failure is the extraction's, after the download):

  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock pull --test-caps entries=2 --json | fields
  1 | alpha | http://127.0.0.1:PORT/alpha-1.0.tgz

A git source whose server cannot be reached:

  $ gitsrc beta "git+http://127.0.0.1:$DEAD/beta.git" 0123456789abcdef0123456789abcdef01234567 && writelock
  $ monolock pull --json | fields
  1 | beta | git+http://127.0.0.1:DEAD/beta.git

A lock whose source is malformed: the package and URL of that source, with the file.

  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ sed -i 's/"sha256=[0-9a-f]*"/"sha256=xyz"/' monolock.lock
  $ monolock pull --json | python3 -c 'import json, sys; e = json.load(sys.stdin)["error"]; print(e["file"], e["package"], e["url"], sep=" | ")' | sed "s/$PORT/PORT/g"
  monolock.lock | alpha | http://127.0.0.1:PORT/alpha-1.0.tgz
  $ monolock pull 2>&1 | sed "s/$PORT/PORT/g"
  monolock: monolock.lock: source 'alpha': * (glob)
  $ unserve

A package that is not in the lock (why, tree) or not the project's (lock PKG):

  $ src alpha "$URL/alpha-1.0.tgz" "sha256=$(sha256 srv/alpha-1.0.tgz)" && writelock
  $ monolock why nosuch --json | fields
  1 | nosuch | None
  $ monolock tree nosuch --json | fields
  1 | nosuch | None
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy && monolock lock a --repo ../repo --json | fields
  64 | a | None
