"""gunicorn's settings for Vetted: the limits on what a request may send.

Every start of gunicorn in the project passes this file: production
(docs/operations.md), the tests' app servers (tests/processes.py) and the
benchmarks (bench/servers.py). The command line adds the address and the
number of workers, which differ between them:

    gunicorn cms.wsgi -c deploy/gunicorn.conf.py -b 127.0.0.1:8000 -w 3

gunicorn answers a request over these limits with a 414 (the request line) or
a 431 (headers) before Django sees it. It has no setting for the body: Django
limits the body (cms/settings.py, "Request limits"; core/limits.py), and nginx in front
(deploy/nginx/vetted.conf, client_max_body_size). docs/security.md, "Request
limits", lists every limit and what tests it.
"""

# The request line ("POST /path?query HTTP/1.1"), in bytes. gunicorn's default,
# half its ceiling of 8190. Our longest addresses are admin lists with a few
# filters and the filters they return to, well under 1 KB; a search is at most
# a few hundred bytes. Longer is a probe, not a reader.
limit_request_line = 4094

# How many headers. A browser sends 10 to 20; nginx sets four of its own (Host,
# X-Forwarded-For, X-Forwarded-Proto, Accept-Encoding). 50 leaves room for
# proxies and extensions; gunicorn's default of 100 is more than anyone needs.
limit_request_fields = 50

# The size of one header, in bytes. The largest is Cookie: our session and CSRF
# cookies (under 100 bytes each) and the admin's messages cookie (at most 2 KB),
# plus whatever else a browser keeps for the domain. gunicorn's default, the same
# as nginx's header buffer (large_client_header_buffers 8k).
limit_request_field_size = 8190

# Seconds a sync worker may spend on one request before it is killed and
# replaced. The slowest honest request is a reference look-up, which asks up to
# three registries in turn, each given REGISTRY_TIMEOUT (10 s) to answer, after
# a short wait for a request slot: about 30 s when the registries are at their
# slowest. 60 s lets it finish; a client sending its request slowly, or a
# request stuck on a lock, holds a worker no longer than that.
timeout = 60
