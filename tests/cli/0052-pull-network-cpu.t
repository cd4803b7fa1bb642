A pull waiting on a server that accepts and never answers does not spin: its CPU time stays
a small fraction of the time it waits (here six sources, two at a time, each given up after
the one-second --timeout). The failures share one cause: one line says it.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ python3 "$ML_ROOT/tests/support/blackhole.py" port >/dev/null 2>&1 &
  $ echo $! > hole.pid
  $ while [ ! -s port ]; do sleep 0.05; done; PORT=$(cat port)
  $ for n in a b c d e f; do src $n "http://127.0.0.1:$PORT/$n.tgz" "sha256=$(printf %064d 0)"; done
  $ writelock
  $ python3 "$ML_ROOT/tests/support/cputime.py" 0.1 monolock pull --jobs 2 --timeout 1 2>err
  cpu below 0.1 of wall: yes
  [1]
  $ sed "s/$PORT/PORT/g" err
  monolock: 6 of 6 sources could not be fetched (nothing changed):
    no complete answer from 127.0.0.1:PORT within 1 s (the deadline per download): 6 sources (a, b, c and 3 more)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` gives each download longer
  $ kill $(cat hole.pid)
