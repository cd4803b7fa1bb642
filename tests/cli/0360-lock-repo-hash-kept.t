A lock records each repository's hash over the opam files it took from it. A warm lock takes
that hash from the repository's cache instead of reading and hashing the files again; an
edit of one of those files (even of the same size, a while later) gives the new hash, the
one a run without the cache computes.

  $ export XDG_CACHE_HOME="$PWD/cache"
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/sources" .
  $ cd sources
  $ sleep 3
  $ hash() { grep -o '"hash": "sha256=[0-9a-f]*"' monolock.lock; }
  $ monolock lock --repo ../repo -q && hash > cold
  $ MONOLOCK_NO_REPO_CACHE=1 monolock lock --repo ../repo -q && hash | cmp - cold

The hash is in the cache file (which holds no other file), and a warm lock gives it again:

  $ ls ../cache/monolock/repos | wc -l | tr -d ' '
  1
  $ grep -c '#hash:' ../cache/monolock/repos/*.cache
  1
  $ rm -rf ../cache/monolock/solves && monolock lock --repo ../repo -q && hash | cmp - cold

Same size, new content, edited a while ago: the stamp changes, so does the hash.

  $ f=../repo/packages/multi/multi.1.0/opam
  $ grep -c 'monolock tests' "$f"
  1
  $ sed -i 's/monolock tests/monolock TESTS/' "$f"
  $ sleep 3
  $ monolock lock --repo ../repo -q && hash > edited
  $ cmp -s edited cold || echo changed
  changed
  $ MONOLOCK_NO_REPO_CACHE=1 monolock lock --repo ../repo -q && hash | cmp - edited
  $ monolock lock --repo ../repo -q && hash | cmp - edited
