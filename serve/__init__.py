"""`python -m serve`: several Streamlit workers behind HAProxy, supervised, for the public.

`make run` is one Streamlit process for one person; this package runs N of them on loopback
ports, puts Debian's HAProxy in front (sticky cookie, websocket tunnel, health checks), restarts
a worker that dies, and keeps RUN_DIR/workers.json current for tools that watch the workers.
"""
