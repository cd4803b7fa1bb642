/* The words of a network failure's cause: one place, so downloads and git fetches agree. */
#include "fetch.h"

char *ml_net_cause_text(enum ml_net_cause why, const char *where, long n)
{
	where = where && *where ? where : "the server";
	switch (why) {
	case ML_NET_NONE:
		break;
	case ML_NET_RESOLVE:
		return ml_xasprintf("could not resolve host %s", where);
	case ML_NET_REFUSED:
		return ml_xasprintf("connection refused by %s", where);
	case ML_NET_CONNECT:
		return ml_xasprintf("could not connect to %s", where);
	case ML_NET_TIMEOUT:
		return ml_xasprintf("timed out waiting for %s", where);
	case ML_NET_DEADLINE:
		return ml_xasprintf("no complete answer from %s within %ld s (the deadline per "
				    "download)",
				    where, n);
	case ML_NET_SERVER:
		return n ? ml_xasprintf("HTTP %ld from %s", n, where)
			 : ml_xasprintf("HTTP error from %s", where);
	case ML_NET_BROKEN:
		return ml_xasprintf("connection to %s broken", where);
	case ML_NET_TLS:
		return ml_xasprintf("TLS failure with %s", where);
	case ML_NET_OFFLINE:
		return ml_strdup("not in the cache (offline)");
	}
	return NULL;
}
