lock -v says the request it solved (this run's options over those the lock recorded) and
each repository it read, on stderr; -q silences it.

  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/policy" .
  $ cd policy
  $ monolock lock -v --repo ../repo --pin a=1.0 --var with-doc=true --build-only 2>&1 | sed "s#$(dirname "$PWD")#ROOT#g"
  monolock: request: --repo ROOT/repo --pin a=1.0 --var with-doc=true --build-only
  monolock: repository 1 of 1: ../repo
  locked * (glob)
  monolock.lock written

Again without flags: the recorded request, repeated.

  $ monolock lock -v 2>&1 | sed "s#$(dirname "$PWD")#ROOT#g"
  monolock: request: --repo ROOT/repo --pin a=1.0 --var with-doc=true --build-only
  monolock: repository 1 of 1: ROOT/repo
  locked 10 packages in 8 sources: no version changed
  monolock.lock unchanged
  $ monolock lock -v -q
  $ monolock lock 2>&1
  locked 10 packages in 8 sources: no version changed
  monolock.lock unchanged
