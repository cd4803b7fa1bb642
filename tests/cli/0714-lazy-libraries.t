libsolv, like libcurl, libarchive, libgit2 and libcrypto, is loaded by the first call that
needs it, not at every start: `--version` loads none of them.

  $ LD_DEBUG=libs monolock --version 2>&1 >/dev/null | grep -Eo 'find library=(libsolv|libcurl|libarchive|libgit2|libcrypto)[^ ]*' | sort -u
  $ cp -R "$ML_ROOT/fixtures/lock/repo" "$ML_ROOT/fixtures/lock/transitive" .
  $ cd transitive
  $ LD_DEBUG=libs monolock lock --repo ../repo -q 2>&1 | grep -Eo 'find library=libsolv[^ ;]*' | sort -u
  find library=libsolv.so.1

A libsolv that cannot be used ends the run that needs it as a missing library ends a linked
program (the loader's words, exit 127); a run that needs none does not notice.

  $ command -v cc >/dev/null || exit 80
  $ mkdir ../stub && echo 'int ml_stub;' >../stub/s.c && cc -shared -fPIC -o ../stub/libsolv.so.1 ../stub/s.c
  $ LD_LIBRARY_PATH=$PWD/../stub monolock --version >/dev/null && echo started
  started
  $ LD_LIBRARY_PATH=$PWD/../stub monolock lock --repo ../repo -q 2>&1; echo "exit $?"
  monolock: error while loading shared libraries: libsolv.so.1: a function it should have is missing
  exit 127
