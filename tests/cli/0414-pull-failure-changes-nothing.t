A pull that fails (here one download out of three) changes nothing in the workspace: no
directory is replaced and none is removed, even those whose sources did arrive.

  $ . "$ML_ROOT/fixtures/pull/lib.sh"
  $ export XDG_CACHE_HOME="$PWD/cache"
  $ serve
  $ lockarchives 1.0 alpha beta gamma
  $ monolock pull -q
  $ echo '{"/beta-2.0.tgz": {"status": 404}}' > faults.json
  $ lockarchives 2.0 alpha beta
  $ monolock pull -q
  monolock: beta: http://127.0.0.1:*/beta-2.0.tgz: HTTP 404 (glob)
  monolock: next: `monolock pull --offline` uses what the cache holds; `--mirror URL` tries a mirror first; `--timeout S` bounds each download
  [1]
  $ state alpha beta gamma
  alpha 1.0
  beta 1.0
  gamma 1.0
  $ ls -A duniverse/.monolock/staging

Once the server serves it, the same pull does everything: alpha from the cache.

  $ rm faults.json
  $ monolock pull -q
  $ state alpha beta gamma
  alpha 2.0
  beta 2.0
  gamma missing
  $ unserve
