/*
 * libgit2, loaded when a git repository is first opened. Linked, libgit2 and the libraries
 * it brings (mbedtls, ssh2, http-parser, pcre2, ...) cost every run about 6 ms of CPU at
 * start on a 2-core VM, and most runs (lock on directory repositories, status, a warm pull)
 * never touch git. This file defines the libgit2 functions monolock calls; each forwards to
 * the real one, looked up in libgit2.so.1.5 with dlopen on the first call from any thread. A
 * libgit2 that cannot be loaded ends the run at that first call as a missing library ended
 * the linked program at its start (ml_lazy_missing: the loader's message, exit 127). A function newly called elsewhere goes into ML_GIT_FNS (the
 * link fails until it is).
 */
#include "lib/lazy.h"

#include <dlfcn.h>
#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/repository.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>

#define ML_LIBGIT2 "libgit2.so." LIBGIT2_SOVERSION

/* X(return type, name, (parameters), (arguments)); V(...) for those returning nothing. */
#define ML_GIT_FNS(X, V)                                                                           \
	X(int, git_apply_to_tree,                                                                  \
	  (git_index * *out, git_repository * repo, git_tree * preimage, git_diff * diff,          \
	   const git_apply_options *options),                                                      \
	  (out, repo, preimage, diff, options))                                                    \
	X(int, git_blob_create_from_buffer,                                                        \
	  (git_oid * id, git_repository * repo, const void *buffer, size_t len),                   \
	  (id, repo, buffer, len))                                                                 \
	V(git_blob_free, (git_blob * blob), (blob))                                                \
	X(int, git_blob_lookup, (git_blob * *blob, git_repository * repo, const git_oid *id),      \
	  (blob, repo, id))                                                                        \
	X(const void *, git_blob_rawcontent, (const git_blob *blob), (blob))                       \
	X(git_object_size_t, git_blob_rawsize, (const git_blob *blob), (blob))                     \
	V(git_buf_dispose, (git_buf * buffer), (buffer))                                           \
	V(git_commit_free, (git_commit * commit), (commit))                                        \
	X(const git_oid *, git_commit_id, (const git_commit *commit), (commit))                    \
	X(int, git_commit_lookup,                                                                  \
	  (git_commit * *commit, git_repository * repo, const git_oid *id), (commit, repo, id))    \
	X(int, git_commit_tree, (git_tree * *tree_out, const git_commit *commit),                  \
	  (tree_out, commit))                                                                      \
	V(git_config_free, (git_config * cfg), (cfg))                                              \
	X(int, git_config_set_string, (git_config * cfg, const char *name, const char *value),     \
	  (cfg, name, value))                                                                      \
	V(git_diff_free, (git_diff * diff), (diff))                                                \
	X(int, git_diff_from_buffer, (git_diff * *out, const char *content, size_t content_len),   \
	  (out, content, content_len))                                                             \
	X(const git_diff_delta *, git_diff_get_delta, (const git_diff *diff, size_t idx),          \
	  (diff, idx))                                                                             \
	X(int, git_diff_get_stats, (git_diff_stats * *out, git_diff * diff), (out, diff))          \
	X(size_t, git_diff_num_deltas, (const git_diff *diff), (diff))                             \
	V(git_diff_stats_free, (git_diff_stats * stats), (stats))                                  \
	X(int, git_diff_stats_to_buf,                                                              \
	  (git_buf * out, const git_diff_stats *stats, git_diff_stats_format_t format,             \
	   size_t width),                                                                          \
	  (out, stats, format, width))                                                             \
	X(int, git_diff_to_buf, (git_buf * out, git_diff * diff, git_diff_format_t format),        \
	  (out, diff, format))                                                                     \
	X(int, git_diff_tree_to_tree,                                                              \
	  (git_diff * *diff, git_repository * repo, git_tree * old_tree, git_tree * new_tree,      \
	   const git_diff_options *opts),                                                          \
	  (diff, repo, old_tree, new_tree, opts))                                                  \
	V(git_error_clear, (void), ())                                                             \
	X(const git_error *, git_error_last, (void), ())                                           \
	V(git_index_free, (git_index * index), (index))                                            \
	X(const git_index_entry *, git_index_get_bypath,                                           \
	  (git_index * index, const char *path, int stage), (index, path, stage))                  \
	X(int, git_index_read_tree, (git_index * index, const git_tree *tree), (index, tree))      \
	X(int, git_index_update_all,                                                               \
	  (git_index * index, const git_strarray *pathspec, git_index_matched_path_cb callback,    \
	   void *payload),                                                                         \
	  (index, pathspec, callback, payload))                                                    \
	X(int, git_index_write, (git_index * index), (index))                                      \
	X(int, git_libgit2_init, (void), ())                                                       \
	X(int, git_libgit2_shutdown, (void), ())                                                   \
	X(int, git_mempack_new, (git_odb_backend * *out), (out))                                   \
	X(int, git_merge_file,                                                                     \
	  (git_merge_file_result * out, const git_merge_file_input *ancestor,                      \
	   const git_merge_file_input *ours, const git_merge_file_input *theirs,                   \
	   const git_merge_file_options *opts),                                                    \
	  (out, ancestor, ours, theirs, opts))                                                     \
	V(git_merge_file_result_free, (git_merge_file_result * result), (result))                  \
	V(git_object_free, (git_object * object), (object))                                        \
	X(int, git_object_lookup,                                                                  \
	  (git_object * *object, git_repository * repo, const git_oid *id, git_object_t type),     \
	  (object, repo, id, type))                                                                \
	X(int, git_object_lookup_prefix,                                                           \
	  (git_object * *object_out, git_repository * repo, const git_oid *id, size_t len,         \
	   git_object_t type),                                                                     \
	  (object_out, repo, id, len, type))                                                       \
	X(int, git_object_peel,                                                                    \
	  (git_object * *peeled, const git_object *object, git_object_t target_type),              \
	  (peeled, object, target_type))                                                           \
	X(int, git_odb_add_backend, (git_odb * odb, git_odb_backend * backend, int priority),      \
	  (odb, backend, priority))                                                                \
	V(git_odb_free, (git_odb * db), (db))                                                      \
	X(int, git_odb_hash, (git_oid * out, const void *data, size_t len, git_object_t type),     \
	  (out, data, len, type))                                                                  \
	X(int, git_odb_new, (git_odb * *out), (out))                                               \
	X(int, git_odb_write_pack,                                                                 \
	  (git_odb_writepack * *out, git_odb * db, git_indexer_progress_cb progress_cb,            \
	   void *progress_payload),                                                                \
	  (out, db, progress_cb, progress_payload))                                                \
	X(int, git_oid_cpy, (git_oid * out, const git_oid *src), (out, src))                       \
	X(int, git_oid_fromstrn, (git_oid * out, const char *str, size_t length),                  \
	  (out, str, length))                                                                      \
	X(int, git_oid_is_zero, (const git_oid *id), (id))                                         \
	X(char *, git_oid_tostr, (char *out, size_t n, const git_oid *id), (out, n, id))           \
	V(git_packbuilder_free, (git_packbuilder * pb), (pb))                                      \
	X(int, git_packbuilder_insert_commit, (git_packbuilder * pb, const git_oid *id), (pb, id)) \
	X(int, git_packbuilder_insert_walk, (git_packbuilder * pb, git_revwalk * walk),            \
	  (pb, walk))                                                                              \
	X(int, git_packbuilder_new, (git_packbuilder * *out, git_repository * repo), (out, repo))  \
	X(unsigned int, git_packbuilder_set_threads, (git_packbuilder * pb, unsigned int n),       \
	  (pb, n))                                                                                 \
	X(int, git_packbuilder_write,                                                              \
	  (git_packbuilder * pb, const char *path, unsigned int mode,                              \
	   git_indexer_progress_cb progress_cb, void *progress_cb_payload),                        \
	  (pb, path, mode, progress_cb, progress_cb_payload))                                      \
	X(int, git_packbuilder_write_buf, (git_buf * buf, git_packbuilder * pb), (buf, pb))        \
	X(int, git_reference_dwim,                                                                 \
	  (git_reference * *out, git_repository * repo, const char *shorthand),                    \
	  (out, repo, shorthand))                                                                  \
	V(git_reference_free, (git_reference * ref), (ref))                                        \
	X(int, git_reference_peel,                                                                 \
	  (git_object * *out, const git_reference *ref, git_object_t type), (out, ref, type))      \
	X(int, git_remote_connect,                                                                 \
	  (git_remote * remote, git_direction direction, const git_remote_callbacks *callbacks,    \
	   const git_proxy_options *proxy_opts, const git_strarray *custom_headers),               \
	  (remote, direction, callbacks, proxy_opts, custom_headers))                              \
	X(int, git_remote_create_with_opts,                                                        \
	  (git_remote * *out, const char *url, const git_remote_create_options *opts),             \
	  (out, url, opts))                                                                        \
	X(int, git_remote_default_branch, (git_buf * out, git_remote * remote), (out, remote))     \
	X(int, git_remote_disconnect, (git_remote * remote), (remote))                             \
	X(int, git_remote_download,                                                                \
	  (git_remote * remote, const git_strarray *refspecs, const git_fetch_options *opts),      \
	  (remote, refspecs, opts))                                                                \
	V(git_remote_free, (git_remote * remote), (remote))                                        \
	X(int, git_remote_ls, (const git_remote_head ***out, size_t *size, git_remote *remote),    \
	  (out, size, remote))                                                                     \
	X(int, git_remote_prune, (git_remote * remote, const git_remote_callbacks *callbacks),     \
	  (remote, callbacks))                                                                     \
	X(int, git_remote_update_tips,                                                             \
	  (git_remote * remote, const git_remote_callbacks *callbacks, int update_fetchhead,       \
	   git_remote_autotag_option_t download_tags, const char *reflog_message),                 \
	  (remote, callbacks, update_fetchhead, download_tags, reflog_message))                    \
	X(int, git_repository_config, (git_config * *out, git_repository * repo), (out, repo))     \
	V(git_repository_free, (git_repository * repo), (repo))                                    \
	X(int, git_repository_head, (git_reference * *out, git_repository * repo), (out, repo))    \
	X(int, git_repository_index, (git_index * *out, git_repository * repo), (out, repo))       \
	X(int, git_repository_init, (git_repository * *out, const char *path, unsigned is_bare),   \
	  (out, path, is_bare))                                                                    \
	X(int, git_repository_new, (git_repository * *out), (out))                                 \
	X(int, git_repository_odb, (git_odb * *out, git_repository * repo), (out, repo))           \
	X(int, git_repository_open_bare, (git_repository * *out, const char *bare_path),           \
	  (out, bare_path))                                                                        \
	X(int, git_repository_open_ext,                                                            \
	  (git_repository * *out, const char *path, unsigned int flags, const char *ceiling_dirs), \
	  (out, path, flags, ceiling_dirs))                                                        \
	X(const char *, git_repository_path, (const git_repository *repo), (repo))                 \
	X(int, git_repository_set_head, (git_repository * repo, const char *refname),              \
	  (repo, refname))                                                                         \
	X(int, git_repository_set_head_detached,                                                   \
	  (git_repository * repo, const git_oid *committish), (repo, committish))                  \
	X(int, git_repository_set_odb, (git_repository * repo, git_odb * odb), (repo, odb))        \
	V(git_revwalk_free, (git_revwalk * walk), (walk))                                          \
	X(int, git_revwalk_new, (git_revwalk * *out, git_repository * repo), (out, repo))          \
	X(int, git_revwalk_push, (git_revwalk * walk, const git_oid *id), (walk, id))              \
	X(int, git_tree_create_updated,                                                            \
	  (git_oid * out, git_repository * repo, git_tree * baseline, size_t nupdates,             \
	   const git_tree_update *updates),                                                        \
	  (out, repo, baseline, nupdates, updates))                                                \
	X(const git_tree_entry *, git_tree_entry_byindex, (const git_tree *tree, size_t idx),      \
	  (tree, idx))                                                                             \
	X(int, git_tree_entry_bypath,                                                              \
	  (git_tree_entry * *out, const git_tree *root, const char *path), (out, root, path))      \
	X(git_filemode_t, git_tree_entry_filemode, (const git_tree_entry *entry), (entry))         \
	V(git_tree_entry_free, (git_tree_entry * entry), (entry))                                  \
	X(const git_oid *, git_tree_entry_id, (const git_tree_entry *entry), (entry))              \
	X(const char *, git_tree_entry_name, (const git_tree_entry *entry), (entry))               \
	X(git_object_t, git_tree_entry_type, (const git_tree_entry *entry), (entry))               \
	X(size_t, git_tree_entrycount, (const git_tree *tree), (tree))                             \
	V(git_tree_free, (git_tree * tree), (tree))                                                \
	X(int, git_tree_lookup, (git_tree * *out, git_repository * repo, const git_oid *id),       \
	  (out, repo, id))                                                                         \
	X(int, git_tree_walk,                                                                      \
	  (const git_tree *tree, git_treewalk_mode mode, git_treewalk_cb callback, void *payload), \
	  (tree, mode, callback, payload))                                                         \
	V(git_treebuilder_free, (git_treebuilder * bld), (bld))                                    \
	X(int, git_treebuilder_new,                                                                \
	  (git_treebuilder * *out, git_repository * repo, const git_tree *source),                 \
	  (out, repo, source))                                                                     \
	X(int, git_treebuilder_write, (git_oid * id, git_treebuilder * bld), (id, bld))

#define ML_GIT_OTHERS(X, V) X(int, git_libgit2_opts, (int option, ...), ())

ML_LAZY_DEFINE(ML_GIT_FNS, ML_GIT_OTHERS, ML_LIBGIT2)
ML_LAZY_FORWARDERS(ML_GIT_FNS)

/*
 * The one option monolock sets (fetch/git.c), its arguments passed on with their types;
 * any other is refused as libgit2 refuses an option it does not know.
 */
int git_libgit2_opts(int option, ...)
{
	va_list ap;
	int ret = -1;

	need();
	va_start(ap, option);
	if (option == GIT_OPT_SET_CACHE_OBJECT_LIMIT) {
		int type = va_arg(ap, int);
		size_t size = va_arg(ap, size_t);

		ret = fn.git_libgit2_opts(option, type, size);
	}
	va_end(ap);
	return ret;
}
