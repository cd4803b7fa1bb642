The cache of parsed repositories is transparent: a run that fills it, a run served from it
and a run without it write byte-identical locks.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ cd sources

Files changed in the last two seconds are never cached (file times tick coarsely, so a
second edit could keep the first one's stamp); these were just copied:

  $ monolock lock --repo ../repo -q && ls ../cache/monolock/repos 2>/dev/null | wc -l | tr -d ' '
  0
  $ sleep 3
  $ monolock lock --repo ../repo -q && cp monolock.lock cold.lock
  $ ls ../cache/monolock/repos | wc -l | tr -d ' '
  1
  $ rm monolock.lock && monolock lock --repo ../repo -q && cmp monolock.lock cold.lock
  $ rm monolock.lock && MONOLOCK_NO_REPO_CACHE=1 monolock lock --repo ../repo -q && cmp monolock.lock cold.lock

A corrupt or truncated cache file is ignored (and rewritten), never trusted:

  $ f=$(ls ../cache/monolock/repos/*.cache)
  $ head -c 40 "$f" > t && mv t "$f"
  $ rm monolock.lock && monolock lock --repo ../repo -q && cmp monolock.lock cold.lock
  $ test $(wc -c < "$f") -gt 40 && echo rewritten
  rewritten
  $ printf 'garbage' | dd of="$f" bs=1 seek=30 conv=notrunc 2>/dev/null
  $ rm monolock.lock && monolock lock --repo ../repo -q && cmp monolock.lock cold.lock

Any change in the repository invalidates the cache: an edited opam file is read again,
whether edited just now or a while ago (each file's size, inode and times are its stamp).

  $ for f in ../repo/packages/*/*/opam; do echo 'depends: ["nonexistent-pkg"]' >> "$f"; done
  $ monolock lock --repo ../repo -q 2>&1 | grep -c 'requires nonexistent-pkg'
  1
  $ sleep 3
  $ monolock lock --repo ../repo -q 2>&1 | grep -c 'requires nonexistent-pkg'
  1

The parses of those edits are cached now; a second edit of the same size is seen too:

  $ for f in ../repo/packages/*/*/opam; do sed -i 's/nonexistent-pkg/missing-package/' "$f"; done
  $ sleep 3
  $ monolock lock --repo ../repo -q 2>&1 | grep -c 'requires missing-package'
  1
